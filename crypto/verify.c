/* SPDX-License-Identifier: BSD-2-Clause */
/* Signed payloads: the RKSIG2 container parser and Ed25519 checks against a
 * keyring. The format is specified in docs/signing.md; scripts/rumpk-sign
 * writes it and uses the same refusal sentences, so a message seen on the
 * console can be reproduced on the host with 'rumpk-sign verify'.
 *
 * Everything here reads untrusted bytes: every length is checked before the
 * bytes it covers are touched, and nothing is handed out before the
 * signature has been verified. Field offsets are used instead of a struct so
 * that no padding, alignment or byte-order assumption is involved (the
 * container may sit at any address; aarch64 runs with strict alignment). */
#include <stdint.h>
#include <string.h>
#include <rumpk/crypto.h>
#include <sodium/crypto_hash_sha512.h>
#include <sodium/crypto_sign_ed25519.h>

/* Header layout of RKSIG2 (all integers little-endian). The signature
 * covers the bytes from SIGNED_OFF to the end of the payload: the context
 * string, key id, payload length, name length, reserved bytes, the name and
 * its padding, then the payload. */
#define MAGIC "RKSIG2"
#define MAGIC_LEN 6
#define FAMILY_LEN 5     /* "RKSIG", then the version digit */
#define HDRSIZE_OFF 6    /* u16: RK_SIG_HEADER_MIN + the name rounded up to 16 */
#define SIG_OFF 8        /* RK_SIG_BYTES */
#define SIGNED_OFF 72
#define CONTEXT_OFF 72   /* CONTEXT_LEN bytes, no terminator */
#define CONTEXT "rumpk-payload-v2"
#define CONTEXT_LEN 16
#define KEYID_OFF 88     /* RK_SIG_KEYIDBYTES */
#define PAYLOAD_LEN_OFF 96 /* u64 */
#define NAME_LEN_OFF 104 /* u16: 1..RK_SIG_NAME_MAX */
#define RESERVED_OFF 106 /* must be zero */
#define RESERVED_LEN 22
#define NAME_OFF RK_SIG_HEADER_MIN /* the name, then zeros up to the header size */
#define NAME_ALIGN 16    /* keeps the payload as aligned as the container */

_Static_assert(SIG_OFF + RK_SIG_BYTES == SIGNED_OFF, "signature ends where the signed part starts");
_Static_assert(RESERVED_OFF + RESERVED_LEN == RK_SIG_HEADER_MIN, "fixed fields fill 128 bytes");
_Static_assert(sizeof(CONTEXT) - 1 == CONTEXT_LEN, "context string length");
_Static_assert(RK_SIG_HEADER_MIN + ((RK_SIG_NAME_MAX + NAME_ALIGN - 1) & -NAME_ALIGN) ==
		       RK_SIG_HEADER_MAX, "largest header");
_Static_assert(crypto_sign_ed25519_BYTES == RK_SIG_BYTES &&
		       crypto_sign_ed25519_PUBLICKEYBYTES == RK_SIG_PUBLICKEYBYTES,
	       "Ed25519 sizes");

/* Built from CONFIG_CRYPTO_TRUSTED_KEYS (trusted_keys.c, generated). */
extern const struct rk_sig_keyring rk_sig_configured_keyring;

const struct rk_sig_keyring *rk_sig_trusted_keys(void)
{
	return &rk_sig_configured_keyring;
}

const char *rk_sig_strerror(int err)
{
	switch (err) {
	case RK_SIG_OK: return "signature verified";
	case RK_SIG_EUNSIGNED: return "not signed: no RKSIG header";
	case RK_SIG_ETRUNCATED: return "truncated: ends before the end of its signed payload";
	case RK_SIG_EFORMAT: return "malformed header or unsupported container version";
	case RK_SIG_ETRAILING: return "unexpected bytes after the signed payload";
	case RK_SIG_ENOKEYS: return "no trusted keys configured";
	case RK_SIG_EUNTRUSTED: return "signed by a key that is not trusted";
	case RK_SIG_EBADSIG: return "bad signature: the data was modified after signing";
	case RK_SIG_EOLDFORMAT:
		return "old format RKSIG1, whose signature does not cover the name; "
		       "sign it again with rumpk-sign";
	case RK_SIG_ENAME: return "signed for another name";
	default: return "unknown signature error";
	}
}

static int fail(int err, const char **reason)
{
	if (reason)
		*reason = rk_sig_strerror(err);
	return err;
}

static uint64_t get_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

void rk_sig_key_id(const uint8_t pk[RK_SIG_PUBLICKEYBYTES], uint8_t id[RK_SIG_KEYIDBYTES])
{
	uint8_t h[crypto_hash_sha512_BYTES];

	crypto_hash_sha512(h, pk, RK_SIG_PUBLICKEYBYTES);
	memcpy(id, h, RK_SIG_KEYIDBYTES);
}

static int ring_empty(const struct rk_sig_keyring *ring)
{
	return !ring || !ring->keys || ring->count == 0;
}

/* The header fields a key check needs. */
struct header {
	size_t size;         /* where the payload starts */
	uint64_t payload_len;
	size_t name_len;
};

