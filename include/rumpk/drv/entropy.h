/* SPDX-License-Identifier: BSD-2-Clause */
/* Entropy sources, the driver side: a device or CPU feature that yields
 * random bytes fills a struct rk_entropy_source (rumpk/entropy.h) and
 * registers it when it finds the hardware. */
#ifndef RUMPK_DRV_ENTROPY_H
#define RUMPK_DRV_ENTROPY_H

#include <rumpk/entropy.h>

/* Register src (kept by pointer: it must stay valid). Returns 0, or -1 when
 * src is invalid (no name or read function, an estimate outside 1..8000)
 * or the table (RK_ENTROPY_MAX_SOURCES) is full. */
int rk_entropy_register(const struct rk_entropy_source *src);
#define RK_ENTROPY_MAX_SOURCES 4

#endif
