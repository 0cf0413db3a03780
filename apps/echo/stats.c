/* echo's counters, its equivalent of httpd's /stats: a TCP connection to
 * CONFIG_ECHO_STATS_PORT gets the status text (kernel, echo and network
 * lines, rk_net_status_text) and is closed. */
#include <stdint.h>
#include <stdlib.h>
#include <lwip/tcp.h>
#include <rumpk/fiber.h>
#include <rumpk/net.h>
#include <rumpk/printk.h>
#include <rumpk/time.h>
#include "echo.h"

struct echo_counters echo_stats;

static int echo_lines(char *buf, size_t len)
{
	const struct echo_counters *e = &echo_stats;

	return rk_snprintf(buf, len,
		"echo_tcp_active %llu\necho_tcp_accepted %llu\necho_tcp_refused %llu\n"
		"echo_tcp_evicted %llu\necho_tcp_idle_timeouts %llu\necho_tcp_resets %llu\n"
		"echo_tcp_bytes %llu\necho_tcp_input_deferred %llu\necho_tcp_input_pbufs %u\n"
		"echo_udp_echoed %llu\necho_udp_oversize %llu\n"
		"echo_udp_no_memory %llu\necho_udp_send_errors %llu\necho_stats_refused %llu\n",
		(unsigned long long)e->tcp_active, (unsigned long long)e->tcp_accepted,
		(unsigned long long)e->tcp_refused, (unsigned long long)e->tcp_evicted,
		(unsigned long long)e->tcp_idle_timeouts, (unsigned long long)e->tcp_resets,
		(unsigned long long)e->tcp_bytes, (unsigned long long)e->tcp_input_deferred,
		echo_input_pbufs(),
		(unsigned long long)e->udp_echoed,
		(unsigned long long)e->udp_oversize, (unsigned long long)e->udp_no_memory,
		(unsigned long long)e->udp_send_errors, (unsigned long long)e->stats_refused);
}

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
	char *text;
	bool ok;

	if (err != ERR_OK || !pcb)
		return ERR_VAL;
	for (unsigned i = 0; i < STATS_CONNS && !s; i++)
		if (!stats_conns[i].pcb)
			s = &stats_conns[i];
	text = s ? rk_net_status_text(echo_lines, &len) : NULL;
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
	struct tcp_pcb *pcb, *lpcb;

	if (!CONFIG_ECHO_STATS_PORT)
		return 0;
	pcb = tcp_new_ip_type(IPADDR_TYPE_ANY);
	if (!pcb)
		return -RK_ENOMEM;
	if (tcp_bind(pcb, IP_ANY_TYPE, CONFIG_ECHO_STATS_PORT) != ERR_OK) {
		tcp_close(pcb);
		return -RK_EINVAL;
	}
	lpcb = tcp_listen_with_backlog(pcb, ECHO_STATS_BACKLOG);
	if (!lpcb) {
		tcp_close(pcb);
		return -RK_ENOMEM;
	}
	tcp_accept(lpcb, stats_accept);
	return 0;
}
