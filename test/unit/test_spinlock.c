/* SPDX-License-Identifier: BSD-2-Clause */
/* Host test of the SMP spinlock (include/rumpk/spinlock.h): threads stand
 * in for CPUs and increment shared counters under the lock; every count
 * must come out exact. Built twice (test/unit/smp_tests.cmake): with
 * ASan/UBSan, and under ThreadSanitizer, which checks that the lock's
 * acquire/release pair orders the protected accesses (x86 passing says
 * nothing about weaker CPUs). */
#define CONFIG_SMP 1
#include <pthread.h>
#include <rumpk/spinlock.h>
#include "check.h"

#ifndef SPIN_TEST_SCALE
#define SPIN_TEST_SCALE 1
#endif
#define THREADS 4
#define ROUNDS (200000 / SPIN_TEST_SCALE)

/* The host has no interrupts to mask: count the calls, so that the test
 * can check the lock masks and restores in pairs. */
static _Thread_local int masked;

unsigned long arch_irq_save(void)
{
	return masked++ == 0;
}

void arch_irq_restore(unsigned long flags)
{
	masked--;
	(void)flags;
}

static rk_spinlock_t lock = RK_SPINLOCK_INIT;
/* Two plain counters: a torn critical section shows as a difference. */
static unsigned long counter_a, counter_b;
static int unbalanced;

static void *worker(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		unsigned long flags = rk_spin_lock_irqsave(&lock);
		counter_a++;
		counter_b = counter_a;
		rk_spin_unlock_irqrestore(&lock, flags);
	}
	if (masked != 0)
		__atomic_add_fetch(&unbalanced, 1, __ATOMIC_RELAXED);
	return arg;
}

int main(void)
{
	pthread_t t[THREADS];

	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], 0, worker, 0) == 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], 0);
	CHECK_EQ(counter_a, (unsigned long)THREADS * ROUNDS);
	CHECK_EQ(counter_b, counter_a);
	CHECK_EQ(unbalanced, 0);
	return check_summary("test_spinlock");
}
