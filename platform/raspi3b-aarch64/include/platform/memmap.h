/* SPDX-License-Identifier: BSD-2-Clause */
/* Raspberry Pi 3 Model B (BCM2837), and QEMU's raspi3b: the addresses used
 * before the DTB is read. The ARM sees the SoC's peripherals (bus address
 * 0x7e000000) at 0x3f000000 (the DTB's /soc ranges). */
#ifndef PLATFORM_MEMMAP_H
#define PLATFORM_MEMMAP_H

/* RAM starts at 0; the firmware (and QEMU -kernel) loads an arm64 Image
 * at 0x80000. The first page holds the spin table the secondary cores
 * wait on (cpu-release-addr 0xd8..0xf0): never written by the kernel. */
#define PLAT_RAM_BASE 0x00000000
#define PLAT_KERNEL_BASE 0x00080000
/* The spin table: one 64-bit release address per core (the DTB's
 * cpu-release-addr), polled by the secondaries between WFEs. */
#define PLAT_SPIN_TABLE 0xd8
#define PLAT_NCPUS 4

/* The console: the mini UART of the AUX block (bcm2835-aux-uart), which
 * the Pi 3 DTB's /chosen stdout-path names (serial1; the PL011 drives
 * Bluetooth on this board). QEMU connects it to its second serial port. */
#define PLAT_AUX_UART_BASE 0x3f215040

/* The boot page tables map this window as device memory: the peripherals
 * (16 MiB at 0x3f000000) and the BCM2836 local block at 0x40000000 (per-core
 * timers, mailboxes and the local interrupt controller). */
#define PLAT_DEVICE_START 0x3f000000
#define PLAT_DEVICE_END 0x40200000

#endif
