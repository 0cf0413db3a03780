/* SPDX-License-Identifier: BSD-2-Clause */
/* PCI Express functions behind an ECAM host bridge.
 *
 * The platform names its host bridges (ECAM window, bus range, and the
 * memory window that BARs may be placed in), by hand (x86: from ACPI) or
 * from the DTB (rk_pci_probe_fdt). The first rk_pci_devices() call
 * enumerates them: every function on each bridge's first bus is listed,
 * memory BARs the firmware left unassigned get addresses from the window,
 * naturally aligned, and a function's INTx pin is resolved to an interrupt
 * number when the bridge has a router (devicetree interrupt-map). Bridges to
 * further buses are reported and not followed (QEMU microvm puts every
 * device on bus 0). I/O-space BARs are not assigned: nothing here uses
 * port I/O devices, and ECAM machines need not have an I/O window.
 *
 * Offsets are in the function's 4 KiB configuration space. */
#ifndef RUMPK_PCI_H
#define RUMPK_PCI_H

#include <stdbool.h>
#include <stdint.h>

/* Standard header fields (PCI Local Bus 3.0, 6.1) and capability ids. */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_CLASS_REVISION 0x08
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_CAP_PTR 0x34
#define PCI_INTERRUPT_PIN 0x3d /* 0: none, 1-4: INTA-INTD */

#define PCI_COMMAND_MEMORY (1u << 1)
#define PCI_COMMAND_MASTER (1u << 2)
#define PCI_COMMAND_INTX_DISABLE (1u << 10)
#define PCI_STATUS_CAP_LIST (1u << 4)

#define PCI_CAP_ID_MSIX 0x11
#define PCI_CAP_ID_VENDOR 0x09

#define PCI_NUM_BARS 6

struct rk_pci_dev {
	uintptr_t cfg; /* ECAM address of the configuration space */
	uint16_t segment;
	uint8_t bus, slot, func;
	uint16_t vendor_id, device_id, subsystem_id;
	uint32_t class_code;              /* class << 16 | subclass << 8 | prog-if */
	uint64_t bar[PCI_NUM_BARS];       /* memory address; 0: none, I/O or unplaced */
	uint64_t bar_size[PCI_NUM_BARS];
	uint8_t intx_pin;   /* 1-4 = INTA-INTD, 0: the function uses no INTx pin */
	unsigned intx_irq;  /* rk_irq number the pin reaches, level-triggered; 0: not routed */
	struct rk_pci_dev *next;
};

/* Platform: a host bridge with its ECAM window (the address of bus 0,
 * device 0, function 0, as an ACPI MCFG entry gives it), the buses it decodes, and the
 * 32-bit memory window for BARs (PCI and CPU addresses equal). 0, or -1 (with a message) when the
 * description is unusable or the table of bridges is full. */
int rk_pci_add_host(uint16_t segment, uint64_t ecam, unsigned bus_start, unsigned bus_end,
		    uint64_t mem_base, uint64_t mem_size);
/* How a host bridge's INTx pins reach the interrupt controller: the rk_irq
 * number that pin (1-4) of function d raises, or 0 when it is not wired
 * (the router says why). Enumeration asks once per function with a pin. */
typedef unsigned (*rk_pci_intx_fn)(void *arg, const struct rk_pci_dev *d, unsigned pin);
/* Give the bridge added as (segment, bus_start) its INTx router. 0, or -1
 * when no such bridge was added. Call before the first rk_pci_devices(). */
int rk_pci_host_intx(uint16_t segment, unsigned bus_start, rk_pci_intx_fn route, void *arg);

/* Devicetree platforms: add every enabled "pci-host-ecam-generic" bridge
 * of the DTB, with an INTx router from its interrupt-map (drivers/pci/
 * pci_fdt.c). map_device, when not NULL, is how the platform maps device
 * registers (ECAM and the memory window) into its address space; NULL means
 * they are mapped already. Returns the number of bridges added. */
int rk_pci_probe_fdt(const void *dtb, int (*map_device)(uint64_t base, uint64_t size));

/* The functions found, enumerating on the first call; NULL when there are
 * none (or no host bridge was added). */
struct rk_pci_dev *rk_pci_devices(void);

uint8_t rk_pci_read8(const struct rk_pci_dev *d, unsigned off);
uint16_t rk_pci_read16(const struct rk_pci_dev *d, unsigned off);
uint32_t rk_pci_read32(const struct rk_pci_dev *d, unsigned off);
void rk_pci_write16(const struct rk_pci_dev *d, unsigned off, uint16_t v);
void rk_pci_write32(const struct rk_pci_dev *d, unsigned off, uint32_t v);

/* Offset of the next capability with the given id after offset `after`
 * (0: from the start of the list), or 0 when there is none. */
unsigned rk_pci_find_cap(const struct rk_pci_dev *d, uint8_t id, unsigned after);
/* Decode memory BARs and let the function master the bus (DMA). */
void rk_pci_enable(const struct rk_pci_dev *d);
/* Route MSI-X table entry `entry` to a fresh interrupt number (*irq, for
 * rk_irq_attach), unmask it, and switch the function from INTx to MSI-X.
 * 0, or -1 with a message (no MSI-X capability, entry out of range, table
 * BAR unplaced, or the architecture has no MSI support here). */
int rk_pci_msix_enable(const struct rk_pci_dev *d, unsigned entry, unsigned *irq);
#ifdef CONFIG_SMP
/* Write message address addr into the MSI-X entry that raises irq (one
 * rk_pci_msix_enable made): the x86 irqchip's route, to send it to another
 * CPU. 0, or -1 for an irq no MSI-X entry raises. */
int rk_pci_msix_retarget(unsigned irq, uint64_t addr);
#endif
/* "0000:00:01.0" style name of d, for messages. */
const char *rk_pci_name(const struct rk_pci_dev *d, char buf[16]);

#endif
