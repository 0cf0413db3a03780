/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio-mmio transport, version 2 (virtio 1.x section 4.2.2).
 *
 * Legacy transports (version 1) are refused: they need a different queue
 * layout (QueuePFN, page-aligned used ring) and pre-1.0 device semantics
 * (10-byte net header, guest-endian config), and QEMU can offer the modern
 * transport on every machine (-global virtio-mmio.force-legacy=false).
 *
 * Discovery: each "virtio,mmio" DTB node is one slot; QEMU creates all 32
 * (riscv64: 8) and fills them from the highest address down, so every slot
 * is read and the empty ones (device id 0) skipped. x86 microvm has no
 * DTB: its slots come from the kernel command line. */
#include <string.h>
#include <rumpk/drv/fdt.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/mmio.h>
#include <rumpk/printk.h>
#include "virtio_barrier.h"
#include "virtio_internal.h"
#ifdef CONFIG_IRQ_LAPIC
#include <rumpk/x86_irq.h>
#include <arch/acpi.h>
#include <arch/pvh.h>
#include <rumpk/bootinfo.h>
#endif

#define MMIO_MAGIC 0x000
#define MMIO_VERSION 0x004
#define MMIO_DEVICE_ID 0x008
#define MMIO_VENDOR_ID 0x00c
#define MMIO_DEVICE_FEATURES 0x010
#define MMIO_DEVICE_FEATURES_SEL 0x014
#define MMIO_DRIVER_FEATURES 0x020
#define MMIO_DRIVER_FEATURES_SEL 0x024
#define MMIO_QUEUE_SEL 0x030
#define MMIO_QUEUE_NUM_MAX 0x034
#define MMIO_QUEUE_NUM 0x038
#define MMIO_QUEUE_READY 0x044
#define MMIO_QUEUE_NOTIFY 0x050
#define MMIO_INTERRUPT_STATUS 0x060
#define MMIO_INTERRUPT_ACK 0x064
#define MMIO_STATUS 0x070
#define MMIO_QUEUE_DESC_LOW 0x080
#define MMIO_QUEUE_DESC_HIGH 0x084
#define MMIO_QUEUE_DRIVER_LOW 0x090
#define MMIO_QUEUE_DRIVER_HIGH 0x094
#define MMIO_QUEUE_DEVICE_LOW 0x0a0
#define MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define MMIO_CONFIG_GENERATION 0x0fc
#define MMIO_CONFIG 0x100

#define MMIO_MAGIC_VALUE 0x74726976 /* "virt" */
#define MMIO_MIN_SIZE 0x200
#define RESET_SPINS 1000000

static uint32_t rd(struct virtio_dev *d, unsigned off)
{
	return mmio_read32(d->base + off);
}

static void wr(struct virtio_dev *d, unsigned off, uint32_t v)
{
	mmio_write32(d->base + off, v);
}

static uint8_t mmio_get_status(struct virtio_dev *d)
{
	return (uint8_t)rd(d, MMIO_STATUS);
}

static void mmio_set_status(struct virtio_dev *d, uint8_t status)
{
	wr(d, MMIO_STATUS, status);
	/* 4.2.2.1: after writing 0 the driver waits until the device reads
	 * back 0 before it reinitialises anything. QEMU resets at once; the
	 * bound keeps a broken device from hanging the boot (the feature
	 * handshake that follows then fails and says so). */
	if (status == 0)
		for (int i = 0; i < RESET_SPINS && rd(d, MMIO_STATUS) != 0; i++)
			;
}

static uint64_t mmio_get_features(struct virtio_dev *d)
{
	wr(d, MMIO_DEVICE_FEATURES_SEL, 1);
	uint64_t hi = rd(d, MMIO_DEVICE_FEATURES);
	wr(d, MMIO_DEVICE_FEATURES_SEL, 0);
	return hi << 32 | rd(d, MMIO_DEVICE_FEATURES);
}

