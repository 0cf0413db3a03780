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
 * the lower half but its last gigabyte, physical addresses below this (RAM
 * above is unusable). */
#define RISCV_IDENTITY_LIMIT (255ull << 30)
/* The root entry (1 GiB) that program spaces use (arch/user.h); the
 * identity map stops below it. */
#define RISCV_USER_ROOT_INDEX 255

#ifndef __ASSEMBLER__
#include <stdint.h>
/* The kernel's root table (NULL without an MMU) and the count of changes
 * to its entries, which program spaces copy (user.c). */
const uint64_t *riscv_mmu_kernel_root(unsigned *gen);
#endif

#endif
