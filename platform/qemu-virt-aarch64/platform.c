/* QEMU virt (aarch64): PL011 console; power-off through semihosting SYS_EXIT,
 * the one way to leave with a status, or PSCI SYSTEM_OFF. */
#include <stdbool.h>
#include <stdint.h>
#include <rumpk/arch.h>
#include <rumpk/platform.h>
#include <rumpk/uart.h>
#include <arch/psci.h>
#include <platform/memmap.h>

static struct pl011 uart0;

void platform_early_init(const struct rk_bootinfo *bi)
{
	pl011_console_init(&uart0, PLAT_UART0_BASE);
}

#ifdef CONFIG_ARM64_SEMIHOSTING_EXIT
#define SEMIHOSTING_SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/* AArch64 semihosting: operation in w0, x1 -> {reason, subcode}, trap by
 * HLT #0xf000. QEMU (run with -semihosting) exits with subcode. */
static void semihosting_exit(int status)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint64_t)status };
	register uint64_t x0 __asm__("x0") = SEMIHOSTING_SYS_EXIT;
	register uint64_t x1 __asm__("x1") = (uintptr_t)block;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}
#endif

void platform_poweroff(int status)
{
#ifdef CONFIG_ARM64_SEMIHOSTING_EXIT
	/* Without -semihosting the HLT is an undefined instruction: the trap
	 * handler panics and the panic lands here again. Go on to PSCI then. */
	static bool tried;

	if (!tried) {
		tried = true;
		semihosting_exit(status);
	}
#endif
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0); /* carries no status */
	arch_halt();
}
