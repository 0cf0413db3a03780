/* SPDX-License-Identifier: BSD-2-Clause */
/* The SiFive test finisher ("sifive,test0", "sifive,test1": QEMU virt's
 * device at 0x100000) as a power-off that carries the exit status: writing
 * 0x5555 ends QEMU with 0, (status << 16) | 0x3333 with status. Bound from
 * the DTB at RK_INIT_EARLY (CONFIG_FDT_EARLY). */
#include <rumpk/drv/fdt.h>
#include <rumpk/console.h>
#include <rumpk/drv/poweroff.h>
#include <rumpk/mmio.h>

#define TEST_PASS 0x5555
#define TEST_FAIL 0x3333

static uintptr_t finisher_base;

static void finisher_off(const struct rk_poweroff *p, int status)
{
	rk_console_flush();
	mmio_write32(finisher_base, status == 0 ? TEST_PASS : ((uint32_t)status << 16) | TEST_FAIL);
}

static const struct rk_poweroff finisher = { .name = "sifive,test", .off = finisher_off };

static int finisher_probe(const struct rk_fdt_dev *dev)
{
	uint64_t base, size;

	if (finisher_base) /* one is enough */
		return 0;
	if (rk_fdt_dev_reg(dev, 0, &base, &size))
		return -RK_ENODEV;
	finisher_base = (uintptr_t)base;
	return rk_poweroff_register_status(&finisher) ? -RK_ENOSPC : 0;
}

static const char *const compat[] = { "sifive,test1", "sifive,test0", NULL };
RK_FDT_DRIVER(sifive_test, compat, finisher_probe, RK_INIT_EARLY);
