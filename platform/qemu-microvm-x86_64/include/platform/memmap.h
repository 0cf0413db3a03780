/* SPDX-License-Identifier: BSD-2-Clause */
/* QEMU microvm (x86_64) fixed addresses. */
#ifndef PLATFORM_MEMMAP_H
#define PLATFORM_MEMMAP_H

#define PLAT_KERNEL_BASE 0x100000 /* 1 MiB: the classic load address, above
				     the firmware's area in low memory */
#define PLAT_COM1 0x3f8           /* ns16550 on I/O ports */
#define PLAT_IOAPIC 0xfec00000    /* the I/O APIC (GSIs 0-23) when no ACPI
				     MADT says where it is (acpi=off) */
/* With pcie=on, QEMU's PCIe host bridge ("gpex"): ECAM for buses 0-255 and
 * the 32-bit window it decodes for memory BARs. QEMU 7.2 describes both only
 * in AML (the DSDT's _CRS resources), not in an MCFG table, and this kernel
 * interprets no AML: they are fixed points of QEMU's microvm memory map. */
#define PLAT_PCIE_ECAM_BASE 0xe0000000
#define PLAT_PCIE_ECAM_BUSES 256
#define PLAT_PCIE_MMIO_BASE 0xc0000000
#define PLAT_PCIE_MMIO_SIZE 0x20000000
#define PLAT_PIC1_DATA 0x21       /* 8259 PIC mask registers */
#define PLAT_PIC2_DATA 0xa1

#endif
