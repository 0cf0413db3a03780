/* SPDX-License-Identifier: BSD-2-Clause */
/* PCI drivers: binding by vendor and device id. A driver declares
 *
 *     static const struct rk_pci_id ids[] = { { 0x1af4, RK_PCI_ANY_ID }, { 0 } };
 *     static int probe(const struct rk_pci_dev *f) { ... }
 *     RK_PCI_DRIVER(my_nic, ids, probe);
 *
 * into the .rk_pci_drivers linker section; the PCI bus (drivers/pci/bus.c)
 * calls probe once for each enumerated function that an id matches, at the
 * driver init level (after the host bridges, which platforms add at
 * RK_INIT_BUS). The function's BARs, capabilities and interrupt routing are
 * in rumpk/pci.h. */
#ifndef RUMPK_DRV_PCI_H
#define RUMPK_DRV_PCI_H

#include <stdint.h>
#include <rumpk/compiler.h>
#include <rumpk/pci.h>

#define RK_PCI_ANY_ID 0xffff

struct rk_pci_id {
	uint16_t vendor; /* 0 ends the table */
	uint16_t device; /* or RK_PCI_ANY_ID */
};

struct rk_pci_driver {
	const char *name;
	const struct rk_pci_id *ids;
	/* 0 when the function is driven, RK_PCI_NOT_MINE when a closer look
	 * shows it is not for this driver (tried with the next one), or a
	 * negative RK_E* code (the bus reports it). */
	int (*probe)(const struct rk_pci_dev *f);
};
#define RK_PCI_NOT_MINE 1

#define RK_PCI_DRIVER(dname, id_table, probe_fn)                               \
	static const struct rk_pci_driver rk_pci_driver_##dname rk_used        \
		rk_section(".rk_pci_drivers") rk_aligned(8) = { #dname, id_table, probe_fn }

extern const struct rk_pci_driver __rk_pci_drivers_start[], __rk_pci_drivers_end[];

#endif
