/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 entry from SBI firmware: S-mode, a0 = hart id, a1 = DTB,
 * interrupts off, MMU off. Only this hart runs; others stay in the SBI. */
	.section .text.boot, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrw	sip, zero
#ifdef CONFIG_SMP
	/* Only the first hart here may boot. Debian's OpenSBI 1.1 can send
	 * a hart being started by SBI HSM here instead of to the address
	 * given (docs/smp.md): its copy of .data and BSS clear would wipe
	 * the running kernel. The claim word lives in this section, neither
	 * copied nor cleared; the MMU is off here, so it is writable. */
	lla	t0, riscv_boot_claim
	li	t1, 1
	amoswap.w.aq t1, t1, (t0)
	bnez	t1, riscv_stray_entry
#endif
	la	sp, __boot_stack_top
	mv	s0, a0
	mv	s1, a1
	/* .data was loaded right after .rodata and runs a little higher, on
	 * a page of its own (link.ld.S). The ranges may overlap and the
	 * destination is the higher one: copy from the end down. Both ends
	 * are 16-byte aligned. */
	la	t0, __data_load
	la	t1, __data_start
	la	t2, __data_end
	beq	t0, t1, 2f
	sub	t3, t2, t1
	add	t0, t0, t3		/* end of the loaded copy */
1:	bleu	t2, t1, 2f
	addi	t0, t0, -8
	addi	t2, t2, -8
	ld	t3, 0(t0)
	sd	t3, 0(t2)
	j	1b
	/* BSS is not part of the loaded image: clear it. 64 bytes a step
	 * while that many are left, then 16 (both ends are 16-byte aligned):
	 * a double word a step took 4 instructions per 8 bytes, 380k for the
	 * httpd image, more than the rest of boot. */
2:	la	t0, __bss_start
	la	t1, __bss_end
	addi	t2, t1, -64
3:	bgtu	t0, t2, 6f
	sd	zero, 0(t0)
	sd	zero, 8(t0)
	sd	zero, 16(t0)
	sd	zero, 24(t0)
	sd	zero, 32(t0)
	sd	zero, 40(t0)
	sd	zero, 48(t0)
	sd	zero, 56(t0)
	addi	t0, t0, 64
	j	3b
6:	bgeu	t0, t1, 4f
	sd	zero, 0(t0)
	sd	zero, 8(t0)
	addi	t0, t0, 16
	j	6b
4:	mv	a0, s0
	mv	a1, s1
	call	riscv_start
5:	wfi
	j	5b
#ifdef CONFIG_SMP
	.balign 4
riscv_boot_claim:
	.word	0
#endif
