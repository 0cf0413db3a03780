/* SPDX-License-Identifier: BSD-2-Clause */
/* "syscon-poweroff": power off by setting bits of a system controller's
 * register (Linux's bindings/power/reset/syscon-poweroff.yaml): the
 * controller is the regmap phandle (or, in the newer form, the node's
 * parent), the register is at offset, and value under mask is written
 * (mask alone: value = mask; value alone: mask = all bits). It cannot
 * carry an exit status, so it is used for status 0 only. Bound from the
 * DTB at RK_INIT_EARLY (CONFIG_FDT_EARLY). */
#include <rumpk/drv/fdt.h>
#include <rumpk/console.h>
#include <rumpk/drv/poweroff.h>
#include <rumpk/mmio.h>

struct syscon_off {
	uintptr_t reg;
	uint32_t value, mask;
};
static struct syscon_off syscon;

static void syscon_off(const struct rk_poweroff *p, int status)
{
	const struct syscon_off *s = p->priv;

	if (status)
		return;
	rk_console_flush();
	uint32_t v = s->mask == ~0u ? 0 : mmio_read32(s->reg) & ~s->mask;
	mmio_write32(s->reg, v | (s->value & s->mask));
}

static const struct rk_poweroff method = { .name = "syscon-poweroff", .off = syscon_off, .priv = &syscon };

static int syscon_probe(const struct rk_fdt_dev *dev)
{
	uint32_t phandle, offset;
	uint64_t base, size;
	int ctrl;

	if (syscon.reg) /* one is enough */
		return 0;
	if (rk_fdt_prop_u32(dev->dtb, dev->node, "offset", &offset))
		return -RK_ENODEV;
	ctrl = rk_fdt_prop_u32(dev->dtb, dev->node, "regmap", &phandle)
		       ? rk_fdt_parent(dev->dtb, dev->node)
		       : rk_fdt_by_phandle(dev->dtb, phandle);
	if (ctrl < 0 || rk_fdt_reg(dev->dtb, ctrl, 0, &base, &size) || (uint64_t)offset + 4 > size)
		return -RK_ENODEV;
	int no_value = rk_fdt_prop_u32(dev->dtb, dev->node, "value", &syscon.value);
	int no_mask = rk_fdt_prop_u32(dev->dtb, dev->node, "mask", &syscon.mask);
	if (no_value && no_mask)
		return -RK_ENODEV;
	if (no_mask)
		syscon.mask = ~0u;
	if (no_value)
		syscon.value = syscon.mask;
	syscon.reg = (uintptr_t)(base + offset);
	return rk_poweroff_register(&method) ? -RK_ENOSPC : 0;
}

static const char *const compat[] = { "syscon-poweroff", NULL };
RK_FDT_DRIVER(syscon_poweroff, compat, syscon_probe, RK_INIT_EARLY);
