/* SPDX-License-Identifier: BSD-2-Clause */
/* The HTTP connection engine on lwIP's raw API: one pcb and one slot of a
 * fixed pool per connection, persistent connections and pipelining, and a
 * graceful ("lingering") close so that a client still sending when it gets
 * an error reply reads the reply instead of a reset.
 *
 * Connection life: READING (collecting a request head) -> SENDING (the
 * reply does not fit the send buffer yet) -> READING again for the next
 * request, or LINGERING (our side shut, unread input discarded until the
 * client closes) -> slot released.
 *
 * What keeps one client from starving the others (docs/net.md):
 * - Fixed memory per connection: the request buffer, plus at most one
 *   received chain that did not fit in it. lwIP keeps anything later as
 *   refused data, and the receive window stays closed meanwhile.
 * - A deadline in every state, which input cannot push back: a request
 *   head must be complete within CONFIG_HTTPD_HEAD_TIMEOUT_S of its first
 *   byte (else 408), a connection without a request in progress is closed
 *   after CONFIG_HTTPD_IDLE_TIMEOUT_S, a reply not queued whole within as
 *   long is aborted, and lingering lasts CONFIG_HTTPD_LINGER_S.
 * - A new connection that finds every slot taken gets one by evicting
 *   (resetting) the connection least likely to be a client being served:
 *   see victim().
 * - No pcb outlives its slot except in TIME_WAIT, LAST_ACK or CLOSING,
 *   which lwIP recycles itself when its pool runs out: an end that would
 *   leave a pcb waiting on the client (FIN_WAIT_2) is an abort instead. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <lwip/tcp.h>
#include <rumpk/compiler.h>
#include <rumpk/fiber.h>
#include <rumpk/net_server.h>
#include <rumpk/printk.h>
#include <rumpk/time.h>
#include "httpd.h"

/* Slots plus handshakes waiting for accept must fit lwIP's pcb pool, or a
 * full pool would drop new connections before they could evict anyone. */
_Static_assert(CONFIG_HTTPD_MAX_CONNS + CONFIG_NET_LWIP_TCP_LISTEN_BACKLOG <=
		       CONFIG_NET_LWIP_MEMP_NUM_TCP_PCB,
	       "HTTPD_MAX_CONNS + NET_LWIP_TCP_LISTEN_BACKLOG exceed NET_LWIP_MEMP_NUM_TCP_PCB");

enum conn_state { C_FREE, C_READING, C_SENDING, C_LINGERING };

struct conn {
	enum conn_state state;
	struct tcp_pcb *pcb;
	struct pbuf *pending;   /* received, did not fit in req[]; not yet acknowledged */
	bool peer_closed;       /* the client sent FIN */
	bool close_failed;      /* tcp_close had no memory: retried by poll */
	bool keep_alive;        /* of the reply being sent */
	uint64_t phase_ns;      /* when the connection entered its state */
	uint64_t active_ns;     /* last progress: input taken, or output acknowledged */
	uint64_t head_ns;       /* first byte of the head in req[] (when len > 0) */
	/* The reply in flight: header text, then the body. */
	char head[192];
	size_t head_len, head_off;
	const char *body;
	size_t body_len, body_off;
	bool body_static, body_owned;
	/* The request being collected. */
	size_t len;
	char req[CONFIG_HTTPD_MAX_REQUEST];
};

struct httpd_counters httpd_stats;
/* Not zeroed at boot (rk_noinit: with the defaults 150 KiB of clearing
 * before the kernel's C code runs): httpd_start marks every slot free,
 * the only field a free slot is read for, and on_accept clears the rest
 * of the bookkeeping before a slot is used (req[] is read only up to
 * len). */
static struct conn conns[CONFIG_HTTPD_MAX_CONNS] rk_noinit;

#define POLL_TICKS 1 /* tcp_poll interval in 500 ms units */
#define HEAD_NS ((uint64_t)CONFIG_HTTPD_HEAD_TIMEOUT_S * RK_NSEC_PER_SEC)
#define IDLE_NS ((uint64_t)CONFIG_HTTPD_IDLE_TIMEOUT_S * RK_NSEC_PER_SEC)
#define LINGER_NS ((uint64_t)CONFIG_HTTPD_LINGER_S * RK_NSEC_PER_SEC)
/* A reply without progress for this long may be evicted for a newcomer. */
#define EVICT_STALL_NS RK_NSEC_PER_SEC

static void enter(struct conn *c, enum conn_state state)
{
	c->state = state;
	c->phase_ns = rk_time_ns();
}

