/* SPDX-License-Identifier: BSD-2-Clause */
/* Arm semihosting SYS_EXIT, and SYS_WRITEC as the console of last resort
 * (see arch/semihosting.h). */
#include <stdint.h>
#include <arch/semihosting.h>

#define SEMIHOSTING_SYS_WRITEC 0x03
#define SEMIHOSTING_SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/* AArch64 semihosting: operation in w0, x1 -> {reason, subcode}, trap by
 * HLT #0xf000. QEMU exits with subcode. */
static void semihosting_off(const struct rk_poweroff *p, int status)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint64_t)status };
	register uint64_t x0 __asm__("x0") = SEMIHOSTING_SYS_EXIT;
	register uint64_t x1 __asm__("x1") = (uintptr_t)block;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

const struct rk_poweroff aarch64_semihosting_poweroff = { "semihosting", semihosting_off, 0 };

#ifdef CONFIG_ARM64_SEMIHOSTING_CONSOLE
#include <rumpk/drv/console.h>
#include <rumpk/init.h>

/* x1 points to the character. */
static void semihosting_putc(const struct rk_console *con, char c)
{
	register uint64_t x0 __asm__("x0") = SEMIHOSTING_SYS_WRITEC;
	register uint64_t x1 __asm__("x1") = (uintptr_t)&c;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

static const struct rk_console semihosting_console = { .name = "semihosting",
						       .putc = semihosting_putc };

/* Registered only while no driver has registered a console, so that the
 * UART the DTB names (drivers/fdt/early.c, the same level) always wins,
 * whichever of the two runs first: the last registration is the console. */
static int semihosting_console_init(const struct rk_bootinfo *bi)
{
	if (!rk_console_registered())
		rk_console_register(&semihosting_console);
	return 0;
}
RK_INIT(semihosting_console_init, RK_INIT_EARLY);
#endif
