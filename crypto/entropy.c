/* SPDX-License-Identifier: BSD-2-Clause */
/* The seeding policy of the random generator (random.c): which source of
 * the entropy registry (kernel/dev/entropy.c, rumpk/entropy.h) it seeds
 * from, what happens when that one is missing, and how raw bytes become a
 * seed.
 *
 * Raw source output is never used as random bytes. It is hashed with
 * SHA-512 until the source's own conservative estimate adds up to 256 bits
 * of min-entropy, and the digest becomes generator seed. So a source whose
 * bytes are biased or correlated (the Zkr seed CSR's raw noise, timer
 * jitter) is still safe to use as long as its estimate is honest. */
#include <stddef.h>
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include <sodium/crypto_hash_sha512.h>
#include <sodium/utils.h>
#include <rumpk/entropy.h>
#include "crypto_internal.h"

#define SEED_BITS 256

_Static_assert(crypto_hash_sha512_BYTES == RK_ENTROPY_SEED_BYTES, "seed is one SHA-512 digest");

/* The registry's generation at the last seed: another means a new source. */
static unsigned seeded_generation;
static const char *seeded_from;

bool rk_entropy_changed(void)
{
	return rk_entropy_generation() != seeded_generation;
}

const char *rk_entropy_source_name(void)
{
	return seeded_from;
}

/* Hash raw bytes from src until they are credited with SEED_BITS bits.
 * 0, or -1 when the source reported a failure. */
static int gather(const struct rk_entropy_source *src, uint8_t seed[RK_ENTROPY_SEED_BYTES])
{
	static const char domain[] = "rumpk entropy v1";
	crypto_hash_sha512_state st;
	uint8_t raw[64];
	size_t need = (SEED_BITS * 1000u + src->millibits_per_byte - 1) / src->millibits_per_byte;
	int err = 0;

	crypto_hash_sha512_init(&st);
	crypto_hash_sha512_update(&st, (const uint8_t *)domain, sizeof domain);
	crypto_hash_sha512_update(&st, (const uint8_t *)src->name, strlen(src->name) + 1);
	while (need && !err) {
		size_t n = need < sizeof raw ? need : sizeof raw;

		err = src->read(src->ctx, raw, n);
		crypto_hash_sha512_update(&st, raw, n);
		need -= n;
	}
	/* The time is not credited; it only keeps two seeds from one broken
	 * source apart. */
	uint64_t now = arch_cycles();
	crypto_hash_sha512_update(&st, (const uint8_t *)&now, sizeof now);
	crypto_hash_sha512_final(&st, seed);
	sodium_memzero(raw, sizeof raw);
	sodium_memzero(&st, sizeof st);
	if (err)
		sodium_memzero(seed, RK_ENTROPY_SEED_BYTES);
	return err ? -1 : 0;
}

/* Why the chosen source may be missing, and how to provide it: sources
 * that are absent never register, so the registry cannot tell. */
#if defined(CONFIG_CRYPTO_RANDOM_VIRTIO_RNG)
#define MISSING_HINT "no virtio-rng device was found (QEMU: -device virtio-rng-device, " \
		     "or virtio-rng-pci with PCI)"
#elif defined(CONFIG_CRYPTO_RANDOM_RDRAND)
#define MISSING_HINT "the CPU has neither RDSEED nor RDRAND (QEMU: -cpu max)"
#elif defined(CONFIG_CRYPTO_RANDOM_ZKR)
#define MISSING_HINT "the boot hart has no seed CSR S-mode may read (the 'crypto: Zkr' line " \
		     "says why)"
#else
#define MISSING_HINT ""
#endif

/* The one line that says where the generator's seed comes from, printed
 * when that changes (the first time before main(), random.c's entropy_start):
 * "entropy: <source>", with the reason appended when it is a fallback. */
static void note_source(const struct rk_entropy_source *s, const char *fallback_why)
{
	if (seeded_from != s->name) {
		if (fallback_why)
			printk("entropy: %s (WARNING: fallback: the chosen source '%s' %s)\n", s->name,
			       CONFIG_CRYPTO_RANDOM_SOURCE, fallback_why);
		else
			printk("entropy: %s\n", s->name);
	}
	seeded_from = s->name;
}

#ifndef CONFIG_CRYPTO_RANDOM_ON_MISSING_PANIC
/* Seed from timer jitter: chosen, or the last fallback. */
static void seed_from_jitter(uint8_t seed[RK_ENTROPY_SEED_BYTES], const char *fallback_why)
{
	static bool warned;

	if (!warned) {
		warned = true;
		printk("crypto: WARNING: seeding from timer jitter: keys and nonces made now may be "
		       "predictable (%s)\n",
		       fallback_why ? "CONFIG_CRYPTO_RANDOM_ON_MISSING_FALLBACK"
				    : "CONFIG_CRYPTO_RANDOM_JITTER is for development only");
	}
	if (gather(&rk_jitter_source, seed) != 0)
		rk_panic("crypto: timer jitter failed its health test: the cycle counter "
			 "shows no variation, so there is no entropy at all");
	note_source(&rk_jitter_source, fallback_why);
}
#endif

void rk_entropy_seed(uint8_t seed[RK_ENTROPY_SEED_BYTES])
{
	seeded_generation = rk_entropy_generation();
#ifdef CONFIG_CRYPTO_RANDOM_JITTER
	/* What the configuration says, even when hardware is there. */
	seed_from_jitter(seed, NULL);
#else
	const struct rk_entropy_source *chosen = rk_entropy_find(CONFIG_CRYPTO_RANDOM_SOURCE);
	if (chosen && gather(chosen, seed) == 0) {
		note_source(chosen, NULL);
		return;
	}
	const char *why = chosen ? "returned an error" : "is missing: " MISSING_HINT;
#ifdef CONFIG_CRYPTO_RANDOM_ON_MISSING_PANIC
	rk_panic("entropy: the chosen source '%s' %s; CONFIG_CRYPTO_RANDOM_ON_MISSING_PANIC "
		 "allows no other (CONFIG_CRYPTO_RANDOM_CHOICE)", CONFIG_CRYPTO_RANDOM_SOURCE, why);
#else
	/* CONFIG_CRYPTO_RANDOM_ON_MISSING_FALLBACK: the others in
	 * registration order, then timer jitter. */
	const struct rk_entropy_source *s;

	for (unsigned i = 0; (s = rk_entropy_source_at(i)); i++) {
		if (s == chosen)
			continue;
		if (gather(s, seed) == 0) {
			note_source(s, why);
			return;
		}
		printk("crypto: entropy source '%s' returned an error; trying the next one\n",
		       s->name);
	}
	seed_from_jitter(seed, why);
#endif
#endif
}
