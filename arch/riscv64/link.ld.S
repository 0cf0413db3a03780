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
		KEEP(*(.text.boot))
		*(.text .text.*)
	} :text
	.rodata : ALIGN(16) {
		*(.rodata .rodata.* .srodata .srodata.*)
		RK_RODATA_TABLES
	} :rodata
	.data : ALIGN(16) {
		*(.data .data.* .sdata .sdata.*)
	} :data
	.bss : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.* .sbss .sbss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	} :data
	.stack : ALIGN(16) {
		. += CONFIG_KERNEL_STACK_SIZE;
		__boot_stack_top = .;
	} :data
	__image_end = .;
	/DISCARD/ : { *(.comment) *(.note .note.*) *(.eh_frame .eh_frame_hdr) *(.riscv.attributes) }
}
