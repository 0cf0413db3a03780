/* SPDX-License-Identifier: BSD-2-Clause */
/* long riscv_semihost(long op, void *arg): a RISC-V semihosting call (the
 * RISC-V semihosting spec, after Arm's): a0 = operation, a1 = parameter
 * block, result in a0. A debugger or QEMU (-semihosting, also from S-mode)
 * recognises the ebreak by the two no-op shifts around it, which must be
 * uncompressed and on the same page as the ebreak: hence norvc and the
 * alignment (12 bytes from a 16-byte boundary never cross a page). With
 * nobody to catch it, the ebreak is a plain breakpoint exception. */
	.section .text.riscv_semihost, "ax"
	.balign 16
	.globl riscv_semihost
riscv_semihost:
	.option push
	.option norvc
	slli	zero, zero, 0x1f	/* entry marker */
	ebreak
	srai	zero, zero, 7		/* exit marker */
	.option pop
	ret
