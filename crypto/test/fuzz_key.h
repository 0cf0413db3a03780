/* SPDX-License-Identifier: BSD-2-Clause */
/* The fixed key of the container fuzzer: test_sig_host seeds the corpus
 * with a container signed by it, fuzz_sig_open trusts it, so that mutations
 * reach the signature check and not only the header checks. Test-only: this
 * "secret" is public by design and never trusted by an image. */
#ifndef RK_FUZZ_KEY_H
#define RK_FUZZ_KEY_H
#include <stdint.h>

static const uint8_t rk_fuzz_seed[32] = {
	'r', 'u', 'm', 'p', 'k', ' ', 'f', 'u', 'z', 'z', ' ', 'k', 'e', 'y', ' ', 's',
	'e', 'e', 'd', ' ', 'n', 'o', 't', ' ', 'a', ' ', 's', 'e', 'c', 'r', 'e', 't',
};

/* The name the seed container is signed for and the fuzzer opens with. */
#define RK_FUZZ_NAME "/bin/fuzz"

#endif
