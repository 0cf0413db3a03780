/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 secondary hart entry, from SBI HSM hart_start: S-mode, a0 = hart
 * id, a1 = the opaque value, here the hart's struct riscv_hart_boot
 * (arch/riscv64/smp.c), whose first word is its stack top. MMU off and
 * interrupts off; the kernel's identity map makes the addresses the same
 * once smp.c turns translation on. */
	.section .text.riscv_secondary_entry, "ax"
	.balign 4
	.globl riscv_secondary_entry
riscv_secondary_entry:
	csrw	sie, zero
	ld	sp, 0(a1)
	mv	a0, a1
	call	riscv_secondary_start
1:	wfi
	j	1b
