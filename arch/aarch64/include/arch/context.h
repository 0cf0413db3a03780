/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 fiber context: what arch_context_switch (context.S) saves. A
 * switch is an ordinary call for the compiler, so only the callee-saved
 * registers of the AAPCS64 are kept: x19-x28, the frame pointer x29, the
 * link register x30 (where the fiber resumes) and sp. The kernel is built
 * -mgeneral-regs-only, so there is no FP/SIMD state, and the interrupt mask
 * is not part of the context (callers mask around the switch). Kernel code
 * runs at EL1 on SP_EL0 (see vectors.S), so 'sp' is SP_EL0. */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#define A64_CTX_X19 0  /* x19..x28, 8 bytes each */
#define A64_CTX_FP 80  /* x29 */
#define A64_CTX_LR 88  /* x30 */
#define A64_CTX_SP 96
#define A64_CTX_SIZE 104

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct arch_context {
	uint64_t x19_x28[10];
	uint64_t fp, lr, sp;
};

_Static_assert(sizeof(struct arch_context) == A64_CTX_SIZE, "context.S layout");
_Static_assert(offsetof(struct arch_context, fp) == A64_CTX_FP, "context.S layout");
_Static_assert(offsetof(struct arch_context, sp) == A64_CTX_SP, "context.S layout");
#endif

#endif
