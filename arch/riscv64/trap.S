/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 trap entry and exit (stvec, direct mode).
 *
 * Every trap first checks the interrupted stack pointer against the limit
 * in the per-CPU trap block (include/arch/trap_stack.h), which sscratch
 * always points to. A trap that arrives with sp below the limit (the stack
 * overflowed, or has no room left for a frame) must not push anything onto
 * that stack: it would fault again and again. It is reported from the
 * emergency stack instead. The check costs two CSR swaps, a load, a store
 * and a branch.
 *
 * Interrupts save only what a C call may clobber, so that the common path
 * stays short; exceptions (all fatal, bar the listed fixups, trap.c) save
 * the whole register file for the dump. gp and tp are fixed registers in
 * the psABI that the kernel never changes, so neither traps nor fiber
 * switches carry them. The exit path restores sepc and
 * sstatus from the frame, not from the CSRs: rk_irq_exit may switch to
 * another fiber, which takes traps of its own before this one resumes. */
#include <arch/fixup.h>
#include <arch/trap_frame.h>
#include <arch/trap_stack.h>

/* ra, t1-t2, a0-a7, t3-t6: t0 (x5) is saved separately, via the block. */
#define CALLER_SAVED 1, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 28, 29, 30, 31
/* gp, tp, s0-s11 */
#define CALLEE_SAVED 3, 4, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27

	.section .text.riscv_trap_entry, "ax"
	.balign 4	/* stvec direct mode needs 4-byte alignment */
	.globl riscv_trap_entry
riscv_trap_entry:
	csrrw	sp, sscratch, sp		/* sp = trap block, sscratch = old sp */
	sd	t0, RV_TRAP_SCRATCH(sp)
	ld	t0, RV_TRAP_LIMIT(sp)
	csrrw	sp, sscratch, sp		/* back on the interrupted stack */
	bltu	sp, t0, riscv_trap_overflow

	addi	sp, sp, -RK_TRAP_FRAME_SIZE
	.irp n, CALLER_SAVED
	sd	x\n, RV_TF_X(\n)(sp)
	.endr
	csrr	t0, sscratch
	ld	t0, RV_TRAP_SCRATCH(t0)
	sd	t0, RV_TF_X(5)(sp)
	csrr	t1, sepc
	csrr	t2, sstatus
	csrr	a1, scause
	sd	t1, RV_TF_SEPC(sp)
	sd	t2, RV_TF_SSTATUS(sp)
	sd	a1, RV_TF_SCAUSE(sp)
	mv	a0, sp
	bgez	a1, .Lexception			/* scause bit 63: interrupt */
	call	riscv_interrupt			/* (frame, scause) */

.Lreturn:
	ld	t1, RV_TF_SEPC(sp)
	ld	t2, RV_TF_SSTATUS(sp)
	csrw	sepc, t1
	csrw	sstatus, t2			/* SPP and SPIE of this trap */
	.irp n, CALLER_SAVED, 5
	ld	x\n, RV_TF_X(\n)(sp)
	.endr
	addi	sp, sp, RK_TRAP_FRAME_SIZE
	sret

.Lexception:
	.irp n, CALLEE_SAVED
	sd	x\n, RV_TF_X(\n)(sp)
	.endr
	addi	t0, sp, RK_TRAP_FRAME_SIZE
	sd	t0, RV_TF_X(2)(sp)
	csrr	t0, stval
	sd	t0, RV_TF_STVAL(sp)
	call	riscv_exception			/* returns only after a fixup */
	j	.Lreturn

/* sp is below the limit, t0 = limit, the interrupted t0 is in the block. */
riscv_trap_overflow:
	csrrw	sp, sscratch, sp		/* sp = block = emergency stack top */
	sd	zero, RV_TRAP_LIMIT(sp)		/* traps from here on nest normally */
	addi	sp, sp, -RK_TRAP_FRAME_SIZE
	.irp n, CALLER_SAVED, CALLEE_SAVED
	sd	x\n, RV_TF_X(\n)(sp)
	.endr
	addi	t0, sp, RK_TRAP_FRAME_SIZE
	csrrw	t1, sscratch, t0		/* t1 = overflowed sp; sscratch = block */
	sd	t1, RV_TF_X(2)(sp)
	ld	t1, RV_TRAP_SCRATCH(t0)
	sd	t1, RV_TF_X(5)(sp)
	csrr	t1, sepc
	sd	t1, RV_TF_SEPC(sp)
	csrr	t1, sstatus
	sd	t1, RV_TF_SSTATUS(sp)
	csrr	t1, scause
	sd	t1, RV_TF_SCAUSE(sp)
	csrr	t1, stval
	sd	t1, RV_TF_STVAL(sp)
	mv	a0, sp
	call	riscv_stack_overflow
1:	j	1b

/* int riscv_probe_stimecmp(void): 1 if S-mode may access Sstc's stimecmp.
 * When it may not (no Sstc, or the firmware left menvcfg.STCE clear), the
 * read is an illegal instruction, and riscv_exception resumes at 2: through
 * the fixup table (arch/fixup.h) with a0 still 0. */
	.section .text.riscv_probe_stimecmp, "ax"
	.globl riscv_probe_stimecmp
riscv_probe_stimecmp:
	li	a0, 0
1:	csrr	t0, 0x14d
	li	a0, 1
2:	ret
	RV_FIXUP 1b, 2b
