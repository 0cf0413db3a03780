/* SPDX-License-Identifier: BSD-2-Clause */
/* Host test of crypto/verify.c and crypto/siphash_id.c, built with
 * ASan + UBSan against the same libsodium files and configuration as the
 * image (test/unit/sign_tests.cmake).
 *
 *   test_sig_host                 self-test (below), exit status 0 on success
 *   test_sig_host open FILE [--name NAME] KEY..
 *                                 open FILE with the given hex public keys
 *                                 (for NAME, else binding no name) and print
 *                                 "ok: N payload bytes" or "refused: <reason>"
 *                                 (exit 0 / 1), to check containers written
 *                                 by scripts/rumpk-sign
 *   test_sig_host seed DIR        write a valid container signed by the
 *                                 fixed fuzz key into DIR (fuzzer corpus)
 *
 * The self-test writes its own containers, following docs/signing.md
 * independently of scripts/rumpk-sign (RKSIG2, and the old RKSIG1 that must
 * be refused), and checks that every single-bit flip and every truncation
 * of one is refused, and that a valid one is refused under any other name.
 * Every copy is in a heap block of its exact size, so that ASan catches any
 * read past the end. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rumpk/crypto.h>
#include <sodium/crypto_hash_sha512.h>
#include <sodium/crypto_sign_ed25519.h>
#include "fuzz_key.h"

/* verify.c reads the configured keys from here; the image generates it. */
static uint8_t configured[1][RK_SIG_PUBLICKEYBYTES];
const struct rk_sig_keyring rk_sig_configured_keyring = { configured, 1 };

/* libsodium needs these from the rest of the port; the tests never make
 * libsodium draw random bytes (keys come from fixed seeds). */
void randombytes_buf(void *const buf, const size_t size)
{
	(void)buf;
	(void)size;
	fprintf(stderr, "randombytes_buf called in a test that uses fixed seeds\n");
	abort();
}

void sodium_misuse(void)
{
	fprintf(stderr, "sodium_misuse\n");
	abort();
}

#include "check.h"

struct key {
	uint8_t pk[1][crypto_sign_ed25519_PUBLICKEYBYTES];
	uint8_t sk[crypto_sign_ed25519_SECRETKEYBYTES];
};

