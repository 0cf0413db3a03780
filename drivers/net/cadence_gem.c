/* SPDX-License-Identifier: BSD-2-Clause */
/* Cadence GEM Ethernet MAC ("cdns,macb", "cdns,gem",
 * "sifive,fu540-c000-gem"): the NIC of the HiFive Unleashed and the
 * PolarFire Icicle Kit, and of QEMU's sifive_u (hw/net/cadence_gem.c).
 * Published as an rk_netdev for the network stack.
 *
 * One receive and one transmit ring of basic descriptors (gem_ring.h) in
 * RAM below 4 GiB, one 2 KiB buffer per descriptor, so every frame fits one
 * buffer; the frame check sequence is stripped by the MAC. Transmit copies
 * the frame into a driver buffer; sent descriptors are reclaimed at the
 * next transmit (transmit interrupts stay off). The receive interrupt
 * (frame received, or no free buffer) is what the stack switches on and
 * off; with it off the stack polls.
 *
 * Resources from the DTB: reg 0 (the MAC's registers; the FU540's second
 * entry, its clock management block, is left as the firmware set it),
 * the interrupt, local-mac-address. The PHY is found on the MDIO bus by
 * its identifier and its link state reported; speed and duplex are left
 * as the firmware negotiated them. */
#include <stdlib.h>
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/irq.h>
#include <rumpk/mem.h>
#include <rumpk/mmio.h>
#include <rumpk/drv/fdt.h>
#include <rumpk/drv/netdev.h>
#include <rumpk/fdt.h>
#include <rumpk/fiber.h> /* RK_E* codes */
#include <rumpk/printk.h>
#include "gem_ring.h"

/* Registers (byte offsets). */
#define NWCTRL 0x000
#define NWCFG 0x004
#define NWSTATUS 0x008
#define DMACFG 0x010
#define TXSTATUS 0x014
#define RXQBASE 0x018
#define TXQBASE 0x01c
#define RXSTATUS 0x020
#define ISR 0x024
#define IER 0x028
#define IDR 0x02c
#define PHYMNTNC 0x034
#define SPADDR1LO 0x088
#define SPADDR1HI 0x08c

#define NWCTRL_RXENA (1u << 2)
#define NWCTRL_TXENA (1u << 3)
#define NWCTRL_MDEN (1u << 4)   /* management (MDIO) port */
#define NWCTRL_STATCLR (1u << 5)
#define NWCTRL_TXSTART (1u << 9)

#define NWCFG_FULLDUPLEX (1u << 1)
#define NWCFG_STRIP_FCS (1u << 17)
#define NWCFG_MDCDIV_224 (7u << 18) /* slowest MDC: safe for any pclk */

#define NWSTATUS_MDIO_IDLE (1u << 2)

#define DMACFG_RXBUF(bytes) (((bytes) / 64u) << 16)
#define DMACFG_BURST16 0x10u

#define RXSTATUS_NOBUF (1u << 0)

#define INT_RXCMPL (1u << 1)
#define INT_RXUSED (1u << 2)
#define INT_RX (INT_RXCMPL | INT_RXUSED)

/* Clause 22 management frame: start 01, read 10 / write 01, turnaround 10. */
#define PHY_OP_READ (0x6u << 28)
#define PHY_TURNAROUND (2u << 16)
#define PHY_ADDR(a) ((uint32_t)(a) << 23)
#define PHY_REG(r) ((uint32_t)(r) << 18)
#define MII_BMSR 1
#define MII_PHYID1 2
#define MII_PHYID2 3
#define BMSR_LINK (1u << 2)

#define BUF 2048u
#define RX_N 128 /* as many as virtio-net's default queue */
#define TX_N 128
#define ETH_HLEN 14
#define MTU 1500

struct gem {
	struct rk_netdev nd;
	uintptr_t base;
	struct gem_rx_ring rx;
	struct gem_tx_ring tx;
	uint8_t *rx_buf, *tx_buf;
	bool rx_irq_on;
};

static uint32_t rd(const struct gem *g, unsigned off)
{
	return mmio_read32(g->base + off);
}

static void wr(const struct gem *g, unsigned off, uint32_t v)
{
	mmio_write32(g->base + off, v);
}

/* Order descriptor stores before the register write that makes the MAC
 * read them (a normal-memory store against a device store). */
static void wmb_io(void)
{
#if defined(__riscv)
	__asm__ volatile("fence w,o" ::: "memory");
#elif defined(__aarch64__)
	__asm__ volatile("dmb oshst" ::: "memory");
#else
	__asm__ volatile("" ::: "memory");
#endif
}

/* The MAC stopped at a buffer it found full and reads that descriptor
 * again only when told to (rewriting the control register with receive
 * enabled). Interrupts masked. */
