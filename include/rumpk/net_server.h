/* SPDX-License-Identifier: BSD-2-Clause */
/* What the network servers (apps/httpd, apps/echo) share on lwIP's raw
 * API (link the rk_net_api CMake target): listening, and the status page
 * with their counters (docs/net.md). */
#ifndef RUMPK_NET_SERVER_H
#define RUMPK_NET_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <lwip/tcp.h>

/* Listen on TCP port, IPv4 and (with NET_IPV6) IPv6, handing connections
 * to accept; backlog: handshakes that may wait for it. 0, -RK_ENOMEM, or
 * -RK_EINVAL when the port is taken. Call with the stack lock held. */
int rk_net_tcp_listen(u16_t port, u8_t backlog, tcp_accept_fn accept);

/* One counter of a server: a "<prefix><name> <value>" line. */
struct rk_net_counter {
	const char *name;
	uint64_t value;
};

/* A server's status page (httpd's /stats, echo's statistics port), "name
 * value" lines: build, uptime, fibers, kernel memory (what a soak compares
 * before and after), the n counters of the server under prefix, then the
 * network's (rk_net_stats_format). A malloc'd NUL-terminated text of at
 * most RK_NET_STATUS_MAX - 1 bytes (cut at a line end), its length in
 * *len; NULL without memory. */
#define RK_NET_STATUS_MAX 6144
char *rk_net_status_text(const char *prefix, const struct rk_net_counter *c, size_t n,
			 size_t *len);

#endif
