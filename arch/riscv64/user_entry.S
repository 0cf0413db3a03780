/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 user-mode entry and exit (arch/user.h).
 *
 * stvec points at riscv_user_vector only while a program runs: every trap
 * from U-mode lands there, and trap.S's kernel entry (which assumes a
 * kernel stack in sp) never sees a user sp. sscratch holds the program's
 * context meanwhile instead of the trap block; the vector saves all 31
 * registers into it, puts back the kernel's stvec and sscratch, and
 * returns from riscv_user_run on the kernel stack, callee-saved registers,
 * gp and tp restored (the program may have changed any of them). */
#include <arch/trap_frame.h>
#include <arch/user.h>

#define ALL_BUT_A0 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
#define KFRAME 128

/* The kernel's ra, gp, tp and s0-s11 at 0(sp) .. 112(sp). */
.macro kregs op
	\op	ra, 0(sp)
	\op	gp, 8(sp)
	\op	tp, 16(sp)
	\op	s0, 24(sp)
	\op	s1, 32(sp)
	\op	s2, 40(sp)
	\op	s3, 48(sp)
	\op	s4, 56(sp)
	\op	s5, 64(sp)
	\op	s6, 72(sp)
	\op	s7, 80(sp)
	\op	s8, 88(sp)
	\op	s9, 96(sp)
	\op	s10, 104(sp)
	\op	s11, 112(sp)
.endm

	.section .text.riscv_user_run, "ax"
	.globl riscv_user_run
riscv_user_run:
	addi	sp, sp, -KFRAME
	kregs sd
	sd	sp, RV_UCTX_KSP(a0)
	csrr	t0, sscratch
	sd	t0, RV_UCTX_KSCRATCH(a0)
	csrw	sscratch, a0
	la	t0, riscv_user_vector
	csrw	stvec, t0
	ld	t0, RV_TF_SEPC(a0)
	csrw	sepc, t0
	ld	t0, RV_TF_SSTATUS(a0)		/* SPP = U, SPIE = 1, SUM = 0 */
	csrw	sstatus, t0
	.irp n, ALL_BUT_A0
	ld	x\n, RV_TF_X(\n)(a0)
	.endr
	ld	a0, RV_TF_X(10)(a0)
	sret

	.section .text.riscv_user_vector, "ax"
	.balign 4
riscv_user_vector:
	csrrw	a0, sscratch, a0		/* a0 = context, sscratch = program's a0 */
	.irp n, ALL_BUT_A0
	sd	x\n, RV_TF_X(\n)(a0)
	.endr
	csrr	t0, sscratch
	sd	t0, RV_TF_X(10)(a0)
	csrr	t0, sepc
	sd	t0, RV_TF_SEPC(a0)
	csrr	t0, sstatus
	sd	t0, RV_TF_SSTATUS(a0)
	csrr	t0, scause
	sd	t0, RV_TF_SCAUSE(a0)
	csrr	t0, stval
	sd	t0, RV_TF_STVAL(a0)
	ld	t0, RV_UCTX_KSCRATCH(a0)
	csrw	sscratch, t0
	la	t0, riscv_trap_entry
	csrw	stvec, t0
	ld	sp, RV_UCTX_KSP(a0)
	kregs ld
	addi	sp, sp, KFRAME
	ret
