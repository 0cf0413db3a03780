/* QEMU microvm (x86_64) fixed addresses. */
#ifndef PLATFORM_MEMMAP_H
#define PLATFORM_MEMMAP_H

#define PLAT_KERNEL_BASE 0x100000 /* 1 MiB: the classic load address, above
				     the firmware's area in low memory */
#define PLAT_COM1 0x3f8           /* ns16550 on I/O ports */
#define PLAT_IOAPIC 0xfec00000    /* the I/O APIC (GSIs 0-23) when no ACPI
				     MADT says where it is (acpi=off) */
#define PLAT_PIC1_DATA 0x21       /* 8259 PIC mask registers */
#define PLAT_PIC2_DATA 0xa1

#endif
