/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio-net (virtio 1.x 5.1): receive queue 0 with pre-posted buffers,
 * transmit queue 1 with driver-owned copies. Published as an rk_netdev.
 *
 * Every buffer is a 2 KiB slot holding the 12-byte virtio_net_hdr and the
 * frame behind it: without VIRTIO_NET_F_MRG_RXBUF or offloads the device
 * puts each frame (at most 1514 bytes + header) into one slot. Transmit
 * interrupts stay off: finished transmit slots are reclaimed at the next
 * transmit. The receive interrupt is what the stack switches on and off. */
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/drv/netdev.h>
#include <rumpk/printk.h>
#include "virtio_internal.h"
#include "virtqueue.h"

#define VIRTIO_NET_F_MTU 3
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_STATUS 16

#define CFG_MAC 0      /* u8[6] */
#define CFG_STATUS 6   /* u16 */
#define CFG_MTU 10     /* u16 */
#define VIRTIO_NET_S_LINK_UP 1

#define NET_HDR_LEN 12 /* struct virtio_net_hdr with num_buffers (1.x) */
#define SLOT 2048u
#define ETH_HLEN 14
#define DEFAULT_MTU 1500

#define RXQ 0
#define TXQ 1

struct vnet {
	struct rk_netdev nd;
	struct virtio_dev *vdev;
	struct virtq *rx, *tx;
	uint8_t *rx_slots, *tx_slots;
	uint16_t *tx_free;       /* stack of free transmit slot numbers */
	unsigned tx_nfree;
};

static int post_rx(struct vnet *n, uint8_t *slot)
{
	struct virtq_buf b = { slot, SLOT };
	return virtq_add(n->rx, &b, 0, 1, slot);
}

/* Interrupts masked. */
static void reclaim_tx(struct vnet *n)
{
	uint8_t *slot;
	while ((slot = virtq_get(n->tx, NULL)) != NULL)
		n->tx_free[n->tx_nfree++] = (uint16_t)((slot - n->tx_slots) / SLOT);
}

/* Interrupts masked. Doorbells lost to the suppression race (see
 * virtq_kick_missed), rung now; the counters for /stats. */
static void kick_missed(struct vnet *n)
{
	virtq_kick_missed(n->rx);
	virtq_kick_missed(n->tx);
	n->nd.stats.rx_kicks = n->rx->kicks;
	n->nd.stats.tx_kicks = n->tx->kicks;
	n->nd.stats.kicks_missed = n->rx->kicks_missed + n->tx->kicks_missed;
}

static int vnet_tx(struct rk_netdev *nd, const void *frame, size_t len)
{
	struct vnet *n = nd->priv;

	if (len < ETH_HLEN || len > (size_t)nd->mtu + ETH_HLEN + 4 /* VLAN tag */ ||
	    len > SLOT - NET_HDR_LEN) {
		nd->stats.tx_dropped++;
		return -RK_EINVAL;
	}
	unsigned long flags = arch_irq_save();
	reclaim_tx(n);
	if (n->tx_nfree == 0) {
		arch_irq_restore(flags);
		nd->stats.tx_dropped++;
		return -RK_EAGAIN;
	}
	uint8_t *slot = n->tx_slots + (size_t)n->tx_free[--n->tx_nfree] * SLOT;
	memset(slot, 0, NET_HDR_LEN); /* no checksum offload, no GSO */
	memcpy(slot + NET_HDR_LEN, frame, len);
	struct virtq_buf b = { slot, (uint32_t)(NET_HDR_LEN + len) };
	virtq_add(n->tx, &b, 1, 0, slot); /* cannot fail: one slot per descriptor */
	virtq_kick(n->tx);
	arch_irq_restore(flags);
	nd->stats.tx_frames++;
	nd->stats.tx_bytes += len;
	return 0;
}

static int vnet_rx_poll(struct rk_netdev *nd, int budget, rk_netdev_rx_fn fn, void *ctx)
{
	struct vnet *n = nd->priv;
	int done = 0;

	nd->stats.rx_polls++;
	while (done < budget) {
		uint32_t len;
		unsigned long flags = arch_irq_save();
		uint8_t *slot = virtq_get(n->rx, &len);
		arch_irq_restore(flags);
		if (!slot)
			break;
		if (len > NET_HDR_LEN && len <= SLOT) {
			nd->stats.rx_frames++;
			nd->stats.rx_bytes += len - NET_HDR_LEN;
			fn(ctx, slot + NET_HDR_LEN, len - NET_HDR_LEN);
		} else {
			nd->stats.rx_dropped++;
		}
		done++;
		/* Give the slot straight back to the device. */
		flags = arch_irq_save();
		post_rx(n, slot);
		arch_irq_restore(flags);
	}
	unsigned long flags = arch_irq_save();
	if (done)
		virtq_kick(n->rx);
	else
		nd->stats.rx_empty_polls++;
	kick_missed(n);
	arch_irq_restore(flags);
	return done;
}

