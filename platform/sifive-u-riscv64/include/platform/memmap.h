/* SPDX-License-Identifier: BSD-2-Clause */
/* SiFive FU540-C000 (HiFive Unleashed, QEMU sifive_u) fixed addresses used
 * before the DTB is parsed. The FU740 (HiFive Unmatched) has the same map
 * for these. */
#ifndef PLATFORM_MEMMAP_H
#define PLATFORM_MEMMAP_H

#define PLAT_RAM_BASE 0x80000000    /* DDR */
#define PLAT_KERNEL_BASE 0x80200000 /* RAM + 2 MiB: OpenSBI fw_jump's target
				       and the Image header's text_offset */
#define PLAT_UART0_BASE 0x10010000  /* sifive,uart0; UART1 at 0x10011000 */

#endif
