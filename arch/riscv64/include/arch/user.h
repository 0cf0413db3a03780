/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 user mode (arch/riscv64/user.c, user_entry.S): programs run in
 * U-mode with an Sv39 root table of their own, which shares the kernel's
 * root entries (supervisor pages, no U bit: the program cannot touch them)
 * and maps the program's window in the last gigabyte of the lower half,
 * which the kernel's identity map leaves out (arch/mmu.h). */
#ifndef ARCH_USER_H
#define ARCH_USER_H

#ifdef CONFIG_RISCV_SV39
#define ARCH_HAS_USER 1
#endif

#define RK_USER_BASE 0x3fc0000000ul
#define RK_USER_SIZE 0x40000000ul

/* Offsets in struct riscv_user_ctx, for user_entry.S. */
#define RV_UCTX_TF 0        /* struct rk_trap_frame: the program's registers */
#define RV_UCTX_KSP 288     /* kernel sp while the program runs */
#define RV_UCTX_KSCRATCH 296 /* the kernel's sscratch (trap block) */

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <arch/trap_frame.h>

struct riscv_user_ctx {
	struct rk_trap_frame tf;
	uint64_t ksp, kscratch;
};
_Static_assert(__builtin_offsetof(struct riscv_user_ctx, ksp) == RV_UCTX_KSP, "user_entry.S");

/* user_entry.S: load the program's registers from c->tf and sret to it;
 * returns when it traps, with c->tf holding its registers and the trap
 * CSRs. Called with interrupts masked; returns with them masked. */
void riscv_user_run(struct riscv_user_ctx *c);
/* trap.c: the name of an exception code. */
const char *riscv_exception_name(uint64_t cause);
#endif

#endif