static void vnet_rx_irq(struct rk_netdev *nd, bool enable)
{
	struct vnet *n = nd->priv;
	unsigned long flags = arch_irq_save();
	bool missed = false;

	if (!enable) {
		virtq_disable_cb(n->rx);
	} else {
		missed = !virtq_enable_cb(n->rx);
		/* After enable_cb's device fence: the device's final word on
		 * whether it sleeps waiting for a doorbell. */
		kick_missed(n);
	}
	arch_irq_restore(flags);
	/* Frames that arrived while the interrupt was off raise no
	 * interrupt now: tell the stack, or it would sleep on them. */
	if (missed) {
		nd->stats.rx_rearms_pending++;
		if (nd->rx_notify)
			nd->rx_notify(nd);
	}
}

static void vnet_interrupt(struct virtio_dev *d, uint32_t isr)
{
	struct vnet *n = d->priv;

	if ((isr & VIRTIO_ISR_USED) && n->rx->cb_enabled && virtq_pending(n->rx)) {
		n->nd.stats.rx_irqs++;
		if (n->nd.rx_notify)
			n->nd.rx_notify(&n->nd);
	}
	if ((isr & VIRTIO_ISR_CONFIG) && virtio_has(d, VIRTIO_NET_F_STATUS)) {
		uint16_t st;
		virtio_read_config(d, CFG_STATUS, &st, 2);
		printk("virtio: %s link %s\n", d->name, st & VIRTIO_NET_S_LINK_UP ? "up" : "down");
	}
}

static void *alloc_slots(unsigned count)
{
	size_t pages = ((size_t)count * SLOT + RK_PAGE_SIZE - 1) / RK_PAGE_SIZE;
	return rk_page_alloc(pages);
}

static int vnet_probe(struct virtio_dev *d)
{
	struct vnet *n = calloc(1, sizeof(*n));
	if (!n)
		return -1;
	n->vdev = d;
	n->rx = virtq_create(d, RXQ, CONFIG_VIRTIO_NET_QUEUE_SIZE);
	n->tx = virtq_create(d, TXQ, CONFIG_VIRTIO_NET_QUEUE_SIZE);
	if (!n->rx || !n->tx)
		return -1; /* the device is left failed; its memory stays */
	n->rx_slots = alloc_slots(n->rx->num);
	n->tx_slots = alloc_slots(n->tx->num);
	n->tx_free = calloc(n->tx->num, sizeof(uint16_t));
	if (!n->rx_slots || !n->tx_slots || !n->tx_free) {
		printk("virtio: %s: no memory for buffers\n", d->name);
		return -1;
	}
	for (unsigned i = 0; i < n->tx->num; i++)
		n->tx_free[i] = (uint16_t)(n->tx->num - 1 - i);
	n->tx_nfree = n->tx->num;
	virtq_disable_cb(n->tx);
	for (unsigned i = 0; i < n->rx->num; i++)
		post_rx(n, n->rx_slots + (size_t)i * SLOT);
	if (virtio_default_polled())
		virtq_disable_cb(n->rx);

	if (virtio_has(d, VIRTIO_NET_F_MAC)) {
		virtio_read_config(d, CFG_MAC, n->nd.mac, 6);
	} else {
		/* Locally administered, unicast; unique per device here. */
		static uint8_t seq;
		const uint8_t mac[6] = { 0x02, 0x52, 0x4b, 0x00, 0x00, seq++ };
		memcpy(n->nd.mac, mac, 6);
		printk("virtio: %s: device has no MAC; using a local one\n", d->name);
	}
	n->nd.mtu = DEFAULT_MTU;
	if (virtio_has(d, VIRTIO_NET_F_MTU)) {
		uint16_t mtu;
		virtio_read_config(d, CFG_MTU, &mtu, 2);
		if (mtu >= 68 && mtu < n->nd.mtu)
			n->nd.mtu = mtu;
	}
	n->nd.name = d->name;
	n->nd.tx = vnet_tx;
	n->nd.rx_poll = vnet_rx_poll;
	n->nd.rx_irq = vnet_rx_irq;
	n->nd.priv = n;
	d->priv = n;
	return 0;
}

static void vnet_start(struct virtio_dev *d)
{
	struct vnet *n = d->priv;
	const uint8_t *m = n->nd.mac;

	/* The device may only use the receive buffers after DRIVER_OK. */
	unsigned long flags = arch_irq_save();
	virtq_kick(n->rx);
	arch_irq_restore(flags);
	n->nd.irq = d->irq_attached ? d->irq : 0;
	printk("virtio: %s mac %02x:%02x:%02x:%02x:%02x:%02x mtu %u, %u rx / %u tx buffers\n",
	       d->name, m[0], m[1], m[2], m[3], m[4], m[5], n->nd.mtu, n->rx->num, n->tx->num);
	rk_netdev_register(&n->nd);
}

RK_VIRTIO_DRIVER(virtio_net_driver) = {
	.name = "net",
	.device_id = VIRTIO_ID_NET,
	.features = VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_NET_F_MTU) |
		    VIRTIO_BIT(VIRTIO_NET_F_STATUS),
	.probe = vnet_probe,
	.start = vnet_start,
	.interrupt = vnet_interrupt,
};
