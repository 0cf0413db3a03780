/* SPDX-License-Identifier: BSD-2-Clause */
/* Polling the Zkr seed CSR into a buffer (see zkr_seed.h). The policy:
 * ES16 words are consumed; WAIT and BIST are transient states that the spec
 * tells software to poll through, but real hardware that is broken in a way
 * its self-test misses could stay there, so the wait is bounded and the
 * caller falls back to another source; DEAD is final. */
#include "zkr_seed.h"

int rk_zkr_fill(rk_zkr_poll_fn poll, void *ctx, uint8_t *buf, size_t len,
		unsigned max_polls, const char **reason)
{
	while (len) {
		enum rk_zkr_opst last = RK_ZKR_WAIT;
		uint32_t word = 0;
		unsigned polls = 0;

		for (;;) {
			if (polls == max_polls) {
				*reason = last == RK_ZKR_BIST
						  ? "the seed CSR stayed in its self-test (BIST)"
						  : "the seed CSR gave no entropy in time (WAIT)";
				return RK_ZKR_ETIMEOUT;
			}
			polls++;
			if (poll(ctx, &word) != 0) {
				*reason = "reading the seed CSR faulted (S-mode access not enabled)";
				return RK_ZKR_EFATAL;
			}
			last = rk_zkr_opst(word);
			if (last == RK_ZKR_ES16)
				break;
			if (last == RK_ZKR_DEAD) {
				*reason = "the seed CSR reports DEAD (unrecoverable self-test failure)";
				return RK_ZKR_EFATAL;
			}
		}
		uint16_t bits = rk_zkr_entropy(word);

		*buf++ = (uint8_t)bits;
		len--;
		if (len) {
			*buf++ = (uint8_t)(bits >> 8);
			len--;
		}
	}
	return 0;
}
