/* SPDX-License-Identifier: BSD-2-Clause */
/* Virtio devices (virtio 1.x, "modern" only).
 *
 * Transports: virtio-mmio version 2, discovered from the DTB ("virtio,mmio"
 * nodes: riscv64 and aarch64 virt) or from the kernel command line
 * ("virtio_mmio.device=<size>@<addr>:<irq>": x86_64 microvm with acpi=off)
 * or from the ACPI DSDT (its "LNRO0005" devices: microvm with ACPI on),
 * and virtio-pci functions (CONFIG_VIRTIO_PCI: x86_64 microvm with
 * pcie=on; modern capability layout, MSI-X). Legacy virtio-mmio (version
 * 1) transports are refused with a message: QEMU 7.2 makes them by
 * default, so run it with -global virtio-mmio.force-legacy=false.
 *
 * Device drivers (net, blk, rng) bind by device id at boot (RK_INIT_DRIVER)
 * and publish themselves through the generic interfaces: rumpk/netdev.h,
 * rumpk/blkdev.h, and rk_virtio_rng_read() below (plus an entropy source
 * with CONFIG_CRYPTO_SODIUM).
 *
 * Completion mode: every queue can be switched between interrupts and
 * polling at run time (the adaptive I/O governor does this for the NIC);
 * CONFIG_VIRTIO_POLLED picks the mode devices start in. */
#ifndef RUMPK_VIRTIO_H
#define RUMPK_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>

/* I/O error; belongs with the other RK_E* codes in rumpk/fiber.h. */
#ifndef RK_EIO
#define RK_EIO 5
#endif

/* The number of devices bound to a driver. The kernel finds every virtio
 * transport the boot information describes and binds the drivers built in
 * at its driver init level (RK_INIT_DRIVER), before main(). */
int rk_virtio_bound(void);

/* Devices found at boot, bound or not (for listings). */
void rk_virtio_list(void);

/* --- virtio-rng ---------------------------------------------------------- */
/* Fill buf with len bytes from the host's entropy source. Blocks the
 * calling fiber. Returns 0, or a negative RK_E* code (-RK_EAGAIN when
 * there is no virtio-rng device, -RK_EIO when it stops delivering). */
int rk_virtio_rng_read(void *buf, size_t len);
/* Complete requests by polling instead of by interrupt (or back). */
void rk_virtio_rng_set_polled(bool polled);

#endif
