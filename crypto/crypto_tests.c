/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image tests of the crypto component (CONFIG_KTEST): known-answer
 * vectors for the cross-compiled libsodium (SipHash paper, RFC 8032), the
 * RKSIG2 container signed at build time by scripts/rumpk-sign for a name
 * (accepted with its key under that name; every tampered, truncated,
 * renamed or wrongly keyed copy refused with the right error), and the
 * random generator. */
#include <stdint.h>
#include <string.h>
#include <rumpk/crypto.h>
#include <rumpk/test.h>
#include <sodium/core.h>
#include <sodium/crypto_sign_ed25519.h>
#include <sodium/randombytes.h>
#include <sodium/utils.h>
#include "crypto_internal.h"

/* crypto/test/testdata.cmake, generated at build time. */
extern const uint8_t rk_crypto_test_pubkey[32];
extern const size_t rk_crypto_test_container_len;
extern const uint8_t rk_crypto_test_container[];

static const struct rk_sig_keyring test_ring = {
	(const uint8_t (*)[RK_SIG_PUBLICKEYBYTES])rk_crypto_test_pubkey, 1
};

/* The payload the build signs (crypto/test/payload.txt), for this name. */
#define PAYLOAD_HEAD "Rumpk in-image signature test payload."
#define PAYLOAD_LEN 325
#define NAME "/test/payload.txt"
#define NAME_LEN (sizeof NAME - 1)
#define HEADER (RK_SIG_HEADER_MIN + 32) /* the name padded to 16 bytes */

static uint8_t copy[HEADER + PAYLOAD_LEN + 8] rk_aligned(8);

/* Open a modified copy of the test container with the test key, for name. */
static int open_named(size_t len, const char *name)
{
	struct rk_sig_payload out;
	const char *why = NULL;
	int err = rk_sig_open_with(&test_ring, copy, len, name, &out, &why);

	/* Every outcome carries its sentence; a refusal hands out nothing. */
	RK_EXPECT(why != NULL && strcmp(why, rk_sig_strerror(err)) == 0);
	if (err)
		RK_EXPECT(out.data == NULL && out.len == 0);
	return err;
}

static int open_copy(size_t len)
{
	return open_named(len, NAME);
}

static void reset_copy(void)
{
	memcpy(copy, rk_crypto_test_container, rk_crypto_test_container_len);
}

static int flip_and_open(size_t offset)
{
	reset_copy();
	copy[offset] ^= 0x01;
	return open_copy(rk_crypto_test_container_len);
}

RK_TEST(crypto_siphash_vectors)
{
	/* Key 00..0f, message 00..n-1: the SipHash-2-4 paper's vectors. */
	static const struct { size_t len; uint64_t id; } v[] = {
		{ 0, 0x726fdb47dd0e0e31ull },
		{ 8, 0x93f5f5799a932462ull },
		{ 15, 0xa129ca6149be45e5ull },
		{ 63, 0x958a324ceb064572ull },
	};
	uint8_t key[RK_SIPHASH_KEYBYTES], msg[64];

	for (unsigned i = 0; i < sizeof key; i++)
		key[i] = (uint8_t)i;
	for (unsigned i = 0; i < sizeof msg; i++)
		msg[i] = (uint8_t)i;
	for (unsigned i = 0; i < RK_ARRAY_SIZE(v); i++)
		RK_EXPECT(rk_siphash_id(key, msg, v[i].len) == v[i].id);
	key[0] ^= 1;
	RK_EXPECT(rk_siphash_id(key, msg, 15) != 0xa129ca6149be45e5ull);
}

