/* SPDX-License-Identifier: BSD-2-Clause */
/* Where a secondary CPU starts (arch/x86_64/smp.c): STARTUP (SIPI) enters
 * real mode at CS = page >> 4, IP = 0, interrupts off, no stack. smp.c
 * copies this code to X86_SMP_TRAMPOLINE below 1 MiB (it is never run
 * where it is linked) and fills in the parameters at its end; the code
 * reaches everything by its address in the copy (AT() below), with
 * DS = 0. It goes to protected mode with a GDT of its own, switches to
 * long mode with the boot CPU's page table, CR4, CR0 and EFER bits, and
 * calls entry(arg) on the stack given: smp.c then loads the kernel's GDT,
 * this CPU's TSS and the IDT. One CPU at a time goes through here. */
#include <arch/x86.h>

#define AT(sym) (X86_SMP_TRAMPOLINE + ((sym) - x86_smp_trampoline))
/* The trampoline's own GDT: 64-bit code and data are the kernel's selectors
 * (X86_KERNEL_CS, X86_KERNEL_DS), so nothing needs reloading when smp.c
 * loads the kernel's GDT; 32-bit code only for the step through
 * protected mode. */
#define TRAMP_CS32 0x18

	.section .rodata.x86_smp_trampoline, "a"
	.balign 16
	.globl x86_smp_trampoline, x86_smp_trampoline_end, x86_smp_trampoline_params
	.code16
x86_smp_trampoline:
	cli
	cld
	xorw	%ax, %ax
	movw	%ax, %ds
	lgdtl	AT(tramp_gdt_desc)
	movl	%cr0, %eax
	orl	$X86_CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$TRAMP_CS32, $AT(tramp32)

	.code32
tramp32:
	movl	$X86_KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	/* Long mode as entry.S entered it, with what the boot CPU has turned
	 * on since (NX in EFER, SMEP/SMAP in CR4, WP in CR0): PAE and the
	 * page table, EFER, then CR0 with PG turns on IA-32e mode. NX needs
	 * EFER.NXE before paging: the page tables use the bit. */
	movl	AT(tramp_cr4), %eax
	movl	%eax, %cr4
	movl	AT(tramp_cr3), %eax
	movl	%eax, %cr3
	movl	$X86_MSR_EFER, %ecx
	rdmsr
	orl	AT(tramp_efer), %eax
	wrmsr
	movl	AT(tramp_cr0), %eax
	movl	%eax, %cr0
	ljmpl	$X86_KERNEL_CS, $AT(tramp64)

	.code64
tramp64:
	movq	AT(tramp_stack), %rsp	/* 16-aligned: the call keeps the ABI */
	movq	AT(tramp_arg), %rdi
	xorl	%ebp, %ebp		/* end of the frame-pointer chain */
	callq	*AT(tramp_entry)	/* does not return */
	ud2

	.balign 8
tramp_gdt:
	.quad	0
	.quad	0x00af9b000000ffff	/* X86_KERNEL_CS: 64-bit code */
	.quad	0x00cf93000000ffff	/* X86_KERNEL_DS */
	.quad	0x00cf9b000000ffff	/* TRAMP_CS32: 32-bit code */
tramp_gdt_desc:
	.word	tramp_gdt_desc - tramp_gdt - 1
	.long	AT(tramp_gdt)

/* struct x86_smp_params (smp.c), filled in for each CPU. */
	.balign 8
x86_smp_trampoline_params:
tramp_cr3:	.quad	0
tramp_cr4:	.quad	0
tramp_cr0:	.quad	0
tramp_efer:	.quad	0
tramp_stack:	.quad	0
tramp_entry:	.quad	0
tramp_arg:	.quad	0
x86_smp_trampoline_end:

/* Not an executable-stack object (silences GNU ld). */
	.section .note.GNU-stack, "", @progbits
