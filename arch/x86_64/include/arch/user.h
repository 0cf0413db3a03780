/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 user mode (arch/x86_64/user.c, user_entry.S): programs run in
 * ring 3 with a PML4 of their own. Its entry 0 is the kernel's (the
 * identity map, no user bit at the top level: nothing of it is reachable
 * from ring 3); entry 1 leads to the program's window. The program traps
 * with int $0x80 (a DPL-3 gate): rax = trap number, rdi = argument, the
 * result in rax. SMEP and SMAP are turned on where the CPU has them. */
#ifndef ARCH_USER_H
#define ARCH_USER_H

#define ARCH_HAS_USER 1

#define RK_USER_BASE 0x8000000000ul /* PML4 entry 1 */
#define RK_USER_SIZE 0x40000000ul

#define X86_VEC_USER_TRAP 0x80
/* Ring-3 selectors (cpu.c's GDT, in the order sysret would need). */
#define X86_USER_DS (0x30 | 3)
#define X86_USER_CS (0x38 | 3)

/* Offsets in struct x86_user_ctx, for user_entry.S. */
#define X86_UCTX_KSP 192

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <arch/trap_frame.h>

struct x86_user_ctx {
	struct rk_trap_frame tf;    /* the program's registers */
	uint64_t ksp;               /* kernel stack while it runs */
	uint64_t cr3;
};
_Static_assert(__builtin_offsetof(struct x86_user_ctx, ksp) == X86_UCTX_KSP, "user_entry.S");

/* user_entry.S: iretq to the program with c->tf's registers; returns when
 * x86_user_trap hands a trap or fault back (interrupts masked). */
void x86_user_run(struct x86_user_ctx *c);
/* user_entry.S: back into x86_user_run's caller on c's kernel stack. */
__attribute__((noreturn)) void x86_user_resume(struct x86_user_ctx *c);
/* user.c: a trap frame from ring 3 (trap.c sends them all here). */
void x86_user_trap(struct rk_trap_frame *f);
/* cpu.c: the stack ring-3 traps arrive on; the name of an exception. */
void x86_set_rsp0(uint64_t rsp0);
const char *x86_exception_name(uint64_t vector);
#endif

#endif
