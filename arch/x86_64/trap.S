/* x86_64 exception entry: one stub per vector makes the stack uniform
 * (a 0 where the CPU pushes no error code, then the vector number), the
 * common code saves every register into a struct rk_trap_frame and calls
 * x86_trap(frame); if that returns, it restores them and irets. */
#include <arch/trap_frame.h>

	.section .text
	.code64

/* Vectors for which the CPU pushes no error code. */
	.irp n, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,22,23,24,25,26,27,28,31
x86_vector_\n:
	pushq	$0
	pushq	$\n
	jmp	x86_trap_common
	.endr

/* #DF, #TS, #NP, #SS, #GP, #PF, #AC, #CP, #VC, #SX push an error code. */
	.irp n, 8,10,11,12,13,14,17,21,29,30
x86_vector_\n:
	pushq	$\n
	jmp	x86_trap_common
	.endr

x86_trap_common:
	pushq	%r15
	pushq	%r14
	pushq	%r13
	pushq	%r12
	pushq	%r11
	pushq	%r10
	pushq	%r9
	pushq	%r8
	pushq	%rbp
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rbx
	pushq	%rax
	subq	$RK_TRAP_FRAME_SW, %rsp
	movq	%cr2, %rax
	movq	%rax, (%rsp)
	movq	%rsp, %rdi
	cld				/* the C ABI expects DF clear */
	call	x86_trap
	addq	$RK_TRAP_FRAME_SW, %rsp
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
	addq	$16, %rsp		/* vector and error code */
	iretq

/* Stub addresses by vector, for the IDT that arch_init() fills in. */
	.section .rodata
	.balign 8
	.globl x86_vector_table
x86_vector_table:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	x86_vector_\n
	.endr

/* Not an executable-stack object (silences GNU ld). */
	.section .note.GNU-stack, "", @progbits
