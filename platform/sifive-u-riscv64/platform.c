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
 * reboot). Under QEMU the exit status leaves through semihosting; otherwise
 * SBI SRST shutdown is tried (a firmware may provide it), then the hart
 * stops. A reboot would re-run the app in a loop. */
#include <stdbool.h>
#include <stdint.h>
#include <rumpk/arch.h>
#include <rumpk/init.h>
#include <rumpk/drv/poweroff.h>
#include <rumpk/uart_sifive.h>
#include <arch/sbi.h>
#include <platform/memmap.h>

static struct sifive_uart uart0;

#ifdef CONFIG_SIFIVE_U_SEMIHOSTING_EXIT
#define SEMIHOSTING_SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

long riscv_semihost(long op, void *arg);

/* RV64 SYS_EXIT takes {reason, subcode}; QEMU exits with subcode. */
static void semihosting_exit(int status)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint64_t)(int64_t)status };

	riscv_semihost(SEMIHOSTING_SYS_EXIT, block);
}
#endif

#ifdef CONFIG_SIFIVE_U_SEMIHOSTING_EXIT
/* Without a semihosting host the ebreak traps, the trap handler panics,
 * and the panic's power-off goes on to SBI. */
static void semihosting_off(const struct rk_poweroff *p, int status)
{
	sifive_uart_flush(&uart0); /* the transmit FIFO drains first */
	semihosting_exit(status);
}
#endif

static void srst_off(const struct rk_poweroff *p, int status)
{
	sifive_uart_flush(&uart0);
	sbi_call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN,
		 status ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE, 0);
}

static const struct rk_poweroff methods[] = {
#ifdef CONFIG_SIFIVE_U_SEMIHOSTING_EXIT
	{ "semihosting", semihosting_off, 0 },
#endif
	{ "sbi-srst", srst_off, 0 },
};

/* The console, first of all, and the ways out. */
static int early_init(const struct rk_bootinfo *bi)
{
	sifive_uart_console_init(&uart0, PLAT_UART0_BASE);
	for (unsigned i = 0; i < RK_ARRAY_SIZE(methods); i++)
		rk_poweroff_register(&methods[i]);
	return 0;
}
RK_INIT(early_init, RK_INIT_EARLY);
