/* SPDX-License-Identifier: BSD-2-Clause */
/* Host test of the Cadence GEM descriptor rings (drivers/net/gem_ring.c):
 * this file plays the device the way QEMU's model (hw/net/cadence_gem.c)
 * and the hardware do: it fills receive buffers in ring order until it
 * meets one still full, ORs status bits into word 1, and sends queued
 * transmit descriptors until it meets one with the used bit set, which it
 * then sets on each one it sent. Buffers live at a fake 32-bit bus address
 * (the ring code never dereferences them). */
#include <string.h>
#include "check.h"
#include "../../drivers/net/gem_ring.h"

#define BUS 0x80000000u
#define BUFSZ 2048u
#define N 4

struct dev_rx {
	unsigned pos;  /* next descriptor the device fills */
	bool nobuf;    /* stopped on a full buffer */
};

/* Receive one frame of len bytes; false when the device has no buffer. */
static bool dev_receive(struct gem_desc *d, struct dev_rx *dev, unsigned len, bool whole)
{
	struct gem_desc *x = &d[dev->pos];
	if (x->addr & GEM_RX_OWNED) {
		dev->nobuf = true;
		return false;
	}
	dev->nobuf = false;
	x->ctrl |= len | (whole ? GEM_RX_SOF | GEM_RX_EOF : GEM_RX_SOF);
	x->addr |= GEM_RX_OWNED;
	dev->pos = (x->addr & GEM_RX_WRAP) ? 0 : dev->pos + 1;
	return true;
}

static void test_rx(void)
{
	struct gem_desc d[N];
	struct gem_rx_ring r;
	struct dev_rx dev = { 0, false };
	unsigned idx, len;

	memset(d, 0xa5, sizeof(d)); /* stale status must not survive init */
	gem_rx_init(&r, d, N, BUS, BUFSZ);
	for (unsigned i = 0; i < N; i++) {
		CHECK_EQ(d[i].addr & ~3u, BUS + i * BUFSZ);
		CHECK_EQ(d[i].addr & GEM_RX_OWNED, 0);
		CHECK_EQ(!!(d[i].addr & GEM_RX_WRAP), i == N - 1);
		CHECK_EQ(d[i].ctrl, 0);
	}
	CHECK(!gem_rx_peek(&r, &idx, &len));
	CHECK(gem_rx_has_free(&r));

	/* Three laps of the ring, a frame at a time: indices follow the
	 * wrap, lengths come back, word 1 is clean for the next lap. */
	for (unsigned f = 0; f < 3 * N; f++) {
		CHECK(dev_receive(d, &dev, 60 + f, true));
		CHECK(gem_rx_peek(&r, &idx, &len));
		CHECK_EQ(idx, f % N);
		CHECK_EQ(len, 60 + f);
		gem_rx_release(&r);
		CHECK_EQ(d[idx].ctrl, 0);
		CHECK_EQ(d[idx].addr & GEM_RX_OWNED, 0);
		CHECK_EQ(!!(d[idx].addr & GEM_RX_WRAP), idx == N - 1);
		CHECK(!gem_rx_peek(&r, &idx, &len));
	}

	/* A buffer without both start and end of frame is reported as
	 * length 0 (dropped), and released like any other. */
	CHECK(dev_receive(d, &dev, 1000, false));
	CHECK(gem_rx_peek(&r, &idx, &len));
	CHECK_EQ(len, 0);
	gem_rx_release(&r);

	/* Full ring: the device stops on the driver's head; no free buffer
	 * until the driver releases one, then exactly the one it stopped at. */
	for (unsigned f = 0; f < N; f++)
		CHECK(dev_receive(d, &dev, 100, true));
	CHECK(!dev_receive(d, &dev, 100, true));
	CHECK(dev.nobuf);
	CHECK(!gem_rx_has_free(&r));
	CHECK_EQ(dev.pos, r.head);
	CHECK(gem_rx_peek(&r, &idx, &len));
	gem_rx_release(&r);
	CHECK(gem_rx_has_free(&r));
	CHECK(dev_receive(d, &dev, 101, true)); /* the restarted device goes on */
	for (unsigned f = 0; f < N; f++) {
		CHECK(gem_rx_peek(&r, &idx, &len));
		CHECK_EQ(len, f == N - 1 ? 101u : 100u);
		gem_rx_release(&r);
	}
	CHECK(!gem_rx_peek(&r, &idx, &len));
}

/* Send every queued descriptor from pos on; returns how many. */
static unsigned dev_transmit(struct gem_desc *d, unsigned *pos, unsigned *lens)
{
	unsigned sent = 0;
	while (!(d[*pos].ctrl & GEM_TX_USED)) {
		CHECK(d[*pos].ctrl & GEM_TX_LAST);
		lens[sent++] = d[*pos].ctrl & GEM_TX_LEN;
		bool wrap = d[*pos].ctrl & GEM_TX_WRAP;
		d[*pos].ctrl |= GEM_TX_USED;
		*pos = wrap ? 0 : *pos + 1;
	}
	return sent;
}

static void test_tx(void)
{
	struct gem_desc d[N];
	struct gem_tx_ring r;
	unsigned pos = 0, lens[N];

	gem_tx_init(&r, d, N);
	for (unsigned i = 0; i < N; i++) {
		CHECK(d[i].ctrl & GEM_TX_USED);
		CHECK_EQ(!!(d[i].ctrl & GEM_TX_WRAP), i == N - 1);
	}
	CHECK_EQ(dev_transmit(d, &pos, lens), 0);
	CHECK_EQ(gem_tx_reclaim(&r), 0);

	/* N - 1 frames fit; the last descriptor stays the driver's, where
	 * the device stops. */
	for (unsigned f = 0; f < N - 1; f++) {
		int s = gem_tx_slot(&r);
		CHECK_EQ(s, (int)f);
		gem_tx_queue(&r, BUS + (unsigned)s * BUFSZ, 100 + f);
		CHECK_EQ(d[s].addr, BUS + (unsigned)s * BUFSZ);
	}
	CHECK_EQ(gem_tx_slot(&r), -1);
	CHECK_EQ(gem_tx_reclaim(&r), 0); /* nothing sent yet */
	CHECK_EQ(dev_transmit(d, &pos, lens), N - 1);
	for (unsigned f = 0; f < N - 1; f++)
		CHECK_EQ(lens[f], 100 + f);
	CHECK_EQ(gem_tx_reclaim(&r), N - 1);
	CHECK_EQ(r.inflight, 0);

	/* Around the ring a few times, two frames at a time, with the wrap
	 * bit kept on the last descriptor. */
	for (unsigned lap = 0; lap < 3 * N; lap++) {
		for (unsigned k = 0; k < 2; k++) {
			int s = gem_tx_slot(&r);
			CHECK(s >= 0);
			gem_tx_queue(&r, BUS + (unsigned)s * BUFSZ, 200 + k);
			CHECK_EQ(!!(d[s].ctrl & GEM_TX_WRAP), s == N - 1);
		}
		CHECK_EQ(dev_transmit(d, &pos, lens), 2);
		CHECK_EQ(lens[0], 200);
		CHECK_EQ(lens[1], 201);
		CHECK_EQ(gem_tx_reclaim(&r), 2);
	}
	CHECK_EQ(pos, r.head);
}

int main(void)
{
	check_context = "rx";
	test_rx();
	check_context = "tx";
	test_tx();
	return check_summary("test_gem_ring");
}
