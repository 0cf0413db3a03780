/* libFuzzer target for the RKSIG1 parser (rk_sig_open_with), built with
 * ASan + UBSan by test/unit/sign_tests.cmake and run for a bounded time in
 * `make test`. Invariants: nothing is read outside the input, a refusal
 * hands out nothing and names its reason, and an accepted input is exactly
 * header + payload with a payload inside the input. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const void *payload = (const void *)1;
	size_t len = 1;
	const char *why = NULL;
	int err = rk_sig_open(data, size, &payload, &len, &why);

	if (!why || strcmp(why, rk_sig_strerror(err)) != 0)
		abort();
	if (err != RK_SIG_OK) {
		if (payload || len || err < RK_SIG_EBADSIG || err > RK_SIG_EUNSIGNED)
			abort();
		return 0;
	}
	if (size < RK_SIG_HEADER_SIZE || payload != data + RK_SIG_HEADER_SIZE ||
	    len != size - RK_SIG_HEADER_SIZE)
		abort();
	return 0;
}
