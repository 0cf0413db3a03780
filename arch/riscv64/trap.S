/* riscv64 trap entry: save every register into a struct rk_trap_frame on
 * the current stack, call riscv_trap(frame), restore and sret. */
#include <arch/trap_frame.h>

	.section .text
	.balign 4	/* stvec direct mode needs 4-byte alignment */
	.globl riscv_trap_entry
riscv_trap_entry:
	addi	sp, sp, -RK_TRAP_FRAME_SIZE
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, ((\n - 1) * 8)(sp)
	.endr
	addi	t0, sp, RK_TRAP_FRAME_SIZE
	sd	t0, 8(sp)		/* sp as it was when the trap hit */
	csrr	t0, sepc
	sd	t0, 248(sp)
	csrr	t0, sstatus
	sd	t0, 256(sp)
	csrr	t0, scause
	sd	t0, 264(sp)
	csrr	t0, stval
	sd	t0, 272(sp)
	mv	a0, sp
	call	riscv_trap
	ld	t0, 248(sp)
	csrw	sepc, t0
	ld	t0, 256(sp)
	csrw	sstatus, t0
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, ((\n - 1) * 8)(sp)
	.endr
	addi	sp, sp, RK_TRAP_FRAME_SIZE
	sret
