/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio-pci transport, modern interface (virtio 1.x section 4.1).
 *
 * A virtio PCI function (vendor 0x1af4) describes its register blocks with
 * vendor-specific capabilities, each naming a BAR, an offset and a length:
 * common configuration (features, status, queue setup), notification
 * (doorbells at queue_notify_off * multiplier), ISR status and the device's
 * own configuration. Transitional devices (ids 0x1000-0x103f, QEMU's
 * default) carry the same capabilities next to their legacy I/O BAR; only
 * the modern interface is used. A function without a common configuration
 * capability is legacy-only and refused.
 *
 * Interrupts: MSI-X table entry 0 for every queue (one handler per device,
 * which looks at all of its queues anyway); configuration changes are not
 * signalled (no driver reacts to them). With MSI-X the ISR status is not
 * set (4.1.4.5), so an interrupt simply means "used buffers". Without
 * MSI-X (riscv64 and aarch64 virt: no MSI controller driver) the function
 * raises its INTx pin, a level-triggered line the host bridge routes
 * (rk_pci_dev.intx_irq); reading the ISR status acknowledges it and
 * lowers the line. The interrupt core gives a line to one handler only, so
 * a device whose line another virtio device holds already, or that has
 * no routed line, gets no interrupt: its INTx is disabled (an unhandled
 * level interrupt would fire forever) and it runs polled. */
#include <stdlib.h>
#include <rumpk/irq.h>
#include <rumpk/mmio.h>
#include <rumpk/drv/pci.h>
#include <rumpk/fiber.h>
#include <rumpk/printk.h>
#include "virtio_barrier.h"
#include "virtio_internal.h"

#define VIRTIO_PCI_VENDOR 0x1af4
#define ID_TRANSITIONAL_FIRST 0x1000
#define ID_TRANSITIONAL_LAST 0x103f
#define ID_MODERN_BASE 0x1040
#define ID_MODERN_LAST 0x107f

/* struct virtio_pci_cap (4.1.4), offsets within the capability. */
#define CAP_CFG_TYPE 3
#define CAP_BAR 4
#define CAP_OFFSET 8
#define CAP_LENGTH 12
#define CAP_NOTIFY_MULTIPLIER 16

#define CFG_COMMON 1
#define CFG_NOTIFY 2
#define CFG_ISR 3
#define CFG_DEVICE 4
#define CFG_TYPES 5

/* struct virtio_pci_common_cfg (4.1.4.3). */
#define COMMON_DEVICE_FEATURE_SELECT 0x00
#define COMMON_DEVICE_FEATURE 0x04
#define COMMON_DRIVER_FEATURE_SELECT 0x08
#define COMMON_DRIVER_FEATURE 0x0c
#define COMMON_MSIX_CONFIG 0x10
#define COMMON_NUM_QUEUES 0x12
#define COMMON_STATUS 0x14
#define COMMON_CONFIG_GENERATION 0x15
#define COMMON_QUEUE_SELECT 0x16
#define COMMON_QUEUE_SIZE 0x18
#define COMMON_QUEUE_MSIX_VECTOR 0x1a
#define COMMON_QUEUE_ENABLE 0x1c
#define COMMON_QUEUE_NOTIFY_OFF 0x1e
#define COMMON_QUEUE_DESC 0x20
#define COMMON_QUEUE_DRIVER 0x28
#define COMMON_QUEUE_DEVICE 0x30
#define COMMON_MIN_LENGTH 0x38

#define MSI_NO_VECTOR 0xffff
#define MSIX_ENTRY 0
#define MAX_QUEUES 8
#define RESET_SPINS 1000000

struct virtio_pci {
	struct virtio_dev vd; /* first: the core only sees this part */
	const struct rk_pci_dev *pci;
	uintptr_t common, notify, isr, device;
	uint32_t notify_multiplier, notify_length, device_length;
	bool msix;
	uintptr_t doorbell[MAX_QUEUES];
};

static struct virtio_pci *vp(struct virtio_dev *d)
{
	return (struct virtio_pci *)d;
}

static uint8_t pci_get_status(struct virtio_dev *d)
{
	return mmio_read8(vp(d)->common + COMMON_STATUS);
}

static void pci_set_status(struct virtio_dev *d, uint8_t status)
{
	mmio_write8(vp(d)->common + COMMON_STATUS, status);
	/* 4.1.4.3.2: after a reset the driver waits for device_status to
	 * read 0 before it reinitialises anything. */
	if (status == 0)
		for (int i = 0; i < RESET_SPINS && pci_get_status(d) != 0; i++)
			;
}

static uint64_t pci_get_features(struct virtio_dev *d)
{
	uintptr_t c = vp(d)->common;
	mmio_write32(c + COMMON_DEVICE_FEATURE_SELECT, 1);
	uint64_t hi = mmio_read32(c + COMMON_DEVICE_FEATURE);
	mmio_write32(c + COMMON_DEVICE_FEATURE_SELECT, 0);
	return hi << 32 | mmio_read32(c + COMMON_DEVICE_FEATURE);
}