static void release(struct conn *c)
{
	if (c->body_owned)
		free((void *)c->body);
	if (c->pending)
		pbuf_free(c->pending);
	c->state = C_FREE;
	c->pcb = NULL;
	c->pending = NULL;
	c->body = NULL;
	c->body_owned = false;
	httpd_stats.connections_active--;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err);
static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len);
static err_t on_poll(void *arg, struct tcp_pcb *pcb);
static void on_err(void *arg, err_t err);

static void attach(struct tcp_pcb *pcb, struct conn *c)
{
	tcp_arg(pcb, c);
	tcp_recv(pcb, c ? on_recv : NULL);
	tcp_sent(pcb, c ? on_sent : NULL);
	tcp_err(pcb, c ? on_err : NULL);
	tcp_poll(pcb, c ? on_poll : NULL, POLL_TICKS);
}

/* Reset the connection and free its slot at once: nothing is left of it
 * in lwIP. Returns ERR_ABRT, what a callback of this pcb must return. */
static err_t abort_conn(struct conn *c)
{
	struct tcp_pcb *pcb = c->pcb;

	attach(pcb, NULL);
	release(c);
	tcp_abort(pcb);
	return ERR_ABRT;
}

/* Acknowledge and drop input we will never parse. Closing with
 * unacknowledged input makes lwIP send a reset instead of a FIN. */
static void drop_pending(struct conn *c)
{
	if (c->pending) {
		tcp_recved(c->pcb, c->pending->tot_len);
		pbuf_free(c->pending);
		c->pending = NULL;
	}
}

/* Close both directions and forget the connection. Returns false when
 * lwIP is out of memory for the FIN: the poll callback tries again. */
static bool finish(struct conn *c)
{
	struct tcp_pcb *pcb = c->pcb;

	drop_pending(c);
	/* lwIP may free the pcb inside tcp_close: no callback may then
	 * point at this slot. */
	attach(pcb, NULL);
	if (tcp_close(pcb) != ERR_OK) {
		attach(pcb, c);
		c->close_failed = true;
		return false;
	}
	release(c);
	return true;
}

/* Our reply is complete and the connection ends: send FIN after it but
 * keep reading (and discarding) until the client closes too. */
static void linger(struct conn *c)
{
	enter(c, C_LINGERING);
	drop_pending(c);
	if (c->peer_closed || tcp_shutdown(c->pcb, 0, 1) != ERR_OK)
		finish(c);
}

/* Queue as much of the reply as the send buffer takes. True when all of
 * it is queued. */
static bool send_more(struct conn *c)
{
	struct tcp_pcb *pcb = c->pcb;

	while (c->head_off < c->head_len) {
		u16_t n = (u16_t)LWIP_MIN(c->head_len - c->head_off, tcp_sndbuf(pcb));
		if (!n || tcp_write(pcb, c->head + c->head_off, n,
				    TCP_WRITE_FLAG_COPY | (c->body_len ? TCP_WRITE_FLAG_MORE : 0)))
			goto out;
		c->head_off += n;
	}
	while (c->body_off < c->body_len) {
		size_t left = c->body_len - c->body_off;
		u16_t n = (u16_t)LWIP_MIN(LWIP_MIN(left, tcp_sndbuf(pcb)), 0xffff);
		u8_t flags = (c->body_static ? 0 : TCP_WRITE_FLAG_COPY) |
			     (n < left ? TCP_WRITE_FLAG_MORE : 0);
		if (!n || tcp_write(pcb, c->body + c->body_off, n, flags))
			goto out;
		c->body_off += n;
	}
	if (c->body_owned) {
		free((void *)c->body); /* copied into the send queue */
		c->body_owned = false;
	}
	c->body = NULL;
	tcp_output(pcb);
	return true;
out:
	/* ERR_MEM or a full send buffer: the sent callback (data acked) or
	 * the poll callback continues. */
	tcp_output(pcb);
	return false;
}

/* The reply is queued: wait for the next request, or end. */
static void reply_done(struct conn *c)
{
	if (c->keep_alive) {
		enter(c, C_READING);
		/* A pipelined head already here waits from now on. */
		c->head_ns = c->phase_ns;
	} else {
		linger(c);
	}
}

