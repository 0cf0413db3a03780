/* SPDX-License-Identifier: BSD-2-Clause */
/* lwIP Ethernet interface over a struct rk_netdev.
 *
 * Transmit: lwIP hands over a pbuf chain; the device takes one contiguous
 * frame and copies it, so a single-buffer pbuf goes straight through and a
 * chain is first gathered into a bounce buffer.
 *
 * Receive: the device delivers frames through a callback, valid only
 * during the call. Each is copied into a pool pbuf and queued; lwIP sees
 * the batch only after rx_poll has returned, so that lwIP's reaction (an
 * ACK, an ARP reply: a transmit) never runs inside the driver's receive
 * loop, and the driver gets its buffers back before lwIP starts work. */
#include <string.h>
#include <lwip/etharp.h>
#include <lwip/ethip6.h>
#include <lwip/netif.h>
#include <lwip/pbuf.h>
#include <lwip/snmp.h>
#include <lwip/stats.h>
#include <netif/ethernet.h>
#include <rumpk/fiber.h>
#include <rumpk/netdev.h>
#include "net_priv.h"

/* Frames larger than this are not Ethernet (1514 plus a VLAN tag). */
#define RK_FRAME_MAX 1518
/* How long a full transmit ring is waited for (yields) before a frame is
 * dropped; TCP retransmits it, and a stuck device must not hang the stack. */
#define RK_TX_RETRIES 64

static uint8_t tx_bounce[RK_FRAME_MAX];

struct rx_batch {
	struct pbuf *frames[CONFIG_NET_IO_BUDGET];
	unsigned count;
};

static err_t linkoutput(struct netif *nif, struct pbuf *p)
{
	struct rk_netdev *dev = nif->state;
	const void *frame = p->payload;
	int rc, tries = 0;

	if (p->tot_len > sizeof(tx_bounce)) {
		LINK_STATS_INC(link.lenerr);
		rk_net_cnt.tx_dropped++;
		return ERR_BUF;
	}
	if (p->next) {
		pbuf_copy_partial(p, tx_bounce, p->tot_len, 0);
		frame = tx_bounce;
	}
	while ((rc = dev->tx(dev, frame, p->tot_len)) == -RK_EAGAIN) {
		if (tries++ == 0)
			rk_net_cnt.tx_busy++;
		if (tries > RK_TX_RETRIES) {
			LINK_STATS_INC(link.drop);
			rk_net_cnt.tx_dropped++;
			return ERR_MEM;
		}
		rk_yield(); /* let the device (QEMU's I/O thread) drain the ring */
	}
	if (rc < 0) {
		rk_net_cnt.tx_dropped++;
		return ERR_IF;
	}
	LINK_STATS_INC(link.xmit);
	rk_net_cnt.frames_out++;
	rk_net_cnt.bytes_out += p->tot_len;
	return ERR_OK;
}

static void rx_frame(void *ctx, const void *frame, size_t len)
{
	struct rx_batch *b = ctx;
	struct pbuf *p;

	if (len > RK_FRAME_MAX || b->count == CONFIG_NET_IO_BUDGET)
		return; /* rx_poll was told the budget; a driver bug otherwise */
	p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
	if (!p) {
		LINK_STATS_INC(link.memerr);
		LINK_STATS_INC(link.drop);
		rk_net_cnt.rx_no_pbuf++;
		return;
	}
	pbuf_take(p, frame, (u16_t)len);
	LINK_STATS_INC(link.recv);
	b->frames[b->count++] = p;
	rk_net_cnt.frames_in++;
	rk_net_cnt.bytes_in += len;
}

unsigned rk_netif_poll(struct netif *nif, unsigned budget)
{
	static struct rx_batch batch; /* one network fiber: no stack copy needed */
	struct rk_netdev *dev = nif->state;
	int got;

	if (budget > CONFIG_NET_IO_BUDGET)
		budget = CONFIG_NET_IO_BUDGET;
	batch.count = 0;
	got = dev->rx_poll(dev, (int)budget, rx_frame, &batch);
	for (unsigned i = 0; i < batch.count; i++) {
		if (nif->input(batch.frames[i], nif) != ERR_OK)
			pbuf_free(batch.frames[i]);
	}
	return got > 0 ? (unsigned)got : 0;
}

err_t rk_netif_init(struct netif *nif)
{
	struct rk_netdev *dev = nif->state;

	nif->name[0] = 'e';
	nif->name[1] = 'n';
	nif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(nif->hwaddr, dev->mac, ETH_HWADDR_LEN);
	nif->mtu = dev->mtu ? dev->mtu : 1500;
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET |
		     NETIF_FLAG_LINK_UP;
	nif->linkoutput = linkoutput;
	nif->output = etharp_output;
#if LWIP_IPV6
	nif->flags |= NETIF_FLAG_MLD6;
	nif->output_ip6 = ethip6_output;
#endif
#if LWIP_NETIF_HOSTNAME
	nif->hostname = "rumpk";
#endif
	return ERR_OK;
}
