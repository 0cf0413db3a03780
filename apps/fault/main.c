/* SPDX-License-Identifier: BSD-2-Clause */
/* fault: take a CPU exception on purpose; the trap handler must print a
 * register dump and power off with RK_EXIT_PANIC. Each variant does
 * something that must fault; if it does not, the app says so and returns
 * 1 (test.expect rejects that line). */
#include <stdint.h>
#include <string.h>
#include <rumpk/fiber.h>
#include <rumpk/printk.h>
#ifdef CONFIG_SMP
#include <rumpk/arch.h>
#include <rumpk/smp.h>
#endif

#if defined(CONFIG_FAULT_STACK_OVERFLOW) || defined(CONFIG_FAULT_STACK_OVERFLOW_LATE)
/* Each level keeps 256 bytes live so the compiler cannot fold the recursion.
 * The volatile flag hides the endless recursion from -Winfinite-recursion
 * (an error with GCC 12 and -Werror). */
static volatile int forever = 1;

static int recurse(volatile char *prev, int depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	frame[255] = prev ? prev[0] : 0;
	if (!forever)
		return frame[255];
	return recurse(frame, depth + 1) + frame[255];
}
#endif

#ifdef CONFIG_FAULT_STACK_OVERFLOW_LATE
#define BIG_FIBERS 24
#define BIG_STACK (2u << 20)

static void finish_at_once(void *arg)
{
}

static void deep(void *arg)
{
	rk_printf("fault: depth %d\n", recurse(0, 0));
}

/* The big fibers end at once but are never joined: their stacks, and the
 * guard pages below them, stay. */
static void overflow_late(void)
{
	struct rk_fiber_attr big = { .stack_size = BIG_STACK, .prio = RK_PRIO_DEFAULT };

	for (int i = 0; i < BIG_FIBERS; i++)
		if (!rk_fiber_create("big", finish_at_once, 0, &big)) {
			rk_printf("fault: could not create big fiber %d\n", i);
			return;
		}
	rk_printf("fault: overflowing the stack of fiber 'deep' after %d big fibers\n",
		  BIG_FIBERS);
	/* As big as the others, so that it lands above them in a 2 MiB page
	 * of its own, not in some hole that boot's page tables cover. */
	struct rk_fiber *f = rk_fiber_create("deep", deep, 0, &big);
	if (!f) {
		rk_printf("fault: could not create fiber 'deep'\n");
		return;
	}
	rk_fiber_join(f);
}
#endif

#if defined(CONFIG_FAULT_EXEC_STACK) || defined(CONFIG_FAULT_EXEC_DATA)
/* One return instruction, so that a jump that wrongly succeeds comes back. */
#ifdef CONFIG_FAULT_EXEC_STACK
#define EXEC_WHERE "a stack page"
#else
#define EXEC_WHERE "a data page"
#endif
#if defined(CONFIG_ARCH_RISCV64)
static const uint8_t ret_insn[] = { 0x67, 0x80, 0x00, 0x00 }; /* jalr x0, 0(ra) */
#elif defined(CONFIG_ARCH_AARCH64)
static const uint8_t ret_insn[] = { 0xc0, 0x03, 0x5f, 0xd6 }; /* ret */
#else
static const uint8_t ret_insn[] = { 0xc3 }; /* ret */
#endif

static void jump_into(void *buf)
{
	memcpy(buf, ret_insn, sizeof(ret_insn));
	/* The call goes through a volatile pointer: nothing to inline. */
	void (*volatile fn)(void) = (void (*)(void))(uintptr_t)buf;
	rk_printf("fault: jumping into %s at 0x%lx\n",
		  EXEC_WHERE, (unsigned long)(uintptr_t)buf);
	fn();
}
#endif

#ifdef CONFIG_FAULT_EXEC_DATA
static uint32_t data_buf[4];
#endif

#ifdef CONFIG_FAULT_WRITE_RODATA
static const char rodata_word[] = "read-only";
#endif

