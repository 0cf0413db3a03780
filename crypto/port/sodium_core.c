/* SPDX-License-Identifier: BSD-2-Clause */
/* Rumpk's replacement for libsodium's sodium/core.c.
 *
 * Upstream core.c makes sodium_init() pick the fastest implementation of
 * every primitive (Argon2, BLAKE2b, Poly1305, Curve25519, ChaCha20,
 * Salsa20) after probing the CPU, and guards that with a pthread mutex or a
 * spin lock. Rumpk builds only Ed25519/SHA-512/SipHash/ChaCha20 in portable
 * C, never probes the CPU for SIMD (the kernel runs without FP/SIMD state),
 * and a spin lock could spin forever under the cooperative scheduler. So
 * this file provides core.c's public functions for what is built:
 *
 *   sodium_init()                 seeds randombytes, prepares utils.c
 *   sodium_misuse()               a kernel panic (there is no abort())
 *   sodium_set_misuse_handler()   as upstream: runs before the panic
 *
 * plus the C library bits libsodium expects and the kernel lacks: the errno
 * variable the include-shim's <errno.h> points at, and abort(). */
#include <stddef.h>
#include <rumpk/panic.h>
#include <sodium/core.h>
#include <sodium/randombytes.h>
#include <sodium/utils.h>
#include <sodium/private/implementations.h>

/* See crypto/include-shim/errno.h. */
int rk_sodium_errno;

extern randombytes_implementation rk_randombytes_implementation;

static volatile int initialized;
static void (*misuse_handler)(void);

/* Every step is idempotent, so two fibers racing here (the entropy source
 * may sleep inside randombytes_stir) both end up with the same state; no
 * lock is needed, which keeps this usable before the scheduler starts. */
int sodium_init(void)
{
	if (initialized)
		return 1;
	/* Selects the portable ChaCha20: the SIMD variants are not built. */
	_crypto_stream_chacha20_pick_best_implementation();
	randombytes_set_implementation(&rk_randombytes_implementation);
	randombytes_stir();
	/* utils.c: draws the canary of sodium_malloc() from randombytes. */
	_sodium_alloc_init();
	initialized = 1;
	return 0;
}

int sodium_set_misuse_handler(void (*handler)(void))
{
	misuse_handler = handler;
	return 0;
}

/* libsodium's last resort on an impossible internal state. Weak: a kernel
 * abort() in kernel/lib, when there is one, takes precedence. */
__attribute__((weak, noreturn)) void abort(void)
{
	rk_panic("abort() called (from libsodium)");
}

/* libsodium calls this when an API contract is broken (an impossible
 * length, say); continuing could leak keys or accept forgeries. */
void sodium_misuse(void)
{
	void (*handler)(void) = misuse_handler;

	if (handler)
		handler();
	rk_panic("crypto: libsodium misuse (an API was called with invalid arguments)");
}
