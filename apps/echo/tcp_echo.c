/* SPDX-License-Identifier: BSD-2-Clause */
/* TCP echo: what a client sends comes back, with flow control end to end.
 * Received data is acknowledged to the sender's window (tcp_recved) only
 * once it has been queued for sending back, so a client that sends
 * faster than it reads is slowed down instead of filling our memory.
 *
 * What keeps one client from starving the others (docs/net.md), as in
 * httpd: a session holds at most PENDING_PBUFS received buffers (lwIP
 * keeps one more as refused data and drops later segments until it is
 * taken), a session without progress for CONFIG_ECHO_IDLE_TIMEOUT_S is
 * reset, and a new connection that finds every slot taken resets the
 * session idle longest (see victim()). Every end is a reset or a close
 * after the client's FIN, so no pcb waits on a client outside a slot. */
#include <stdint.h>
#include <lwip/tcp.h>
#include <rumpk/fiber.h>
#include <rumpk/net_server.h>
#include <rumpk/time.h>
#include "echo.h"

_Static_assert(CONFIG_ECHO_MAX_CONNS + CONFIG_NET_LWIP_TCP_LISTEN_BACKLOG + ECHO_STATS_BACKLOG <=
		       CONFIG_NET_LWIP_MEMP_NUM_TCP_PCB,
	       "ECHO_MAX_CONNS + listen backlogs exceed NET_LWIP_MEMP_NUM_TCP_PCB");

struct session {
	struct tcp_pcb *pcb;    /* NULL: slot free */
	struct pbuf *pending;   /* received, not yet queued back */
	bool peer_closed;
	uint64_t active_ns;     /* last progress: data taken or acknowledged */
};

static struct session sessions[CONFIG_ECHO_MAX_CONNS];

#define POLL_TICKS 1 /* tcp_poll interval in 500 ms units */
#define IDLE_NS ((uint64_t)CONFIG_ECHO_IDLE_TIMEOUT_S * RK_NSEC_PER_SEC)
/* Received buffers a session may hold. Two full segments keep a bulk
 * sender going while the send buffer drains; a client sending tiny
 * segments without reading its echo cannot take more of the shared
 * receive pool (PBUF_POOL_SIZE) than this. */
#define PENDING_PBUFS 2
/* A session moving data this recently is not evicted. */
#define EVICT_BUSY_NS RK_NSEC_PER_SEC

/* Free the slot (the pcb is gone or no longer points at it). */
static void forget(struct session *s)
{
	if (s->pending)
		pbuf_free(s->pending);
	s->pending = NULL;
	s->pcb = NULL;
	echo_stats.tcp_active--;
}

static void detach(struct session *s)
{
	struct tcp_pcb *pcb = s->pcb;

	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	tcp_poll(pcb, NULL, 0);
	forget(s);
}

/* Reset the session and free its slot. Returns ERR_ABRT, what a callback
 * of this pcb must return. */
static err_t reset(struct session *s)
{
	struct tcp_pcb *pcb = s->pcb;

	detach(s);
	tcp_abort(pcb);
	return ERR_ABRT;
}

/* Close after the client's FIN, everything echoed. Returns ERR_ABRT when
 * the pcb had to be aborted instead. */
