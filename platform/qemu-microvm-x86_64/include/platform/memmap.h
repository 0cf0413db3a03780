/* QEMU microvm (x86_64) fixed addresses. */
#ifndef PLATFORM_MEMMAP_H
#define PLATFORM_MEMMAP_H

#define PLAT_KERNEL_BASE 0x100000 /* 1 MiB: the classic load address, above
				     the firmware's area in low memory */
#define PLAT_COM1 0x3f8           /* ns16550 on I/O ports */

#endif
