/* TCP echo: what a client sends comes back, with flow control end to end.
 * Received data is acknowledged to the sender's window (tcp_recved) only
 * once it has been queued for sending back, so a client that sends
 * faster than it reads is slowed down instead of filling our memory. */
#include <lwip/tcp.h>
#include <rumpk/fiber.h>
#include "echo.h"

struct session {
	struct tcp_pcb *pcb;    /* NULL: slot free */
	struct pbuf *pending;   /* received, not yet queued back */
	bool peer_closed;
};

static struct session sessions[CONFIG_ECHO_MAX_CONNS];

/* Returns true when the pcb was aborted: a callback must then return
 * ERR_ABRT. */
static bool end(struct session *s, bool abort)
{
	struct tcp_pcb *pcb = s->pcb;

	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	tcp_poll(pcb, NULL, 0);
	if (s->pending) {
		tcp_recved(pcb, s->pending->tot_len);
		pbuf_free(s->pending);
	}
	s->pending = NULL;
	s->pcb = NULL;
	if (abort || tcp_close(pcb) != ERR_OK) {
		tcp_abort(pcb);
		return true;
	}
	return false;
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
		s->pending = pbuf_free_header(p, n);
	}
	tcp_output(s->pcb);
	/* Everything echoed and the client is done: close our side too. */
	if (!s->pending && s->peer_closed && end(s, false))
		return ERR_ABRT;
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
	if (!p)
		s->peer_closed = true;
	else if (s->pending)
		pbuf_cat(s->pending, p);
	else
		s->pending = p;
	return echo_back(s);
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	return arg ? echo_back(arg) : ERR_OK;
}

/* Retries a write that failed for lack of memory with nothing in flight. */
static err_t on_poll(void *arg, struct tcp_pcb *pcb)
{
	return arg ? echo_back(arg) : ERR_OK;
}

static void on_err(void *arg, err_t err)
{
	struct session *s = arg;

	if (s) {
		if (s->pending)
			pbuf_free(s->pending);
		s->pending = NULL;
		s->pcb = NULL;
	}
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
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	*s = (struct session){ .pcb = pcb };
	tcp_arg(pcb, s);
	tcp_recv(pcb, on_recv);
	tcp_sent(pcb, on_sent);
	tcp_err(pcb, on_err);
	tcp_poll(pcb, on_poll, 2);
	tcp_nagle_disable(pcb); /* interactive use: echo each piece at once */
	return ERR_OK;
}

int tcp_echo_start(void)
{
	struct tcp_pcb *pcb = tcp_new_ip_type(IPADDR_TYPE_ANY), *lpcb;

	if (!pcb)
		return -RK_ENOMEM;
	if (tcp_bind(pcb, IP_ANY_TYPE, CONFIG_ECHO_PORT) != ERR_OK) {
		tcp_close(pcb);
		return -RK_EINVAL;
	}
	lpcb = tcp_listen(pcb);
	if (!lpcb) {
		tcp_close(pcb);
		return -RK_ENOMEM;
	}
	tcp_accept(lpcb, on_accept);
	return 0;
}
