/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 image layout. Preprocessed with autoconf.h and platform/memmap.h. */
#include <platform/memmap.h>
#include <rumpk/sections.ld.h>

OUTPUT_ARCH(riscv)
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
		KEEP(*(.text.head))	/* the Image header: image_header.S */
		KEEP(*(.text.boot))
		*(.text .text.*)
		__text_end = .;
	} :text
	.rodata : ALIGN(16) {
		*(.rodata .rodata.* .srodata .srodata.*)
		RK_RODATA_TABLES
		RK_FIXUP_TABLE
	} :rodata
	/* Writable data starts on a page of its own, so that the MMU can map
	 * text read+execute, rodata read-only and the rest no-execute. Its
	 * load address is right after .rodata, so the files carry no padding
	 * page; entry.S moves it up to its run address before anything uses
	 * it (both lie inside the image, whose pages are all reserved). */
	__data_load = ALIGN(16);
	.data ALIGN(4096) : AT(__data_load) {
		RK_DATA_CONTENTS
		. = ALIGN(16);
		__data_end = .;
	} :data
	RK_BSS :data
	RK_BOOT_STACK :data
	__image_end = .;
	__image_size = __image_end - __image_start;
	/DISCARD/ : { RK_DISCARDED }
}
