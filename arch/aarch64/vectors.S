/* aarch64 exception vectors: each entry makes room for a struct
 * rk_trap_frame on the current stack, saves x0/x1 and passes its index to
 * the common code, which saves the rest and calls aarch64_trap(frame, kind).
 * If the handler returns, the (possibly edited) frame is restored. */
#include <arch/trap_frame.h>

/* One entry: 0x80 bytes, 32 instructions at most. */
.macro vector kind
	.balign	0x80
	sub	sp, sp, #RK_TRAP_FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\kind
	b	vector_common
.endm

	/* Own section so the linker keeps the table's 2 KiB alignment. */
	.section .text.vectors, "ax"
	.balign	0x800			/* VBAR_EL1 bits 10:0 are RES0 */
	.globl	aarch64_vectors
aarch64_vectors:
	/* kind = 4 * source + type; source: 0 current EL with SP_EL0,
	 * 1 current EL with SP_ELx, 2 lower EL AArch64, 3 lower EL AArch32;
	 * type: 0 synchronous, 1 IRQ, 2 FIQ, 3 SError. */
	.irp	k, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector	\k
	.endr

vector_common:
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
	add	x2, sp, #RK_TRAP_FRAME_SIZE	/* sp as it was when the trap hit */
	stp	x30, x2, [sp, #240]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #RK_TF_ELR]
	mrs	x2, esr_el1
	mrs	x3, far_el1
	stp	x2, x3, [sp, #RK_TF_ESR]
	mov	x0, sp
	bl	aarch64_trap
	ldp	x2, x3, [sp, #RK_TF_ELR]
	msr	elr_el1, x2
	msr	spsr_el1, x3
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
