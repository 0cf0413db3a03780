/* SPDX-License-Identifier: BSD-2-Clause */
/* The BCM2835 hardware random number generator ("brcm,bcm2835-rng": the
 * Raspberry Pi 1-3, and QEMU's raspi machines, whose model hands out the
 * host's random bytes) as an entropy source. A word FIFO: the status
 * register counts the words ready (bits 31:24), the data register pops
 * one. The first numbers after enabling are less random and are thrown
 * away by the hardware itself, for as many cycles as the warm-up count
 * written to the status register first. Polled: its interrupt (which
 * the Pi 3 DTB gives) stays masked at the interrupt controller. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <rumpk/drv/entropy.h>
#include <rumpk/drv/fdt.h>
#include <rumpk/mmio.h>
#include <rumpk/printk.h>
#include <arch/fdt_map.h>

#define RNG_CTRL 0x0
#define RNG_STATUS 0x4
#define RNG_DATA 0x8
#define CTRL_RBGEN 1u
#define WARMUP_COUNT 0x40000
#define STATUS_WORDS(s) ((s) >> 24)
/* A word takes microseconds on the board once warmed up; a source that
 * stays empty this long is reported as failed. */
#define EMPTY_SPINS 10000000u

static uintptr_t base;

static int rng_read(void *ctx, void *buf, size_t len)
{
	uint8_t *out = buf;

	while (len) {
		unsigned spins = 0;
		while (!STATUS_WORDS(mmio_read32(base + RNG_STATUS)))
			if (++spins == EMPTY_SPINS)
				return -1; /* failed: CRYPTO_RANDOM_ON_MISSING decides */
		uint32_t w = mmio_read32(base + RNG_DATA);
		size_t n = len < sizeof(w) ? len : sizeof(w);
		memcpy(out, &w, n);
		out += n;
		len -= n;
	}
	return 0;
}

static const struct rk_entropy_source source = {
	.name = "bcm2835-rng",
	.read = rng_read,
	/* Broadcom documents no conditioning or entropy rate: credited at
	 * half a bit per bit, not as a conditioned source. */
	.millibits_per_byte = 4000,
};

static int rng_probe(const struct rk_fdt_dev *dev)
{
	if (aarch64_fdt_map_reg(dev, 0, "bcm2835-rng", &base))
		return -RK_ENODEV;
	if (!(mmio_read32(base + RNG_CTRL) & CTRL_RBGEN)) {
		mmio_write32(base + RNG_STATUS, WARMUP_COUNT);
		mmio_write32(base + RNG_CTRL, CTRL_RBGEN);
	}
	if (rk_entropy_register(&source)) {
		printk("bcm2835-rng: entropy source table full\n");
		return -RK_ENOSPC;
	}
	return 0;
}

static const char *const compat[] = { "brcm,bcm2835-rng", NULL };
RK_FDT_DRIVER(bcm2835_rng, compat, rng_probe, RK_INIT_DRIVER);
