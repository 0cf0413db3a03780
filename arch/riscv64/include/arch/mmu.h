/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 Sv39 MMU: an identity map of the low 256 GiB of physical
 * addresses (all RAM and MMIO of the virt machine) with the null page and
 * guard pages left out and the kernel image mapped W^X. See mmu.c;
 * arch_guard_page/arch_unguard_page (rumpk/arch.h) edit it. */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

/* The arch init level: build the tables and turn translation on (when the CPU has
 * Sv39 and CONFIG_RISCV_SV39 is set). */
void riscv_mmu_init(void);

/* Sv39 addresses are sign-extended from bit 38: the identity map covers
 * the lower half, physical addresses below this (RAM above is unusable). */
#define RISCV_IDENTITY_LIMIT (1ull << 38)

#endif
