/* fault: take a CPU exception on purpose; the trap handler must print a
 * register dump and power off with RK_EXIT_PANIC. */
#include <rumpk/printk.h>

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
#endif
	rk_printf("fault: still running after the exception, which is wrong\n");
	return 1;
}
