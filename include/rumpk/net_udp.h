/* SPDX-License-Identifier: BSD-2-Clause */
/* UDP endpoints for kernel code that must not see lwIP's types (the
 * program packet rings of kernel/exec/pkt.c): bind a port, be told of each
 * datagram, send one from a caller-filled buffer, close. net/udp_ep.c,
 * with CONFIG_NET_LWIP only. */
#ifndef RUMPK_NET_UDP_H
#define RUMPK_NET_UDP_H

#include <stddef.h>
#include <stdint.h>

struct rk_udp_ep;

/* A received datagram, valid during the rx callback only. */
struct rk_udp_rx {
	uint32_t src_ipv4;   /* network byte order as in memory */
	uint16_t src_port;
	size_t len;
	const void *opaque;  /* for rk_udp_rx_copy */
};

/* Called on the network fiber with the stack lock held: take what is
 * needed now (rk_udp_rx_copy), do not block. */
typedef void (*rk_udp_rx_fn)(void *arg, const struct rk_udp_rx *rx);

/* Copy the datagram's first len bytes (len <= rx->len) to dst. */
void rk_udp_rx_copy(const struct rk_udp_rx *rx, void *dst, size_t len);

/* Bind port on every address. 0, -RK_ENODEV (no network up),
 * -RK_EADDRINUSE, -RK_ENOMEM. Any fiber; takes the stack lock. */
int rk_udp_ep_open(uint16_t port, rk_udp_rx_fn rx, void *arg, struct rk_udp_ep **out);
/* Send len bytes that fill (called once, under the stack lock) writes
 * into the datagram's buffer; fill's non-zero result cancels the send and
 * is returned. 0, -RK_EMSGSIZE, -RK_ENOMEM, -RK_EIO. */
int rk_udp_ep_send(struct rk_udp_ep *ep, uint32_t dst_ipv4, uint16_t dst_port, size_t len,
		   int (*fill)(void *dst, size_t len, void *arg), void *arg);
/* Unbind; no rx callback runs for ep once this returns. */
void rk_udp_ep_close(struct rk_udp_ep *ep);

#ifndef RK_EADDRINUSE
#define RK_EADDRINUSE 98
#endif
#ifndef RK_EMSGSIZE
#define RK_EMSGSIZE 90
#endif

#endif
