/* SPDX-License-Identifier: BSD-2-Clause */
/* QEMU virt (riscv64) fixed addresses used before the DTB is parsed. */
#ifndef PLATFORM_MEMMAP_H
#define PLATFORM_MEMMAP_H

#define PLAT_RAM_BASE 0x80000000    /* RAM as the DTB describes it */
#define PLAT_KERNEL_BASE 0x80200000 /* where OpenSBI fw_jump jumps; RAM +
				       2 MiB, the Image header's text_offset */
#define PLAT_UART0_BASE 0x10000000  /* ns16550a, register stride 1 */
#define PLAT_TEST_BASE 0x100000     /* sifive,test1 finisher */

#endif
