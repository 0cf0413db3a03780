/* SPDX-License-Identifier: BSD-2-Clause */
/* Trust: signed payloads, provenance ids and entropy (CONFIG_CRYPTO_SODIUM).
 *
 * Rumpk's rule is that only signed code executes. A signed payload is an
 * RKSIG2 container (docs/signing.md): a header carrying an Ed25519
 * signature and the name the payload was signed for (a program's path),
 * then the payload. scripts/rumpk-sign writes containers on the host;
 * rk_sig_open() checks one against the public keys the image trusts
 * (CONFIG_CRYPTO_TRUSTED_KEYS) and the name the caller gives it, and hands
 * out the payload only when both hold.
 *
 * Every check returns 0 or a negative RK_SIG_E* code, and sets *reason
 * (when reason is not NULL) to a fixed sentence fit for a log line, e.g.
 *     exec: refusing /bin/app: signed by a key that is not trusted
 * None of these functions allocate, block or need sodium_init(). */
#ifndef RUMPK_CRYPTO_H
#define RUMPK_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define RK_SIG_PUBLICKEYBYTES 32 /* Ed25519 public key */
#define RK_SIG_BYTES 64          /* Ed25519 signature */
#define RK_SIG_KEYIDBYTES 8      /* key id: first bytes of SHA-512(public key) */
#define RK_SIG_NAME_MAX 255      /* longest signed name, in bytes */
/* An RKSIG2 header: 128 fixed bytes, then the name padded to 16 bytes. */
#define RK_SIG_HEADER_MIN 128
#define RK_SIG_HEADER_MAX 384

enum rk_sig_error {
	RK_SIG_OK = 0,
	RK_SIG_EUNSIGNED = -1,  /* no RKSIG header at all */
	RK_SIG_ETRUNCATED = -2, /* shorter than its header (or the header) says */
	RK_SIG_EFORMAT = -3,    /* unknown version or malformed header */
	RK_SIG_ETRAILING = -4,  /* bytes after the payload the header announces */
	RK_SIG_ENOKEYS = -5,    /* the keyring is empty: nothing can be trusted */
	RK_SIG_EUNTRUSTED = -6, /* key id of no trusted key */
	RK_SIG_EBADSIG = -7,    /* signature does not verify: modified data */
	RK_SIG_EOLDFORMAT = -8, /* RKSIG1: its signature covers no name */
	RK_SIG_ENAME = -9,      /* validly signed, but for another name */
};
#define RK_SIG_ELAST RK_SIG_ENAME /* the lowest code */

/* The sentence for an error code (the one *reason receives). */
const char *rk_sig_strerror(int err);

/* A set of trusted public keys. rk_sig_trusted_keys() is the one built
 * from CONFIG_CRYPTO_TRUSTED_KEYS; code with keys of its own (tests, a
 * second trust domain) passes its own ring to the *_with functions. */
struct rk_sig_keyring {
	const uint8_t (*keys)[RK_SIG_PUBLICKEYBYTES];
	size_t count;
};
const struct rk_sig_keyring *rk_sig_trusted_keys(void);

/* Key id of a public key: the first RK_SIG_KEYIDBYTES of its SHA-512. It
 * selects the key to try; it is no proof of anything by itself. */
void rk_sig_key_id(const uint8_t pk[RK_SIG_PUBLICKEYBYTES], uint8_t id[RK_SIG_KEYIDBYTES]);

/* What an opened container hands out. data and name point into the
 * container (no copy: valid as long as it is). */
struct rk_sig_payload {
	const void *data;       /* the payload */
	size_t len;
	const char *name;       /* the name it was signed for; not NUL-terminated */
	size_t name_len;
	uint8_t key_id[RK_SIG_KEYIDBYTES]; /* of the key that signed it */
};

/* Check the container buf[0..len) and, on success, fill *out. len must be
 * the container's exact length: trailing bytes are refused. name is the
 * name the caller will use the payload under (rk_exec: the program's
 * absolute path in the initrd); the signed name must equal it byte for
 * byte, or the container is refused with RK_SIG_ENAME: a payload copied
 * under another name is not what its signer signed. NULL binds no name
 * (only for payloads whose name means nothing to the caller). On failure
 * *out is zeroed, except that RK_SIG_ENAME, which comes only after the
 * signature has been verified, leaves out->name and out->key_id set so that
 * the caller can say what the payload was signed as. */
int rk_sig_open(const void *buf, size_t len, const char *name, struct rk_sig_payload *out,
		const char **reason);
int rk_sig_open_with(const struct rk_sig_keyring *ring, const void *buf, size_t len,
		     const char *name, struct rk_sig_payload *out, const char **reason);

/* Verify a detached Ed25519 signature over msg[0..len) made by any trusted
 * key: RK_SIG_OK, RK_SIG_ENOKEYS or RK_SIG_EBADSIG. (Raw Ed25519 over the
 * message, as crypto_sign_ed25519_detached makes it; no RKSIG context.) */
int rk_sig_verify_detached(const void *msg, size_t len, const uint8_t sig[RK_SIG_BYTES],
			   const char **reason);
int rk_sig_verify_detached_with(const struct rk_sig_keyring *ring, const void *msg, size_t len,
				const uint8_t sig[RK_SIG_BYTES], const char **reason);

/* Provenance id: SipHash-2-4 of data under a 16-byte key, as a number
 * (the 8 output bytes read little-endian). With a per-boot random key the
 * ids of loaded programs cannot be predicted or forged from outside; with a
 * fixed key they are stable across boots. Not a signature. */
#define RK_SIPHASH_KEYBYTES 16
uint64_t rk_siphash_id(const uint8_t key[RK_SIPHASH_KEYBYTES], const void *data, size_t len);

/* --- The generator behind libsodium's randombytes ------------------------------ */
/* It seeds from the entropy registry (rumpk/entropy.h; sources register
 * through rumpk/drv/entropy.h, and the generator reseeds at its next use
 * when one does). Raw output is never used directly: enough of it is hashed
 * (SHA-512) to credit 256 bits of entropy into the seed of a ChaCha20
 * generator. */
/* Name of the source the generator was last seeded from ("jitter" for
 * timer jitter), or NULL before the first seed. */
const char *rk_entropy_source_name(void);
/* The generator's first seed, from the chosen source
 * (CONFIG_CRYPTO_RANDOM_CHOICE), with the one line "entropy: <source>", is
 * an RK_INIT_LATE init function of random.c: in fiber context when there is
 * a scheduler (a source may sleep), after the drivers have registered their
 * sources. So every image with this component says at boot which source it
 * really uses, and one whose source is missing stops there
 * (CONFIG_CRYPTO_RANDOM_ON_MISSING_PANIC) rather than at its first key. */

#endif
