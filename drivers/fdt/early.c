/* SPDX-License-Identifier: BSD-2-Clause */
/* The early binding (CONFIG_FDT_EARLY): the console the DTB names, then the
 * power-off devices, as the first init of the boot (RK_INIT_EARLY), so that
 * printk works from here on and every later failure can leave with its
 * status. One function, so that the console is bound before anything of
 * this level prints. A board whose image has it needs no console or
 * power-off constants: which UART (and which of its drivers) is what
 * /chosen/stdout-path says (drivers/fdt/discover.c). */
#include <rumpk/drv/fdt.h>
#include "fdt_internal.h"

static int console_driver(const void *dtb, int node, void *arg)
{
	return rk_fdt_driver_for(dtb, node, RK_FDT_CONSOLE, NULL) != NULL;
}

static int fdt_early_bind(const struct rk_bootinfo *bi)
{
	const void *dtb = (const void *)bi->dtb;
	struct rk_fdt_console con;

	/* A refused DTB leaves no console but a last resort (the SBI
	 * firmware's, drivers/uart/sbi_console.c, which registers at this
	 * level too while nothing else has), and the platform's later levels
	 * stop the boot on it with the same refusal. */
	if (rk_fdt_check(dtb, 0))
		return 0;
	if (rk_fdt_console_find(dtb, console_driver, NULL, &con) >= 0)
		rk_fdt_bind_node(dtb, con.node, bi);
	rk_fdt_console_report(dtb, &con);
	rk_fdt_bind(bi, RK_INIT_EARLY);
	return 0;
}
RK_INIT(fdt_early_bind, RK_INIT_EARLY);
