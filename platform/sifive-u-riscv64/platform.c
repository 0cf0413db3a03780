/* SPDX-License-Identifier: BSD-2-Clause */
/* SiFive HiFive Unleashed (FU540-C000) and QEMU's model of it, -M sifive_u.
 *
 * The boot chain (ZSBL -> FSBL or U-Boot SPL -> OpenSBI -> [U-Boot]) enters
 * the kernel in S-mode at 0x80200000 with a0 = hart id and a1 = DTB, on one
 * of the U54 application cores, harts 1-4: hart 0 is the E51 monitor core,
 * which has no S-mode and stays in OpenSBI. The console is UART0.
 * RAM and the timebase come from the DTB (platform/common/riscv_fdt.c), as
 * on QEMU virt; the PLIC binds by compatible and serves the boot hart's
 * S-mode context, which only the U54 harts have.
 *
 * Power-off: the board has none under software control, and QEMU's model
 * has no test finisher (only a GPIO reset line, which OpenSBI uses for SBI
 * reboot). Under QEMU the exit status leaves through semihosting
 * (platform/common/riscv_semihost.c); otherwise
 * SBI SRST shutdown is tried (a firmware may provide it), then the hart
 * stops. A reboot would re-run the app in a loop. */
#include <stdbool.h>
#include <stdint.h>
#include <rumpk/arch.h>
#include <rumpk/console.h>
#include <rumpk/init.h>
#include <rumpk/drv/poweroff.h>
#include <rumpk/uart_sifive.h>
#include <arch/sbi.h>
#include <platform/memmap.h>

static struct sifive_uart uart0;

/* platform/common/riscv_semihost.c (CONFIG_RISCV_SEMIHOSTING_EXIT). */
extern const struct rk_poweroff riscv_semihosting_poweroff;

static void srst_off(const struct rk_poweroff *p, int status)
{
	rk_console_flush();
	sbi_call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN,
		 status ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE, 0);
}

static const struct rk_poweroff srst = { "sbi-srst", srst_off, 0 };

/* The console, first of all, and the ways out. */
static int early_init(const struct rk_bootinfo *bi)
{
	sifive_uart_console_init(&uart0, PLAT_UART0_BASE);
#ifdef CONFIG_RISCV_SEMIHOSTING_EXIT
	rk_poweroff_register(&riscv_semihosting_poweroff);
#endif
	rk_poweroff_register(&srst);
	return 0;
}
RK_INIT(early_init, RK_INIT_EARLY);
