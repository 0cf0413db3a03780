/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 trap frame, as arch/aarch64/vectors.S lays it out on the stack,
 * and the 'kind' number every vector passes to the C handlers. */
#ifndef ARCH_TRAP_FRAME_H
#define ARCH_TRAP_FRAME_H

#define RK_TRAP_FRAME_SIZE 288 /* a multiple of 16: SP must stay aligned */

/* Byte offsets used by vectors.S. */
#define RK_TF_SP 248
#define RK_TF_ELR 256
#define RK_TF_SPSR 264
#define RK_TF_ESR 272
#define RK_TF_FAR 280

/* kind = 4 * source + type, in vector table order. Sources: the kernel
 * (EL1 on SP_EL0, the normal case), EL1 on SP_EL1 (the exception stack:
 * only while reporting a fault), and the lower ELs, which never run. */
#define A64_SRC_KERNEL 0
#define A64_SRC_EXC_STACK 1
#define A64_SRC_EL0_A64 2
#define A64_SRC_EL0_A32 3
#define A64_TYPE_SYNC 0
#define A64_TYPE_IRQ 1
#define A64_TYPE_FIQ 2
#define A64_TYPE_SERROR 3
#define A64_KIND(src, type) ((src) * 4 + (type))
#define A64_KIND_SRC(k) ((k) >> 2)
#define A64_KIND_TYPE(k) ((k) & 3)

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

/* x[0..30] hold x0..x30 (x30 = lr); sp is the SP when the exception hit.
 * sp directly follows x30 so x0..x30 and sp dump as one array. */
struct rk_trap_frame {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr, spsr, esr, far;
};

_Static_assert(sizeof(struct rk_trap_frame) == RK_TRAP_FRAME_SIZE, "vectors.S layout");
_Static_assert(offsetof(struct rk_trap_frame, sp) == RK_TF_SP, "vectors.S layout");
_Static_assert(offsetof(struct rk_trap_frame, elr) == RK_TF_ELR, "vectors.S layout");
_Static_assert(offsetof(struct rk_trap_frame, far) == RK_TF_FAR, "vectors.S layout");

/* vectors.S -> trap.c, on the stack that holds the frame. */
void aarch64_trap(struct rk_trap_frame *f, unsigned long kind);
#endif

#endif
