/* SPDX-License-Identifier: BSD-2-Clause */
/* Packet endpoints of a program: RK_OP_UDP_OPEN, _RECV, _SEND, RK_OP_ION_FREE
 * and RK_OP_CLOSE on an endpoint handle (include/rumpk/syscall.h,
 * docs/syscall.md "Packet buffers").
 *
 * Receive path. A program's first open allocates its pool,
 * CONFIG_EXEC_PKT_BUFS buffers of RK_PKT_BUF_SIZE bytes, and maps it
 * read-only into the program (space.c). When a datagram arrives, lwIP's
 * receive callback (the network fiber, stack lock held) copies it once from
 * the pbuf into a free buffer of the pool, with its header, and queues the
 * buffer's index on the endpoint; RK_OP_UDP_RECV hands the index to the
 * program, which reads the datagram in place: nothing is copied into
 * program memory. The program gives the buffer back with RK_OP_ION_FREE.
 * A datagram that finds no free buffer (the program holds or has queued
 * them all) is dropped and counted, as a full NIC ring drops.
 *
 * Why a copy from the pbuf and not the driver's buffer mapped: the network
 * device API (include/rumpk/netdev.h) lends a received frame to a callback
 * only for the call's duration and reuses its buffer at once, and netif.c
 * has already copied it into a PBUF_POOL pbuf (1.5 KiB, not page-aligned)
 * by the time UDP demultiplexes it. Mapping would need page-sized receive
 * buffers lent by the driver until the program frees them, and a map plus
 * unmap (a TLB flush, dear under QEMU) per datagram; one copy of at most
 * 1.5 KiB is cheaper than either.
 *
 * Buffer states: free (the kernel's), queued (filled, on an endpoint,
 * not yet received) and held (named by a completion, the program's until
 * it frees it). Freeing anything but a held buffer ends the program. The
 * stack lock guards the states, because the network fiber changes them.
 * Everything returns when the program ends (rk_pkt_release). */
#include <string.h>
#include <rumpk/mem.h>
#include <rumpk/sync.h>
#include "proc.h"
#ifdef CONFIG_NET_LWIP
#include <rumpk/net.h>
#include <rumpk/net_udp.h>
#endif

#define NBUF CONFIG_EXEC_PKT_BUFS
#define NEP 4 /* endpoints per program: handles RK_PKT_HANDLE_BASE + 0..3 */
#define POOL_PAGES ((NBUF * RK_PKT_BUF_SIZE + RK_PAGE_SIZE - 1) / RK_PAGE_SIZE)

enum { B_FREE, B_QUEUED, B_HELD };

struct pkt_ep {
	struct rk_pkt *k;
	struct rk_udp_ep *ep;      /* NULL: the slot is free */
	uint16_t port;
	struct rk_sem ready;       /* one count per queued buffer */
	uint16_t q[NBUF];          /* queued buffers, oldest at qh */
	unsigned qh, qt;
};

struct rk_pkt {
	struct pkt_ep eps[NEP];
	uint8_t state[NBUF];
	uint16_t free[NBUF];       /* a stack of free buffers */
	unsigned nfree;
	uint8_t *pool;             /* kernel view */
	uint64_t dropped;          /* datagrams that found no free buffer */
};

#ifdef CONFIG_NET_LWIP
static void lock(void) { rk_net_lock(); }
static void unlock(void) { rk_net_unlock(); }
#else
static void lock(void) {}
static void unlock(void) {}
#endif

/* Without networking no endpoint opens: there is no pool, and the other
 * commands find no handle or buffer. */
#ifdef CONFIG_NET_LWIP
static struct rk_pkt_hdr *hdr(struct rk_pkt *k, unsigned b)
{
	return (struct rk_pkt_hdr *)(k->pool + (size_t)b * RK_PKT_BUF_SIZE);
}

