/* SPDX-License-Identifier: BSD-2-Clause */
/* The PCI bus: binds the drivers that declared an id table (RK_PCI_DRIVER,
 * include/rumpk/drv/pci.h) to the functions enumerated on every host bridge
 * the platform added. Adding a driver touches no file here. */
#include <rumpk/drv/pci.h>
#include <rumpk/init.h>
#include <rumpk/printk.h>

static bool matches(const struct rk_pci_driver *drv, const struct rk_pci_dev *f)
{
	for (const struct rk_pci_id *id = drv->ids; id->vendor; id++)
		if (id->vendor == f->vendor_id &&
		    (id->device == RK_PCI_ANY_ID || id->device == f->device_id))
			return true;
	return false;
}

static int pci_bind(const struct rk_bootinfo *bi)
{
	/* No driver: leave the bridges unenumerated (no BARs placed). */
	if (&__rk_pci_drivers_start[0] == &__rk_pci_drivers_end[0])
		return 0;
	for (const struct rk_pci_dev *f = rk_pci_devices(); f; f = f->next)
		for (const struct rk_pci_driver *d = __rk_pci_drivers_start; d < __rk_pci_drivers_end;
		     d++) {
			if (!matches(d, f))
				continue;
			int err = d->probe(f);

			if (err == RK_PCI_NOT_MINE)
				continue;
			if (err) {
				char name[16];

				rk_pci_name(f, name);
				printk("pci: %s %04x:%04x: %s failed: %d\n", name, f->vendor_id,
				       f->device_id, d->name, err);
			}
			break;
		}
	return 0;
}
RK_INIT(pci_bind, RK_INIT_DRIVER);