static void make_key(struct key *k, uint8_t seed_byte)
{
	uint8_t seed[crypto_sign_ed25519_SEEDBYTES];

	memset(seed, seed_byte, sizeof seed);
	crypto_sign_ed25519_seed_keypair(k->pk[0], k->sk, seed);
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

/* Header size of an RKSIG2 container whose name has n bytes. */
static size_t header_for(size_t n)
{
	return 128 + (n + 15) / 16 * 16;
}

/* An RKSIG2 container of payload for name, written from the specification:
 * magic, header size, signature, then the signed part (context, key id,
 * payload length, name length, 22 zero bytes, the name padded with zeros
 * to 16 bytes, payload). Caller frees. */
static uint8_t *seal(const struct key *k, const char *name, const void *payload, size_t n,
		     size_t *len)
{
	size_t nl = strlen(name), h = header_for(nl);
	uint8_t *c = calloc(1, h + n);

	if (!c)
		abort();
	memcpy(c, "RKSIG2", 6);
	put_le(c + 6, h, 2);
	memcpy(c + 72, "rumpk-payload-v2", 16);
	rk_sig_key_id(k->pk[0], c + 88);
	put_le(c + 96, n, 8);
	put_le(c + 104, nl, 2);
	memcpy(c + 128, name, nl);
	if (n)
		memcpy(c + h, payload, n);
	crypto_sign_ed25519_detached(c + 8, NULL, c + 72, h - 72 + n, k->sk);
	*len = h + n;
	return c;
}

/* The old format, as Rumpk wrote it before names were signed: a fixed
 * 128-byte header (context rumpk-payload-v1, no name), validly signed. */
static uint8_t *seal_rksig1(const struct key *k, const void *payload, size_t n, size_t *len)
{
	uint8_t *c = calloc(1, 128 + n);

	if (!c)
		abort();
	memcpy(c, "RKSIG1", 6);
	put_le(c + 6, 128, 2);
	memcpy(c + 72, "rumpk-payload-v1", 16);
	rk_sig_key_id(k->pk[0], c + 88);
	put_le(c + 96, n, 8);
	if (n)
		memcpy(c + 128, payload, n);
	crypto_sign_ed25519_detached(c + 8, NULL, c + 72, 128 - 72 + n, k->sk);
	*len = 128 + n;
	return c;
}

/* Open an exact-size copy of buf[0..len) for name. */
static int open_exact(const struct rk_sig_keyring *ring, const uint8_t *buf, size_t len,
		      const char *name, size_t *plen_out)
{
	uint8_t *copy = malloc(len ? len : 1);
	struct rk_sig_payload out;
	const char *why = NULL;

	memset(&out, 0x5a, sizeof(out)); /* must all be overwritten */
	memcpy(copy, buf, len);
	int err = rk_sig_open_with(ring, copy, len, name, &out, &why);
	CHECK(why != NULL && strcmp(why, rk_sig_strerror(err)) == 0);
	if (err == RK_SIG_OK) {
		size_t h = header_for(out.name_len);
		CHECK(out.data == copy + h);
		CHECK_EQ(out.len, len - h);
		CHECK(out.name == (const char *)copy + 128);
		CHECK(!name || (strlen(name) == out.name_len && !memcmp(name, out.name, out.name_len)));
	} else {
		CHECK(out.data == NULL && out.len == 0);
		if (err == RK_SIG_ENAME)
			CHECK(out.name == (const char *)copy + 128 && out.name_len > 0);
		else
			CHECK(out.name == NULL && out.name_len == 0);
	}
	if (plen_out)
		*plen_out = out.len;
	free(copy);
	return err;
}

static void test_roundtrip_and_refusals(void)
{
	struct key a, b;
	static const char text[] = "payload signed on the host test";
	static const char name[] = "/bin/hello";
	size_t len, n;

	make_key(&a, 0x11);
	make_key(&b, 0x22);
	const struct rk_sig_keyring ra = { a.pk, 1 }, rb = { b.pk, 1 }, none = { 0, 0 };
	uint8_t two[2][32];
	memcpy(two[0], b.pk[0], 32);
	memcpy(two[1], a.pk[0], 32);
	const struct rk_sig_keyring both = { two, 2 };

	uint8_t *c = seal(&a, name, text, sizeof text - 1, &len);
	size_t h = header_for(sizeof name - 1);
	CHECK_EQ(open_exact(&ra, c, len, name, &n), RK_SIG_OK);
	CHECK_EQ(n, sizeof text - 1);
	CHECK_EQ(open_exact(&ra, c, len, NULL, &n), RK_SIG_OK);
	CHECK_EQ(open_exact(&both, c, len, name, NULL), RK_SIG_OK);
	CHECK_EQ(open_exact(&rb, c, len, name, NULL), RK_SIG_EUNTRUSTED);
	CHECK_EQ(open_exact(&none, c, len, name, NULL), RK_SIG_ENOKEYS);
	CHECK_EQ(open_exact(NULL, c, len, name, NULL), RK_SIG_ENOKEYS);

	/* The same container under other names: prefixes, extensions, case,
	 * relative spelling, the empty name. */
	static const char *const renamed[] = { "/bin/ls", "/bin/hell", "/bin/hello2", "/BIN/hello",
					       "bin/hello", "/bin//hello", "" };
	for (unsigned i = 0; i < sizeof renamed / sizeof renamed[0]; i++)
		CHECK_EQ(open_exact(&ra, c, len, renamed[i], NULL), RK_SIG_ENAME);

	/* Every single-bit flip anywhere is refused; flips in the signed part
	 * that keep the header well-formed are caught by the signature. */
	size_t accepted = 0, badsig = 0;
	for (size_t i = 0; i < len; i++) {
		for (int bit = 0; bit < 8; bit++) {
			c[i] ^= (uint8_t)(1u << bit);
			int err = open_exact(&ra, c, len, name, NULL);
			accepted += err == RK_SIG_OK;
			badsig += err == RK_SIG_EBADSIG;
			if (i >= h || (i >= 128 && i < 128 + sizeof name - 1 && c[i]))
				CHECK_EQ(err, RK_SIG_EBADSIG); /* payload, or a non-NUL name byte */
			c[i] ^= (uint8_t)(1u << bit);
		}
	}
	CHECK_EQ(accepted, 0);
	CHECK(badsig >= 8 * (64 + sizeof text - 1));

	/* Every truncation, and trailing bytes. */
	for (size_t cut = 0; cut < len; cut++) {
		int err = open_exact(&ra, c, cut, name, NULL);
		CHECK(err == (cut == 0 ? RK_SIG_EUNSIGNED : RK_SIG_ETRUNCATED));
	}
	uint8_t *longer = calloc(1, len + 3);
	memcpy(longer, c, len);
	CHECK_EQ(open_exact(&ra, longer, len + 3, name, NULL), RK_SIG_ETRAILING);
	free(longer);

	/* A payload length that would overflow len - header arithmetic. */
	memset(c + 96, 0xff, 8);
	CHECK_EQ(open_exact(&ra, c, len, name, NULL), RK_SIG_ETRUNCATED);
	free(c);

	/* Name lengths 1, 16 (no padding) and the longest; one too long. */
	char longname[RK_SIG_NAME_MAX + 2];
	memset(longname, 'n', sizeof longname);
	longname[0] = '/';
	for (size_t nl = 1; nl <= RK_SIG_NAME_MAX + 1; nl += (nl == 1 ? 15 : nl == 16 ? 239 : 1)) {
		longname[nl] = 0;
		c = seal(&a, longname, text, sizeof text - 1, &len);
		int want = nl <= RK_SIG_NAME_MAX ? RK_SIG_OK : RK_SIG_EFORMAT;
		CHECK_EQ(open_exact(&ra, c, len, longname, NULL), want);
		CHECK(header_for(nl) <= RK_SIG_HEADER_MAX || want != RK_SIG_OK);
		free(c);
		longname[nl] = 'n';
	}
	/* A name length of 0 (no name) is malformed, whatever the header size. */
	c = seal(&a, "/x", text, sizeof text - 1, &len);
	put_le(c + 104, 0, 2);
	CHECK_EQ(open_exact(&ra, c, len, NULL, NULL), RK_SIG_EFORMAT);
	put_le(c + 6, 128, 2);
	CHECK_EQ(open_exact(&ra, c, len, NULL, NULL), RK_SIG_EFORMAT);
	free(c);

	/* The old format: valid signature by a trusted key, still refused,
	 * with its own reason, however it is cut. */
	c = seal_rksig1(&a, text, sizeof text - 1, &len);
	for (size_t cut = 6; cut <= len; cut += 37)
		CHECK_EQ(open_exact(&ra, c, cut, NULL, NULL), RK_SIG_EOLDFORMAT);
	CHECK_EQ(open_exact(&ra, c, len, name, NULL), RK_SIG_EOLDFORMAT);
	CHECK_EQ(open_exact(&ra, c, 5, name, NULL), RK_SIG_ETRUNCATED);
	c[5] = '3'; /* a version that does not exist (yet) */
	CHECK_EQ(open_exact(&ra, c, len, name, NULL), RK_SIG_EFORMAT);
	free(c);

	/* Empty payload, and a payload that is itself a container. */
	c = seal(&a, name, "", 0, &len);
	CHECK_EQ(open_exact(&ra, c, len, name, &n), RK_SIG_OK);
	CHECK_EQ(n, 0);
	size_t outer_len;
	uint8_t *outer = seal(&b, "/outer", c, len, &outer_len);
	CHECK_EQ(open_exact(&rb, outer, outer_len, "/outer", &n), RK_SIG_OK);
	CHECK_EQ(n, len);
	free(outer);
	free(c);

	/* Not a container at all. */
	CHECK_EQ(open_exact(&ra, (const uint8_t *)"\x7f" "ELF\2\1\1", 7, name, NULL), RK_SIG_EUNSIGNED);
	CHECK_EQ(open_exact(&ra, (const uint8_t *)"RKS", 3, name, NULL), RK_SIG_ETRUNCATED);
	CHECK_EQ(open_exact(&ra, (const uint8_t *)"RKSIGX", 6, name, NULL), RK_SIG_EFORMAT);
	struct rk_sig_payload out;
	CHECK_EQ(rk_sig_open_with(&ra, NULL, 10, name, &out, NULL), RK_SIG_EUNSIGNED);

	/* The configured ring (verify.c's rk_sig_open) is the one defined above. */
	memcpy(configured[0], a.pk[0], 32);
	c = seal(&a, name, text, sizeof text - 1, &len);
	CHECK_EQ(rk_sig_open(c, len, name, &out, NULL), RK_SIG_OK);
	c[len - 1] ^= 0x40;
	const char *why;
	CHECK_EQ(rk_sig_open(c, len, name, &out, &why), RK_SIG_EBADSIG);
	CHECK(strcmp(why, "bad signature: the data was modified after signing") == 0);
	free(c);
}

static void test_detached(void)
{
	/* RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2. */
	static const uint8_t pk1[32] = {
		0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
		0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a };
	static const uint8_t sig1[64] = {
		0xe5, 0x56, 0x43, 0x00, 0xc3, 0x60, 0xac, 0x72, 0x90, 0x86, 0xe2, 0xcc, 0x80, 0x6e, 0x82, 0x8a,
		0x84, 0x87, 0x7f, 0x1e, 0xb8, 0xe5, 0xd9, 0x74, 0xd8, 0x73, 0xe0, 0x65, 0x22, 0x49, 0x01, 0x55,
		0x5f, 0xb8, 0x82, 0x15, 0x90, 0xa3, 0x3b, 0xac, 0xc6, 0x1e, 0x39, 0x70, 0x1c, 0xf9, 0xb4, 0x6b,
		0xd2, 0x5b, 0xf5, 0xf0, 0x59, 0x5b, 0xbe, 0x24, 0x65, 0x51, 0x41, 0x43, 0x8e, 0x7a, 0x10, 0x0b };
	static const uint8_t pk2[32] = {
		0x3d, 0x40, 0x17, 0xc3, 0xe8, 0x43, 0x89, 0x5a, 0x92, 0xb7, 0x0a, 0xa7, 0x4d, 0x1b, 0x7e, 0xbc,
		0x9c, 0x98, 0x2c, 0xcf, 0x2e, 0xc4, 0x96, 0x8c, 0xc0, 0xcd, 0x55, 0xf1, 0x2a, 0xf4, 0x66, 0x0c };
	static const uint8_t sig2[64] = {
		0x92, 0xa0, 0x09, 0xa9, 0xf0, 0xd4, 0xca, 0xb8, 0x72, 0x0e, 0x82, 0x0b, 0x5f, 0x64, 0x25, 0x40,
		0xa2, 0xb2, 0x7b, 0x54, 0x16, 0x50, 0x3f, 0x8f, 0xb3, 0x76, 0x22, 0x23, 0xeb, 0xdb, 0x69, 0xda,
		0x08, 0x5a, 0xc1, 0xe4, 0x3e, 0x15, 0x99, 0x6e, 0x45, 0x8f, 0x36, 0x13, 0xd0, 0xf1, 0x1d, 0x8c,
		0x38, 0x7b, 0x2e, 0xae, 0xb4, 0x30, 0x2a, 0xee, 0xb0, 0x0d, 0x29, 0x16, 0x12, 0xbb, 0x0c, 0x00 };
	uint8_t keys[2][32];
	memcpy(keys[0], pk1, 32);
	memcpy(keys[1], pk2, 32);
	const struct rk_sig_keyring ring = { keys, 2 }, empty = { 0, 0 };
	const uint8_t m2 = 0x72;
	const char *why;

	CHECK_EQ(rk_sig_verify_detached_with(&ring, "", 0, sig1, &why), RK_SIG_OK);
	CHECK_EQ(rk_sig_verify_detached_with(&ring, &m2, 1, sig2, NULL), RK_SIG_OK);
	CHECK_EQ(rk_sig_verify_detached_with(&ring, &m2, 1, sig1, &why), RK_SIG_EBADSIG);
	CHECK(strcmp(why, rk_sig_strerror(RK_SIG_EBADSIG)) == 0);
	CHECK_EQ(rk_sig_verify_detached_with(&empty, &m2, 1, sig2, NULL), RK_SIG_ENOKEYS);
}

static void test_siphash(void)
{
	/* The SipHash-2-4 paper's vectors: key 00..0f, message 00..n-1. */
	static const struct { size_t len; uint64_t id; } v[] = {
		{ 0, 0x726fdb47dd0e0e31ull }, { 8, 0x93f5f5799a932462ull },
		{ 15, 0xa129ca6149be45e5ull }, { 63, 0x958a324ceb064572ull },
	};
	uint8_t key[16], msg[64];

	for (unsigned i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	for (unsigned i = 0; i < 64; i++)
		msg[i] = (uint8_t)i;
	for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++)
		CHECK(rk_siphash_id(key, msg, v[i].len) == v[i].id);
}

static int cmd_open(int argc, char **argv)
{
	FILE *f = fopen(argv[2], "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	rewind(f);
	uint8_t *buf = malloc(size ? (size_t)size : 1);
	if (fread(buf, 1, (size_t)size, f) != (size_t)size)
		return 2;
	fclose(f);

	int first = 3;
	const char *name = NULL;
	if (argc >= 5 && strcmp(argv[3], "--name") == 0) {
		name = argv[4];
		first = 5;
	}
	size_t nkeys = (size_t)(argc - first);
	uint8_t (*keys)[32] = calloc(nkeys ? nkeys : 1, 32);
	for (size_t k = 0; k < nkeys; k++) {
		const char *h = argv[first + k];
		if (strlen(h) != 64)
			return 2;
		for (int i = 0; i < 32; i++) {
			unsigned v;
			if (sscanf(h + 2 * i, "%2x", &v) != 1)
				return 2;
			keys[k][i] = (uint8_t)v;
		}
	}
	const struct rk_sig_keyring ring = { keys, nkeys };
	struct rk_sig_payload out;
	const char *why;
	int err = rk_sig_open_with(&ring, buf, (size_t)size, name, &out, &why);
	if (err == RK_SIG_ENAME)
		printf("refused: %s: it was signed as %.*s\n", why, (int)out.name_len, out.name);
	else if (err)
		printf("refused: %s\n", why);
	else
		printf("ok: %zu payload bytes\n", out.len);
	free(keys);
	free(buf);
	return err ? 1 : 0;
}

static int cmd_seed(const char *dir)
{
	struct key k;
	uint8_t seed[32];
	char path[4096];
	size_t len;

	memcpy(seed, rk_fuzz_seed, sizeof seed);
	crypto_sign_ed25519_seed_keypair(k.pk[0], k.sk, seed);
	uint8_t *c = seal(&k, RK_FUZZ_NAME, "fuzz seed payload", 17, &len);
	snprintf(path, sizeof path, "%s/valid.rksig", dir);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(c, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", path);
		return 2;
	}
	free(c);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "open") == 0)
		return cmd_open(argc, argv);
	if (argc == 3 && strcmp(argv[1], "seed") == 0)
		return cmd_seed(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: test_sig_host [open FILE [--name NAME] HEXKEY... | seed DIR]\n");
		return 2;
	}
	test_roundtrip_and_refusals();
	test_detached();
	test_siphash();
	return check_summary("test_sig_host");
}
