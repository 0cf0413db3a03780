/* SPDX-License-Identifier: BSD-2-Clause */
/* Does a RISC-V hart's device-tree ISA description name an extension?
 * Used by zkr.c to decide whether the seed CSR exists before touching it.
 * Plain C with no kernel dependency (tested on the host by
 * test/unit/test_zkr.c). */
#ifndef RUMPK_CRYPTO_RISCV_ISA_H
#define RUMPK_CRYPTO_RISCV_ISA_H

#include <stdbool.h>
#include <stddef.h>

/* True when the riscv,isa string isa[0..len) (a device-tree property: a
 * NUL may end it early) names the multi-letter extension ext (lower case,
 * e.g. "zkr"): as an '_'-separated token, or glued to the single-letter
 * part ("rv64imaczkr"), with or without a version ("zkr1p0"). Case is
 * ignored, as the ISA naming convention says. */
bool rk_riscv_isa_has(const char *isa, size_t len, const char *ext);
/* The same for a riscv,isa-extensions string list (NUL-separated names,
 * newer device trees), where every entry is exactly one name. */
bool rk_riscv_isa_ext_list_has(const char *list, size_t len, const char *ext);

#endif
