/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the files of crypto/ only. */
#ifndef RUMPK_CRYPTO_INTERNAL_H
#define RUMPK_CRYPTO_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <rumpk/crypto.h>
#include <rumpk/drv/entropy.h>

/* Seed material handed from entropy.c to the generator of random.c. */
#define RK_ENTROPY_SEED_BYTES 64

/* Fill seed with SHA-512-conditioned input worth at least 256 bits of
 * entropy from the chosen source (CONFIG_CRYPTO_RANDOM_CHOICE). When it is
 * missing or fails: a panic (CONFIG_CRYPTO_RANDOM_ON_MISSING_PANIC), or any
 * other registered source, else timer jitter, with a warning
 * (CONFIG_CRYPTO_RANDOM_ON_MISSING_FALLBACK). Prints "entropy: <source>"
 * when the source changes. Never returns without a seed. May sleep in the
 * source. */
void rk_entropy_seed(uint8_t seed[RK_ENTROPY_SEED_BYTES]);
/* True when a source has registered since the last rk_entropy_seed(), so
 * the generator should reseed now rather than at its next interval. */
bool rk_entropy_changed(void);

/* The fallback source (jitter.c). */
extern const struct rk_entropy_source rk_jitter_source;

/* CPU instructions as sources register themselves at RK_INIT_DRIVER, like
 * devices: rdrand.c (x86_64 RDSEED/RDRAND when the CPU has them), zkr.c
 * (the riscv64 seed CSR when the boot hart has it and the firmware lets
 * S-mode read it; it says why not otherwise). */

#endif
