/* riscv64 entry from SBI firmware: S-mode, a0 = hart id, a1 = DTB,
 * interrupts off, MMU off. Only this hart runs; others stay in the SBI. */
	.section .text.boot, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrw	sip, zero
	la	sp, __boot_stack_top
	mv	s0, a0
	mv	s1, a1
	/* BSS is not part of the loaded image: clear it. */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	mv	a0, s0
	mv	a1, s1
	call	riscv_start
3:	wfi
	j	3b
