/* SPDX-License-Identifier: BSD-2-Clause */
/* The SBI firmware's console (the legacy console_putchar/getchar calls,
 * extensions 0x01 and 0x02, which OpenSBI implements on every platform it
 * has a console for) as the console of last resort: registered at
 * RK_INIT_EARLY only while no driver has registered one, so that a UART
 * bound from the DTB (drivers/fdt/early.c) always wins, whichever of the
 * two runs first. It makes the reason visible when the DTB is refused or
 * names no console the image can drive. Slow (a trap into M-mode per
 * character), hence never the first choice. */
#include <rumpk/drv/console.h>
#include <rumpk/init.h>
#include <arch/sbi.h>

#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_GETCHAR 0x02

static void sbi_putc(const struct rk_console *con, char c)
{
	sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0, 0);
}

static int sbi_getc(const struct rk_console *con)
{
	/* The legacy call returns the byte in a0, or -1 when none waits. */
	long v = sbi_call(SBI_EXT_LEGACY_GETCHAR, 0, 0, 0, 0).error;

	return v < 0 ? -1 : (int)(v & 0xff);
}

static const struct rk_console sbi_console = {
	.name = "sbi", .putc = sbi_putc, .getc = sbi_getc,
};

static int sbi_console_init(const struct rk_bootinfo *bi)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EXT_LEGACY_PUTCHAR, 0, 0);

	if (!rk_console_registered() && r.error == 0 && r.value != 0)
		rk_console_register(&sbi_console);
	return 0;
}
RK_INIT(sbi_console_init, RK_INIT_EARLY);
