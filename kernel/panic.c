/* SPDX-License-Identifier: BSD-2-Clause */
/* Panic: say why, then power off with RK_EXIT_PANIC. Never returns. With
 * SMP the first CPU to panic then stops the others (each says where it was
 * and dumps its registers) before it powers off; a CPU that panics after
 * it just halts. */
#include <rumpk/arch.h>
#include <rumpk/panic.h>
#include <rumpk/power.h>
#include <rumpk/printk.h>
#ifdef CONFIG_SMP
#include <rumpk/smp.h>
#endif

void rk_panic(const char *fmt, ...)
{
	static int nested;
	va_list ap;

#ifdef CONFIG_SMP
	unsigned none = 0;

	arch_irq_save();
	if (!__atomic_compare_exchange_n(&rk_smp_panic_cpu, &none, rk_cpu_id() + 1, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) &&
	    none != rk_cpu_id() + 1)
		arch_halt(); /* another CPU panics and powers off */
#endif
	if (nested++) /* a panic while panicking: do not recurse */
		rk_poweroff(RK_EXIT_PANIC);
	printk("\nPANIC: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
#ifdef CONFIG_SMP
	printk("\n");
	rk_smp_stop_others();
	printk("rumpk: halted, exit status %d\n", RK_EXIT_PANIC);
#else
	printk("\nrumpk: halted, exit status %d\n", RK_EXIT_PANIC);
#endif
	rk_poweroff(RK_EXIT_PANIC);
}
