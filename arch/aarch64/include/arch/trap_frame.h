/* aarch64 trap frame, as arch/aarch64/vectors.S lays it out on the stack. */
#ifndef ARCH_TRAP_FRAME_H
#define ARCH_TRAP_FRAME_H

#define RK_TRAP_FRAME_SIZE 288 /* a multiple of 16: SP must stay aligned */

/* Byte offsets used by vectors.S. */
#define RK_TF_SP 248
#define RK_TF_ELR 256
#define RK_TF_SPSR 264
#define RK_TF_ESR 272
#define RK_TF_FAR 280

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
#endif

#endif
