/* SPDX-License-Identifier: BSD-2-Clause */
/* Assembly only: the way down from EL2 to EL1, for every CPU that enters
 * the kernel at EL2 (QEMU virt,virtualization=on; firmware that keeps EL2
 * free): the boot CPU (entry.S) and, with SMP, each secondary (smp_entry.S),
 * since every CPU has its own copy of these EL2 registers. */
#ifndef ARCH_EL2_H
#define ARCH_EL2_H

#include <arch/sysreg.h>

#ifdef __ASSEMBLER__
/* Set up just enough for an AArch64 EL1 and eret to target at EL1h with
 * DAIF masked. Clobbers x0. */
.macro el2_to_el1 target
	mov	x0, #HCR_EL2_RW
	msr	hcr_el2, x0
	mrs	x0, cnthctl_el2
	orr	x0, x0, #CNTHCTL_EL2_EL1_ACCESS
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr	/* virtual count = physical count */
	mov	x0, #CPTR_EL2_DEFAULT
	msr	cptr_el2, x0
	/* EL1 reads MPIDR/MIDR through these; their reset value is UNKNOWN. */
	mrs	x0, midr_el1
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0
	msr	vttbr_el2, xzr
	/* MDCR_EL2 resets to UNKNOWN: give EL1 every PMU counter (HPMN = N)
	 * and trap nothing, so arch_cycles can use PMCCNTR_EL0. */
	mrs	x0, id_aa64dfr0_el1
	ubfx	x0, x0, #ID_AA64DFR0_PMUVER_SHIFT, #4
	cbz	x0, 1f			/* no PMU: PMCR_EL0 would be undefined */
	cmp	x0, #0xf
	b.eq	1f			/* IMPLEMENTATION DEFINED PMU: same */
	mrs	x0, pmcr_el0
	ubfx	x0, x0, #PMCR_EL0_N_SHIFT, #5
	msr	mdcr_el2, x0
1:	/* GICv3 system register interface: unless EL2 sets ICC_SRE_EL2.Enable,
	 * EL1's accesses to ICC_SRE_EL1 trap to EL2 (to us, with no handler),
	 * and with the virtual interface off EL1 talks to the real one. */
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #ID_AA64PFR0_GIC_SHIFT, #4
	cbz	x0, 2f
	mov	x0, #ICC_SRE_EL2_SRE_ENABLE
	msr	ICC_SRE_EL2, x0
	isb
	msr	ICH_HCR_EL2, xzr
2:	mov	x0, #SPSR_EL1H_DAIF_MASKED
	msr	spsr_el2, x0
	adr	x0, \target
	msr	elr_el2, x0
	eret
.endm
#endif

#endif
