/* fault: take a CPU exception on purpose; the trap handler must print a
 * register dump and power off with RK_EXIT_PANIC. */
#include <stdint.h>
#include <rumpk/printk.h>

#ifdef CONFIG_FAULT_STACK_OVERFLOW
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

int main(int argc, char *argv[])
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
#endif
	rk_printf("fault: still running after the exception, which is wrong\n");
	return 1;
}
