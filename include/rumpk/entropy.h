/* SPDX-License-Identifier: BSD-2-Clause */
/* Entropy sources, the user side: the raw random bytes that hardware
 * (virtio-rng, RDSEED/RDRAND, the Zkr seed CSR) offers, in registration
 * order. The crypto component's generator (crypto/entropy.c) is the user
 * that matters: it never hands raw output out, it hashes it into a seed.
 * Drivers register through rumpk/drv/entropy.h. */
#ifndef RUMPK_ENTROPY_H
#define RUMPK_ENTROPY_H

#include <stddef.h>

struct rk_entropy_source {
	const char *name;  /* matches CONFIG_CRYPTO_RANDOM_SOURCE for the chosen one */
	/* Fill buf with len raw bytes; 0, or negative when the source failed
	 * (see CONFIG_CRYPTO_RANDOM_ON_MISSING for what follows). Runs
	 * in fiber context and may sleep; never called from an interrupt. */
	int (*read)(void *ctx, void *buf, size_t len);
	void *ctx;
	/* Conservative min-entropy per output byte, in thousandths of a bit:
	 * 8000 for a conditioned source (virtio-rng, RDSEED), 1000 for raw
	 * noise such as the Zkr seed CSR. 1..8000. */
	unsigned millibits_per_byte;
};

/* The i-th registered source (0 first), or NULL past the last. */
const struct rk_entropy_source *rk_entropy_source_at(unsigned i);
/* The source called name, or NULL. */
const struct rk_entropy_source *rk_entropy_find(const char *name);
/* How many registrations there have been: a user that remembers it knows
 * when a new source arrived. */
unsigned rk_entropy_generation(void);

#endif
