/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 entry from QEMU's -kernel loader (or U-Boot booti): MMU and caches
 * off, DAIF masked, x0 = DTB, at EL1 or (virtualization=on) EL2. Only the
 * boot CPU runs the kernel. PSCI holds the others on virt; on the Pi, a
 * spin table does (QEMU's stub or the firmware's armstub), but a loader
 * that starts every core at the entry (QEMU raspi3b with an ELF) lets them
 * all in here: every core but the one with affinity 0 parks at once. */
#include <arch/el2.h>
#include <arch/sysreg.h>
#include <arch/trap_stack.h>
#include <platform/memmap.h>

#define R_AARCH64_RELATIVE 1027

	.section .text.boot, "ax"
	.globl _start
_start:
	/* arm64 Image header, 64 bytes (Linux Documentation/arch/arm64/
	 * booting.rst). Loaders recognise it by the magic at 0x38 and hand
	 * x0 = DTB only to an Image, not to an ELF. */
	b	aarch64_entry		/* code0: jump over the header */
	.long	0			/* code1 */
	.quad	__image_text_offset	/* text_offset from a 2 MiB boundary */
	.quad	__image_size		/* image_size, including .bss and stack */
#ifdef CONFIG_ARM64_RELOCATABLE
	/* flags: little-endian (bit 0 = 0), 4 KiB pages (bits 2:1 = 1), and
	 * bit 3 = 1: any 2 MiB-aligned base + text_offset will do, since the
	 * image relocates itself (relocate, below). */
	.quad	0xa
#else
	/* flags: little-endian (bit 0 = 0), 4 KiB pages (bits 2:1 = 1), and
	 * bit 3 = 0: the base must be the 2 MiB-aligned start of RAM, since
	 * the image is linked for one fixed address and does not relocate. */
	.quad	0x2
#endif
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM"			/* magic "ARM\x64" */
	.byte	0x64
	.long	0			/* res5: no PE/COFF header */

aarch64_entry:
	msr	daifset, #0xf
	mrs	x1, mpidr_el1
	ldr	x2, =MPIDR_AFF_MASK
	tst	x1, x2
	b.ne	park_secondary		/* not the boot CPU: touch nothing */
	mov	x19, x0			/* keep the DTB across the setup */
	mrs	x20, CurrentEL
	ubfx	x20, x20, #2, #2	/* x20 = entry EL, passed to C */
	cmp	x20, #1
	b.eq	at_el1
	cmp	x20, #2
	b.ne	park			/* EL3: not a supported entry */

	el2_to_el1 at_el1

at_el1:	/* SCTLR_EL1 is UNKNOWN after an EL2 drop: make both paths equal. */
	ldr	x0, =SCTLR_EL1_BOOT
	msr	sctlr_el1, x0
	isb
#ifdef CONFIG_ARM64_RELOCATABLE
	/* Relocate (ARM64_RELOCATABLE): add the distance between where the
	 * image runs and where it was linked to every absolute address the
	 * link left in it (R_AARCH64_RELATIVE: *(offset + d) = addend + d),
	 * before any code reads one. Everything so far was PC-relative. With
	 * the MMU off these stores go to memory; a stale line of the loader's
	 * (the caches may have held the image) is invalidated, so the MMU
	 * switch-on cannot bring the unrelocated value back. A static PIE
	 * has no symbols to resolve, so no other dynamic relocation type
	 * (R_AARCH64_NONE fillers are skipped). Pointers are 8-byte aligned,
	 * as stores to Device memory must be. */
	adr	x9, _start
	ldr	x10, =PLAT_KERNEL_BASE
	subs	x9, x9, x10		/* x9 = load address - link address */
	b.eq	3f
	adrp	x11, __rela_start
	add	x11, x11, :lo12:__rela_start
	adrp	x12, __rela_end
	add	x12, x12, :lo12:__rela_end
1:	cmp	x11, x12
	b.hs	2f
	ldp	x13, x14, [x11], #16	/* r_offset, r_info */
	ldr	x15, [x11], #8		/* r_addend */
	cmp	x14, #R_AARCH64_RELATIVE
	b.ne	1b
	add	x15, x15, x9
	add	x13, x13, x9
	str	x15, [x13]
	dc	ivac, x13
	b	1b
2:	dsb	sy
3:
#endif
	/* BSS is not part of the loaded image: clear it. Both ends are
	 * 16-byte aligned, as Device memory (MMU off) requires: 64 bytes a
	 * step while that many are left, then 16 (a pair a step took 4
	 * instructions per 16 bytes). */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
	sub	x2, x1, #64
1:	cmp	x0, x2
	b.hi	4f
	stp	xzr, xzr, [x0]
	stp	xzr, xzr, [x0, #16]
	stp	xzr, xzr, [x0, #32]
	stp	xzr, xzr, [x0, #48]
	add	x0, x0, #64
	b	1b
4:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	4b
2:	/* Two stacks (see include/arch/trap_stack.h): SP_EL1 rests at the top
	 * of the exception stack, where the trap block is, and everything
	 * else runs with SPSel = 0 on SP_EL0, here the boot stack. */
	adrp	x0, aarch64_trap_block
	add	x0, x0, :lo12:aarch64_trap_block
	mov	sp, x0
	msr	spsel, #0
	adrp	x0, __boot_stack_top
	add	x0, x0, :lo12:__boot_stack_top
	mov	sp, x0
	mov	x29, xzr		/* end of the frame-pointer chain */
	mov	x30, xzr
	mov	x0, x19
	mov	x1, x20
	bl	aarch64_start
park:	wfi
	b	park

	/* A secondary core sleeps here for good, with every exception masked
	 * and without touching memory: WFI stops it (QEMU then idles its
	 * thread, where a WFE loop would spin it), and nothing ever sends it
	 * an interrupt, so it stays. */
park_secondary:
	wfi
	b	park_secondary
	.ltorg

	/* The boot CPU's exception stack with its trap block on top, in one
	 * section so that nothing can come between them. */
	.section .bss.aarch64_exc_stack, "aw", %nobits
	.balign	16
	.globl	aarch64_exc_stack
aarch64_exc_stack:
	.skip	A64_EXC_STACK_SIZE
	.globl	aarch64_trap_block
aarch64_trap_block:
	.skip	A64_TB_SIZE
