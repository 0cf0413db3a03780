/* SPDX-License-Identifier: BSD-2-Clause */
/* PSCI as a power-off method, and its conduit from the DTB's /psci node
 * (see arch/psci.h). */
#include <rumpk/drv/poweroff.h>
#include <arch/psci.h>
#ifdef CONFIG_FDT
#include <string.h>
#include <rumpk/fdt.h>
#endif

static void psci_off(const struct rk_poweroff *p, int status)
{
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0); /* carries no status */
}

const struct rk_poweroff aarch64_psci_poweroff = { "psci", psci_off, 0 };

#ifdef CONFIG_FDT
static const char *const psci_compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci", NULL };

int aarch64_psci_from_dtb(const void *dtb)
{
	int node = -1;

	for (const char *const *c = psci_compat; node < 0 && *c; c++)
		node = rk_fdt_compatible_enabled(dtb, -1, *c);
	const char *method = node >= 0 ? rk_fdt_prop(dtb, node, "method", NULL) : NULL;

	if (method && !strcmp(method, "smc"))
		psci_set_conduit(PSCI_SMC);
	else if (method && !strcmp(method, "hvc"))
		psci_set_conduit(PSCI_HVC);
	else
		return -1;
	return node;
}
#endif

#ifdef CONFIG_FDT_EARLY
#include <rumpk/drv/fdt.h>

/* A /psci node whose method is one the CPU can make: SYSTEM_OFF through
 * it. A machine without one (the Pi 3: no firmware stays resident) gets
 * no PSCI power-off at all, rather than a call into nothing. */
static int psci_probe(const struct rk_fdt_dev *dev)
{
	if (aarch64_psci_from_dtb(dev->dtb) != dev->node)
		return RK_FDT_ABSENT;
	rk_poweroff_register(&aarch64_psci_poweroff);
	return 0;
}

RK_FDT_DRIVER(psci, psci_compat, psci_probe, RK_INIT_EARLY);
#endif