static err_t close_session(struct session *s)
{
	struct tcp_pcb *pcb = s->pcb;

	detach(s);
	if (tcp_close(pcb) != ERR_OK) {
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	return ERR_OK;
}

/* Queue as much pending data as the send buffer takes. Returns ERR_ABRT
 * when the connection had to be aborted. */
static err_t echo_back(struct session *s)
{
	while (s->pending) {
		struct pbuf *p = s->pending;
		u16_t n = LWIP_MIN(p->len, tcp_sndbuf(s->pcb));
		if (n == 0 || tcp_write(s->pcb, p->payload, n, TCP_WRITE_FLAG_COPY) != ERR_OK)
			break;
		tcp_recved(s->pcb, n);
		echo_stats.tcp_bytes += n;
		s->pending = pbuf_free_header(p, n);
	}
	tcp_output(s->pcb);
	/* Everything echoed and the client is done: close our side too. */
	if (!s->pending && s->peer_closed)
		return close_session(s);
	return ERR_OK;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct session *s = arg;

	if (!s) {
		if (p) {
			tcp_recved(pcb, p->tot_len);
			pbuf_free(p);
		}
		return ERR_OK;
	}
	if (!p) {
		s->peer_closed = true;
	} else if (s->pending) {
		/* Bounded: lwIP keeps this one and offers it again later. */
		if (pbuf_clen(s->pending) >= PENDING_PBUFS) {
			echo_stats.tcp_input_deferred++;
			return ERR_MEM;
		}
		pbuf_cat(s->pending, p);
	} else {
		s->pending = p;
	}
	s->active_ns = rk_time_ns();
	return echo_back(s);
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	struct session *s = arg;

	if (!s)
		return ERR_OK;
	s->active_ns = rk_time_ns();
	return echo_back(s);
}

/* Retries a write that failed for lack of memory with nothing in flight,
 * and ends a session without progress. */
static err_t on_poll(void *arg, struct tcp_pcb *pcb)
{
	struct session *s = arg;

	if (!s)
		return ERR_OK;
	if (rk_time_ns() - s->active_ns >= IDLE_NS) {
		echo_stats.tcp_idle_timeouts++;
		return reset(s);
	}
	return echo_back(s);
}

static void on_err(void *arg, err_t err)
{
	struct session *s = arg;

	if (s && s->pcb) {
		echo_stats.tcp_resets++;
		forget(s);
	}
}

unsigned echo_input_pbufs(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < RK_ARRAY_SIZE(sessions); i++) {
		const struct session *s = &sessions[i];
		if (!s->pcb)
			continue;
		if (s->pending)
			n += pbuf_clen(s->pending);
		if (s->pcb->refused_data)
			n += pbuf_clen(s->pcb->refused_data);
	}
	return n;
}

/* The session a newcomer takes the slot of when all are taken: the one
 * idle longest, leaving out those moving data right now (data in flight
 * and progress within EVICT_BUSY_NS). NULL when every one is busy. */
static struct session *victim(uint64_t now)
{
	struct session *best = NULL;

	for (unsigned i = 0; i < RK_ARRAY_SIZE(sessions); i++) {
		struct session *s = &sessions[i];
		bool in_flight = s->pending || tcp_sndbuf(s->pcb) < TCP_SND_BUF;

		if (in_flight && now - s->active_ns < EVICT_BUSY_NS)
			continue;
		if (!best || s->active_ns < best->active_ns)
			best = s;
	}
	return best;
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct session *s = NULL;

	if (err != ERR_OK || !pcb)
		return ERR_VAL;
	for (unsigned i = 0; i < RK_ARRAY_SIZE(sessions) && !s; i++)
		if (!sessions[i].pcb)
			s = &sessions[i];
	if (!s) {
		s = victim(rk_time_ns());
		if (!s) {
			echo_stats.tcp_refused++;
			tcp_abort(pcb);
			return ERR_ABRT;
		}
		echo_stats.tcp_evicted++;
		reset(s); /* another pcb than this callback's */
	}
	*s = (struct session){ .pcb = pcb, .active_ns = rk_time_ns() };
	echo_stats.tcp_accepted++;
	echo_stats.tcp_active++;
	tcp_arg(pcb, s);
	tcp_recv(pcb, on_recv);
	tcp_sent(pcb, on_sent);
	tcp_err(pcb, on_err);
	tcp_poll(pcb, on_poll, POLL_TICKS);
	tcp_nagle_disable(pcb); /* interactive use: echo each piece at once */
	return ERR_OK;
}

int tcp_echo_start(void)
{
	return rk_net_tcp_listen(CONFIG_ECHO_PORT, CONFIG_NET_LWIP_TCP_LISTEN_BACKLOG, on_accept);
}