static void rx_restart(struct gem *g)
{
	if ((rd(g, RXSTATUS) & RXSTATUS_NOBUF) && gem_rx_has_free(&g->rx)) {
		wr(g, RXSTATUS, RXSTATUS_NOBUF);
		wmb_io();
		wr(g, NWCTRL, rd(g, NWCTRL) | NWCTRL_RXENA);
	}
}

static int gem_tx(struct rk_netdev *nd, const void *frame, size_t len)
{
	struct gem *g = nd->priv;

	if (len < ETH_HLEN || len > (size_t)nd->mtu + ETH_HLEN + 4 /* VLAN tag */) {
		nd->stats.tx_dropped++;
		return -RK_EINVAL;
	}
	unsigned long flags = arch_irq_save();
	gem_tx_reclaim(&g->tx);
	int slot = gem_tx_slot(&g->tx);
	if (slot < 0) {
		arch_irq_restore(flags);
		nd->stats.tx_dropped++;
		return -RK_EAGAIN;
	}
	uint8_t *buf = g->tx_buf + (size_t)slot * BUF;
	memcpy(buf, frame, len);
	gem_tx_queue(&g->tx, (uint32_t)(uintptr_t)buf, (unsigned)len);
	wmb_io();
	wr(g, NWCTRL, rd(g, NWCTRL) | NWCTRL_TXSTART);
	arch_irq_restore(flags);
	nd->stats.tx_frames++;
	nd->stats.tx_bytes += len;
	return 0;
}

static int gem_rx_poll(struct rk_netdev *nd, int budget, rk_netdev_rx_fn fn, void *ctx)
{
	struct gem *g = nd->priv;
	int done = 0;
	unsigned idx, len;

	nd->stats.rx_polls++;
	while (done < budget && gem_rx_peek(&g->rx, &idx, &len)) {
		if (len >= ETH_HLEN && len <= BUF) {
			nd->stats.rx_frames++;
			nd->stats.rx_bytes += len;
			fn(ctx, g->rx_buf + (size_t)idx * BUF, len);
		} else {
			nd->stats.rx_dropped++;
		}
		gem_rx_release(&g->rx);
		done++;
	}
	if (!done)
		nd->stats.rx_empty_polls++;
	unsigned long flags = arch_irq_save();
	rx_restart(g);
	arch_irq_restore(flags);
	return done;
}

static void gem_rx_irq(struct rk_netdev *nd, bool enable)
{
	struct gem *g = nd->priv;
	unsigned idx, len;

	unsigned long flags = arch_irq_save();
	g->rx_irq_on = enable;
	wr(g, enable ? IER : IDR, INT_RX);
	bool pending = enable && gem_rx_peek(&g->rx, &idx, &len);
	arch_irq_restore(flags);
	/* Frames that arrived while the interrupt was off raise none now. */
	if (pending && nd->rx_notify)
		nd->rx_notify(nd);
}

static void gem_interrupt(unsigned irq, void *arg)
{
	struct gem *g = arg;
	uint32_t isr = rd(g, ISR); /* clear on read */

	wr(g, ISR, isr); /* and write-one-to-clear on the MACs built that way */
	if ((isr & INT_RX) && g->rx_irq_on) {
		g->nd.stats.rx_irqs++;
		if (g->nd.rx_notify)
			g->nd.rx_notify(&g->nd);
	}
}

static int mdio_read(const struct gem *g, unsigned phy, unsigned reg)
{
	for (int spin = 0; !(rd(g, NWSTATUS) & NWSTATUS_MDIO_IDLE); spin++)
		if (spin > 100000)
			return -1;
	wr(g, PHYMNTNC, PHY_OP_READ | PHY_TURNAROUND | PHY_ADDR(phy) | PHY_REG(reg));
	for (int spin = 0; !(rd(g, NWSTATUS) & NWSTATUS_MDIO_IDLE); spin++)
		if (spin > 100000)
			return -1;
	return (int)(rd(g, PHYMNTNC) & 0xffff);
}

/* The first MDIO address that answers with a PHY identifier. */
static void report_phy(struct gem *g)
{
	for (unsigned a = 0; a < 32; a++) {
		int id1 = mdio_read(g, a, MII_PHYID1), id2 = mdio_read(g, a, MII_PHYID2);
		if (id1 < 0 || id2 < 0)
			break;
		if ((id1 == 0 && id2 == 0) || (id1 == 0xffff && id2 == 0xffff))
			continue;
		int bmsr = mdio_read(g, a, MII_BMSR);
		printk("gem: %s PHY %u id %04x:%04x link %s\n", g->nd.name, a, id1, id2,
		       bmsr >= 0 && (bmsr & BMSR_LINK) ? "up" : "down");
		return;
	}
	printk("gem: %s: no PHY answers on MDIO\n", g->nd.name);
}

