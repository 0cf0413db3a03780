/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 entry into EL0 and the way back (arch/user.h).
 *
 * The kernel runs on SP_EL0 (SPSel = 0), which EL0 needs for itself: the
 * kernel's stack pointer is kept in the context while a program runs.
 * VBAR_EL1 points at aarch64_user_vectors only between the eret and the
 * next exception: the lower-EL entries save every register of the program
 * into the context, put the kernel's vectors and stack back and return
 * from aarch64_user_run. The context is named by this CPU's trap block
 * (its user field, A64_TB_USER): SP_EL1 rests on the block while the
 * kernel runs and while the program does, so the exception from EL0
 * arrives with the block at sp, on whichever CPU the program runs.
 * Interrupts are served by the caller (user.c), on the fiber's stack, as
 * vectors.S would. */
#include <arch/trap_frame.h>
#include <arch/trap_stack.h>
#include <arch/user.h>

	.section .text.aarch64_user_run, "ax"
	.globl	aarch64_user_run
aarch64_user_run:
	stp	x19, x20, [sp, #-96]!
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	mov	x1, sp
	str	x1, [x0, #A64_UCTX_KSP]
	adrp	x1, aarch64_user_vectors
	add	x1, x1, :lo12:aarch64_user_vectors
	msr	vbar_el1, x1
	msr	spsel, #1		/* sp = SP_EL1 until the eret */
	str	x0, [sp, #A64_TB_USER]	/* this CPU's trap block */
	ldr	x1, [x0, #RK_TF_SP]
	msr	sp_el0, x1
	ldp	x1, x2, [x0, #RK_TF_ELR]
	msr	elr_el1, x1
	msr	spsr_el1, x2		/* EL0t, interrupts unmasked */
	isb
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret

/* An exception from EL0, on SP_EL1; x1 = its A64_TYPE_*. */
.macro from_el0 type
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\type
	b	user_exit
.endm

/* Kernel exceptions never arrive here (the kernel's vectors are back
 * before the kernel runs): pass them on all the same. */
.macro to_kernel off
	.balign	0x80
	b	aarch64_vectors + \off
.endm

	.section .text.aarch64_user_vectors, "ax"
	.balign	0x800
aarch64_user_vectors:
	.irp	off, 0x000, 0x080, 0x100, 0x180, 0x200, 0x280, 0x300, 0x380
	to_kernel \off
	.endr
	from_el0 0
	from_el0 1
	from_el0 2
	from_el0 3
	.irp	off, 0x600, 0x680, 0x700, 0x780
	to_kernel \off
	.endr

user_exit:
	ldr	x0, [sp, #(16 + A64_TB_USER)]	/* above from_el0's pair */
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	stp	x18, x19, [x0, #144]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
	str	x30, [x0, #240]
	ldp	x2, x3, [sp], #16	/* the program's x0, x1 */
	stp	x2, x3, [x0, #0]
	mrs	x2, sp_el0
	str	x2, [x0, #RK_TF_SP]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [x0, #RK_TF_ELR]
	mrs	x2, esr_el1
	mrs	x3, far_el1
	stp	x2, x3, [x0, #RK_TF_ESR]
	str	x1, [x0, #A64_UCTX_KIND]
	adrp	x2, aarch64_vectors
	add	x2, x2, :lo12:aarch64_vectors
	msr	vbar_el1, x2
	ldr	x2, [x0, #A64_UCTX_KSP]
	msr	sp_el0, x2
	msr	spsel, #0		/* back on the fiber's stack */
	isb
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	ldp	x19, x20, [sp], #96
	ret

	.section .note.GNU-stack, "", %progbits