static void reply(struct conn *c, const struct http_request *req)
{
	struct http_response r;
	bool head_only = req->status == 0 && req->method == HTTP_HEAD;

	httpd_route(req, &r);
	httpd_stats.requests++;
	if (r.status == 400)
		httpd_stats.bad_requests++;
	/* Keep the connection only for a well-formed request without a body
	 * (we never read bodies) that asked to keep it. */
	c->keep_alive = req->status == 0 && req->keep_alive && !req->has_body;
	c->head_len = (size_t)rk_snprintf(c->head, sizeof(c->head),
		"HTTP/1.1 %d %s\r\nServer: Rumpk\r\nContent-Type: %s\r\n"
		"Content-Length: %zu\r\n%s%s\r\n",
		r.status, httpd_reason(r.status), r.content_type, r.body_len,
		r.extra_headers ? r.extra_headers : "",
		!c->keep_alive ? "Connection: close\r\n"
		/* HTTP/1.0 clients close unless told otherwise. */
		: req->minor == 0 ? "Connection: keep-alive\r\n" : "");
	c->head_off = 0;
	c->body = r.body;
	c->body_len = head_only ? 0 : r.body_len;
	c->body_off = 0;
	c->body_static = r.body_static;
	c->body_owned = r.body_owned;
	enter(c, C_SENDING);
	if (send_more(c))
		reply_done(c);
}

/* An error reply for which there is no parsed request (408, a head too
 * large); the connection ends after it. */
static void refuse(struct conn *c, int status, const char *reason)
{
	struct http_request e = { .status = status, .reason = reason };

	reply(c, &e);
}

/* Move received bytes into the request buffer, reopening the window by as
 * many. */
static void take_input(struct conn *c)
{
	size_t room = sizeof(c->req) - c->len;

	if (!c->pending || !room)
		return;
	u16_t n = pbuf_copy_partial(c->pending, c->req + c->len,
				    (u16_t)LWIP_MIN(room, c->pending->tot_len), 0);
	if (c->len == 0)
		c->head_ns = rk_time_ns();
	c->len += n;
	tcp_recved(c->pcb, n);
	c->pending = pbuf_free_header(c->pending, n);
}

/* Serve every complete request buffered, as far as the send buffer lets
 * us (a reply still being sent holds the next request back). */
static void pump(struct conn *c)
{
	struct http_request req;

	while (c->state == C_READING) {
		take_input(c);
		bool eof = c->peer_closed && !c->pending;
		if (!http_parse_head(c->req, c->len, eof, &req)) {
			if (c->len == sizeof(c->req)) {
				/* No blank line within the limit. */
				httpd_stats.heads_too_large++;
				refuse(c, 400, "request head larger than the server takes");
			} else if (eof) {
				finish(c); /* EOF, nothing (complete) to answer */
			}
			return;
		}
		reply(c, &req);
		/* Keep what followed the head: the next pipelined request. */
		memmove(c->req, c->req + req.head_len, c->len - req.head_len);
		c->len -= req.head_len;
	}
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct conn *c = arg;

	if (!c) { /* after finish(): lwIP delivers to a detached pcb */
		if (p) {
			tcp_recved(pcb, p->tot_len);
			pbuf_free(p);
		}
		return ERR_OK;
	}
	if (!p) {
		c->peer_closed = true;
		if (c->state == C_LINGERING)
			finish(c);
		else if (c->state == C_READING)
			pump(c);
		return ERR_OK;
	}
	if (c->state == C_LINGERING) {
		tcp_recved(pcb, p->tot_len);
		pbuf_free(p);
		return ERR_OK;
	}
	/* The buffer is full and a chain already waits: lwIP keeps this one
	 * (unacknowledged, the window shrinks) and offers it again later. */
	if (c->pending) {
		httpd_stats.input_deferred++;
		return ERR_MEM;
	}
	c->pending = p;
	c->active_ns = rk_time_ns();
	take_input(c);
	pump(c);
	return ERR_OK;
}

/* Continue a reply that did not fit the send buffer. */
static void continue_reply(struct conn *c)
{
	if (c->state == C_SENDING && send_more(c)) {
		reply_done(c);
		pump(c);
	}
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	struct conn *c = arg;

	if (!c)
		return ERR_OK;
	c->active_ns = rk_time_ns();
	continue_reply(c);
	return ERR_OK;
}

