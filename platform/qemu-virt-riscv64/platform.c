/* QEMU virt (riscv64): ns16550 console, power-off through SBI SRST or the
 * SiFive test finisher, which is the one way to leave with a status. */
#include <rumpk/arch.h>
#include <rumpk/mmio.h>
#include <rumpk/platform.h>
#include <rumpk/uart.h>
#include <arch/sbi.h>
#include <platform/memmap.h>

#define TEST_PASS 0x5555
#define TEST_FAIL 0x3333

static struct ns16550 uart0;

void platform_early_init(const struct rk_bootinfo *bi)
{
	ns16550_console_init(&uart0, PLAT_UART0_BASE, 0, false);
}

void platform_poweroff(int status)
{
	if (status == 0)
		sbi_call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN, SBI_SRST_REASON_NONE, 0);
	/* SRST cannot carry a status (and may be missing): use the finisher. */
	mmio_write32(PLAT_TEST_BASE, status == 0 ? TEST_PASS
					       : ((uint32_t)status << 16) | TEST_FAIL);
	arch_halt();
}
