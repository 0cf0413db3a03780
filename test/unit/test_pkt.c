/* SPDX-License-Identifier: BSD-2-Clause */
/* kernel/exec/pkt.c on the host (ASan + UBSan): a program's UDP endpoints
 * and packet buffers, with lwIP replaced by a fake endpoint whose datagrams
 * the test delivers itself (as the network fiber would). Checks: the pool
 * appears at the first open with its base in the ring page; a datagram
 * lands in a buffer with its header and is named by recv; nowait gives
 * -EAGAIN on an empty endpoint; send copies from program memory (a held
 * buffer too) and kills for a foreign pointer; ion_free of a bogus index,
 * of a buffer never received and of one freed already ends the program
 * with the reason; a full pool drops and counts; close returns queued
 * buffers; the program's end closes everything and frees the pool. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rumpk/net.h>
#include <rumpk/net_udp.h>
#include <rumpk/sync.h>
#include "../../kernel/exec/proc.h"
#include "check.h"

/* --- The program's memory, the copies, the kill ----------------------------- */
static _Alignas(4096) unsigned char umem[8192];
static _Alignas(4096) struct rk_ring_page ring;

static bool in(uint64_t a, uint64_t len, const void *lo, size_t size)
{
	uintptr_t b = (uintptr_t)lo;
	return !len || (a >= b && a - b <= size && len <= size - (a - b));
}

bool rk_urange(struct rk_proc *p, uint64_t uva, uint64_t len, unsigned prot)
{
	return in(uva, len, umem, sizeof(umem)) ||
	       (p->pool_k && !(prot & RK_UPROT_W) && in(uva, len, p->pool_k,
							   p->pool_pages * 4096));
}

int rk_uread(struct rk_proc *p, void *dst, uint64_t uva, uint64_t len)
{
	if (!rk_urange(p, uva, len, RK_UPROT_R))
		return -RK_EFAULT;
	memcpy(dst, (const void *)(uintptr_t)uva, len);
	return 0;
}

#include "proc_kill.h"

long rk_cmd_bad_pointer(struct rk_proc *p, const struct rk_sqe *c, const char *what, uint64_t a,
			uint64_t len)
{
	rk_proc_kill(p, "command %u: %s 0x%llx + %llu bytes", c->op, what, (unsigned long long)a,
		     (unsigned long long)len);
	return 0;
}

static int mapped_pages;

int rk_space_map_pool(struct rk_proc *p, void *pages, size_t npages)
{
	p->pool_k = pages;
	p->pool_pages = npages;
	p->pool_uva = (uintptr_t)pages;
	mapped_pages += (int)npages;
	return 0;
}

void rk_space_unmap_pool(struct rk_proc *p)
{
	mapped_pages -= (int)p->pool_pages;
	p->pool_k = 0;
	p->pool_pages = 0;
}

static int pages_out;

void *rk_page_alloc(size_t n)
{
	pages_out += (int)n;
	return aligned_alloc(4096, n * 4096);
}

void rk_page_free(void *pg, size_t n)
{
	pages_out -= (int)n;
	free(pg);
}

/* --- Fibers: a semaphore that never blocks (the test delivers first) ----- */
void rk_sem_init(struct rk_sem *s, unsigned count) { s->count = count; }
int rk_sem_trywait(struct rk_sem *s)
{
	if (!s->count)
		return -RK_EAGAIN;
	s->count--;
	return 0;
}
int rk_sem_wait(struct rk_sem *s, uint64_t timeout_ns)
{
	(void)timeout_ns;
	CHECK_MSG(s->count, "recv would wait forever");
	return rk_sem_trywait(s);
}
void rk_sem_post(struct rk_sem *s) { s->count++; }
static int locked;
void rk_net_lock(void) { locked++; }
void rk_net_unlock(void) { locked--; }

/* --- A fake network: endpoints by port, datagrams delivered by deliver() -- */
struct rk_udp_ep {
	uint16_t port;
	rk_udp_rx_fn rx;
	void *arg;
};
static struct rk_udp_ep *eps[8];
static unsigned char sent[2048];
static size_t sent_len;
static uint64_t sent_to;

int rk_udp_ep_open(uint16_t port, rk_udp_rx_fn rx, void *arg, struct rk_udp_ep **out)
{
	for (unsigned i = 0; i < 8; i++)
		if (eps[i] && eps[i]->port == port)
			return -RK_EADDRINUSE;
	for (unsigned i = 0; i < 8; i++)
		if (!eps[i]) {
			eps[i] = malloc(sizeof(**out));
			*eps[i] = (struct rk_udp_ep){ port, rx, arg };
			*out = eps[i];
			return 0;
		}
	return -RK_ENOMEM;
}