static err_t on_poll(void *arg, struct tcp_pcb *pcb)
{
	struct conn *c = arg;
	uint64_t now = rk_time_ns();

	if (!c || c->state == C_FREE)
		return ERR_OK;
	if (c->close_failed) {
		if (!finish(c) && now - c->phase_ns >= LINGER_NS)
			return abort_conn(c);
		return ERR_OK;
	}
	switch (c->state) {
	case C_SENDING:
		/* A write refused for lack of memory with nothing in flight
		 * gets no sent callback: retry here. */
		continue_reply(c);
		/* Every reply is small: one not queued whole within the
		 * idle time has a client that does not read, or reads so
		 * slowly that it would hold the slot for ever. */
		if (c->state == C_SENDING && now - c->phase_ns >= IDLE_NS) {
			httpd_stats.send_timeouts++;
			return abort_conn(c);
		}
		break;
	case C_READING:
		if (c->len || c->pending) {
			/* A head begun and not finished in time (a slow client,
			 * or one that never sends its final CRLF). */
			if (now - c->head_ns >= HEAD_NS || now - c->active_ns >= IDLE_NS) {
				httpd_stats.head_timeouts++;
				refuse(c, 408, "request head not complete in time");
			}
		} else if (now - c->active_ns >= IDLE_NS) {
			httpd_stats.idle_timeouts++;
			linger(c);
		}
		break;
	case C_LINGERING:
		/* The client did not close in time (its input does not
		 * extend this): reset, so that no pcb waits on it. */
		if (now - c->phase_ns >= LINGER_NS) {
			httpd_stats.linger_aborts++;
			return abort_conn(c);
		}
		break;
	case C_FREE:
		break;
	}
	return ERR_OK;
}

/* The pcb is already gone (reset by the peer, or aborted). */
static void on_err(void *arg, err_t err)
{
	struct conn *c = arg;

	if (c && c->state != C_FREE) {
		httpd_stats.resets++;
		c->pcb = NULL;
		release(c);
	}
}

unsigned httpd_input_pbufs(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < RK_ARRAY_SIZE(conns); i++) {
		const struct conn *c = &conns[i];
		if (c->state == C_FREE)
			continue;
		if (c->pending)
			n += pbuf_clen(c->pending);
		if (c->pcb && c->pcb->refused_data)
			n += pbuf_clen(c->pcb->refused_data);
	}
	return n;
}

/* The connection a newcomer takes the slot of when all are taken, least
 * likely a client being served first: a lingering one (its reply is
 * out), else the one that has waited longest for a complete request (an
 * idle keep-alive client, a slow head), else the reply stalled longest
 * (if for EVICT_STALL_NS). NULL when every slot is sending and moving. */
static struct conn *victim(uint64_t now)
{
	struct conn *best = NULL;
	int best_rank = 3;
	uint64_t best_since = UINT64_MAX;

	for (unsigned i = 0; i < RK_ARRAY_SIZE(conns); i++) {
		struct conn *c = &conns[i];
		int rank;
		uint64_t since;

		switch (c->state) {
		case C_LINGERING:
			rank = 0, since = c->phase_ns;
			break;
		case C_READING:
			rank = 1, since = c->phase_ns;
			break;
		case C_SENDING:
			if (now - c->active_ns < EVICT_STALL_NS)
				continue;
			rank = 2, since = c->active_ns;
			break;
		default:
			continue;
		}
		if (rank < best_rank || (rank == best_rank && since < best_since)) {
			best = c;
			best_rank = rank;
			best_since = since;
		}
	}
	return best;
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct conn *c = NULL;

	if (err != ERR_OK || !pcb)
		return ERR_VAL;
	for (unsigned i = 0; i < RK_ARRAY_SIZE(conns) && !c; i++)
		if (conns[i].state == C_FREE)
			c = &conns[i];
	if (!c) {
		c = victim(rk_time_ns());
		if (!c) {
			/* A reset tells the client at once, instead of
			 * letting it wait for a timeout. */
			httpd_stats.connections_refused++;
			tcp_abort(pcb);
			return ERR_ABRT;
		}
		httpd_stats.connections_evicted++;
		abort_conn(c); /* another pcb than this callback's */
	}
	memset(c, 0, offsetof(struct conn, req));
	enter(c, C_READING);
	c->active_ns = c->phase_ns;
	c->pcb = pcb;
	httpd_stats.connections_accepted++;
	httpd_stats.connections_active++;
	attach(pcb, c);
	/* Replies are written whole: no reason to hold segments back. */
	tcp_nagle_disable(pcb);
	return ERR_OK;
}

int httpd_start(void)
{
	for (unsigned i = 0; i < RK_ARRAY_SIZE(conns); i++)
		conns[i].state = C_FREE;
	return rk_net_tcp_listen(CONFIG_HTTPD_PORT, CONFIG_NET_LWIP_TCP_LISTEN_BACKLOG, on_accept);
}