static int take_fault(void)
{
#if defined(CONFIG_FAULT_ILLEGAL_INSN)
	rk_printf("fault: executing an illegal instruction\n");
#if defined(CONFIG_ARCH_RISCV64)
	__asm__ volatile("unimp");
#elif defined(CONFIG_ARCH_AARCH64)
	__asm__ volatile("udf #0");
#else
	__asm__ volatile("ud2");
#endif
#elif defined(CONFIG_FAULT_BREAKPOINT)
	rk_printf("fault: executing a breakpoint\n");
#if defined(CONFIG_ARCH_RISCV64)
	__asm__ volatile("ebreak");
#elif defined(CONFIG_ARCH_AARCH64)
	__asm__ volatile("brk #0");
#else
	__asm__ volatile("int3");
#endif
#elif defined(CONFIG_FAULT_NULL_DEREF)
	rk_printf("fault: reading through a null pointer\n");
	volatile uintptr_t addr = 0; /* hidden from the optimiser */
	rk_printf("fault: read 0x%x\n", *(volatile unsigned *)addr);
#elif defined(CONFIG_FAULT_STACK_OVERFLOW)
	rk_printf("fault: overflowing the stack\n");
	rk_printf("fault: depth %d\n", recurse(0, 0));
#elif defined(CONFIG_FAULT_STACK_OVERFLOW_LATE)
	overflow_late();
#elif defined(CONFIG_FAULT_WRITE_TEXT)
	/* A kernel function: the store puts back what is there. */
	volatile uint32_t *text = (volatile uint32_t *)(uintptr_t)&rk_printf;
	rk_printf("fault: storing into kernel text at 0x%lx\n", (unsigned long)(uintptr_t)text);
	*text = *text;
#elif defined(CONFIG_FAULT_WRITE_RODATA)
	volatile char *ro = (volatile char *)(uintptr_t)rodata_word;
	rk_printf("fault: storing into kernel read-only data at 0x%lx\n",
		  (unsigned long)(uintptr_t)ro);
	*ro = *ro;
#elif defined(CONFIG_FAULT_EXEC_STACK)
	uint32_t stack_buf[4];
	jump_into(stack_buf);
#elif defined(CONFIG_FAULT_EXEC_DATA)
	jump_into(data_buf);
#endif
	rk_printf("fault: still running after the exception, which is wrong\n");
	return 1;
}

#if defined(CONFIG_SMP) && CONFIG_FAULT_CPU != 0
#ifdef CONFIG_FAULT_SPIN_MASKED
/* Set just before the exception: masking earlier would also hold back the
 * TLB flushes that creating the faulting fiber sends to every CPU. */
static volatile int faulting;
#endif

static void spin(void *arg)
{
#ifdef CONFIG_FAULT_SPIN_MASKED
	while (!faulting)
		__asm__ volatile("" ::: "memory");
	arch_irq_save(); /* from here on only an NMI gets through */
#endif
	for (;;)
		__asm__ volatile("" ::: "memory"); /* interrupts on: a stop request lands here */
}

static void fault_fiber(void *arg)
{
#ifdef CONFIG_FAULT_SPIN_MASKED
	faulting = 1;
	rk_sleep_ms(10); /* the spinners see it and mask */
#endif
	take_fault();
}

/* The exception on CPU FAULT_CPU, the other CPUs busy or idle: the panic
 * must stop them all. */
int main(int argc, char *argv[])
{
	for (unsigned cpu = 1; cpu < RK_NR_CPUS; cpu++)
		if (cpu != CONFIG_FAULT_CPU && !rk_fiber_create_on(cpu, "spinner", spin, 0, 0))
			rk_printf("fault: could not create a spinner on cpu %u\n", cpu);
	struct rk_fiber *f = rk_fiber_create_on(CONFIG_FAULT_CPU, "faulter", fault_fiber, 0, 0);
	if (!f) {
		rk_printf("fault: could not create a fiber on cpu %d\n", CONFIG_FAULT_CPU);
		return 1;
	}
	rk_fiber_join(f);
	rk_printf("fault: still running after the exception, which is wrong\n");
	return 1;
}
#else
int main(int argc, char *argv[])
{
	return take_fault();
}
#endif
