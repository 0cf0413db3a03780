/* SPDX-License-Identifier: BSD-2-Clause */
/* RISC-V Linux-style Image header (Linux Documentation/riscv/
 * boot-image-header.rst), the first 64 bytes of the image (link.ld.S puts
 * .text.head first). U-Boot's booti checks magic2 and image_size, moves
 * the image to RAM base + text_offset and jumps to its first byte; OpenSBI
 * fw_jump and QEMU's fw_dynamic path also start at the first byte. So
 * code0 jumps to _start, which stays the ELF entry. */
#include <platform/memmap.h>

/* Rumpk runs where it is linked and does not relocate itself: booti must
 * place it exactly there. */
#if PLAT_KERNEL_BASE - PLAT_RAM_BASE != 0x200000
#error "the Image header's text_offset (0x200000) must be PLAT_KERNEL_BASE - PLAT_RAM_BASE"
#endif

	.section .text.head, "ax"
	.option push
	.option norvc		/* code0 must be one 4-byte jump */
	.option norelax
	.globl __image_header
__image_header:
	j	_start		/* code0 */
	.word	0		/* code1 */
	.dword	PLAT_KERNEL_BASE - PLAT_RAM_BASE /* text_offset */
	.dword	__image_size	/* image_size: to the end of .bss and the boot stack */
	.dword	0		/* flags: little-endian */
	.word	2		/* version 0.2 */
	.word	0		/* res1 */
	.dword	0		/* res2 */
	.ascii	"RISCV\0\0\0"	/* magic (deprecated) */
	.ascii	"RSC\x05"	/* magic2 */
	.word	0		/* res3: no PE/COFF header */
	.option pop
