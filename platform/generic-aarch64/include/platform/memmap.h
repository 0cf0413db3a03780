/* SPDX-License-Identifier: BSD-2-Clause */
/* The device-tree-driven aarch64 image: no fixed address but its link
 * address. It runs wherever the loader puts it (a 2 MiB boundary +
 * text_offset, arch/aarch64/entry.S relocates it there), takes RAM and
 * every device from the DTB and maps device registers as their drivers
 * find them: no device window, nothing mapped at boot but the image and
 * the DTB. */
#ifndef PLATFORM_MEMMAP_H
#define PLATFORM_MEMMAP_H

/* Linked at 0x80000, the Raspberry Pi's load address: a loader that
 * honours text_offset (0x80000) puts it at RAM + 0x80000 on any board
 * (QEMU virt: 0x40080000), and where that is the link address (the Pi)
 * entry.S has no relocation to apply. */
#define PLAT_KERNEL_BASE 0x00080000

#endif