static void pci_set_features(struct virtio_dev *d, uint64_t f)
{
	uintptr_t c = vp(d)->common;
	mmio_write32(c + COMMON_DRIVER_FEATURE_SELECT, 1);
	mmio_write32(c + COMMON_DRIVER_FEATURE, (uint32_t)(f >> 32));
	mmio_write32(c + COMMON_DRIVER_FEATURE_SELECT, 0);
	mmio_write32(c + COMMON_DRIVER_FEATURE, (uint32_t)f);
}

static void pci_read_config(struct virtio_dev *d, unsigned off, void *buf, unsigned len)
{
	struct virtio_pci *p = vp(d);
	uint8_t *b = buf;

	for (unsigned i = 0; i < len; i++)
		b[i] = off + i < p->device_length ? mmio_read8(p->device + off + i) : 0;
}

static uint32_t pci_config_generation(struct virtio_dev *d)
{
	return mmio_read8(vp(d)->common + COMMON_CONFIG_GENERATION);
}

static void pci_fence(struct virtio_dev *d)
{
	(void)pci_config_generation(d);
}

static unsigned pci_queue_max(struct virtio_dev *d, unsigned q)
{
	uintptr_t c = vp(d)->common;
	if (q >= MAX_QUEUES || q >= mmio_read16(c + COMMON_NUM_QUEUES))
		return 0;
	mmio_write16(c + COMMON_QUEUE_SELECT, (uint16_t)q);
	if (mmio_read16(c + COMMON_QUEUE_ENABLE))
		return 0; /* already in use: not ours to set up */
	return mmio_read16(c + COMMON_QUEUE_SIZE);
}

static void write64(uintptr_t a, uint64_t v)
{
	/* 4.1.3.1: 64-bit fields may be written as two 32-bit halves. */
	mmio_write32(a, (uint32_t)v);
	mmio_write32(a + 4, (uint32_t)(v >> 32));
}

static int pci_queue_enable(struct virtio_dev *d, unsigned q, unsigned num, uint64_t desc,
			    uint64_t avail, uint64_t used)
{
	struct virtio_pci *p = vp(d);
	uintptr_t c = p->common;

	if (q >= MAX_QUEUES)
		return -1;
	mmio_write16(c + COMMON_QUEUE_SELECT, (uint16_t)q);
	mmio_write16(c + COMMON_QUEUE_SIZE, (uint16_t)num);
	if (p->msix) {
		mmio_write16(c + COMMON_QUEUE_MSIX_VECTOR, MSIX_ENTRY);
		/* The device says NO_VECTOR when it could not take it. */
		if (mmio_read16(c + COMMON_QUEUE_MSIX_VECTOR) != MSIX_ENTRY) {
			printk("virtio-pci: %s: queue %u refused its MSI-X vector\n", d->name, q);
			return -1;
		}
	}
	write64(c + COMMON_QUEUE_DESC, desc);
	write64(c + COMMON_QUEUE_DRIVER, avail);
	write64(c + COMMON_QUEUE_DEVICE, used);
	uint64_t off = (uint64_t)mmio_read16(c + COMMON_QUEUE_NOTIFY_OFF) * p->notify_multiplier;
	if (off + 2 > p->notify_length) {
		printk("virtio-pci: %s: queue %u doorbell at %#llx is outside the notify area\n",
		       d->name, q, (unsigned long long)off);
		return -1;
	}
	p->doorbell[q] = p->notify + (uintptr_t)off;
	/* The zeroed rings must be in memory before the device may look. */
	virtio_wmb_io();
	mmio_write16(c + COMMON_QUEUE_ENABLE, 1);
	return mmio_read16(c + COMMON_QUEUE_ENABLE) == 1 ? 0 : -1;
}

static void pci_notify(struct virtio_dev *d, unsigned q)
{
	mmio_write16(vp(d)->doorbell[q], (uint16_t)q);
}

static uint32_t pci_ack_irq(struct virtio_dev *d)
{
	struct virtio_pci *p = vp(d);
	/* With MSI-X the ISR is not set (see the top); with INTx, reading it
	 * acknowledges the interrupt and lowers the line. */
	uint32_t isr = p->msix ? VIRTIO_ISR_USED : mmio_read8(p->isr);
	virtio_rmb_io();
	return isr;
}

static const struct virtio_transport pci_transport = {
	.name = "pci",
	.get_status = pci_get_status,
	.set_status = pci_set_status,
	.get_features = pci_get_features,
	.set_features = pci_set_features,
	.read_config = pci_read_config,
	.config_generation = pci_config_generation,
	.fence = pci_fence,
	.queue_max = pci_queue_max,
	.queue_enable = pci_queue_enable,
	.notify = pci_notify,
	.ack_irq = pci_ack_irq,
};

