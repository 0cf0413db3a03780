/* SPDX-License-Identifier: BSD-2-Clause */
/* QEMU virt (aarch64) fixed addresses used before the DTB is parsed. */
#ifndef PLATFORM_MEMMAP_H
#define PLATFORM_MEMMAP_H

/* RAM starts at 0x40000000; an arm64 Image with text_offset 0x80000 is
 * loaded by QEMU -kernel (and U-Boot booti) at RAM + 0x80000. */
#define PLAT_RAM_BASE 0x40000000
#define PLAT_KERNEL_BASE 0x40080000
#define PLAT_UART0_BASE 0x09000000 /* PL011 */

/* The boot page tables map this window as device memory: everything
 * below RAM (GIC, UART, RTC, virtio-mmio, PCIe windows and ECAM) except
 * the first 2 MiB, flash that the kernel never uses, left unmapped so
 * that null pointer dereferences fault. */
#define PLAT_DEVICE_START 0x00200000
#define PLAT_DEVICE_END 0x40000000

#endif
