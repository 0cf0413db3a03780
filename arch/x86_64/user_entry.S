/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 entry into ring 3 and the way back (arch/user.h).
 *
 * x86_user_run saves the kernel's callee-saved registers and its context
 * pointer on the fiber's stack, records that stack pointer (16-byte
 * aligned) in the context, makes it TSS.rsp0, and irets to the program.
 * Every trap from ring 3 then arrives through trap.S on that stack (or on
 * an IST stack) and reaches x86_user_trap (user.c): interrupts are served
 * there and iret back to the program; a fault or int $0x80 copies the
 * frame into the context and calls x86_user_resume, which drops whatever
 * is below the saved registers and returns from x86_user_run. */
#include <arch/trap_frame.h>
#include <arch/user.h>

#define TF_RAX RK_TRAP_FRAME_SW

	.section .text.x86_user_run, "ax"
	.code64
	.globl x86_user_run
x86_user_run:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushq	%rdi			/* 16-byte aligned here */
	movq	%rsp, X86_UCTX_KSP(%rdi)
	movq	%rdi, %rbx
	movq	%rsp, %rdi
	call	x86_set_rsp0
	movq	%rbx, %rsp		/* build the iret frame from the context */
	addq	$TF_RAX, %rsp
	x86_pop_gprs
	addq	$16, %rsp		/* vector, error: rip cs rflags rsp ss follow */
	iretq

	.section .text.x86_user_resume, "ax"
	.globl x86_user_resume
x86_user_resume:
	movq	X86_UCTX_KSP(%rdi), %rsp
	popq	%rdi
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret

	.section .note.GNU-stack, "", @progbits
