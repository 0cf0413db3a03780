/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 secondary CPU entry, from PSCI CPU_ON: x0 = the context id, here
 * the CPU's struct aarch64_cpu_boot (arch/aarch64/smp.c), or from a spin
 * table (no argument: the block is found by MPIDR); MMU and caches
 * off; at EL1, or at EL2 when the firmware starts CPUs there (QEMU
 * virt,virtualization=on), then dropped to EL1 as the boot CPU was. Until
 * its MMU is on the CPU writes no memory: its stores would bypass the
 * caches the other CPUs are using. Its translation regime is the boot
 * CPU's (the kernel's one identity map), so addresses stay the same. */
#include <arch/el2.h>
#include <arch/smp.h>
#include <arch/sysreg.h>

	.section .text.aarch64_secondary_entry, "ax"
	/* A spin-table CPU: its block is the one with its affinity (the
	 * boot CPU's has none of a secondary's, unused ones 0, which no
	 * secondary has either: entry.S parks a core with affinity 0 that is
	 * not the boot CPU). Reads only, caches off: smp.c cleaned the array
	 * to memory. No block: park, touching nothing. */
	.globl	aarch64_secondary_spin_entry
aarch64_secondary_spin_entry:
	msr	daifset, #0xf
	mrs	x1, mpidr_el1
	ldr	x2, =MPIDR_AFF_MASK
	and	x1, x1, x2
	adrp	x0, aarch64_cpu_boot
	add	x0, x0, :lo12:aarch64_cpu_boot
	mov	x3, #CONFIG_NR_CPUS
1:	ldr	x2, [x0, #A64_CB_MPIDR]
	cmp	x2, x1
	b.eq	aarch64_secondary_entry
	add	x0, x0, #A64_CB_SIZE
	subs	x3, x3, #1
	b.ne	1b
2:	wfi
	b	2b

	.globl	aarch64_secondary_entry
aarch64_secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	mrs	x1, CurrentEL
	ubfx	x1, x1, #2, #2
	cmp	x1, #2
	b.ne	secondary_el1
	el2_to_el1 secondary_el1

secondary_el1:
	ldr	x0, =SCTLR_EL1_BOOT
	msr	sctlr_el1, x0
	isb
	ldp	x0, x1, [x19, #A64_CB_TTBR0]
	ldr	x2, [x19, #A64_CB_MAIR]
	bl	aarch64_mmu_on
	/* SP_EL1 and TPIDR_EL1: the trap block (include/arch/trap_stack.h);
	 * the kernel runs on SP_EL0, here the first (idle) stack. */
	ldp	x0, x1, [x19, #A64_CB_STACK_TOP]
	msr	spsel, #1
	mov	sp, x1
	msr	tpidr_el1, x1
	msr	spsel, #0
	mov	sp, x0
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	bl	aarch64_secondary_start
1:	wfi
	b	1b
	.ltorg