static void mmio_set_features(struct virtio_dev *d, uint64_t f)
{
	wr(d, MMIO_DRIVER_FEATURES_SEL, 1);
	wr(d, MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
	wr(d, MMIO_DRIVER_FEATURES_SEL, 0);
	wr(d, MMIO_DRIVER_FEATURES, (uint32_t)f);
}

static void mmio_read_config(struct virtio_dev *d, unsigned off, void *buf, unsigned len)
{
	/* Byte accesses are allowed for the device configuration space and
	 * sidestep the alignment rules of wider fields. */
	uint8_t *p = buf;
	for (unsigned i = 0; i < len; i++)
		p[i] = mmio_read8(d->base + MMIO_CONFIG + off + i);
}

static uint32_t mmio_config_generation(struct virtio_dev *d)
{
	return rd(d, MMIO_CONFIG_GENERATION);
}

static void mmio_fence(struct virtio_dev *d)
{
	(void)rd(d, MMIO_MAGIC);
}

static unsigned mmio_queue_max(struct virtio_dev *d, unsigned q)
{
	wr(d, MMIO_QUEUE_SEL, q);
	if (rd(d, MMIO_QUEUE_READY))
		return 0; /* already in use: not ours to set up */
	return rd(d, MMIO_QUEUE_NUM_MAX);
}

static int mmio_queue_enable(struct virtio_dev *d, unsigned q, unsigned num, uint64_t desc,
			     uint64_t avail, uint64_t used)
{
	wr(d, MMIO_QUEUE_SEL, q);
	wr(d, MMIO_QUEUE_NUM, num);
	wr(d, MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	wr(d, MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	wr(d, MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
	wr(d, MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
	wr(d, MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
	wr(d, MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
	/* The zeroed rings must be in memory before the device may look. */
	virtio_wmb_io();
	wr(d, MMIO_QUEUE_READY, 1);
	return rd(d, MMIO_QUEUE_READY) == 1 ? 0 : -1;
}

static void mmio_notify(struct virtio_dev *d, unsigned q)
{
	wr(d, MMIO_QUEUE_NOTIFY, q);
}

static uint32_t mmio_ack_irq(struct virtio_dev *d)
{
	uint32_t isr = rd(d, MMIO_INTERRUPT_STATUS);
	if (isr)
		wr(d, MMIO_INTERRUPT_ACK, isr);
	/* What the interrupt announced must be read after the status. */
	virtio_rmb_io();
	return isr;
}

static const struct virtio_transport mmio_transport = {
	.name = "mmio",
	.get_status = mmio_get_status,
	.set_status = mmio_set_status,
	.get_features = mmio_get_features,
	.set_features = mmio_set_features,
	.read_config = mmio_read_config,
	.config_generation = mmio_config_generation,
	.fence = mmio_fence,
	.queue_max = mmio_queue_max,
	.queue_enable = mmio_queue_enable,
	.notify = mmio_notify,
	.ack_irq = mmio_ack_irq,
};

/* Check one slot and hand a present device to the core. 1 when a device
 * was added, 0 for an empty slot, -1 for something we cannot drive. */
/* The device id in the slot at base: 0 for an empty slot, -1 after
 * saying why the slot cannot be used. */
static long slot_device_id(uintptr_t base, uint64_t size)
{
	if (size < MMIO_MIN_SIZE) {
		printk("virtio-mmio: %#lx: window of %llu bytes is too small\n",
		       (unsigned long)base, (unsigned long long)size);
		return -1;
	}
	if (mmio_read32(base + MMIO_MAGIC) != MMIO_MAGIC_VALUE) {
		printk("virtio-mmio: %#lx: no virtio magic\n", (unsigned long)base);
		return -1;
	}
	uint32_t id = mmio_read32(base + MMIO_DEVICE_ID);
	if (id == 0)
		return 0; /* empty slot */
	uint32_t version = mmio_read32(base + MMIO_VERSION);
	if (version != 2) {
		printk("virtio-mmio: %#lx: device id %u uses transport version %u; only "
		       "version 2 (virtio 1.x) is supported: run QEMU with "
		       "-global virtio-mmio.force-legacy=false\n",
		       (unsigned long)base, (unsigned)id, (unsigned)version);
		return -1;
	}
	return id;
}

/* Register the device with id 'id' (slot_device_id) in the slot at base:
 * 1, or -1 after saying why not. */
static int add_slot(uintptr_t base, uint32_t id, unsigned irq)
{
	struct virtio_dev *d = calloc(1, sizeof(*d));
	if (!d) {
		printk("virtio-mmio: %#lx: out of memory\n", (unsigned long)base);
		return -1;
	}
	d->tr = &mmio_transport;
	d->base = base;
	d->irq = irq;
	d->device_id = id;
	d->vendor_id = mmio_read32(base + MMIO_VENDOR_ID);
	virtio_add_device(d);
	return 1;
}

/* 1 when the slot held a device, now added; 0 when empty; -1 unusable. */
static int probe_slot(uintptr_t base, uint64_t size, unsigned irq)
{
	long id = slot_device_id(base, size);

	return id > 0 ? add_slot(base, (uint32_t)id, irq) : (int)id;
}

#ifdef CONFIG_FDT
/* A "virtio,mmio" node of the DTB (drivers/fdt/bus.c binds it): its reg is
 * the slot, its interrupt the slot's line; an empty slot is not bound. */
static int mmio_probe_fdt(const struct rk_fdt_dev *dev)
{
	uint64_t base, size;

	if (rk_fdt_dev_reg(dev, 0, &base, &size)) {
		printk("virtio-mmio: %s: no reg\n", rk_fdt_name(dev->dtb, dev->node));
		return -RK_EINVAL;
	}
	/* The interrupt is looked up only for a slot with a device: QEMU's
	 * aarch64 virt has 32 slots, and resolving each one's interrupt
	 * through the DTB cost 60k instructions of boot for one NIC. */
	long id = slot_device_id((uintptr_t)base, size);
	if (id == 0)
		return RK_FDT_ABSENT;
	if (id < 0 || add_slot((uintptr_t)base, (uint32_t)id, rk_fdt_dev_irq(dev, 0)) < 0)
		return -RK_EIO;
	return 0;
}

static const char *const mmio_compat[] = { "virtio,mmio", NULL };
RK_FDT_DRIVER(virtio_mmio, mmio_compat, mmio_probe_fdt, RK_INIT_DRIVER);
#endif

/* A number as Linux's memparse takes it: decimal or 0x hex, with an
 * optional K/M/G suffix. Advances *s past it. */
static uint64_t parse_num(const char **s)
{
	const char *p = *s;
	uint64_t v = 0;
	unsigned base = 10;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (;; p++) {
		unsigned dgt;
		if (*p >= '0' && *p <= '9')
			dgt = (unsigned)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			dgt = (unsigned)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			dgt = (unsigned)(*p - 'A' + 10);
		else
			break;
		v = v * base + dgt;
	}
	switch (*p) {
	case 'G': case 'g': v <<= 10; /* fall through */
	case 'M': case 'm': v <<= 10; /* fall through */
	case 'K': case 'k': v <<= 10; p++; break;
	}
	*s = p;
	return v;
}

/* "virtio_mmio.device=<size>@<base>:<irq>[:<id>]" entries, as QEMU's
 * microvm appends them (irq is a GSI). */
int virtio_mmio_probe_cmdline(const char *cmdline)
{
	static const char key[] = "virtio_mmio.device=";
	int found = 0;

	for (const char *p = cmdline; p && *p;) {
		while (*p == ' ')
			p++;
		if (strncmp(p, key, sizeof(key) - 1) == 0) {
			const char *s = p + sizeof(key) - 1;
			uint64_t size = parse_num(&s), base = 0, irq = 0;
			if (*s == '@') {
				s++;
				base = parse_num(&s);
			}
			if (*s == ':') {
				s++;
				irq = parse_num(&s);
			}
			if (base == 0 || (*s && *s != ' ' && *s != ':')) {
				printk("virtio-mmio: cannot parse '%.40s'\n", p);
			} else {
#ifdef CONFIG_IRQ_LAPIC
				/* QEMU holds the line while InterruptStatus is
				 * set: level-triggered, whatever the ISA range
				 * default says. */
				x86_irq_set_mode((unsigned)irq, X86_IRQ_LEVEL | X86_IRQ_ACTIVE_HIGH);
#endif
				if (probe_slot((uintptr_t)base, size, (unsigned)irq) > 0)
					found++;
			}
		}
		while (*p && *p != ' ')
			p++;
	}
	return found;
}

#ifdef CONFIG_IRQ_LAPIC
static void acpi_slot(const struct x86_acpi_mmio_dev *dev, void *arg)
{
	int *found = arg;

	x86_irq_set_mode(dev->gsi, dev->mode);
	if (probe_slot((uintptr_t)dev->base, dev->size, dev->gsi) > 0)
		(*found)++;
}

/* The DSDT's "LNRO0005" devices: microvm's slots with ACPI on, where
 * QEMU leaves them off the command line. */
int virtio_mmio_probe_acpi(const struct rk_bootinfo *bi)
{
	const struct hvm_start_info *si = (const void *)bi->pvh_start;
	int found = 0;

	if (!si || !si->rsdp_paddr)
		return 0;
	const struct acpi_sdt_header *dsdt = x86_acpi_find_table(si->rsdp_paddr, "DSDT");
	if (dsdt)
		x86_acpi_dsdt_mmio(dsdt, "LNRO0005", acpi_slot, &found);
	return found;
}
#endif
