/* SPDX-License-Identifier: BSD-2-Clause */
/* libsodium's randombytes for Rumpk: a ChaCha20 generator with fast key
 * erasure, seeded and reseeded through entropy.c.
 *
 * Every request first turns the current key K into 64 bytes of keystream:
 * the first half replaces K, the second half is a one-time key for the
 * request's output. K is gone before any output exists, so a later
 * compromise of the state reveals nothing about earlier output. Reseeding
 * (first use, every CONFIG_CRYPTO_RANDOM_RESEED_KB of output,
 * randombytes_stir(), a newly registered source) hashes the old key with a
 * fresh seed.
 *
 * Concurrency: the state update is short and never sleeps. Under the
 * cooperative scheduler nothing can interleave with it; under a preemptive
 * one it runs with interrupts masked. Without the scheduler there is one
 * thread of control. Interrupt handlers must not call randombytes (the
 * entropy source may sleep). Seeding, which may sleep, happens outside the
 * masked section. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <rumpk/init.h>
#include <rumpk/arch.h>
#include <sodium/crypto_hash_sha512.h>
#include <sodium/crypto_stream_chacha20.h>
#include <sodium/randombytes.h>
#include <sodium/utils.h>
#include "crypto_internal.h"

#define KEY_BYTES crypto_stream_chacha20_KEYBYTES
#define RESEED_BYTES ((uint64_t)CONFIG_CRYPTO_RANDOM_RESEED_KB * 1024)

static struct {
	uint8_t key[KEY_BYTES];
	uint64_t since_reseed; /* output bytes since the last seed */
	bool seeded;
} g;

static unsigned long lock(void)
{
#ifdef CONFIG_SCHED
	return arch_irq_save();
#else
	return 0;
#endif
}

static void unlock(unsigned long flags)
{
#ifdef CONFIG_SCHED
	arch_irq_restore(flags);
#else
	(void)flags;
#endif
}

static bool reseed_due(void)
{
	return !g.seeded || g.since_reseed >= RESEED_BYTES || rk_entropy_changed();
}

static void reseed(void)
{
	static const char domain[] = "rumpk drbg reseed";
	uint8_t seed[RK_ENTROPY_SEED_BYTES], h[crypto_hash_sha512_BYTES];
	crypto_hash_sha512_state st;

	rk_entropy_seed(seed); /* may sleep: outside the lock */
	unsigned long flags = lock();
	crypto_hash_sha512_init(&st);
	crypto_hash_sha512_update(&st, (const uint8_t *)domain, sizeof domain);
	crypto_hash_sha512_update(&st, g.key, sizeof g.key);
	crypto_hash_sha512_update(&st, seed, sizeof seed);
	crypto_hash_sha512_final(&st, h);
	memcpy(g.key, h, sizeof g.key);
	g.since_reseed = 0;
	g.seeded = true;
	unlock(flags);
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(h, sizeof h);
	sodium_memzero(&st, sizeof st);
}

/* The first seed, before main() (include/rumpk/crypto.h). */
static int entropy_start(const struct rk_bootinfo *bi)
{
	reseed();
	return 0;
}
RK_INIT(entropy_start, RK_INIT_LATE);

static void rk_random_buf(void *const buf, const size_t size)
{
	static const uint8_t nonce[crypto_stream_chacha20_NONCEBYTES]; /* keys are single-use */
	uint8_t block[2 * KEY_BYTES];

	if (reseed_due())
		reseed();
	unsigned long flags = lock();
	crypto_stream_chacha20(block, sizeof block, nonce, g.key);
	memcpy(g.key, block, KEY_BYTES);
	g.since_reseed += size;
	unlock(flags);
	crypto_stream_chacha20(buf, size, nonce, block + KEY_BYTES);
	sodium_memzero(block, sizeof block);
}

static uint32_t rk_random_u32(void)
{
	uint32_t v;

	rk_random_buf(&v, sizeof v);
	return v;
}

static void rk_random_stir(void)
{
	reseed();
}

static const char *rk_random_name(void)
{
	return "rumpk-chacha20";
}

/* Installed by sodium_init(), and randombytes.c's default before it
 * (port/sodium_config.h). uniform and close: libsodium's generic ones. */
randombytes_implementation rk_randombytes_implementation = {
	.implementation_name = rk_random_name,
	.random = rk_random_u32,
	.stir = rk_random_stir,
	.uniform = NULL,
	.buf = rk_random_buf,
	.close = NULL,
};