void rk_udp_ep_close(struct rk_udp_ep *ep)
{
	for (unsigned i = 0; i < 8; i++)
		if (eps[i] == ep)
			eps[i] = 0;
	free(ep);
}

int rk_udp_ep_send(struct rk_udp_ep *ep, uint32_t ip, uint16_t port, size_t len,
		   int (*fill)(void *dst, size_t len, void *arg), void *arg)
{
	(void)ep;
	int rc = fill(sent, len, arg);
	if (!rc) {
		sent_len = len;
		sent_to = RK_UDP_DEST(ip, port);
	}
	return rc;
}

void rk_udp_rx_copy(const struct rk_udp_rx *rx, void *dst, size_t len)
{
	memcpy(dst, rx->opaque, len);
}

static void deliver(uint16_t port, const char *data, size_t len)
{
	for (unsigned i = 0; i < 8; i++)
		if (eps[i] && eps[i]->port == port) {
			struct rk_udp_rx rx = { 0x0202000a, 4242, len, data };
			locked++;
			eps[i]->rx(eps[i]->arg, &rx);
			locked--;
			return;
		}
}

/* --- Driving it ------------------------------------------------------------ */
static struct rk_proc proc;

static long cmd(uint16_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct rk_sqe c = { .op = op, .a = { a0, a1, a2, a3 } };
	if (op == RK_OP_CLOSE)
		return rk_pkt_close(&proc, a0);
	return rk_pkt_cmd(&proc, &c);
}

static void reset(void)
{
	if (proc.pkt)
		rk_pkt_release(&proc);
	memset(&proc, 0, sizeof(proc));
	memset(&ring, 0, sizeof(ring));
	proc.ring = &ring;
	killed[0] = 0;
}

static const struct rk_pkt_hdr *buf(long b)
{
	return (const struct rk_pkt_hdr *)(uintptr_t)(ring.pkt_base + (uint64_t)b * RK_PKT_BUF_SIZE);
}

