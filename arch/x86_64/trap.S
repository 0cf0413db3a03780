/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 trap entry for exceptions and interrupts alike: one stub per
 * vector makes the stack uniform (a 0 where the CPU pushes no error code,
 * then the vector number), the common code saves every register into a
 * struct rk_trap_frame and calls x86_trap(frame); when that returns it
 * restores everything from the frame and irets, which also restores the
 * interrupted RFLAGS.IF.
 *
 * The frame lives on the interrupted fiber's stack (or on an IST stack for
 * #DF, NMI, #MC and #PF), so a fiber preempted inside x86_trap resumes
 * later from right here with its own frame. */
#include <arch/trap_frame.h>
#include <arch/x86.h>
#include <rumpk/x86_irq.h>
#include <arch/user.h>

#define FRAME_VECTOR (RK_TRAP_FRAME_SW + 15 * 8)

	.section .text.x86_trap_entry, "ax"
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

#ifdef CONFIG_TIME
/* Interrupt stubs: GSI and MSI vectors 0x20-0x7f, whose addresses also go into
 * x86_interrupt_stubs (vector order) for cpu.c, then the local APIC's. */
	.macro	interrupt_stub vec
	pushq	$0
	pushq	$\vec
	jmp	x86_trap_common
	.endm

	.macro	gsi_stub vec
1:	interrupt_stub \vec
	.pushsection .rodata.x86_interrupt_stubs, "a"
	.quad	1b
	.popsection
	.endm

	.pushsection .rodata.x86_interrupt_stubs, "a"
	.balign 8
	.globl x86_interrupt_stubs
x86_interrupt_stubs:
	.popsection
	.irp hi, 2,3,4,5,6,7
	.irp lo, 0,1,2,3,4,5,6,7,8,9,a,b,c,d,e,f
	gsi_stub 0x\hi\()\lo
	.endr
	.endr
	.pushsection .rodata.x86_interrupt_stubs, "a"
	.if . - x86_interrupt_stubs - 8 * X86_NR_IRQ_VECTORS
	.error "the stubs must cover X86_NR_IRQ_VECTORS vectors"
	.endif
	.popsection

	.globl x86_timer_stub, x86_lapic_error_stub, x86_spurious_stub
x86_timer_stub:
	interrupt_stub X86_VEC_TIMER
x86_lapic_error_stub:
	interrupt_stub X86_VEC_LAPIC_ERROR
x86_spurious_stub:
	interrupt_stub X86_VEC_SPURIOUS
#ifdef CONFIG_SMP
	.globl x86_ipi_stub
x86_ipi_stub:
	interrupt_stub X86_VEC_IPI
#endif
#endif

#ifdef CONFIG_EXEC
/* int $0x80: the programs' trap from ring 3 (arch/user.h). */
	.globl x86_user_trap_stub
x86_user_trap_stub:
	pushq	$0
	pushq	$X86_VEC_USER_TRAP
	jmp	x86_trap_common
#endif

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
	cld				/* the C ABI expects DF clear */
	/* cr2 only means something for exceptions; interrupts skip the
	 * read, which a paravirtualised CPU may have to emulate. */
	xorl	%eax, %eax
	cmpq	$32, FRAME_VECTOR(%rsp)
	jae	1f
	movq	%cr2, %rax
1:	movq	%rax, (%rsp)

	/* Did this frame land below the bottom of the stack in use (within
	 * the guard page under it)? Then the stack overflowed and nothing
	 * more may run on it: report from the #DF stack, which is free
	 * unless a double fault is being handled, and that is fatal too.
	 * Traps on the IST stacks never match: those sit below a guard page
	 * of their own, far from any fiber stack. */
#ifdef CONFIG_SMP
	/* This CPU's bounds: rcx = its index * 8, from the task register
	 * (arch/smp.h). */
	strl	%ecx
	subl	$X86_TSS_SEL_CPU(0), %ecx
	shrl	$1, %ecx		/* / X86_TSS_DESC_SIZE * 8 */
	movq	%rsp, %rax
	subq	x86_stack_guard_lo(%rcx), %rax
	cmpq	x86_stack_guard_len(%rcx), %rax
#else
	movq	%rsp, %rax
	subq	x86_stack_guard_lo(%rip), %rax
	cmpq	x86_stack_guard_len(%rip), %rax
#endif
	jb	2f

	movq	%rsp, %rdi
	call	x86_trap
	addq	$RK_TRAP_FRAME_SW, %rsp
	x86_pop_gprs
	addq	$16, %rsp		/* vector and error code */
	iretq

2:	movq	%rsp, %rdi
#ifdef CONFIG_SMP
	movq	x86_df_stack_tops(%rcx), %rsp
#else
	leaq	x86_df_stack_top(%rip), %rsp
#endif
	call	x86_stack_overflow	/* does not return */
	ud2

/* Exception stub addresses by vector, for the IDT that cpu.c fills in. */
	.section .rodata.x86_vector_table, "a"
	.balign 8
	.globl x86_vector_table
x86_vector_table:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	x86_vector_\n
	.endr

/* Not an executable-stack object (silences GNU ld). */
	.section .note.GNU-stack, "", @progbits