RK_TEST(crypto_ed25519_rfc8032)
{
	/* RFC 8032 section 7.1, TEST 2: a one-byte message. */
	static const uint8_t pk[1][32] = { {
		0x3d, 0x40, 0x17, 0xc3, 0xe8, 0x43, 0x89, 0x5a, 0x92, 0xb7, 0x0a, 0xa7, 0x4d, 0x1b, 0x7e, 0xbc,
		0x9c, 0x98, 0x2c, 0xcf, 0x2e, 0xc4, 0x96, 0x8c, 0xc0, 0xcd, 0x55, 0xf1, 0x2a, 0xf4, 0x66, 0x0c,
	} };
	static const uint8_t sig[64] = {
		0x92, 0xa0, 0x09, 0xa9, 0xf0, 0xd4, 0xca, 0xb8, 0x72, 0x0e, 0x82, 0x0b, 0x5f, 0x64, 0x25, 0x40,
		0xa2, 0xb2, 0x7b, 0x54, 0x16, 0x50, 0x3f, 0x8f, 0xb3, 0x76, 0x22, 0x23, 0xeb, 0xdb, 0x69, 0xda,
		0x08, 0x5a, 0xc1, 0xe4, 0x3e, 0x15, 0x99, 0x6e, 0x45, 0x8f, 0x36, 0x13, 0xd0, 0xf1, 0x1d, 0x8c,
		0x38, 0x7b, 0x2e, 0xae, 0xb4, 0x30, 0x2a, 0xee, 0xb0, 0x0d, 0x29, 0x16, 0x12, 0xbb, 0x0c, 0x00,
	};
	const struct rk_sig_keyring ring = { pk, 1 };
	uint8_t msg = 0x72, bad[64];

	RK_EXPECT_EQ(rk_sig_verify_detached_with(&ring, &msg, 1, sig, NULL), RK_SIG_OK);
	msg ^= 0x80;
	RK_EXPECT_EQ(rk_sig_verify_detached_with(&ring, &msg, 1, sig, NULL), RK_SIG_EBADSIG);
	msg ^= 0x80;
	memcpy(bad, sig, sizeof bad);
	bad[63] ^= 0x10; /* S no longer canonical */
	RK_EXPECT_EQ(rk_sig_verify_detached_with(&ring, &msg, 1, bad, NULL), RK_SIG_EBADSIG);
	RK_EXPECT_EQ(rk_sig_verify_detached_with(&test_ring, &msg, 1, sig, NULL), RK_SIG_EBADSIG);
}

RK_TEST(crypto_sig_open_buildtime_payload)
{
	struct rk_sig_payload out;
	const char *why;

	RK_EXPECT_EQ(rk_crypto_test_container_len, HEADER + PAYLOAD_LEN);
	RK_EXPECT_EQ(rk_sig_open_with(&test_ring, rk_crypto_test_container,
				      rk_crypto_test_container_len, NAME, &out, &why), RK_SIG_OK);
	RK_EXPECT(out.data == rk_crypto_test_container + HEADER);
	RK_EXPECT_EQ(out.len, PAYLOAD_LEN);
	RK_EXPECT(memcmp(out.data, PAYLOAD_HEAD, sizeof PAYLOAD_HEAD - 1) == 0);
	RK_EXPECT(out.name_len == NAME_LEN && memcmp(out.name, NAME, NAME_LEN) == 0);
	uint8_t id[RK_SIG_KEYIDBYTES];
	rk_sig_key_id(rk_crypto_test_pubkey, id);
	RK_EXPECT(memcmp(out.key_id, id, sizeof id) == 0);
	/* A caller that binds no name gets the signed one reported. */
	RK_EXPECT_EQ(rk_sig_open_with(&test_ring, rk_crypto_test_container,
				      rk_crypto_test_container_len, NULL, &out, NULL), RK_SIG_OK);
	RK_EXPECT(out.name_len == NAME_LEN && memcmp(out.name, NAME, NAME_LEN) == 0);
	/* At an odd address too: nothing may assume alignment. */
	memmove(copy + 1, rk_crypto_test_container, rk_crypto_test_container_len);
	RK_EXPECT_EQ(rk_sig_open_with(&test_ring, copy + 1, rk_crypto_test_container_len,
				      NAME, &out, NULL), RK_SIG_OK);
}

RK_TEST(crypto_sig_binds_the_name)
{
	struct rk_sig_payload out;
	const char *why;

	/* The same valid container under any other name: refused after the
	 * signature check, with the signed name reported, the payload not. */
	static const char *const others[] = { "/test/payload.tx", "/test/payload.txt2", "/bin/ls",
					      "test/payload.txt", "" };
	for (unsigned i = 0; i < RK_ARRAY_SIZE(others); i++) {
		RK_EXPECT_EQ(rk_sig_open_with(&test_ring, rk_crypto_test_container,
					      rk_crypto_test_container_len, others[i], &out, &why),
			     RK_SIG_ENAME);
		RK_EXPECT(strcmp(why, "signed for another name") == 0);
		RK_EXPECT(out.data == NULL && out.len == 0);
		RK_EXPECT(out.name_len == NAME_LEN && memcmp(out.name, NAME, NAME_LEN) == 0);
	}
	/* Renaming inside the header instead breaks the signature. */
	RK_EXPECT_EQ(flip_and_open(RK_SIG_HEADER_MIN + 1), RK_SIG_EBADSIG);
	reset_copy();
	copy[RK_SIG_HEADER_MIN + NAME_LEN - 1] = 'x'; /* "/test/payload.txx" */
	RK_EXPECT_EQ(open_named(rk_crypto_test_container_len, "/test/payload.txx"), RK_SIG_EBADSIG);
}

