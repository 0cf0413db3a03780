/* Entropy sources: the table drivers register into, and the seeding policy
 * of the random generator (random.c).
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
#include "crypto_internal.h"

#define MAX_SOURCES 4
#define SEED_BITS 256

_Static_assert(crypto_hash_sha512_BYTES == RK_ENTROPY_SEED_BYTES, "seed is one SHA-512 digest");

/* Written at boot by the code that finds the hardware, one registration at
 * a time; read when seeding. */
static const struct rk_entropy_source *sources[MAX_SOURCES];
static unsigned nsources;
static volatile bool changed;
static const char *seeded_from;
static bool warned;

int rk_entropy_register(const struct rk_entropy_source *src)
{
	if (!src || !src->name || !src->read || src->millibits_per_byte == 0 ||
	    src->millibits_per_byte > 8000 || nsources == MAX_SOURCES)
		return -1;
	sources[nsources++] = src;
	changed = true;
	return 0;
}

bool rk_entropy_changed(void)
{
	return changed;
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

static void note_source(const char *name)
{
	if (seeded_from != name)
		printk("crypto: random generator seeded from '%s'\n", name);
	seeded_from = name;
}

static void warn_jitter(void)
{
	if (warned)
		return;
	warned = true;
	printk("crypto: WARNING: no hardware entropy source, using timer jitter\n");
#ifdef CONFIG_CRYPTO_RANDOM_JITTER
	printk("crypto: WARNING: keys and nonces made now may be predictable; "
	       "CONFIG_CRYPTO_RANDOM_JITTER is for development only\n");
#else
	printk("crypto: WARNING: keys and nonces made now may be predictable; "
	       "the image expects entropy source '%s' (CONFIG_CRYPTO_RANDOM_CHOICE)\n",
	       CONFIG_CRYPTO_RANDOM_SOURCE);
#endif
}

void rk_entropy_seed(uint8_t seed[RK_ENTROPY_SEED_BYTES])
{
	/* CPU instructions need no driver to find them: probed here, once. */
#ifdef CONFIG_ARCH_X86_64
	rk_rdrand_probe();
#endif
#ifdef CONFIG_ARCH_RISCV64
	rk_zkr_probe();
#endif
	changed = false;
	/* The preferred source first, then the others in registration order. */
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < nsources; i++) {
			const struct rk_entropy_source *s = sources[i];
			bool preferred = strcmp(s->name, CONFIG_CRYPTO_RANDOM_SOURCE) == 0;

			if (preferred != (pass == 0))
				continue;
			if (gather(s, seed) == 0) {
				note_source(s->name);
				return;
			}
			printk("crypto: entropy source '%s' returned an error; trying the next one\n",
			       s->name);
		}
	}
#ifdef CONFIG_CRYPTO_RANDOM_REQUIRE_HW
	rk_panic("crypto: no working hardware entropy source (expected '%s'), and "
		 "CONFIG_CRYPTO_RANDOM_REQUIRE_HW forbids timer jitter", CONFIG_CRYPTO_RANDOM_SOURCE);
#endif
	warn_jitter();
	if (gather(&rk_jitter_source, seed) != 0)
		rk_panic("crypto: timer jitter failed its health test: the cycle counter "
			 "shows no variation, so there is no entropy at all");
	note_source(rk_jitter_source.name);
}
