/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 image layout. Preprocessed with autoconf.h and platform/memmap.h.
 * Linked and loaded at the same physical address; entry.S identity-maps. */
#include <platform/memmap.h>
#include <rumpk/sections.ld.h>

OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)
EXTERN(_start)

PHDRS
{
	text PT_LOAD FLAGS(5);   /* r-x */
	rodata PT_LOAD FLAGS(4); /* r-- */
	data PT_LOAD FLAGS(6);   /* rw- */
	note PT_NOTE FLAGS(4);   /* the PVH entry note QEMU's loader looks for */
}

SECTIONS
{
	. = PLAT_KERNEL_BASE;
	__image_start = .;
	.text : {
		KEEP(*(.text.boot))
		*(.text .text.*)
	} :text
	/* Text, rodata and data each start on a page of their own, so that
	 * the MMU can map them read+execute, read-only and read/write
	 * no-execute (mmu.c). The note's own alignment stays 4, not more:
	 * QEMU pads the note name to the segment's. */
	. = ALIGN(4096);
	__text_end = .;
	.note.pvh : ALIGN(4) {
		KEEP(*(.note.pvh))
	} :rodata :note
	.rodata : ALIGN(16) {
		*(.rodata .rodata.*)
		RK_RODATA_TABLES
	} :rodata
	. = ALIGN(4096);
	__rodata_end = .;
	.data : ALIGN(4096) {
		RK_DATA_CONTENTS
	} :data
	RK_BSS
	/* stacks.S reserves the stacks and their guard pages as a NOBITS
	 * input section: GNU ld and LLD then both leave it out of the file but
	 * count it in the data segment's size, so loaders see how far the
	 * image really reaches (NOLOAD would drop it from the segment in GNU
	 * ld, and a bare ". +=" makes LLD write it out as zeros, .bss before
	 * it too). Page-aligned, so that the guard pages are whole pages. */
	.stack : ALIGN(4096) {
		KEEP(*(.boot_stack))
		__boot_stack_top = .;
	}
	__image_end = .;
	ASSERT(__data_start % 4096 == 0, "mmu.c needs .data on a page of its own")
	/DISCARD/ : { RK_DISCARDED }
}
