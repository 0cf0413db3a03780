/* SPDX-License-Identifier: BSD-2-Clause */
/* Internal interface of the virtio drivers: the device model shared by the
 * transports (mmio, pci) and the device drivers (net, blk, rng).
 * Numbers are from the virtio 1.x specification. */
#ifndef VIRTIO_INTERNAL_H
#define VIRTIO_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <rumpk/compiler.h>
#include <rumpk/virtio.h>

/* Device status bits (spec 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED 128

/* Transport-independent feature bits (spec 6). */
#define VIRTIO_F_RING_INDIRECT_DESC 28
#define VIRTIO_F_RING_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_F_ACCESS_PLATFORM 33

/* Device ids (spec 5). */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4

/* InterruptStatus / ISR bits. */
#define VIRTIO_ISR_USED 1
#define VIRTIO_ISR_CONFIG 2

#define VIRTIO_BIT(n) (1ull << (n))

struct virtio_dev;

/* What a transport does; every register access of the drivers goes
 * through here so that a virtio-pci transport can slot in. */
struct virtio_transport {
	const char *name;
	uint8_t (*get_status)(struct virtio_dev *d);
	void (*set_status)(struct virtio_dev *d, uint8_t status); /* 0 resets */
	uint64_t (*get_features)(struct virtio_dev *d);
	void (*set_features)(struct virtio_dev *d, uint64_t features);
	/* Device-specific configuration space, byte-wise, without the
	 * generation check (virtio_read_config does that). */
	void (*read_config)(struct virtio_dev *d, unsigned off, void *buf, unsigned len);
	uint32_t (*config_generation)(struct virtio_dev *d);
	/* Largest size of queue q (0: the queue does not exist). */
	unsigned (*queue_max)(struct virtio_dev *d, unsigned q);
	/* Tell the device where queue q's three parts are and enable it. */
	int (*queue_enable)(struct virtio_dev *d, unsigned q, unsigned num, uint64_t desc,
			    uint64_t avail, uint64_t used);
	void (*notify)(struct virtio_dev *d, unsigned q);
	/* Read a register without side effects. The device emulation
	 * handles it in order with its own ring accesses: virtqueue.c's
	 * device_fence, for where CPU fences do not reach the device. */
	void (*fence)(struct virtio_dev *d);
	/* Read and acknowledge the interrupt cause (VIRTIO_ISR_* bits). */
	uint32_t (*ack_irq)(struct virtio_dev *d);
};

struct virtio_driver;

struct virtio_dev {
	const struct virtio_transport *tr;
	uintptr_t base;          /* transport registers */
	unsigned irq;            /* rk_irq number; 0 = none known */
	bool irq_attached;
	uint32_t device_id;
	uint32_t vendor_id;
	uint64_t features;       /* negotiated */
	char name[16];           /* "net0", "blk0", "rng0" */
	const struct virtio_driver *drv;
	void *priv;              /* the driver's state */
	uint64_t irqs;           /* interrupts taken */
	struct virtio_dev *next;
};

/* A device driver, bound by device id. */
struct virtio_driver {
	const char *name;        /* "net", "blk", "rng": devices are <name><n> */
	uint32_t device_id;
	uint64_t features;       /* device features it can use (VERSION_1 implied) */
	/* Called with the status at FEATURES_OK and d->features negotiated:
	 * set up queues and state; virtio_probe sets DRIVER_OK afterwards.
	 * 0, or negative to leave the device failed. */
	int (*probe)(struct virtio_dev *d);
	/* Called after DRIVER_OK: publish the device (register netdev...). */
	void (*start)(struct virtio_dev *d);
	/* Interrupt: isr holds the acknowledged VIRTIO_ISR_* bits. Runs with
	 * interrupts masked. */
	void (*interrupt)(struct virtio_dev *d, uint32_t isr);
};

/* virtio_core.c: negotiate, bind and start a device a transport found. */
void virtio_add_device(struct virtio_dev *d);
static inline bool virtio_has(const struct virtio_dev *d, unsigned bit)
{
	return (d->features & VIRTIO_BIT(bit)) != 0;
}
/* Read a configuration field consistently (retries while the device's
 * configuration generation changes under the read). */
void virtio_read_config(struct virtio_dev *d, unsigned off, void *buf, unsigned len);
/* Start in polled mode (CONFIG_VIRTIO_POLLED)? */
bool virtio_default_polled(void);

/* Transports: virtio-mmio binds to "virtio,mmio" DTB nodes and virtio-pci
 * to PCI functions of vendor 0x1af4 through their buses' tables; the x86
 * microvm command line (acpi=off) or its ACPI DSDT names mmio slots, which
 * virtio_core.c reads. Each returns how many devices it added. */
int virtio_mmio_probe_cmdline(const char *cmdline);
#ifdef CONFIG_IRQ_LAPIC
struct rk_bootinfo;
int virtio_mmio_probe_acpi(const struct rk_bootinfo *bi);
#endif

/* Device drivers declare themselves with
 *     RK_VIRTIO_DRIVER(virtio_net_driver) = { .name = "net", ... };
 * into the .rk_virtio_drivers table, which virtio_add_device searches by
 * device id: a new one touches no file of the core. */
#define RK_VIRTIO_DRIVER(var)                                                  \
	const struct virtio_driver var rk_used rk_section(".rk_virtio_drivers") rk_aligned(8)
extern const struct virtio_driver __rk_virtio_drivers_start[], __rk_virtio_drivers_end[];

#endif
