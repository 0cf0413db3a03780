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
/* SCTLR_EL1: RES1 bits (11, 20, 22, 23, 28, 29), SA (3, SP alignment
 * check) and I (12, instruction cache). MMU, data cache and the general
 * alignment check stay off; little-endian. */
#define SCTLR_EL1_BOOT 0x30d01808
/* MPIDR_EL1 affinity fields Aff3 (39:32) and Aff2..Aff0 (23:0). */
#define MPIDR_AFF_MASK 0xff00ffffffULL

#ifndef __ASSEMBLER__
#include <stdint.h>

#define read_sysreg(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" ::: "memory")

/* The exception level the kernel was entered at (1 or 2), set by entry.S
 * through aarch64_start before anything else runs. */
extern unsigned int aarch64_boot_el;
#endif

#endif
