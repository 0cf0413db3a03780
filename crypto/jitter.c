/* SPDX-License-Identifier: BSD-2-Clause */
/* The fallback entropy source: jitter in the time a memory-bound loop takes,
 * read with the cycle counter (arch_cycles). Cache, TLB, pipeline and, under
 * emulation, host scheduling make the duration vary; how much of that an
 * attacker could predict is unknown, hence the low credit (an eighth of a
 * bit per sample, so a 256-bit seed takes 2048 samples, a few ms under
 * QEMU) and the warning entropy.c prints whenever it is used. Measured under
 * QEMU TCG, the durations fall on a handful of values and the same value
 * repeats up to ~55 times in a row per 100,000 samples: a full bit or more
 * per sample would not be honest there.
 *
 * Health test (NIST SP 800-90B, 4.4.1 repetition count): the same duration
 * RCT_CUTOFF times in a row means the counter is stuck or too coarse, and
 * the read fails rather than feed constant data to the seed. */
#include <stddef.h>
#include <stdint.h>
#include <rumpk/arch.h>
#include "crypto_internal.h"

/* 1 + ceil(20 / H) for H = 1/8 bit per sample: a false alarm rate of 2^-20. */
#define RCT_CUTOFF 161
#define WALK_STEPS 64

/* volatile: the loop's only purpose is its memory traffic. */
static volatile uint8_t pool[1024];
/* Repetition count state, kept across reads (entropy.c reads in chunks). */
static uint64_t last_duration;
static unsigned repeats;

static int jitter_read(void *ctx, void *buf, size_t len)
{
	uint8_t *out = buf;
	uint64_t x = arch_cycles();

	for (size_t i = 0; i < len; i++) {
		uint64_t t0 = arch_cycles();

		for (unsigned k = 0; k < WALK_STEPS; k++) {
			/* A 64-bit LCG picks addresses the prefetcher cannot follow. */
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			pool[(x >> 40) % sizeof pool] += (uint8_t)k;
		}
		uint64_t d = arch_cycles() - t0;

		if (d == last_duration) {
			if (++repeats >= RCT_CUTOFF)
				return -1;
		} else {
			repeats = 1;
			last_duration = d;
		}
		/* Fold: the variation is in the low bits, but where exactly
		 * depends on the counter's rate. */
		d ^= d >> 32;
		d ^= d >> 16;
		d ^= d >> 8;
		out[i] = (uint8_t)d;
	}
	return 0;
}

const struct rk_entropy_source rk_jitter_source = {
	.name = "jitter",
	.read = jitter_read,
	.millibits_per_byte = 125, /* one sample per byte */
};
