/* SPDX-License-Identifier: BSD-2-Clause */
/* The hardware-independent half of the Zkr entropy source (zkr.c): the
 * seed CSR's word format and the polling policy around it. Plain C with no
 * kernel dependency, so that test/unit/test_zkr.c runs it on the host
 * against a simulated CSR. */
#ifndef RUMPK_CRYPTO_ZKR_SEED_H
#define RUMPK_CRYPTO_ZKR_SEED_H

#include <stddef.h>
#include <stdint.h>

/* seed CSR (number 0x015), RISC-V scalar cryptography spec, Zkr: OPST in
 * bits 31:30, entropy in bits 15:0 (valid in ES16 only). Bits 29:16 are
 * reserved or custom and carry nothing we use. */
enum rk_zkr_opst {
	RK_ZKR_BIST = 0, /* self-test running: no entropy yet, poll again */
	RK_ZKR_WAIT = 1, /* no entropy available right now, poll again */
	RK_ZKR_ES16 = 2, /* bits 15:0 hold 16 bits of raw entropy */
	RK_ZKR_DEAD = 3, /* unrecoverable self-test failure: never again */
};

static inline enum rk_zkr_opst rk_zkr_opst(uint32_t word)
{
	return (enum rk_zkr_opst)(word >> 30);
}

static inline uint16_t rk_zkr_entropy(uint32_t word)
{
	return (uint16_t)word;
}

/* One read of the seed CSR: 0 and the 32-bit word, or -1 when the read
 * itself faulted (S-mode access not enabled by the firmware). */
typedef int (*rk_zkr_poll_fn)(void *ctx, uint32_t *word);

/* Failures of rk_zkr_fill. */
#define RK_ZKR_ETIMEOUT (-1) /* WAIT or BIST outlasted the bound: may pass */
#define RK_ZKR_EFATAL (-2)   /* DEAD, or the read faulted: will not pass */

/* Fill buf[0..len) with the entropy bits of ES16 words (little-endian, a
 * final odd byte takes the low half of one word). WAIT and BIST are polled
 * through, up to max_polls reads per word. Returns 0, or RK_ZKR_ETIMEOUT or
 * RK_ZKR_EFATAL with *reason set to a fixed sentence; what was written to
 * buf by then is not to be used. */
int rk_zkr_fill(rk_zkr_poll_fn poll, void *ctx, uint8_t *buf, size_t len,
		unsigned max_polls, const char **reason);

#endif
