/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 secondary hart entry, from SBI HSM hart_start: S-mode, a0 = hart
 * id, a1 = the opaque value, here the hart's struct riscv_hart_boot
 * (arch/riscv64/smp.c), whose first word is its stack top. MMU off and
 * interrupts off; the kernel's identity map makes the addresses the same
 * once smp.c turns translation on. */
#define RISCV_HART_BOOT_HARTID 24
#define RISCV_HART_BOOT_SIZE 40
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

/* A hart that entered at _start after the boot hart (see entry.S), with
 * a0 = its hart id: if the kernel is starting that hart, go on as if the
 * firmware had jumped to riscv_secondary_entry with its boot block;
 * otherwise stay parked. The loop reads riscv_hart_boot[] (smp.c), whose
 * layout the static assertions there pin. */
	.globl riscv_stray_entry
riscv_stray_entry:
	lla	t0, riscv_hart_boot
	li	t1, CONFIG_NR_CPUS
1:	ld	t2, RISCV_HART_BOOT_HARTID(t0)
	ld	t3, 0(t0)
	bne	t2, a0, 2f
	beqz	t3, 2f
	mv	a1, t0
	j	riscv_secondary_entry
2:	addi	t0, t0, RISCV_HART_BOOT_SIZE
	addi	t1, t1, -1
	bnez	t1, 1b
3:	wfi
	j	3b
