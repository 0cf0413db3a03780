/* SPDX-License-Identifier: BSD-2-Clause */
/* SBI system reset (SRST) shutdown as a power-off, registered when the SBI
 * firmware says it implements the extension (sbi_probe_extension). It has
 * no exit status (its reason is "none" or "system failure", and OpenSBI on
 * QEMU virt turns either into a clean exit), so it is used for status 0;
 * a failure goes on to the methods after it and the CPU halt. The board's
 * DTB does not describe it: it is the firmware's. */
#include <rumpk/console.h>
#include <rumpk/drv/poweroff.h>
#include <rumpk/init.h>
#include <arch/sbi.h>

static void srst_off(const struct rk_poweroff *p, int status)
{
	if (status != 0)
		return;
	rk_console_flush();
	sbi_call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN, SBI_SRST_REASON_NONE, 0);
}

static const struct rk_poweroff srst = { .name = "sbi-srst", .off = srst_off };

static int srst_init(const struct rk_bootinfo *bi)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EXT_SRST, 0, 0);

	if (r.error == 0 && r.value != 0)
		rk_poweroff_register(&srst);
	return 0;
}
RK_INIT(srst_init, RK_INIT_EARLY);
