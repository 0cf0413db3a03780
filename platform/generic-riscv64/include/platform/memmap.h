/* SPDX-License-Identifier: BSD-2-Clause */
/* generic-riscv64: the only addresses fixed at build time. Every OpenSBI
 * board puts RAM at 0x80000000 (QEMU virt and sifive_u, FU540, FU740,
 * JH7110...) and fw_jump starts the kernel 2 MiB above it; everything else
 * (console, power-off, RAM size, interrupt controller, devices) is read
 * from the DTB. */
#ifndef PLATFORM_MEMMAP_H
#define PLATFORM_MEMMAP_H

#define PLAT_RAM_BASE 0x80000000    /* where OpenSBI boards have RAM */
#define PLAT_KERNEL_BASE 0x80200000 /* fw_jump's target; RAM + 2 MiB, the
				       Image header's text_offset */

#endif
