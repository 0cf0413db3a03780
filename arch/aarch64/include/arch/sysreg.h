/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 system register access and the bit values the boot code uses.
 * Safe to include from assembly. */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

/* HCR_EL2.RW: EL1 runs AArch64 (the reset value 0 would mean AArch32). */
#define HCR_EL2_RW 0x80000000
/* CNTHCTL_EL2.EL1PCTEN | EL1PCEN: EL1 may use the physical counter/timer. */
#define CNTHCTL_EL2_EL1_ACCESS 0x3
/* CPTR_EL2 with only its RES1 bits: no FP/SIMD or other traps to EL2. */
#define CPTR_EL2_DEFAULT 0x33ff
/* EL1h (SP_EL1) with D, A, I and F masked. */
#define SPSR_EL1H_DAIF_MASKED 0x3c5
/* SCTLR_EL1 before the MMU is on: RES1 bits (11, 20, 22, 23, 28, 29), SA
 * (3, SP alignment check) and I (12, instruction cache). MMU, data cache
 * and the general alignment check stay off; little-endian. */
#define SCTLR_EL1_BOOT 0x30d01808
/* SCTLR_EL1.M (MMU) and C (data and unified caches), set by mmu.S. */
/* TCR_EL1.EPD1: no TTBR1 walks (until user.c gives the CPU its table). */
#define TCR_EL1_EPD1 (1ull << 23)
#define SCTLR_EL1_M 0x1
#define SCTLR_EL1_C 0x4
/* MPIDR_EL1 affinity fields Aff3 (39:32) and Aff2..Aff0 (23:0). */
#define MPIDR_AFF_MASK 0xff00ffffff

/* ID_AA64PFR0_EL1.GIC (27:24): non-zero when the GICv3+ system register
 * CPU interface exists. ID_AA64DFR0_EL1.PMUVer (11:8): 0 none, 0xf
 * IMPLEMENTATION DEFINED, else a PMUv3 that has PMCCNTR_EL0. */
#define ID_AA64PFR0_GIC_SHIFT 24
#define ID_AA64DFR0_PMUVER_SHIFT 8
/* PMCR_EL0.N (15:11): number of event counters; MDCR_EL2.HPMN takes it. */
#define PMCR_EL0_N_SHIFT 11
/* ICC_SRE_EL2: SRE (system register interface at EL2) | Enable (EL1 may
 * use ICC_SRE_EL1 and so its own system register interface). */
#define ICC_SRE_EL2_SRE_ENABLE 0x9

/* GICv3 CPU interface and EL2 registers by encoding: the GNU assembler
 * knows their names only for newer -march levels. */
#define ICC_SRE_EL2 S3_4_C12_C9_5
#define ICH_HCR_EL2 S3_4_C12_C11_0
#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_SGI1R_EL1 S3_0_C12_C11_5

#ifndef __ASSEMBLER__
#include <stdint.h>

#define RK_STR_(x) #x
#define RK_STR(x) RK_STR_(x)
/* r may be a register name or one of the encodings above. */
#define read_sysreg(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " RK_STR(r) : "=r"(v_)); v_; })
#define write_sysreg(r, v) __asm__ volatile("msr " RK_STR(r) ", %0" ::"r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")

/* The exception level the kernel was entered at (1 or 2), set by entry.S
 * through aarch64_start before anything else runs. */
extern unsigned int aarch64_boot_el;
#endif

#endif
