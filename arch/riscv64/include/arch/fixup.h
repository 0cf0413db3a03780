/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 exception fixups: instructions that are allowed to fault.
 *
 * Some features can only be detected by trying them: a CSR that the
 * firmware may or may not have opened to S-mode (Sstc's stimecmp, Zkr's
 * seed) raises an illegal-instruction exception when it is closed. Code
 * that probes such an instruction lists it in the .rk_fixup table as a
 * (fault pc, resume pc) pair; riscv_exception (trap.c) looks a faulting pc
 * up there and, when it is listed, resumes at the paired pc instead of
 * dumping the registers and panicking. The probe learns that it faulted
 * because the instructions between the two pcs did not run (typically: a
 * "success" register was not set).
 *
 * Any exception at a listed pc is taken as the expected one, so list only
 * single instructions whose every fault means "not available". The table
 * sits in read-only data (arch/riscv64/link.ld.S), bounded by
 * __rk_fixup_start and __rk_fixup_end. */
#ifndef ARCH_FIXUP_H
#define ARCH_FIXUP_H

#ifdef __ASSEMBLER__

/* In assembly: RV_FIXUP 1b, 2f */
.macro RV_FIXUP fault, resume
	.pushsection .rk_fixup, "a"
	.balign 8
	.dword \fault, \resume
	.popsection
.endm

#else

#include <stdint.h>

struct rv_fixup {
	uintptr_t fault;
	uintptr_t resume;
};

/* In inline assembly, as a string: RV_FIXUP_ASM("1b", "2f") */
#define RV_FIXUP_ASM(fault, resume)                                            \
	".pushsection .rk_fixup, \"a\"\n\t"                                    \
	".balign 8\n\t"                                                        \
	".dword " fault ", " resume "\n\t"                                     \
	".popsection\n\t"

#endif
#endif
