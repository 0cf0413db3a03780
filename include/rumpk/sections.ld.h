/* SPDX-License-Identifier: BSD-2-Clause */
/* Linker-script fragments shared by every arch/<a>/link.ld.S. What differs
 * stays in the arch file: link address, image header, PHDRS, where .data
 * starts (riscv64 moves it to a page of its own) and how the boot stack is
 * reserved. A macro that ends in a section takes the segment after it:
 * `RK_BSS :data`. */
#ifndef RUMPK_SECTIONS_LD_H
#define RUMPK_SECTIONS_LD_H

/* The drivers a bus binds: .rk_<bus>_drivers between __rk_<bus>_drivers_start
 * and _end (RK_FDT_DRIVER in rumpk/drv/fdt.h, RK_PCI_DRIVER in
 * rumpk/drv/pci.h, RK_VIRTIO_DRIVER in drivers/virtio). */
#define RK_DRIVER_TABLE(bus) \
	. = ALIGN(8); \
	__rk_##bus##_drivers_start = .; \
	KEEP(*(.rk_##bus##_drivers)) \
	__rk_##bus##_drivers_end = .;

/* Tables the kernel walks at run time; they live in read-only data.
 * .rk_tests: in-image tests registered with RK_TEST (include/rumpk/test.h).
 * .rk_init.<level>: init functions registered with RK_INIT
 * (include/rumpk/init.h), sorted so that the levels run in order. */
#define RK_RODATA_TABLES \
	. = ALIGN(8); \
	__rk_tests_start = .; \
	KEEP(*(.rk_tests)) \
	__rk_tests_end = .; \
	. = ALIGN(8); \
	__rk_init_start = .; \
	KEEP(*(SORT_BY_NAME(.rk_init.*))) \
	__rk_init_end = .; \
	RK_DRIVER_TABLE(fdt) \
	RK_DRIVER_TABLE(pci) \
	RK_DRIVER_TABLE(virtio)

/* Instructions allowed to fault (<arch/fixup.h>, looked up by the trap
 * handler), for arches that have that header: also read-only data. */
#define RK_FIXUP_TABLE \
	. = ALIGN(8); \
	__rk_fixup_start = .; \
	KEEP(*(.rk_fixup)) \
	__rk_fixup_end = .;

/* The contents of .data; the MMU code maps from __data_start on writable.
 * .sdata: riscv64's small data, which no other arch emits. */
#define RK_DATA_CONTENTS \
	__data_start = .; \
	*(.data .data.* .sdata .sdata.*)

/* Zeroed by entry.S, in steps of up to 16 bytes: both ends 16-aligned.
 * In front, what is declared rk_noinit (.bss.rk_noinit, matched before
 * .bss.* takes it): memory its owner sets up before use (lwIP's heap and
 * pools, about half of the httpd image's .bss), which boot then neither
 * zeroes nor, on aarch64, invalidates in the data cache. */
#define RK_BSS \
	.bss : ALIGN(16) { \
		__noinit_start = .; \
		*(.bss.rk_noinit) \
		. = ALIGN(16); \
		__noinit_end = .; \
		__bss_start = .; \
		*(.bss .bss.* .sbss .sbss.* COMMON) \
		. = ALIGN(16); \
		__bss_end = .; \
	}

/* The boot stack (the idle fiber's) with a page below it that the MMU
 * leaves unmapped, so that an overflow faults instead of running into
 * .bss. NOLOAD: neither takes room in the file, and __image_size (the
 * image headers) counts them. x86_64 reserves its stacks in stacks.S
 * instead (see its link.ld.S). */
#define RK_BOOT_STACK \
	.stack (NOLOAD) : ALIGN(4096) { \
		__boot_stack_guard = .; \
		. += 4096; \
		. += CONFIG_KERNEL_STACK_SIZE; \
		. = ALIGN(16); \
		__boot_stack_top = .; \
	}

/* Input sections no image needs: compiler idents, notes (x86_64 keeps
 * its PVH note by placing it first), unwind tables (no unwinder runs) and
 * RISC-V attributes. Use as `/DISCARD/ : { RK_DISCARDED }`. */
#define RK_DISCARDED \
	*(.comment) *(.note .note.*) *(.eh_frame .eh_frame_hdr) *(.riscv.attributes)

#endif