static int gem_probe(const struct rk_fdt_dev *dev)
{
	static unsigned seq;
	uint64_t base, size;
	int len;

	if (rk_fdt_dev_reg(dev, 0, &base, &size)) {
		printk("gem: %s: no reg\n", rk_fdt_name(dev->dtb, dev->node));
		return -RK_ENODEV;
	}
	struct gem *g = calloc(1, sizeof(*g));
	size_t pages = ((size_t)(RX_N + TX_N) * BUF + (RX_N + TX_N) * sizeof(struct gem_desc) +
			RK_PAGE_SIZE - 1) / RK_PAGE_SIZE;
	uint8_t *mem = rk_page_alloc(pages);
	if (!g || !mem)
		return -RK_ENOMEM;
	if ((uint64_t)(uintptr_t)mem + pages * RK_PAGE_SIZE > 0x100000000ull) {
		printk("gem: buffers above 4 GiB would need 64-bit descriptors (not supported)\n");
		return -RK_ENOMEM;
	}
	g->base = (uintptr_t)base;
	g->rx_buf = mem;
	g->tx_buf = mem + (size_t)RX_N * BUF;
	struct gem_desc *desc = (struct gem_desc *)(mem + (size_t)(RX_N + TX_N) * BUF);

	/* Board DTBs often carry a placeholder the firmware is meant to fill
	 * in (the Icicle Kit's: all zeros): only a unicast, non-zero address
	 * is one. */
	const uint8_t *mac = rk_fdt_prop(dev->dtb, dev->node, "local-mac-address", &len);
	static const uint8_t zero[6];
	if (mac && len == 6 && !(mac[0] & 1) && memcmp(mac, zero, 6)) {
		memcpy(g->nd.mac, mac, 6);
	} else {
		/* Locally administered, unicast; unique per device here. */
		const uint8_t local[6] = { 0x02, 0x52, 0x4b, 0x00, 0x01, (uint8_t)seq };
		memcpy(g->nd.mac, local, 6);
		printk("gem: %s local-mac-address in the DTB; using a local one\n",
		       mac && len == 6 ? "no usable (zero or multicast)" : "no");
	}
	static char names[4][8];
	unsigned i = seq++ % 4;
	memcpy(names[i], "gem0", 5);
	names[i][3] = (char)('0' + i);
	g->nd.name = names[i];
	g->nd.mtu = MTU;

	/* Quiet and stopped, then configured. */
	wr(g, IDR, 0xffffffffu);
	wr(g, NWCTRL, NWCTRL_STATCLR);
	(void)rd(g, ISR);
	wr(g, TXSTATUS, 0xffffffffu);
	wr(g, RXSTATUS, 0xffffffffu);
	wr(g, NWCFG, NWCFG_FULLDUPLEX | NWCFG_STRIP_FCS | NWCFG_MDCDIV_224);
	wr(g, DMACFG, DMACFG_RXBUF(BUF) | DMACFG_BURST16);
	gem_rx_init(&g->rx, desc, RX_N, (uint32_t)(uintptr_t)g->rx_buf, BUF);
	gem_tx_init(&g->tx, desc + RX_N, TX_N);
	wr(g, RXQBASE, (uint32_t)(uintptr_t)desc);
	wr(g, TXQBASE, (uint32_t)(uintptr_t)(desc + RX_N));
	const uint8_t *m = g->nd.mac;
	/* Low word first: writing the high word arms the address filter. */
	wr(g, SPADDR1LO, m[0] | m[1] << 8 | m[2] << 16 | (uint32_t)m[3] << 24);
	wr(g, SPADDR1HI, m[4] | m[5] << 8);
	wr(g, NWCTRL, NWCTRL_MDEN);
	report_phy(g);

	/* The stack sleeps on the receive interrupt when idle: without one
	 * it would never wake for a frame. */
	unsigned irq = rk_fdt_dev_irq(dev, 0);
	if (!irq || rk_irq_attach(irq, gem_interrupt, g)) {
		printk("gem: %s: no usable interrupt in the DTB\n", g->nd.name);
		return -RK_ENODEV;
	}
	g->nd.tx = gem_tx;
	g->nd.rx_poll = gem_rx_poll;
	g->nd.rx_irq = gem_rx_irq;
	g->nd.irq = irq;
	g->nd.priv = g;
	wmb_io();
	wr(g, NWCTRL, NWCTRL_MDEN | NWCTRL_RXENA | NWCTRL_TXENA);
	printk("gem: %s %#lx irq %u mac %02x:%02x:%02x:%02x:%02x:%02x mtu %u, %u rx / %u tx "
	       "buffers\n",
	       g->nd.name, (unsigned long)g->base, irq, m[0], m[1], m[2], m[3], m[4], m[5],
	       g->nd.mtu, RX_N, TX_N);
	rk_netdev_register(&g->nd);
	return 0;
}

static const char *const gem_compat[] = { "sifive,fu540-c000-gem", "cdns,macb", "cdns,gem",
					   NULL };
RK_FDT_DRIVER(cadence_gem, gem_compat, gem_probe, RK_INIT_DRIVER);