RK_TEST(crypto_sig_refuses_tampering)
{
	RK_EXPECT_EQ(flip_and_open(HEADER), RK_SIG_EBADSIG);                   /* payload */
	RK_EXPECT_EQ(flip_and_open(rk_crypto_test_container_len - 1), RK_SIG_EBADSIG);
	RK_EXPECT_EQ(flip_and_open(8), RK_SIG_EBADSIG);                        /* signature */
	RK_EXPECT_EQ(flip_and_open(71), RK_SIG_EBADSIG);
	RK_EXPECT_EQ(flip_and_open(88), RK_SIG_EUNTRUSTED);                    /* key id */
	RK_EXPECT_EQ(flip_and_open(96), RK_SIG_ETRAILING);                     /* 325 -> 324 */
	RK_EXPECT_EQ(flip_and_open(0), RK_SIG_EUNSIGNED);                      /* magic */
	RK_EXPECT_EQ(flip_and_open(5), RK_SIG_EFORMAT);                        /* version 3 */
	RK_EXPECT_EQ(flip_and_open(6), RK_SIG_EFORMAT);                        /* header size */
	RK_EXPECT_EQ(flip_and_open(72), RK_SIG_EFORMAT);                       /* context */
	RK_EXPECT_EQ(flip_and_open(104), RK_SIG_EFORMAT);                      /* name length */
	RK_EXPECT_EQ(flip_and_open(127), RK_SIG_EFORMAT);                      /* reserved */
	RK_EXPECT_EQ(flip_and_open(HEADER - 1), RK_SIG_EFORMAT);               /* name padding */
	/* A NUL inside the name. */
	reset_copy();
	copy[RK_SIG_HEADER_MIN + 5] = 0;
	RK_EXPECT_EQ(open_copy(rk_crypto_test_container_len), RK_SIG_EFORMAT);
	/* Length one larger: the data ends before the announced payload. */
	reset_copy();
	copy[96] += 1;
	RK_EXPECT_EQ(open_copy(rk_crypto_test_container_len), RK_SIG_ETRUNCATED);
	/* A length that would wrap a 64-bit sum. */
	reset_copy();
	memset(copy + 96, 0xff, 8);
	RK_EXPECT_EQ(open_copy(rk_crypto_test_container_len), RK_SIG_ETRUNCATED);
	/* The old format, whatever follows its magic. */
	reset_copy();
	copy[5] = '1';
	RK_EXPECT_EQ(open_copy(rk_crypto_test_container_len), RK_SIG_EOLDFORMAT);
	RK_EXPECT_EQ(open_copy(6), RK_SIG_EOLDFORMAT);
}

RK_TEST(crypto_sig_refuses_truncation)
{
	static const size_t cut[] = { 1, 2, 100, PAYLOAD_LEN, PAYLOAD_LEN + 20, PAYLOAD_LEN + 60,
				      HEADER + PAYLOAD_LEN - 6, HEADER + PAYLOAD_LEN - 1 };

	reset_copy();
	for (unsigned i = 0; i < RK_ARRAY_SIZE(cut); i++)
		RK_EXPECT_EQ(open_copy(rk_crypto_test_container_len - cut[i]), RK_SIG_ETRUNCATED);
	RK_EXPECT_EQ(open_copy(0), RK_SIG_EUNSIGNED);
	/* One stray byte at the end. */
	copy[rk_crypto_test_container_len] = 0;
	RK_EXPECT_EQ(open_copy(rk_crypto_test_container_len + 1), RK_SIG_ETRAILING);
	/* A payload that never was a container. */
	memcpy(copy, PAYLOAD_HEAD, sizeof PAYLOAD_HEAD - 1);
	RK_EXPECT_EQ(open_copy(sizeof PAYLOAD_HEAD - 1), RK_SIG_EUNSIGNED);
}

RK_TEST(crypto_sig_refuses_wrong_key)
{
	static const uint8_t other[1][32] = { { 0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7,
		0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6,
		0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a } }; /* RFC 8032 TEST 1 */
	const struct rk_sig_keyring ring = { other, 1 }, empty = { 0, 0 };
	struct rk_sig_payload out;
	const char *why;

	RK_EXPECT_EQ(rk_sig_open_with(&ring, rk_crypto_test_container, rk_crypto_test_container_len,
				      NAME, &out, &why), RK_SIG_EUNTRUSTED);
	RK_EXPECT(strcmp(why, "signed by a key that is not trusted") == 0);
	RK_EXPECT(out.name == NULL); /* nothing unverified is handed out */
	RK_EXPECT_EQ(rk_sig_open_with(&empty, rk_crypto_test_container, rk_crypto_test_container_len,
				      NAME, &out, NULL), RK_SIG_ENOKEYS);
	/* The build-time test key is never among the configured keys. */
	int err = rk_sig_open(rk_crypto_test_container, rk_crypto_test_container_len, NAME, &out,
			      &why);
	RK_EXPECT(err == RK_SIG_EUNTRUSTED || err == RK_SIG_ENOKEYS);
}