/* The network fiber, stack lock held. */
static void on_rx(void *arg, const struct rk_udp_rx *rx)
{
	struct pkt_ep *e = arg;
	struct rk_pkt *k = e->k;

	if (rx->len > RK_PKT_DATA_MAX || !k->nfree) {
		k->dropped++;
		return;
	}
	unsigned b = k->free[--k->nfree];
	struct rk_pkt_hdr *h = hdr(k, b);
	rk_udp_rx_copy(rx, (uint8_t *)h + RK_PKT_DATA, rx->len);
	*h = (struct rk_pkt_hdr){ (uint32_t)rx->len, rx->src_ipv4, rx->src_port, e->port,
				  (uint32_t)(RK_PKT_HANDLE_BASE + (e - k->eps)) };
	k->state[b] = B_QUEUED;
	e->q[e->qt++ % NBUF] = (uint16_t)b;
	rk_sem_post(&e->ready);
}

static struct rk_pkt *pool_get(struct rk_proc *p)
{
	if (p->pkt)
		return p->pkt;
	struct rk_pkt *k = calloc(1, sizeof(*k));
	void *pool = rk_page_alloc(POOL_PAGES);
	if (!k || !pool || rk_space_map_pool(p, pool, POOL_PAGES)) {
		free(k);
		if (pool)
			rk_page_free(pool, POOL_PAGES);
		return 0;
	}
	memset(pool, 0, POOL_PAGES * RK_PAGE_SIZE);
	k->pool = pool;
	for (unsigned i = 0; i < NBUF; i++)
		k->free[k->nfree++] = (uint16_t)(NBUF - 1 - i);
	p->pkt = k;
	p->ring->pkt_base = p->pool_uva;
	p->ring->pkt_count = NBUF;
	return k;
}
#endif

static struct pkt_ep *ep_of(struct rk_proc *p, uint64_t handle)
{
	if (!p->pkt || handle < RK_PKT_HANDLE_BASE || handle >= RK_PKT_HANDLE_BASE + NEP)
		return 0;
	struct pkt_ep *e = &p->pkt->eps[handle - RK_PKT_HANDLE_BASE];
	return e->ep ? e : 0;
}

static long op_open(struct rk_proc *p, const struct rk_sqe *c)
{
	if (c->a[0] == 0 || c->a[0] > 0xffff)
		return -RK_SYS_EINVAL;
#ifndef CONFIG_NET_LWIP
	(void)p;
	return -RK_SYS_ENODEV;
#else
	struct rk_pkt *k = pool_get(p);
	if (!k)
		return -RK_SYS_ENOMEM;
	for (unsigned i = 0; i < NEP; i++) {
		struct pkt_ep *e = &k->eps[i];
		if (e->ep)
			continue;
		memset(e, 0, sizeof(*e));
		e->k = k;
		e->port = (uint16_t)c->a[0];
		rk_sem_init(&e->ready, 0);
		int err = rk_udp_ep_open(e->port, on_rx, e, &e->ep);
		if (err)
			return err == -RK_EADDRINUSE ? -RK_SYS_EADDRINUSE : err;
		return RK_PKT_HANDLE_BASE + i;
	}
	return -RK_SYS_EMFILE;
#endif
}

static long op_recv(struct rk_proc *p, const struct rk_sqe *c)
{
	struct pkt_ep *e = ep_of(p, c->a[0]);
	if (!e)
		return -RK_SYS_EBADF;
	if (c->a[1] & ~(uint64_t)RK_RECV_NOWAIT)
		return -RK_SYS_EINVAL;
	if (c->a[1] & RK_RECV_NOWAIT ? rk_sem_trywait(&e->ready) : rk_sem_wait(&e->ready, 0))
		return -RK_SYS_EAGAIN;
	lock();
	unsigned b = e->q[e->qh++ % NBUF];
	p->pkt->state[b] = B_HELD;
	unlock();
	return b;
}

#ifdef CONFIG_NET_LWIP
struct send_ctx {
	struct rk_proc *p;
	uint64_t buf;
};

static int fill(void *dst, size_t len, void *arg)
{
	struct send_ctx *s = arg;
	return rk_uread(s->p, dst, s->buf, len);
}
#endif

