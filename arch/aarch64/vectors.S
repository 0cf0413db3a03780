/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 exception vectors and the trap entry/exit paths.
 *
 * The kernel runs at EL1 with SPSel = 0 (on SP_EL0), so its exceptions use
 * the "current EL with SP_EL0" vectors and arrive on SP_EL1, the per-CPU
 * exception stack (include/arch/trap_stack.h). Those vectors check SP_EL0
 * against the bounds of the stack in use, held in the trap block at the
 * top of the exception stack:
 *  - in bounds (the common case): switch back to SP_EL0 and push the trap
 *    frame on the interrupted stack. It has to live there, since
 *    rk_irq_exit may switch fibers and the interrupted one resumes, later,
 *    from its own stack; the eret path restores everything from the frame.
 *  - out of bounds or too low to hold a frame: stay on the exception stack,
 *    build the frame there and report a stack overflow.
 * The other vectors (exceptions while on the exception stack, or from
 * EL0, which never runs) build the frame on the exception stack; if that
 * stack is nearly used up, faults are looping and aarch64_fault_loop ends
 * it. Frames: struct rk_trap_frame (include/arch/trap_frame.h). */
#include <arch/trap_frame.h>
#include <arch/trap_stack.h>

/* A kernel exception: on SP_EL1 = &aarch64_trap_block. 16 instructions. */
.macro kernel_vector kind
	.balign	0x80
	sub	sp, sp, #RK_TRAP_FRAME_SIZE
	stp	x0, x1, [sp]
	mrs	x0, sp_el0
	ldr	x1, [sp, #(RK_TRAP_FRAME_SIZE + A64_TB_LIMIT)]
	sub	x0, x0, x1		/* below limit wraps to a huge value */
	ldr	x1, [sp, #(RK_TRAP_FRAME_SIZE + A64_TB_SPAN)]
	cmp	x0, x1
	mov	x1, #\kind
	b.hi	stack_overflow_entry	/* frame already on the exception stack */
	ldp	x0, x1, [sp]
	add	sp, sp, #RK_TRAP_FRAME_SIZE
	msr	spsel, #0		/* back to the interrupted stack */
	sub	sp, sp, #RK_TRAP_FRAME_SIZE
	stp	x0, x1, [sp]
	mov	x1, #\kind
	b	kernel_trap
.endm

/* Anything else: the frame goes on SP_EL1, which must have room left. */
.macro exc_stack_vector kind
	.balign	0x80
	sub	sp, sp, #RK_TRAP_FRAME_SIZE
	stp	x0, x1, [sp]
	this_exc_floor x0
	cmp	sp, x0
	b.lo	fault_loop_entry
	mov	x1, #\kind
	b	exc_stack_trap
.endm

/* reg = the lowest SP_EL1 an exception may leave below its frame. */
.macro this_exc_floor reg
#ifdef CONFIG_SMP
	mrs	\reg, tpidr_el1
	ldr	\reg, [\reg, #A64_TB_EXC_FLOOR]
#else
	adrp	\reg, aarch64_exc_stack + A64_EXC_STACK_RESERVE
	add	\reg, \reg, :lo12:(aarch64_exc_stack + A64_EXC_STACK_RESERVE)
#endif
.endm

/* reg = this CPU's trap block, the top of its exception stack. */
.macro this_trap_block reg
#ifdef CONFIG_SMP
	mrs	\reg, tpidr_el1
#else
	adrp	\reg, aarch64_trap_block
	add	\reg, \reg, :lo12:aarch64_trap_block
#endif
.endm

/* x2..x29 and the exception registers; x0/x1 are in place already, x30
 * and sp are stored by the caller (sp differs between the paths). */
.macro save_regs
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #RK_TF_ELR]
	mrs	x2, esr_el1
	mrs	x3, far_el1
	stp	x2, x3, [sp, #RK_TF_ESR]
.endm

	/* Own section so the linker keeps the table's 2 KiB alignment. */
	.section .text.vectors, "ax"
	.balign	0x800			/* VBAR_EL1 bits 10:0 are RES0 */
	.globl	aarch64_vectors
aarch64_vectors:
	/* See A64_KIND in include/arch/trap_frame.h for the numbering. */
	.irp	k, 0, 1, 2, 3
	kernel_vector \k
	.endr
	.irp	k, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	exc_stack_vector \k
	.endr

kernel_trap:			/* on SP_EL0, frame at sp, x1 = kind */
	save_regs
	add	x2, sp, #RK_TRAP_FRAME_SIZE	/* sp as it was when the trap hit */
	stp	x30, x2, [sp, #240]
	mov	x0, sp
	bl	aarch64_trap
	/* Fall through. Possibly much later: the fiber may have been switched
	 * out in between, and resumes here on its own stack. */
trap_return:			/* frame at sp, on whichever stack took it */
	ldp	x2, x3, [sp, #RK_TF_ELR]
	msr	elr_el1, x2
	msr	spsr_el1, x3		/* also restores SPSel and the DAIF mask */
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #RK_TRAP_FRAME_SIZE
	eret

exc_stack_trap:			/* on SP_EL1, frame at sp, x1 = kind */
	save_regs
	add	x2, sp, #RK_TRAP_FRAME_SIZE
	stp	x30, x2, [sp, #240]
	mov	x0, sp
	bl	aarch64_trap
	b	trap_return

stack_overflow_entry:		/* on SP_EL1, frame at sp, x1 = kind */
	save_regs
	mrs	x2, sp_el0		/* the stack pointer that left its stack */
	stp	x30, x2, [sp, #240]
	mov	x0, sp
	mov	x29, xzr		/* backtraces end here */
	bl	aarch64_stack_overflow
	b	aarch64_fault_loop	/* not reached: it does not return */

fault_loop_entry:		/* the exception stack is nearly used up */
	this_trap_block x0
	mov	sp, x0			/* start it afresh: nothing on it matters now */
	mov	x29, xzr
	b	aarch64_fault_loop

/* void aarch64_on_exception_stack(struct rk_trap_frame *f, unsigned long kind,
 *                                 void (*fn)(struct rk_trap_frame *, unsigned long))
 * For a trap handler on a nearly full fiber stack: run fn on the exception
 * stack, which is idle while a kernel trap is handled. fn never returns. */
	.section .text.aarch64_on_exception_stack, "ax"
	.globl	aarch64_on_exception_stack
aarch64_on_exception_stack:
	msr	spsel, #1
	this_trap_block x3
	mov	sp, x3
	mov	x29, xzr
	blr	x2
	b	aarch64_fault_loop