/* Header checks that need no key: 0 with *h filled in, or an error. */
static int parse_header(const uint8_t *b, size_t len, struct header *h)
{
	static const uint8_t zero[RESERVED_LEN]; /* also covers the name padding */
	_Static_assert(NAME_ALIGN - 1 <= RESERVED_LEN, "padding is compared against zero[]");

	if (len < MAGIC_LEN) {
		/* Too short to tell: a prefix of the magic is a cut-off
		 * container, anything else was never one. */
		return len && memcmp(b, MAGIC, len) == 0 ? RK_SIG_ETRUNCATED : RK_SIG_EUNSIGNED;
	}
	if (memcmp(b, MAGIC, FAMILY_LEN) != 0)
		return RK_SIG_EUNSIGNED;
	/* The version digit: RKSIG1 signed no name, so a valid one could be
	 * replayed under any file name. Refused outright, whatever follows. */
	if (b[FAMILY_LEN] == '1')
		return RK_SIG_EOLDFORMAT;
	if (b[FAMILY_LEN] != MAGIC[FAMILY_LEN])
		return RK_SIG_EFORMAT;
	if (len < RK_SIG_HEADER_MIN)
		return RK_SIG_ETRUNCATED;
	h->name_len = (size_t)get_le(b + NAME_LEN_OFF, 2);
	h->size = RK_SIG_HEADER_MIN + ((h->name_len + NAME_ALIGN - 1) & ~(size_t)(NAME_ALIGN - 1));
	if (h->name_len < 1 || h->name_len > RK_SIG_NAME_MAX ||
	    get_le(b + HDRSIZE_OFF, 2) != h->size ||
	    memcmp(b + CONTEXT_OFF, CONTEXT, CONTEXT_LEN) != 0 ||
	    memcmp(b + RESERVED_OFF, zero, RESERVED_LEN) != 0)
		return RK_SIG_EFORMAT;
	if (len < h->size)
		return RK_SIG_ETRUNCATED;
	/* A NUL would make the name mean one thing to C string functions and
	 * another to a byte comparison; the padding is zero, like reserved. */
	if (memchr(b + NAME_OFF, 0, h->name_len) ||
	    memcmp(b + NAME_OFF + h->name_len, zero, h->size - NAME_OFF - h->name_len) != 0)
		return RK_SIG_EFORMAT;
	h->payload_len = get_le(b + PAYLOAD_LEN_OFF, 8);
	/* Compare in uint64_t: a huge announced length must not wrap. */
	uint64_t have = (uint64_t)(len - h->size);
	if (h->payload_len > have)
		return RK_SIG_ETRUNCATED;
	if (h->payload_len < have)
		return RK_SIG_ETRAILING;
	return RK_SIG_OK;
}

int rk_sig_open_with(const struct rk_sig_keyring *ring, const void *buf, size_t len,
		     const char *name, struct rk_sig_payload *out, const char **reason)
{
	const uint8_t *b = buf;
	struct header h;
	int err;

	memset(out, 0, sizeof(*out));
	if (!b)
		len = 0;
	err = parse_header(b, len, &h);
	if (err)
		return fail(err, reason);
	if (ring_empty(ring))
		return fail(RK_SIG_ENOKEYS, reason);

	/* Try every trusted key with the announced id (ids are 64 bits, so
	 * two keys sharing one is possible, if unlikely). */
	int known = 0;
	for (size_t i = 0; i < ring->count; i++) {
		uint8_t id[RK_SIG_KEYIDBYTES];

		rk_sig_key_id(ring->keys[i], id);
		if (memcmp(id, b + KEYID_OFF, RK_SIG_KEYIDBYTES) != 0)
			continue;
		known = 1;
		if (crypto_sign_ed25519_verify_detached(b + SIG_OFF, b + SIGNED_OFF,
							(unsigned long long)(len - SIGNED_OFF),
							ring->keys[i]) != 0)
			continue;
		/* Verified: the name and key id are the signer's, so they
		 * may be reported even when the name is not the caller's. */
		out->name = (const char *)b + NAME_OFF;
		out->name_len = h.name_len;
		memcpy(out->key_id, id, RK_SIG_KEYIDBYTES);
		if (name && (strlen(name) != h.name_len || memcmp(name, out->name, h.name_len) != 0))
			return fail(RK_SIG_ENAME, reason);
		out->data = b + h.size;
		out->len = (size_t)h.payload_len;
		if (reason)
			*reason = rk_sig_strerror(RK_SIG_OK);
		return RK_SIG_OK;
	}
	return fail(known ? RK_SIG_EBADSIG : RK_SIG_EUNTRUSTED, reason);
}

int rk_sig_open(const void *buf, size_t len, const char *name, struct rk_sig_payload *out,
		const char **reason)
{
	return rk_sig_open_with(rk_sig_trusted_keys(), buf, len, name, out, reason);
}
int rk_sig_verify_detached_with(const struct rk_sig_keyring *ring, const void *msg, size_t len,
				const uint8_t sig[RK_SIG_BYTES], const char **reason)
{
	if (ring_empty(ring))
		return fail(RK_SIG_ENOKEYS, reason);
	for (size_t i = 0; i < ring->count; i++) {
		if (crypto_sign_ed25519_verify_detached(sig, msg, (unsigned long long)len,
							ring->keys[i]) == 0) {
			if (reason)
				*reason = rk_sig_strerror(RK_SIG_OK);
			return RK_SIG_OK;
		}
	}
	return fail(RK_SIG_EBADSIG, reason);
}

int rk_sig_verify_detached(const void *msg, size_t len, const uint8_t sig[RK_SIG_BYTES],
			   const char **reason)
{
	return rk_sig_verify_detached_with(rk_sig_trusted_keys(), msg, len, sig, reason);
}
