/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 fiber context: what arch_context_switch (context.S) saves. Only
 * the registers the calling convention makes callee-saved, since a switch is
 * an ordinary function call for the compiler: ra (where to resume), sp and
 * s0-s11. gp and tp are fixed registers the kernel never changes (no
 * linker-relaxed gp, no TLS), and the kernel uses no FP registers. A new
 * fiber's first switch "returns" to riscv_fiber_start with entry in s1 and
 * its argument in s2. */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#define RV_CTX_RA 0
#define RV_CTX_SP 8
#define RV_CTX_S0 16 /* s0..s11 follow, 8 bytes each */
#define RV_CTX_SIZE 112

#ifndef __ASSEMBLER__
#include <stdint.h>

struct arch_context {
	uint64_t ra;
	uint64_t sp;
	uint64_t s[12];
};

_Static_assert(sizeof(struct arch_context) == RV_CTX_SIZE, "context.S layout");
#endif

#endif
