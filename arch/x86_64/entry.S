/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 entry through the Xen PVH boot protocol, which QEMU's -kernel
 * loader (microvm, pc, q35) follows when the ELF carries the note below:
 * 32-bit protected mode with flat segments, paging off, interrupts off,
 * ebx = physical address of struct hvm_start_info, no stack. eax is not
 * part of the protocol (microvm's firmware leaves a multiboot value in it).
 * We build identity page tables, switch to long mode and call
 * x86_start(start_info or 0) on the boot stack. */
#include <arch/x86.h>

/* The PVH note: the 32-bit physical address of _start. QEMU computes the
 * name padding from the PT_NOTE segment's alignment, so the section stays
 * 4-aligned; and for a 64-bit ELF it reads 8 bytes of descriptor, so a zero
 * word follows the 4 that the note declares. */
	.section .note.pvh, "a", @note
	.balign 4
	.long	4			/* namesz: "Xen\0" */
	.long	4			/* descsz */
	.long	18			/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz	"Xen"
	.long	_start
	.long	0

	.section .text.boot, "ax"
	.code32
	.globl _start
_start:
	cld
	/* Not entered through PVH (no magic): boot anyway, with no start info. */
	cmpl	$X86_PVH_MAGIC, (%ebx)
	je	1f
	xorl	%ebx, %ebx
1:
	/* BSS is not part of the loaded image: clear it, page tables included.
	 * Four bytes a step, then the rest: QEMU's TCG runs (and -icount
	 * counts) every step of a rep string instruction, and bytes made
	 * it 760k steps for the httpd image. */
	movl	$__bss_start, %edi
	movl	$__bss_end, %edx
	subl	%edi, %edx
	xorl	%eax, %eax
	movl	%edx, %ecx
	shrl	$2, %ecx
	rep stosl
	movl	%edx, %ecx
	andl	$3, %ecx
	rep stosb

	/* Identity-map the first 4 GiB with 2 MiB pages: PML4[0] -> PDPT,
	 * PDPT[0..3] -> four page directories of 512 entries each. RAM,
	 * the kernel and the devices below 4 GiB (LAPIC, IOAPIC, virtio-mmio)
	 * are then reachable at their physical addresses. */
	movl	$(x86_boot_pdpt + X86_PTE_P + X86_PTE_RW), x86_boot_pml4
	movl	$x86_boot_pdpt, %edi
	movl	$(x86_boot_pd + X86_PTE_P + X86_PTE_RW), %eax
	movl	$4, %ecx
2:	movl	%eax, (%edi)
	addl	$4096, %eax
	addl	$8, %edi
	loop	2b
	movl	$x86_boot_pd, %edi
	movl	$(X86_PTE_P + X86_PTE_RW + X86_PTE_PS), %eax
	movl	$2048, %ecx
3:	movl	%eax, (%edi)		/* the high half stays 0 from the clear */
	addl	$0x200000, %eax
	addl	$8, %edi
	loop	3b

	/* Long mode: PAE, EFER.LME, then paging turns on IA-32e mode. */
	lgdt	x86_boot_gdt_desc
	movl	%cr4, %eax
	orl	$X86_CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$x86_boot_pml4, %eax
	movl	%eax, %cr3
	movl	$X86_MSR_EFER, %ecx
	rdmsr
	orl	$X86_EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(X86_CR0_PG | X86_CR0_PE), %eax
	movl	%eax, %cr0
	ljmp	$X86_KERNEL_CS, $start64

	.code64
start64:
	movl	$X86_KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	movq	$__boot_stack_top, %rsp	/* 16-aligned: the call keeps the ABI */
	xorl	%ebp, %ebp		/* end of the frame-pointer chain */
	movl	%ebx, %edi		/* zero-extends: start info or 0 */
	call	x86_start
4:	cli
	hlt
	jmp	4b

/* Flat GDT: null, 64-bit code, data. The accessed bits are preset so the
 * CPU never writes to it when loading the segments. */
	.section .rodata.boot_gdt, "a"
	.balign 8
x86_boot_gdt:
	.quad	0
	.quad	0x00af9b000000ffff	/* X86_KERNEL_CS: L=1, DPL 0, execute/read */
	.quad	0x00cf93000000ffff	/* X86_KERNEL_DS: read/write */
x86_boot_gdt_end:
x86_boot_gdt_desc:			/* limit, then base (32 bits used here) */
	.word	x86_boot_gdt_end - x86_boot_gdt - 1
	.quad	x86_boot_gdt

/* The boot stack is in stacks.S. The page tables stay in use for good:
 * mmu.c later splits 2 MiB pages of x86_boot_pd into 4 KiB ones. */
	.section .bss.boot_pagetables, "aw", @nobits
	.balign 4096
	.globl x86_boot_pml4, x86_boot_pd
x86_boot_pml4:
	.skip	4096
x86_boot_pdpt:
	.skip	4096
x86_boot_pd:
	.skip	4 * 4096

/* Not an executable-stack object (silences GNU ld). */
	.section .note.GNU-stack, "", @progbits
