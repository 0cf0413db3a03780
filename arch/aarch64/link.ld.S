/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 image layout. Preprocessed with autoconf.h and platform/memmap.h.
 * The ELF and its raw binary (an arm64 Image, see entry.S) share it. */
#include <platform/memmap.h>
#include <rumpk/sections.ld.h>

OUTPUT_ARCH(aarch64)
ENTRY(_start)
EXTERN(_start)

PHDRS
{
	text PT_LOAD FLAGS(5);   /* r-x */
	rodata PT_LOAD FLAGS(4); /* r-- */
	data PT_LOAD FLAGS(6);   /* rw- */
}

SECTIONS
{
	. = PLAT_KERNEL_BASE;
	__image_start = .;
	.text : {
		KEEP(*(.text.boot))	/* the Image header must come first */
		*(.text .text.*)	/* .text.vectors keeps its 2 KiB alignment */
		__text_end = .;		/* executable up to here (mmu.c) */
	} :text
	.rodata : ALIGN(16) {
		*(.rodata .rodata.*)
		RK_RODATA_TABLES
	} :rodata
#ifdef CONFIG_ARM64_RELOCATABLE
	/* A static PIE (ARM64_RELOCATABLE): the relocations entry.S applies
	 * at boot, and the GOT they may fill, written before the MMU makes
	 * this read-only. The contents are the link-time values already, so
	 * an image loaded at its link address has nothing to apply. */
	.got : ALIGN(8) { *(.got .got.plt) } :rodata
	.rela.dyn : ALIGN(8) {
		__rela_start = .;
		*(.rela .rela.*)
		__rela_end = .;
	} :rodata
#endif
	/* Writable data starts on a page of its own, so that no page is both
	 * read-only data and writable (mmu.c maps text read+execute, rodata
	 * read-only, the rest read/write no-execute). */
	.data : ALIGN(4096) {
		RK_DATA_CONTENTS
	} :data
	RK_BSS :data
	RK_BOOT_STACK :data
	__image_end = .;
	/* Image header fields (entry.S): a loader puts the image at a 2 MiB
	 * boundary + text_offset and keeps image_size bytes free for it. */
	__image_size = __image_end - __image_start;
	__image_text_offset = PLAT_KERNEL_BASE % 0x200000;
	ASSERT(__data_start % 4096 == 0, "mmu.c needs .data on a page of its own")
#ifdef CONFIG_ARM64_RELOCATABLE
	/* What a dynamic linker would read: none runs (entry.S finds the
	 * relocations by __rela_start/__rela_end). */
	/DISCARD/ : { *(.interp .dynamic .dynsym .dynstr .hash .gnu.hash) }
#endif
	/DISCARD/ : { RK_DISCARDED }
}
