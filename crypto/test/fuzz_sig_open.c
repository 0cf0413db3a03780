/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target for the RKSIG2 parser (rk_sig_open_with), built with
 * ASan + UBSan by test/unit/sign_tests.cmake and run for a bounded time in
 * `make test`. Invariants: nothing is read outside the input, a refusal
 * hands out no payload and names its reason (a name only when the
 * signature held), and an accepted input is exactly header + payload, with
 * the payload and the signed name inside the input and the name the one
 * asked for. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <rumpk/crypto.h>
#include <sodium/crypto_sign_ed25519.h>
#include "fuzz_key.h"

static uint8_t trusted[1][RK_SIG_PUBLICKEYBYTES];
const struct rk_sig_keyring rk_sig_configured_keyring = { trusted, 1 };

void randombytes_buf(void *const buf, const size_t size)
{
	(void)buf;
	(void)size;
	abort(); /* the fuzzer never makes keys from random bytes */
}

void sodium_misuse(void)
{
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	uint8_t sk[crypto_sign_ed25519_SECRETKEYBYTES];

	(void)argc;
	(void)argv;
	crypto_sign_ed25519_seed_keypair(trusted[0], sk, rk_fuzz_seed);
	return 0;
}

/* One open, binding name (or none with NULL), and its invariants. */
static void check(const uint8_t *data, size_t size, const char *name)
{
	struct rk_sig_payload out;
	const char *why = NULL;
	int err = rk_sig_open(data, size, name, &out, &why);

	if (!why || strcmp(why, rk_sig_strerror(err)) != 0)
		abort();
	if (err != RK_SIG_OK) {
		if (out.data || out.len || err < RK_SIG_ELAST || err > RK_SIG_EUNSIGNED)
			abort();
		if ((err == RK_SIG_ENAME) != (out.name != NULL) || (err == RK_SIG_ENAME && !name))
			abort();
		return;
	}
	const uint8_t *p = out.data, *n = (const uint8_t *)out.name;
	if (size < RK_SIG_HEADER_MIN || p < data + RK_SIG_HEADER_MIN ||
	    p > data + RK_SIG_HEADER_MAX || p + out.len != data + size ||
	    n != data + RK_SIG_HEADER_MIN || out.name_len < 1 || n + out.name_len > p ||
	    memchr(n, 0, out.name_len))
		abort();
	if (name && (out.name_len != strlen(name) || memcmp(n, name, out.name_len) != 0))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(data, size, RK_FUZZ_NAME);
	check(data, size, NULL);
	check(data, size, "/bin/other");
	return 0;
}