static long op_send(struct rk_proc *p, const struct rk_sqe *c)
{
	struct pkt_ep *e = ep_of(p, c->a[0]);
	if (!e)
		return -RK_SYS_EBADF;
	if (c->a[2] > RK_PKT_DATA_MAX)
		return -RK_SYS_EMSGSIZE;
	if (!rk_urange(p, c->a[1], c->a[2], RK_UPROT_R))
		return rk_cmd_bad_pointer(p, c, "buffer", c->a[1], c->a[2]);
	if (c->a[3] >> 48)
		return -RK_SYS_EINVAL;
#ifdef CONFIG_NET_LWIP
	struct send_ctx s = { p, c->a[1] };
	int err = rk_udp_ep_send(e->ep, (uint32_t)c->a[3], (uint16_t)(c->a[3] >> 32),
				 (size_t)c->a[2], fill, &s);
	if (err == -RK_EFAULT) /* the program unmapped it in between: its heap shrank */
		return rk_cmd_bad_pointer(p, c, "buffer", c->a[1], c->a[2]);
	return err ? (err == -RK_ENOMEM ? -RK_SYS_ENOMEM : -RK_SYS_EAGAIN) : (long)c->a[2];
#else
	return -RK_SYS_ENODEV;
#endif
}

static long op_free(struct rk_proc *p, const struct rk_sqe *c)
{
	struct rk_pkt *k = p->pkt;
	if (!k || c->a[0] >= NBUF) {
		rk_proc_kill(p, "command ion_free: buffer %llu is not a packet buffer (the pool has %u)",
			     (unsigned long long)c->a[0], k ? NBUF : 0);
		return 0;
	}
	unsigned b = (unsigned)c->a[0];
	lock();
	bool held = k->state[b] == B_HELD;
	if (held) {
		k->state[b] = B_FREE;
		k->free[k->nfree++] = (uint16_t)b;
	}
	unlock();
	if (!held)
		rk_proc_kill(p, "command ion_free: buffer %u is not held by the program "
			     "(freed twice, or never received)", b);
	return 0;
}

long rk_pkt_cmd(struct rk_proc *p, const struct rk_sqe *c)
{
	switch (c->op) {
	case RK_OP_UDP_OPEN:
		return op_open(p, c);
	case RK_OP_UDP_RECV:
		return op_recv(p, c);
	case RK_OP_UDP_SEND:
		return op_send(p, c);
	case RK_OP_ION_FREE:
		return op_free(p, c);
	}
	return -RK_SYS_EINVAL; /* not reached: cmd.c dispatches only these */
}

bool rk_pkt_is_handle(uint64_t handle)
{
	return handle >= RK_PKT_HANDLE_BASE && handle < RK_PKT_HANDLE_BASE + NEP;
}

long rk_pkt_close(struct rk_proc *p, uint64_t handle)
{
	struct pkt_ep *e = ep_of(p, handle);
	if (!e)
		return -RK_SYS_EBADF;
#ifdef CONFIG_NET_LWIP
	rk_udp_ep_close(e->ep); /* no callback for e after this */
#endif
	e->ep = 0;
	/* What was queued and not received goes back to the pool. */
	lock();
	while (e->qh != e->qt) {
		unsigned b = e->q[e->qh++ % NBUF];
		e->k->state[b] = B_FREE;
		e->k->free[e->k->nfree++] = (uint16_t)b;
	}
	unlock();
	return 0;
}

void rk_pkt_release(struct rk_proc *p)
{
	struct rk_pkt *k = p->pkt;
	if (!k)
		return;
	for (unsigned i = 0; i < NEP; i++)
		rk_pkt_close(p, RK_PKT_HANDLE_BASE + i);
	/* Held buffers too: the whole pool goes, with its mapping. */
	rk_space_unmap_pool(p);
	rk_page_free(k->pool, POOL_PAGES);
	free(k);
	p->pkt = 0;
}
