/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 user mode (arch/aarch64/user.c, user_entry.S): programs run at
 * EL0. The kernel's identity map is TTBR0's and stays as it is; a program's
 * window is in the upper VA range, translated through TTBR1, which each
 * program has its own of: the kernel's tables are never copied, and no
 * kernel page (no EL0 access bit anywhere in them) is reachable from EL0.
 * The program traps with svc #0: x8 = trap number, x0 = argument, the
 * result in x0. PAN is turned on where the CPU has it (ARMv8.1; QEMU's
 * cortex-a53 has not). */
#ifndef ARCH_USER_H
#define ARCH_USER_H

#define ARCH_HAS_USER 1

#define RK_USER_BASE 0xffffff8000000000ul /* TTBR1, level-1 entry 0 */
#define RK_USER_SIZE 0x40000000ul

/* Offsets in struct aarch64_user_ctx, for user_entry.S. */
#define A64_UCTX_KSP 288
#define A64_UCTX_KIND 296

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <arch/trap_frame.h>

struct aarch64_user_ctx {
	struct rk_trap_frame tf;    /* the program's registers, sp = SP_EL0 */
	uint64_t ksp;               /* the kernel's stack while it runs */
	uint64_t kind;              /* A64_TYPE_* of the exception that ended the run */
	uint64_t tpidr_el0;         /* the program's thread pointer (its TLS block) */
};
_Static_assert(__builtin_offsetof(struct aarch64_user_ctx, ksp) == A64_UCTX_KSP, "user_entry.S");
_Static_assert(__builtin_offsetof(struct aarch64_user_ctx, kind) == A64_UCTX_KIND, "user_entry.S");

/* user_entry.S: eret to the program with c->tf's registers, with the user
 * vectors installed; returns when any exception arrives from EL0, with
 * c->tf and c->kind filled in, the kernel vectors back and all of DAIF
 * masked. */
void aarch64_user_run(struct aarch64_user_ctx *c);
/* user.c: a CPU's TTBR1 (the empty table), its TTBR1 walks and PAN; the
 * boot CPU's at the driver level, each secondary's as it starts. */
void aarch64_user_cpu_init(void);
#endif

#endif
