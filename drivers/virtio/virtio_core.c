/* SPDX-License-Identifier: BSD-2-Clause */
/* Device model: feature negotiation and the status handshake (virtio 1.x
 * 3.1.1), driver binding by device id (the .rk_virtio_drivers table),
 * interrupt dispatch, and the command-line slots of x86 microvm. */
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/irq.h>
#include <rumpk/init.h>
#include <rumpk/printk.h>
#include "virtio_internal.h"

static struct virtio_dev *devices;
static int bound;

bool virtio_default_polled(void)
{
#ifdef CONFIG_VIRTIO_POLLED
	return true;
#else
	return false;
#endif
}

void virtio_read_config(struct virtio_dev *d, unsigned off, void *buf, unsigned len)
{
	uint32_t gen;
	do {
		gen = d->tr->config_generation(d);
		d->tr->read_config(d, off, buf, len);
	} while (gen != d->tr->config_generation(d));
}

static void virtio_interrupt(unsigned irq, void *arg)
{
	struct virtio_dev *d = arg;
	uint32_t isr = d->tr->ack_irq(d);

	d->irqs++;
	if (isr && d->drv && d->drv->interrupt)
		d->drv->interrupt(d, isr);
}

static void fail(struct virtio_dev *d, const char *why)
{
	printk("virtio: %s at %#lx: %s\n", d->name, (unsigned long)d->base, why);
	d->tr->set_status(d, d->tr->get_status(d) | VIRTIO_STATUS_FAILED);
}

/* Name the device after its driver: net0, net1, blk0... */
static void name_device(struct virtio_dev *d, const char *prefix)
{
	int n = 0;
	for (struct virtio_dev *o = devices; o; o = o->next)
		if (o != d && o->drv == d->drv)
			n++;
	rk_snprintf(d->name, sizeof(d->name), "%s%d", prefix, n);
}

static int bind(struct virtio_dev *d, const struct virtio_driver *drv)
{
	const struct virtio_transport *tr = d->tr;

	d->drv = drv;
	name_device(d, drv->name);

	/* 3.1.1: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK (and
	 * check it stuck), queues, DRIVER_OK. */
	tr->set_status(d, 0);
	tr->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	tr->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	uint64_t offered = tr->get_features(d);
	if (!(offered & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
		fail(d, "no VIRTIO_F_VERSION_1 (legacy-only device), not used");
		return -1;
	}
	uint64_t want = drv->features | VIRTIO_BIT(VIRTIO_F_VERSION_1);
#ifdef CONFIG_VIRTIO_EVENT_IDX
	want |= VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX);
#endif
	d->features = offered & want;
	tr->set_features(d, d->features);
	tr->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			      VIRTIO_STATUS_FEATURES_OK);
	if (!(tr->get_status(d) & VIRTIO_STATUS_FEATURES_OK)) {
		fail(d, "device did not accept our features");
		return -1;
	}
	if (drv->probe(d)) {
		fail(d, "driver setup failed");
		return -1;
	}
	/* The handler may run as soon as DRIVER_OK is set. */
	if (d->irq && rk_irq_attach(d->irq, virtio_interrupt, d) == 0)
		d->irq_attached = true;
	else
		printk("virtio: %s: cannot attach irq %u; polled mode only\n", d->name, d->irq);
	tr->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			      VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	if (tr->get_status(d) & VIRTIO_STATUS_NEEDS_RESET) {
		if (d->irq_attached)
			rk_irq_detach(d->irq);
		d->irq_attached = false;
		fail(d, "device needs a reset right after start");
		return -1;
	}
	if (drv->start)
		drv->start(d);
	return 0;
}

void virtio_add_device(struct virtio_dev *d)
{
	d->next = devices;
	devices = d;
	for (const struct virtio_driver *drv = __rk_virtio_drivers_start;
	     drv < __rk_virtio_drivers_end; drv++)
		if (drv->device_id == d->device_id) {
			if (bind(d, drv) == 0)
				bound++;
			return;
		}
	rk_snprintf(d->name, sizeof(d->name), "id%u", (unsigned)d->device_id);
	/* Leave devices we have no driver for reset, as found. */
}

void rk_virtio_list(void)
{
	for (struct virtio_dev *d = devices; d; d = d->next)
		printk("virtio: %-5s id %u at %#lx irq %u (%s%s) features %#llx irqs %llu\n",
		       d->name, (unsigned)d->device_id, (unsigned long)d->base, d->irq,
		       d->tr->name, d->drv ? "" : ", no driver",
		       (unsigned long long)d->features, (unsigned long long)d->irqs);
}

int rk_virtio_bound(void)
{
	return bound;
}

/* The transports no bus describes: x86 microvm names its virtio-mmio slots
 * on the kernel command line with acpi=off, in its DSDT otherwise (one
 * or the other: a slot found twice would be added twice). (DTB slots and
 * PCI functions bind through the FDT and PCI buses.) */
static int virtio_microvm_probe(const struct rk_bootinfo *bi)
{
	int found = bi->cmdline ? virtio_mmio_probe_cmdline(bi->cmdline) : 0;
#ifdef CONFIG_IRQ_LAPIC
	if (!found)
		virtio_mmio_probe_acpi(bi);
#else
	(void)found;
#endif
	return 0;
}
RK_INIT(virtio_microvm_probe, RK_INIT_DRIVER);
