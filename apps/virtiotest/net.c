/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio-net: ask QEMU's user-mode network (slirp) for the MAC of its
 * gateway 10.0.2.2 with an ARP request from 10.0.2.15, and wait for the
 * reply: once sleeping on the receive interrupt, once polling. */
#include <string.h>
#include <rumpk/fiber.h>
#include <rumpk/netdev.h>
#include <rumpk/printk.h>
#include <rumpk/sync.h>
#include <rumpk/time.h>
#include "virtiotest.h"

#define TIMEOUT_NS (3 * RK_NSEC_PER_SEC)

static const uint8_t my_ip[4] = { 10, 0, 2, 15 };
static const uint8_t gw_ip[4] = { 10, 0, 2, 2 };

struct rx_state {
	bool got_reply;
	uint8_t gw_mac[6];
	unsigned frames;
};

static struct rk_sem rx_sem;

/* The driver calls this from its interrupt handler. */
static void rx_notify(struct rk_netdev *dev)
{
	rk_sem_post(&rx_sem);
}

static void on_frame(void *ctx, const void *frame, size_t len)
{
	struct rx_state *st = ctx;
	const uint8_t *f = frame;

	st->frames++;
	/* Ethernet type ARP, hardware Ethernet, protocol IPv4, op reply,
	 * sender IP the gateway. */
	if (len < 42 || f[12] != 0x08 || f[13] != 0x06 || f[20] != 0 || f[21] != 2 ||
	    memcmp(f + 28, gw_ip, 4) != 0)
		return;
	memcpy(st->gw_mac, f + 22, 6);
	st->got_reply = true;
}

static int send_arp_request(struct rk_netdev *nd)
{
	uint8_t f[60]; /* minimum Ethernet payload, padded with zeros */

	memset(f, 0, sizeof(f));
	memset(f, 0xff, 6);                 /* broadcast */
	memcpy(f + 6, nd->mac, 6);
	f[12] = 0x08, f[13] = 0x06;         /* ARP */
	f[14] = 0, f[15] = 1;               /* Ethernet */
	f[16] = 0x08, f[17] = 0x00;         /* IPv4 */
	f[18] = 6, f[19] = 4;
	f[20] = 0, f[21] = 1;               /* request */
	memcpy(f + 22, nd->mac, 6);
	memcpy(f + 28, my_ip, 4);
	memcpy(f + 38, gw_ip, 4);           /* target MAC stays zero */
	return nd->tx(nd, f, sizeof(f));
}

static int check(struct rk_netdev *nd, bool polled)
{
	struct rx_state st = { 0 };
	uint64_t deadline = rk_time_ns() + TIMEOUT_NS;
	uint64_t irqs0 = nd->stats.rx_irqs;

	nd->rx_irq(nd, !polled);
	uint64_t t0 = rk_time_ns();
	int err = send_arp_request(nd);
	if (err) {
		printk("virtio-net: FAIL transmit error %d [%s]\n", err, MODE_NAME(polled));
		return 1;
	}
	while (!st.got_reply && rk_time_ns() < deadline) {
		if (polled)
			rk_sleep_ms(1);
		else
			rk_sem_wait(&rx_sem, TIMEOUT_NS);
		nd->rx_poll(nd, 16, on_frame, &st);
	}
	uint64_t rtt_us = (rk_time_ns() - t0) / 1000;
	nd->rx_irq(nd, false);
	if (!st.got_reply) {
		printk("virtio-net: FAIL no ARP reply from 10.0.2.2 (%u other frames) [%s]\n",
		       st.frames, MODE_NAME(polled));
		return 1;
	}
	const uint8_t *m = st.gw_mac;
	printk("virtio-net: got ARP reply from 10.0.2.2 (%02x:%02x:%02x:%02x:%02x:%02x) "
	       "after %llu us [%s]\n", m[0], m[1], m[2], m[3], m[4], m[5],
	       (unsigned long long)rtt_us, MODE_NAME(polled));
	if (!polled && nd->stats.rx_irqs == irqs0) {
		printk("virtio-net: FAIL the reply raised no receive interrupt [irq]\n");
		return 1;
	}
	return 0;
}

int test_net(void)
{
	struct rk_netdev *nd = rk_netdev_first();

	if (!nd) {
		printk("virtio-net: FAIL no network device\n");
		return 1;
	}
	rk_sem_init(&rx_sem, 0);
	nd->rx_notify = rx_notify;
	int failures = check(nd, false) + check(nd, true);
	printk("virtio-net: %s tx %llu rx %llu frames, %llu rx irqs, %llu polls (%llu empty)\n",
	       nd->name, (unsigned long long)nd->stats.tx_frames,
	       (unsigned long long)nd->stats.rx_frames, (unsigned long long)nd->stats.rx_irqs,
	       (unsigned long long)nd->stats.rx_polls, (unsigned long long)nd->stats.rx_empty_polls);
	return failures;
}
