/* SPDX-License-Identifier: BSD-2-Clause */
/* echo's counters, its equivalent of httpd's /stats: a TCP connection to
 * CONFIG_ECHO_STATS_PORT gets the status text (kernel, echo and network
 * lines, rk_net_status_text) and is closed. */
#include <stdint.h>
#include <stdlib.h>
#include <lwip/tcp.h>
#include <rumpk/fiber.h>
#include <rumpk/net_server.h>
#include <rumpk/time.h>
#include "echo.h"

struct echo_counters echo_stats;

/* A statistics connection from its answer to the client's FIN: at most
 * STATS_CONNS at once, each at most LINGER_NS, then reset, so that this
 * port cannot hold lwIP's pcbs from the echo sessions. */
#define STATS_CONNS ECHO_STATS_BACKLOG
#define LINGER_NS (2 * RK_NSEC_PER_SEC)

static struct stats_conn {
	struct tcp_pcb *pcb; /* NULL: free */
	uint64_t since;
} stats_conns[STATS_CONNS];

static void forget(struct stats_conn *s)
{
	tcp_arg(s->pcb, NULL);
	tcp_recv(s->pcb, NULL);
	tcp_poll(s->pcb, NULL, 0);
	tcp_err(s->pcb, NULL);
	s->pcb = NULL;
}

static err_t stats_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct stats_conn *s = arg;

	if (p) { /* nothing is read from the client */
		tcp_recved(pcb, p->tot_len);
		pbuf_free(p);
		return ERR_OK;
	}
	if (s) { /* its FIN: both sides are done */
		forget(s);
		if (tcp_close(pcb) != ERR_OK) {
			tcp_abort(pcb);
			return ERR_ABRT;
		}
	}
	return ERR_OK;
}

static err_t stats_poll(void *arg, struct tcp_pcb *pcb)
{
	struct stats_conn *s = arg;

	if (s && rk_time_ns() - s->since >= LINGER_NS) {
		forget(s);
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	return ERR_OK;
}

static void stats_err(void *arg, err_t err)
{
	struct stats_conn *s = arg;

	if (s)
		s->pcb = NULL;
}

/* The whole text fits the send buffer of a new connection
 * (RK_NET_STATUS_MAX < TCP_SND_BUF): one write, then FIN. */
static err_t stats_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct stats_conn *s = NULL;
	size_t len = 0;
	char *text = NULL;
	bool ok;

	if (err != ERR_OK || !pcb)
		return ERR_VAL;
	for (unsigned i = 0; i < STATS_CONNS && !s; i++)
		if (!stats_conns[i].pcb)
			s = &stats_conns[i];
	if (s) {
#define COUNTER(name) { #name, echo_stats.name },
		const struct rk_net_counter c[] = {
			ECHO_COUNTERS(COUNTER) { "tcp_input_pbufs", echo_input_pbufs() }
		};
#undef COUNTER
		text = rk_net_status_text("echo_", c, RK_ARRAY_SIZE(c), &len);
	}
	ok = text && len <= tcp_sndbuf(pcb) &&
	     tcp_write(pcb, text, (u16_t)len, TCP_WRITE_FLAG_COPY) == ERR_OK &&
	     tcp_shutdown(pcb, 0, 1) == ERR_OK;
	free(text);
	if (!ok) {
		echo_stats.stats_refused += !s;
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	*s = (struct stats_conn){ .pcb = pcb, .since = rk_time_ns() };
	tcp_arg(pcb, s);
	tcp_recv(pcb, stats_recv);
	tcp_poll(pcb, stats_poll, 1);
	tcp_err(pcb, stats_err);
	return ERR_OK;
}

int echo_stats_start(void)
{
	if (!CONFIG_ECHO_STATS_PORT)
		return 0;
	return rk_net_tcp_listen(CONFIG_ECHO_STATS_PORT, ECHO_STATS_BACKLOG, stats_accept);
}
