/* SPDX-License-Identifier: BSD-2-Clause */
/* Provenance ids: SipHash-2-4 (libsodium's crypto_shorthash_siphash24) of a
 * byte string under a 16-byte key, returned as the number its 8 output
 * bytes spell in little-endian order, which is how the SipHash paper writes
 * its test vectors. */
#include <stdint.h>
#include <rumpk/crypto.h>
#include <sodium/crypto_shorthash_siphash24.h>

_Static_assert(crypto_shorthash_siphash24_KEYBYTES == RK_SIPHASH_KEYBYTES, "SipHash key size");
_Static_assert(crypto_shorthash_siphash24_BYTES == 8, "SipHash-2-4 gives 64 bits");

uint64_t rk_siphash_id(const uint8_t key[RK_SIPHASH_KEYBYTES], const void *data, size_t len)
{
	uint8_t out[crypto_shorthash_siphash24_BYTES];
	uint64_t v = 0;

	crypto_shorthash_siphash24(out, data, (unsigned long long)len, key);
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | out[i];
	return v;
}
