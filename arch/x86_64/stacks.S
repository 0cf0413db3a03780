/* SPDX-License-Identifier: BSD-2-Clause */
/* Every stack the CPU runs on before fibers exist, each with an unmapped
 * guard page below it (mmu.c unmaps them), from low to high addresses:
 *
 *   [guard][#DF stack][guard][NMI stack][guard][#MC stack][guard][#PF stack]
 *   [guard][boot stack]   <- __boot_stack_top, set by the linker script
 *
 * The boot stack becomes the idle fiber's. The other four are the
 * interrupt-stack-table stacks (TSS IST1..4, see arch/x86.h): the CPU
 * switches to them for those exceptions whatever the stack pointer was,
 * which is what makes a fiber stack overflow reportable at all.
 *
 * The section is NOBITS and not part of .bss: entry.S clears .bss while
 * nothing runs on these stacks yet, and they need no clearing. */
#include <arch/x86.h>

#define BOOT_STACK_BYTES ((CONFIG_KERNEL_STACK_SIZE + X86_PAGE_SIZE - 1) & ~(X86_PAGE_SIZE - 1))

	.section .boot_stack, "aw", @nobits
	.balign X86_PAGE_SIZE
	.globl x86_stacks
x86_stacks:
	.rept	X86_NR_IST
	.skip	X86_PAGE_SIZE		/* guard */
	.skip	X86_IST_STACK_SIZE
	.endr
	.skip	X86_PAGE_SIZE		/* guard below the boot stack */
	.skip	BOOT_STACK_BYTES

/* trap.S switches to the #DF stack to report an overflow it detects. */
	.globl x86_df_stack_top
	.set	x86_df_stack_top, x86_stacks + X86_IST_DF * X86_IST_SLOT

/* Not an executable-stack object (silences GNU ld). */
	.section .note.GNU-stack, "", @progbits