/* The virtio device id of a virtio PCI function, or 0 when it is none. */
static uint32_t virtio_id(const struct rk_pci_dev *f)
{
	if (f->vendor_id != VIRTIO_PCI_VENDOR)
		return 0;
	if (f->device_id >= ID_MODERN_BASE && f->device_id <= ID_MODERN_LAST)
		return f->device_id - ID_MODERN_BASE;
	if (f->device_id >= ID_TRANSITIONAL_FIRST && f->device_id <= ID_TRANSITIONAL_LAST)
		return f->subsystem_id; /* 4.1.2.1: the subsystem id names it */
	return 0;
}

/* Locate the register blocks; the first usable capability of each type
 * wins (4.1.4.1). 0, or -1 with the reason printed. */
static int find_blocks(struct virtio_pci *p, const char *name)
{
	const struct rk_pci_dev *f = p->pci;
	uintptr_t at[CFG_TYPES] = { 0 };
	uint32_t len[CFG_TYPES] = { 0 };

	for (unsigned cap = rk_pci_find_cap(f, PCI_CAP_ID_VENDOR, 0); cap;
	     cap = rk_pci_find_cap(f, PCI_CAP_ID_VENDOR, cap)) {
		unsigned type = rk_pci_read8(f, cap + CAP_CFG_TYPE);
		unsigned bar = rk_pci_read8(f, cap + CAP_BAR);
		uint32_t off = rk_pci_read32(f, cap + CAP_OFFSET);
		uint32_t n = rk_pci_read32(f, cap + CAP_LENGTH);
		if (type == 0 || type >= CFG_TYPES || at[type] || bar >= PCI_NUM_BARS ||
		    !f->bar[bar] || (uint64_t)off + n > f->bar_size[bar])
			continue;
		at[type] = (uintptr_t)(f->bar[bar] + off);
		len[type] = n;
		if (type == CFG_NOTIFY)
			p->notify_multiplier = rk_pci_read32(f, cap + CAP_NOTIFY_MULTIPLIER);
	}
	if (!at[CFG_COMMON]) {
		printk("virtio-pci: %s: no modern common configuration (legacy-only "
		       "device); not used\n", name);
		return -1;
	}
	if (len[CFG_COMMON] < COMMON_MIN_LENGTH || !at[CFG_NOTIFY] || !at[CFG_ISR]) {
		printk("virtio-pci: %s: incomplete capability set; not used\n", name);
		return -1;
	}
	p->common = at[CFG_COMMON];
	p->notify = at[CFG_NOTIFY];
	p->notify_length = len[CFG_NOTIFY];
	p->isr = at[CFG_ISR];
	p->device = at[CFG_DEVICE];
	p->device_length = len[CFG_DEVICE];
	return 0;
}

/* The interrupt for a function without MSI-X: its INTx line, unless there
 * is none or another virtio function has it; 0 (and INTx off) then. */
static unsigned intx_irq(const struct rk_pci_dev *f, const char *name)
{
	static uint32_t taken[RK_IRQ_MAX / 32];
	unsigned irq = f->intx_irq;

	if (irq && irq < RK_IRQ_MAX && !(taken[irq / 32] & 1u << irq % 32)) {
		taken[irq / 32] |= 1u << irq % 32;
		return irq;
	}
	if (irq)
		printk("virtio-pci: %s: INTx line irq %u is %s; running polled\n", name, irq,
		       irq < RK_IRQ_MAX ? "shared with another device" : "out of range");
	else
		printk("virtio-pci: %s: no MSI-X and no routed INTx; running polled\n", name);
	rk_pci_write16(f, PCI_COMMAND, rk_pci_read16(f, PCI_COMMAND) | PCI_COMMAND_INTX_DISABLE);
	return 0;
}

/* A function of the virtio vendor (the PCI bus binds by id): a transport
 * for the device id it carries. */
static int virtio_pci_bind(const struct rk_pci_dev *f)
{
	uint32_t id = virtio_id(f);
	char name[16];
	if (!id)
		return RK_PCI_NOT_MINE;
	rk_pci_name(f, name);
	struct virtio_pci *p = calloc(1, sizeof(*p));
	if (!p) {
		printk("virtio-pci: %s: out of memory\n", name);
		return -RK_ENOMEM;
	}
	p->pci = f;
	if (find_blocks(p, name)) {
		free(p);
		return -RK_EINVAL;
	}
	rk_pci_enable(f);
	unsigned irq = 0;
	if (rk_pci_msix_enable(f, MSIX_ENTRY, &irq) == 0)
		p->msix = true;
	else
		irq = intx_irq(f, name);
	/* Configuration changes: not signalled (see the top). */
	mmio_write16(p->common + COMMON_MSIX_CONFIG, MSI_NO_VECTOR);
	p->vd.tr = &pci_transport;
	p->vd.base = p->common;
	p->vd.irq = irq;
	p->vd.device_id = id;
	p->vd.vendor_id = f->vendor_id;
	virtio_add_device(&p->vd);
	return 0;
}

static const struct rk_pci_id virtio_pci_ids[] = { { VIRTIO_PCI_VENDOR, RK_PCI_ANY_ID }, { 0, 0 } };
RK_PCI_DRIVER(virtio_pci, virtio_pci_ids, virtio_pci_bind);
