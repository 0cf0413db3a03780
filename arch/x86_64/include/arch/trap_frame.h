/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 trap frame, as arch/x86_64/trap.S and the CPU lay it out on the
 * stack (lowest address first). */
#ifndef ARCH_TRAP_FRAME_H
#define ARCH_TRAP_FRAME_H

#define RK_TRAP_FRAME_SIZE 192
/* Bytes below the pushed registers: cr2 and padding (see below). */
#define RK_TRAP_FRAME_SW 16

#ifdef __ASSEMBLER__
/* rax .. r15 off the stack, in the frame's order (trap.S's return, and
 * user_entry.S's entry into ring 3 from a saved frame). */
.macro x86_pop_gprs
	popq	%rax
	popq	%rbx
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	popq	%rbp
	popq	%r8
	popq	%r9
	popq	%r10
	popq	%r11
	popq	%r12
	popq	%r13
	popq	%r14
	popq	%r15
.endm
#endif

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct rk_trap_frame {
	uint64_t cr2; /* read before anything else can fault and change it */
	uint64_t pad; /* the CPU aligns rsp to 16 before its pushes: 192 bytes
			 keep the C handler's stack 16-aligned too */
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t vector;
	uint64_t error; /* the CPU's error code, or 0 pushed by the stub */
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

_Static_assert(sizeof(struct rk_trap_frame) == RK_TRAP_FRAME_SIZE, "trap.S layout");
_Static_assert(offsetof(struct rk_trap_frame, rax) == RK_TRAP_FRAME_SW, "trap.S layout");
_Static_assert(RK_TRAP_FRAME_SIZE % 16 == 0, "stack alignment");
#endif

#endif
