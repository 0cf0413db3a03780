/* SPDX-License-Identifier: BSD-2-Clause */
/* MMU switch-on and the one page-table update that needs to touch no
 * memory of its own (see include/arch/mmu.h). */
#include <arch/sysreg.h>

/* void aarch64_mmu_enable(uint64_t ttbr0, uint64_t tcr, uint64_t mair) */
	.section .text.aarch64_mmu_enable, "ax"
	.globl	aarch64_mmu_enable
aarch64_mmu_enable:
	mov	x8, x30
	/* Everything written so far (BSS, page tables, the boot stack) went
	 * straight to memory, as the caches were off. Cache lines left over
	 * from before the kernel ran would shadow it once they are on, so
	 * invalidate (without cleaning) the writable part of the image. The
	 * loaded image itself was cleaned to memory by the loader (booting
	 * protocol), so nothing valid is lost. QEMU has no caches to drop.
	 * The rk_noinit part (sections.ld.h) is left out: nothing wrote it,
	 * and a stale line there only holds other undefined contents. */
	mrs	x5, ctr_el0
	ubfx	x5, x5, #16, #4		/* DminLine: log2 of words per line */
	mov	x6, #4
	lsl	x6, x6, x5		/* smallest data cache line, bytes */
	sub	x7, x6, #1
	adrp	x3, __data_start
	add	x3, x3, :lo12:__data_start
	adrp	x4, __noinit_start
	add	x4, x4, :lo12:__noinit_start
	bl	inval_range
	adrp	x3, __noinit_end
	add	x3, x3, :lo12:__noinit_end
	adrp	x4, __image_end
	add	x4, x4, :lo12:__image_end
	bl	inval_range
	dsb	sy
	mov	x30, x8		/* aarch64_mmu_on returns through x30 */
	/* Fall through. */

/* void aarch64_mmu_on(uint64_t ttbr0, uint64_t tcr, uint64_t mair): the
 * translation regime and the switch-on alone, touching no memory (a
 * secondary CPU, smp_entry.S, whose stores would bypass the caches). An
 * ordinary function, returning through x30: a secondary calls it with bl
 * straight from reset, where no other register holds a return address. */
	.globl	aarch64_mmu_on
aarch64_mmu_on:
	msr	mair_el1, x2
	msr	tcr_el1, x1
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	mrs	x0, sctlr_el1
	orr	x0, x0, #SCTLR_EL1_M
	orr	x0, x0, #SCTLR_EL1_C
	msr	sctlr_el1, x0
	isb
	/* Drop instructions fetched while the MMU was off. */
	ic	iallu
	dsb	nsh
	isb
	ret

/* Invalidate the data cache lines of [x3, x4), line size x6 (mask x7);
 * x3 is clobbered. Empty when x3 >= x4. */
inval_range:
	bic	x3, x3, x7
	b	2f
1:	dc	ivac, x3
	add	x3, x3, x6
2:	cmp	x3, x4
	b.lo	1b
	ret

/* void aarch64_pte_replace(volatile uint64_t *pte, uint64_t val, uintptr_t va) */
	.section .text.aarch64_pte_replace, "ax"
	.globl	aarch64_pte_replace
aarch64_pte_replace:
	str	xzr, [x0]
	dsb	ishst
	lsr	x2, x2, #12
	tlbi	vaae1is, x2		/* any level, any ASID */
	dsb	ish
	str	x1, [x0]
	dsb	ishst
	isb
	ret

/* void aarch64_pte_replace_all(volatile uint64_t *pte, uint64_t val):
 * break-before-make for an entry whose old translations cover more than
 * one page (a table of pages made one block again): all of them leave the
 * TLBs before the new entry is stored. Touches no memory but *pte. */
	.section .text.aarch64_pte_replace_all, "ax"
	.globl	aarch64_pte_replace_all
aarch64_pte_replace_all:
	str	xzr, [x0]
	dsb	ishst
	tlbi	vmalle1is
	dsb	ish
	str	x1, [x0]
	dsb	ishst
	isb
	ret