RK_TEST(crypto_random)
{
	uint8_t a[32], b[32], zero[32] = { 0 };

	RK_EXPECT(sodium_init() >= 0);
	RK_EXPECT_EQ(sodium_init(), 1);
	RK_EXPECT(strcmp(randombytes_implementation_name(), "rumpk-chacha20") == 0);
	randombytes_buf(a, sizeof a);
	randombytes_buf(b, sizeof b);
	RK_EXPECT(memcmp(a, b, sizeof a) != 0);
	RK_EXPECT(memcmp(a, zero, sizeof a) != 0);
	RK_EXPECT(rk_entropy_source_name() != NULL);
	for (int i = 0; i < 100; i++)
		RK_EXPECT(randombytes_uniform(10) < 10);
	randombytes_stir();
	randombytes_buf(b, sizeof b);
	RK_EXPECT(memcmp(a, b, sizeof a) != 0);
}

/* Registration and the seeding order. The test's source fails its first
 * read, then delegates to timer jitter (so the image keeps real entropy).
 * A working chosen source (CONFIG_CRYPTO_RANDOM_SOURCE) always wins, and
 * without CONFIG_CRYPTO_RANDOM_ON_MISSING_FALLBACK no other is ever read.
 * With the fallback and the chosen source missing, the failing read falls
 * back to jitter and the next seed comes from the test's source. */
static unsigned flaky_reads;

static int flaky_read(void *ctx, void *buf, size_t len)
{
	if (flaky_reads++ == 0)
		return -1;
	return rk_jitter_source.read(rk_jitter_source.ctx, buf, len);
}

static const struct rk_entropy_source flaky = {
	.name = "ktest-flaky", .read = flaky_read, .millibits_per_byte = 125,
};

RK_TEST(crypto_entropy_sources)
{
	static const struct rk_entropy_source bad = { .name = "bad", .read = flaky_read };
	uint8_t b[16];

	RK_EXPECT_EQ(rk_entropy_register(NULL), -1);
	RK_EXPECT_EQ(rk_entropy_register(&bad), -1); /* no entropy estimate */
	randombytes_stir();
	const char *before = rk_entropy_source_name();
	RK_EXPECT(before != NULL);
#ifndef CONFIG_CRYPTO_RANDOM_ON_MISSING_FALLBACK
	/* The boot would have stopped if the chosen source were missing. */
	RK_EXPECT(before && strcmp(before, CONFIG_CRYPTO_RANDOM_SOURCE) == 0);
#endif
	RK_EXPECT_EQ(rk_entropy_register(&flaky), 0);
	randombytes_buf(b, sizeof b); /* a new source: reseeds first */
	if (strcmp(before, CONFIG_CRYPTO_RANDOM_SOURCE) == 0) {
		RK_EXPECT_EQ(flaky_reads, 0);
		RK_EXPECT(strcmp(rk_entropy_source_name(), before) == 0);
	} else if (strcmp(before, "jitter") == 0) {
		RK_EXPECT_EQ(flaky_reads, 1);
		RK_EXPECT(strcmp(rk_entropy_source_name(), "jitter") == 0);
		randombytes_stir(); /* the source works from now on */
		RK_EXPECT(flaky_reads > 1);
		RK_EXPECT(strcmp(rk_entropy_source_name(), "ktest-flaky") == 0);
	}
}

RK_TEST(crypto_sign_roundtrip)
{
	uint8_t pk[1][crypto_sign_ed25519_PUBLICKEYBYTES], sk[crypto_sign_ed25519_SECRETKEYBYTES];
	uint8_t sig[crypto_sign_ed25519_BYTES];
	uint8_t msg[] = "signed inside the image";
	const struct rk_sig_keyring ring = { pk, 1 };

	RK_EXPECT_EQ(crypto_sign_ed25519_keypair(pk[0], sk), 0);
	RK_EXPECT_EQ(crypto_sign_ed25519_detached(sig, NULL, msg, sizeof msg, sk), 0);
	RK_EXPECT_EQ(rk_sig_verify_detached_with(&ring, msg, sizeof msg, sig, NULL), RK_SIG_OK);
	msg[0] ^= 1;
	RK_EXPECT_EQ(rk_sig_verify_detached_with(&ring, msg, sizeof msg, sig, NULL), RK_SIG_EBADSIG);
	sodium_memzero(sk, sizeof sk);
}
