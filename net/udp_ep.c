/* SPDX-License-Identifier: BSD-2-Clause */
/* UDP endpoints for kernel code outside net/ (include/rumpk/net_udp.h):
 * the lwIP raw API behind a small interface, so that kernel/exec's program
 * packet rings neither include lwIP nor depend on its pbuf layout. */
#include <string.h>
#include <lwip/pbuf.h>
#include <lwip/udp.h>
#include <rumpk/mem.h>
#include <rumpk/net.h>
#include <rumpk/net_udp.h>
#include <rumpk/fiber.h>

struct rk_udp_ep {
	struct udp_pcb *pcb;
	rk_udp_rx_fn rx;
	void *arg;
};

void rk_udp_rx_copy(const struct rk_udp_rx *rx, void *dst, size_t len)
{
	pbuf_copy_partial((struct pbuf *)rx->opaque, dst, (u16_t)len, 0);
}

static void on_datagram(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr,
			u16_t port)
{
	struct rk_udp_ep *ep = arg;
	(void)pcb;
	if (IP_IS_V4(addr)) { /* the pool's header has room for IPv4 only */
		struct rk_udp_rx rx = { ip4_addr_get_u32(ip_2_ip4(addr)), port, p->tot_len, p };
		ep->rx(ep->arg, &rx);
	}
	pbuf_free(p);
}

int rk_udp_ep_open(uint16_t port, rk_udp_rx_fn rx, void *arg, struct rk_udp_ep **out)
{
	if (!rk_net_netif())
		return -RK_ENODEV;
	struct rk_udp_ep *ep = malloc(sizeof(*ep));
	if (!ep)
		return -RK_ENOMEM;
	ep->rx = rx;
	ep->arg = arg;
	rk_net_lock();
	ep->pcb = udp_new_ip_type(IPADDR_TYPE_ANY);
	err_t e = ep->pcb ? udp_bind(ep->pcb, IP_ANY_TYPE, port) : ERR_MEM;
	if (e == ERR_OK)
		udp_recv(ep->pcb, on_datagram, ep);
	else if (ep->pcb)
		udp_remove(ep->pcb);
	rk_net_unlock();
	if (e != ERR_OK) {
		free(ep);
		return e == ERR_USE ? -RK_EADDRINUSE : -RK_ENOMEM;
	}
	*out = ep;
	return 0;
}

int rk_udp_ep_send(struct rk_udp_ep *ep, uint32_t dst_ipv4, uint16_t dst_port, size_t len,
		   int (*fill)(void *dst, size_t len, void *arg), void *arg)
{
	ip_addr_t to;
	int rc = 0;

	if (len > 0xffff - 28)
		return -RK_EMSGSIZE;
	ip_addr_set_ip4_u32(&to, dst_ipv4);
	rk_net_lock();
	/* One contiguous buffer (PBUF_RAM), so that fill copies once. */
	struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)len, PBUF_RAM);
	if (!p)
		rc = -RK_ENOMEM;
	else {
		rc = fill(p->payload, len, arg);
		if (!rc && udp_sendto(ep->pcb, p, &to, dst_port) != ERR_OK)
			rc = -RK_EIO;
		pbuf_free(p);
	}
	rk_net_unlock();
	return rc;
}

void rk_udp_ep_close(struct rk_udp_ep *ep)
{
	rk_net_lock();
	udp_remove(ep->pcb);
	rk_net_unlock();
	free(ep);
}