int main(void)
{
	reset();
	/* Nothing before an open: no pool, no handle. */
	CHECK_EQ(cmd(RK_OP_UDP_RECV, RK_PKT_HANDLE_BASE, 0, 0, 0), -RK_SYS_EBADF);
	CHECK_EQ(cmd(RK_OP_UDP_OPEN, 0, 0, 0, 0), -RK_SYS_EINVAL);
	CHECK_EQ(cmd(RK_OP_UDP_OPEN, 70000, 0, 0, 0), -RK_SYS_EINVAL);
	CHECK_EQ(ring.pkt_base, 0);

	long h = cmd(RK_OP_UDP_OPEN, 7, 0, 0, 0);
	CHECK_EQ(h, RK_PKT_HANDLE_BASE);
	CHECK(ring.pkt_base != 0);
	CHECK_EQ(ring.pkt_count, CONFIG_EXEC_PKT_BUFS);
	CHECK_EQ(cmd(RK_OP_UDP_OPEN, 7, 0, 0, 0), -RK_SYS_EADDRINUSE);
	CHECK_EQ(cmd(RK_OP_UDP_RECV, h, RK_RECV_NOWAIT, 0, 0), -RK_SYS_EAGAIN);
	CHECK_EQ(cmd(RK_OP_UDP_RECV, h, 2, 0, 0), -RK_SYS_EINVAL);

	/* A datagram: in a buffer, with its header; recv names it. */
	deliver(7, "hello", 5);
	long b = cmd(RK_OP_UDP_RECV, h, 0, 0, 0);
	CHECK(b >= 0 && b < CONFIG_EXEC_PKT_BUFS);
	CHECK_EQ(buf(b)->len, 5);
	CHECK_EQ(buf(b)->src_ipv4, 0x0202000a);
	CHECK_EQ(buf(b)->src_port, 4242);
	CHECK_EQ(buf(b)->dst_port, 7);
	CHECK_EQ(buf(b)->handle, h);
	CHECK(!memcmp((const char *)buf(b) + RK_PKT_DATA, "hello", 5));

	/* Send from the held buffer, and from program memory. */
	uint64_t data = (uint64_t)(uintptr_t)buf(b) + RK_PKT_DATA;
	CHECK_EQ(cmd(RK_OP_UDP_SEND, h, data, 5, RK_UDP_DEST(0x0202000a, 4242)), 5);
	CHECK_EQ(sent_len, 5);
	CHECK_EQ(sent_to, RK_UDP_DEST(0x0202000a, 4242));
	memcpy(umem, "abc", 3);
	CHECK_EQ(cmd(RK_OP_UDP_SEND, h, (uintptr_t)umem, 3, 1), 3);
	CHECK(!memcmp(sent, "abc", 3));
	CHECK_EQ(cmd(RK_OP_UDP_SEND, h, (uintptr_t)umem, RK_PKT_DATA_MAX + 1, 1),
		 -RK_SYS_EMSGSIZE);
	CHECK_EQ(cmd(RK_OP_UDP_SEND, h, (uintptr_t)umem, 3, 1ull << 48), -RK_SYS_EINVAL);
	CHECK_EQ(cmd(RK_OP_UDP_SEND, h + 1, (uintptr_t)umem, 3, 1), -RK_SYS_EBADF);

	/* Give it back; then again: a double free ends the program. */
	CHECK_EQ(cmd(RK_OP_ION_FREE, (uint64_t)b, 0, 0, 0), 0);
	CHECK(!proc.exited);
	cmd(RK_OP_ION_FREE, (uint64_t)b, 0, 0, 0);
	CHECK(proc.exited);
	CHECK_MSG(strstr(killed, "is not held by the program (freed twice, or never received)"),
		  "killed: %s", killed);
	CHECK_EQ(locked, 0);

	/* A foreign pointer to send ends it too. */
	reset();
	h = cmd(RK_OP_UDP_OPEN, 9, 0, 0, 0);
	cmd(RK_OP_UDP_SEND, h, 0x1000, 16, 1);
	CHECK(proc.exited);
	CHECK_MSG(strstr(killed, "buffer 0x1000 + 16 bytes"), "killed: %s", killed);

	/* A bogus index; the pool is freed at the end (reset releases). */
	reset();
	CHECK_EQ(pages_out, 0);
	CHECK_EQ(mapped_pages, 0);
	cmd(RK_OP_ION_FREE, 3, 0, 0, 0);
	CHECK_MSG(!strcmp(killed, "command ion_free: buffer 3 is not a packet buffer (the pool has 0)"),
		  "killed: %s", killed);
	reset();
	h = cmd(RK_OP_UDP_OPEN, 9, 0, 0, 0);
	CHECK(pages_out > 0);
	cmd(RK_OP_ION_FREE, CONFIG_EXEC_PKT_BUFS, 0, 0, 0);
	CHECK_MSG(strstr(killed, "is not a packet buffer (the pool has"), "killed: %s", killed);

	/* A full pool drops; close returns what was queued. */
	reset();
	h = cmd(RK_OP_UDP_OPEN, 11, 0, 0, 0);
	long h2 = cmd(RK_OP_UDP_OPEN, 12, 0, 0, 0);
	CHECK_EQ(h2, h + 1);
	for (int i = 0; i < CONFIG_EXEC_PKT_BUFS + 3; i++)
		deliver(11, "x", 1);
	deliver(12, "y", 1);
	CHECK_EQ(proc.pkt ? 1 : 0, 1);
	CHECK_EQ(cmd(RK_OP_CLOSE, h, 0, 0, 0), 0);
	CHECK_EQ(cmd(RK_OP_CLOSE, h, 0, 0, 0), -RK_SYS_EBADF);
	deliver(12, "y", 1);
	b = cmd(RK_OP_UDP_RECV, h2, 0, 0, 0);
	CHECK(b >= 0);
	CHECK(!memcmp((const char *)buf(b) + RK_PKT_DATA, "y", 1));
	CHECK_EQ(cmd(RK_OP_UDP_RECV, h2, RK_RECV_NOWAIT, 0, 0), -RK_SYS_EAGAIN);
	/* Oversized datagrams are dropped, not truncated. */
	static char big[RK_PKT_DATA_MAX + 1];
	deliver(12, big, sizeof(big));
	CHECK_EQ(cmd(RK_OP_UDP_RECV, h2, RK_RECV_NOWAIT, 0, 0), -RK_SYS_EAGAIN);
	CHECK(!proc.exited);

	/* The end: endpoints closed, a held buffer and the pool freed. */
	reset();
	CHECK_EQ(pages_out, 0);
	CHECK_EQ(mapped_pages, 0);
	for (unsigned i = 0; i < 8; i++)
		CHECK(!eps[i]);
	return check_summary("test_pkt");
}
