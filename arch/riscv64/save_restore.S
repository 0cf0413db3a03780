/* SPDX-License-Identifier: BSD-2-Clause */
/* The prologue and epilogue routines GCC calls under -msave-restore
 * (CONFIG_OPTIMIZE_SMALLEST): each function then saves its callee-saved
 * registers with one call instead of a store per register, and restores
 * them with one jump. libgcc has them, but Debian's riscv64 libgcc is
 * built for the lp64d ABI, which the linker refuses to mix into this
 * soft-float (lp64) kernel (see libgcc.c).
 *
 * The contract GCC's code relies on (its riscv backend, RV64):
 *   __riscv_save_<n>, reached by `call t0, __riscv_save_<n>` (return
 *   address in t0, ra still the function's), pushes a frame of
 *   (n + 1) * 8 bytes rounded up to 16 holding ra at the top (frame - 8),
 *   then s0, s1, ... s<n-1> below it, and returns through t0. It may
 *   clobber t1 and save more s registers than asked (they are the
 *   caller's to keep anyway).
 *   __riscv_restore_<n>, reached by a tail jump with sp at that frame,
 *   loads the registers back, pops the frame and returns through ra.
 * n is 0 to 12. Two n share one frame size (16, 32, ... 112 bytes), so
 * one entry serves both: odd n saves the register the even one above
 * would.
 *
 * Saving: every entry but n <= 1 opens the largest frame (112 bytes: ra
 * and s0-s11) and stores from its own highest register down, falling
 * through the entries below; t1 holds how much of the 112 bytes it does
 * not use, given back at the end. The slots are those of the 112-byte
 * frame, so after giving back the unused bottom every register sits
 * where the smaller frame has it. Restoring is the mirror: each entry
 * loads its two highest registers from the bottom of its frame, pops
 * those 16 bytes and falls through to the next smaller frame. */

#define SAVE(name) .globl name; .type name, @function; name:

	.section .text.riscv_save_restore, "ax"
	.balign 2
SAVE(__riscv_save_12)
	addi	sp, sp, -112
	li	t1, 0
	sd	s11, 8(sp)
	j	1f
SAVE(__riscv_save_11)
SAVE(__riscv_save_10)
	addi	sp, sp, -112
	li	t1, 16
1:	sd	s10, 16(sp)
	sd	s9, 24(sp)
	j	2f
SAVE(__riscv_save_9)
SAVE(__riscv_save_8)
	addi	sp, sp, -112
	li	t1, 32
2:	sd	s8, 32(sp)
	sd	s7, 40(sp)
	j	3f
SAVE(__riscv_save_7)
SAVE(__riscv_save_6)
	addi	sp, sp, -112
	li	t1, 48
3:	sd	s6, 48(sp)
	sd	s5, 56(sp)
	j	4f
SAVE(__riscv_save_5)
SAVE(__riscv_save_4)
	addi	sp, sp, -112
	li	t1, 64
4:	sd	s4, 64(sp)
	sd	s3, 72(sp)
	j	5f
SAVE(__riscv_save_3)
SAVE(__riscv_save_2)
	addi	sp, sp, -112
	li	t1, 80
5:	sd	s2, 80(sp)
	sd	s1, 88(sp)
	sd	s0, 96(sp)
	sd	ra, 104(sp)
	add	sp, sp, t1	/* give back the part of the 112 bytes not used */
	jr	t0
SAVE(__riscv_save_1)
SAVE(__riscv_save_0)
	addi	sp, sp, -16
	sd	s0, 0(sp)
	sd	ra, 8(sp)
	jr	t0

SAVE(__riscv_restore_12)
	ld	s11, 8(sp)
	addi	sp, sp, 16
SAVE(__riscv_restore_11)
SAVE(__riscv_restore_10)
	ld	s10, 0(sp)
	ld	s9, 8(sp)
	addi	sp, sp, 16
SAVE(__riscv_restore_9)
SAVE(__riscv_restore_8)
	ld	s8, 0(sp)
	ld	s7, 8(sp)
	addi	sp, sp, 16
SAVE(__riscv_restore_7)
SAVE(__riscv_restore_6)
	ld	s6, 0(sp)
	ld	s5, 8(sp)
	addi	sp, sp, 16
SAVE(__riscv_restore_5)
SAVE(__riscv_restore_4)
	ld	s4, 0(sp)
	ld	s3, 8(sp)
	addi	sp, sp, 16
SAVE(__riscv_restore_3)
SAVE(__riscv_restore_2)
	ld	s2, 0(sp)
	ld	s1, 8(sp)
	addi	sp, sp, 16
SAVE(__riscv_restore_1)
SAVE(__riscv_restore_0)
	ld	s0, 0(sp)
	ld	ra, 8(sp)
	addi	sp, sp, 16
	ret
