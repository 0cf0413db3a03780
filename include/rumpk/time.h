/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel time: a monotonic clock in nanoseconds and one-shot timers. */
#ifndef RUMPK_TIME_H
#define RUMPK_TIME_H

#include <stdbool.h>
#include <stdint.h>

#define RK_NSEC_PER_USEC 1000ull
#define RK_NSEC_PER_MSEC 1000000ull
#define RK_NSEC_PER_SEC 1000000000ull

/* Nanoseconds since boot; monotonic, never wraps in practice. */
uint64_t rk_time_ns(void);

struct rk_timer {
	uint64_t deadline_ns;
	void (*fn)(struct rk_timer *t, void *arg); /* runs with interrupts masked */
	void *arg;
	struct rk_timer *next;
	bool armed;
};

/* One-shot timer: fn(t, arg) runs once at deadline_ns (absolute). */
void rk_timer_init(struct rk_timer *t, void (*fn)(struct rk_timer *, void *), void *arg);
void rk_timer_arm(struct rk_timer *t, uint64_t deadline_ns);
/* Returns true if the timer was armed and will now not fire. */
bool rk_timer_cancel(struct rk_timer *t);

/* Called by arch code when the one-shot deadline passes. */
void rk_timer_interrupt(void);
/* Called by arch code when arch_clock_hz() changed (x86_64: a TSC rate
 * measured coarsely at boot, refined later): rk_time_ns() goes on from
 * its current value at the new rate, and armed deadlines are converted
 * again. */
void rk_time_clock_rate_changed(void);
/* At boot, RK_INIT_TIME (kernel/time.c) reads the arch clock and starts the
 * timer machinery. */

#endif
