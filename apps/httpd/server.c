/* The HTTP connection engine on lwIP's raw API: one pcb and one slot of a
 * fixed pool per connection, persistent connections and pipelining, flow
 * control by acknowledging received bytes only as they are parsed, and a
 * graceful ("lingering") close so that a client still sending when it gets
 * an error reply reads the reply instead of a reset.
 *
 * Connection life: READING (collecting a request head) -> SENDING (the
 * reply does not fit the send buffer yet) -> READING again for the next
 * request, or LINGERING (our side shut, unread input discarded until the
 * client closes or CONFIG_HTTPD_LINGER_S passes) -> slot released. */
#include <stdlib.h>
#include <string.h>
#include <lwip/tcp.h>
#include <rumpk/fiber.h>
#include <rumpk/printk.h>
#include "httpd.h"

enum conn_state { C_FREE, C_READING, C_SENDING, C_LINGERING };

struct conn {
	enum conn_state state;
	struct tcp_pcb *pcb;
	struct pbuf *pending;   /* received, not yet parsed nor acknowledged */
	bool peer_closed;       /* the client sent FIN */
	bool close_failed;      /* tcp_close had no memory: retried by poll */
	bool keep_alive;        /* of the reply being sent */
	unsigned idle_s;        /* seconds without progress (poll ticks) */
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
static struct conn conns[CONFIG_HTTPD_MAX_CONNS];

#define POLL_TICKS 2 /* tcp_poll interval in 500 ms units: once a second */

static void pump(struct conn *c);

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
	httpd_stats.active--;
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
	c->state = C_LINGERING;
	c->idle_s = 0;
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

static void reply(struct conn *c, const struct http_request *req, int status)
{
	struct http_response r;
	bool head_only = status == 0 && req->method == HTTP_HEAD;

	httpd_route(req, status, &r);
	httpd_stats.requests++;
	if (r.status == 400)
		httpd_stats.bad_requests++;
	/* Keep the connection only for a well-formed request without a body
	 * (we never read bodies) that asked to keep it. */
	c->keep_alive = status == 0 && req->keep_alive && !req->has_body;
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
	c->state = C_SENDING;
	if (send_more(c)) {
		if (c->keep_alive)
			c->state = C_READING;
		else
			linger(c);
	}
}

/* Move received bytes into the request buffer, acknowledging them. */
static void take_input(struct conn *c)
{
	size_t room = sizeof(c->req) - c->len;

	if (!c->pending || !room)
		return;
	u16_t n = pbuf_copy_partial(c->pending, c->req + c->len,
				    (u16_t)LWIP_MIN(room, c->pending->tot_len), 0);
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
		if (!http_parse_head(c->req, c->len, &req)) {
			if (c->len == sizeof(c->req)) {
				/* No blank line within the limit. */
				c->len = 0;
				reply(c, NULL, 400);
			} else if (c->peer_closed && !c->pending) {
				finish(c); /* EOF, nothing (complete) to answer */
			}
			return;
		}
		reply(c, &req, req.status);
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
	c->idle_s = 0;
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
	if (c->pending)
		pbuf_cat(c->pending, p);
	else
		c->pending = p;
	pump(c);
	return ERR_OK;
}

/* Continue a reply that did not fit the send buffer. */
static void continue_reply(struct conn *c)
{
	if (c->state == C_SENDING && send_more(c)) {
		if (c->keep_alive) {
			c->state = C_READING;
			pump(c);
		} else {
			linger(c);
		}
	}
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	struct conn *c = arg;

	if (!c)
		return ERR_OK;
	c->idle_s = 0;
	continue_reply(c);
	return ERR_OK;
}

static err_t on_poll(void *arg, struct tcp_pcb *pcb)
{
	struct conn *c = arg;

	if (!c || c->state == C_FREE)
		return ERR_OK;
	c->idle_s++;
	if (c->close_failed) {
		if (!finish(c) && c->idle_s >= CONFIG_HTTPD_LINGER_S) {
			tcp_abort(pcb); /* calls on_err, which releases c */
			return ERR_ABRT;
		}
		return ERR_OK;
	}
	switch (c->state) {
	case C_SENDING:
		/* A write refused for lack of memory with nothing in flight
		 * gets no sent callback: retry here. */
		continue_reply(c);
		if (c->state == C_SENDING && c->idle_s >= CONFIG_HTTPD_IDLE_TIMEOUT_S)
			goto timeout;
		break;
	case C_READING:
		if (c->idle_s >= CONFIG_HTTPD_IDLE_TIMEOUT_S)
			goto timeout;
		break;
	case C_LINGERING:
		if (c->idle_s >= CONFIG_HTTPD_LINGER_S && !finish(c)) {
			tcp_abort(pcb); /* calls on_err, which releases c */
			return ERR_ABRT;
		}
		break;
	case C_FREE:
		break;
	}
	return ERR_OK;
timeout:
	httpd_stats.timeouts++;
	if (!finish(c)) {
		tcp_abort(pcb);
		return ERR_ABRT;
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
		if (c->pending) {
			pbuf_free(c->pending);
			c->pending = NULL;
		}
		release(c);
	}
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct conn *c = NULL;

	if (err != ERR_OK || !pcb)
		return ERR_VAL;
	for (unsigned i = 0; i < RK_ARRAY_SIZE(conns); i++) {
		if (conns[i].state == C_FREE) {
			c = &conns[i];
			break;
		}
	}
	if (!c) {
		/* Every slot busy: a reset tells the client at once, instead
		 * of letting it wait for a timeout. */
		httpd_stats.refused++;
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	memset(c, 0, offsetof(struct conn, req));
	c->state = C_READING;
	c->pcb = pcb;
	httpd_stats.accepted++;
	httpd_stats.active++;
	attach(pcb, c);
	/* Replies are written whole: no reason to hold segments back. */
	tcp_nagle_disable(pcb);
	return ERR_OK;
}

int httpd_start(void)
{
	struct tcp_pcb *pcb = tcp_new_ip_type(IPADDR_TYPE_ANY);
	struct tcp_pcb *lpcb;

	if (!pcb)
		return -RK_ENOMEM;
	if (tcp_bind(pcb, IP_ANY_TYPE, CONFIG_HTTPD_PORT) != ERR_OK) {
		tcp_close(pcb);
		return -RK_EINVAL;
	}
	lpcb = tcp_listen_with_backlog(pcb, CONFIG_NET_LWIP_TCP_LISTEN_BACKLOG);
	if (!lpcb) {
		tcp_close(pcb);
		return -RK_ENOMEM;
	}
	tcp_accept(lpcb, on_accept);
	return 0;
}
