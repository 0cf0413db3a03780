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
		/* Instructions allowed to fault (<arch/fixup.h>, looked up by trap.c). */
		. = ALIGN(8);
		__rk_fixup_start = .;
		KEEP(*(.rk_fixup))
		__rk_fixup_end = .;
	} :rodata
	/* Writable data starts on a page of its own, so that the MMU can map
	 * text read+execute, rodata read-only and the rest no-execute. Its
	 * load address is right after .rodata, so the files carry no padding
	 * page; entry.S moves it up to its run address before anything uses
	 * it (both lie inside the image, whose pages are all reserved). */
	__data_load = ALIGN(16);
	.data ALIGN(4096) : AT(__data_load) {
		__data_start = .;
		*(.data .data.* .sdata .sdata.*)
		. = ALIGN(16);
		__data_end = .;
	} :data
	.bss : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.* .sbss .sbss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	} :data
	/* The boot stack (the idle fiber's) with an unmapped guard page
	 * below it: an overflow faults instead of running into .bss. */
	.stack (NOLOAD) : ALIGN(4096) {
		__boot_stack_guard = .;
		. += 4096;
		. += CONFIG_KERNEL_STACK_SIZE;
		. = ALIGN(16);
		__boot_stack_top = .;
	} :data
	__image_end = .;
	__image_size = __image_end - __image_start;
	/DISCARD/ : { *(.comment) *(.note .note.*) *(.eh_frame .eh_frame_hdr) *(.riscv.attributes) }
}
