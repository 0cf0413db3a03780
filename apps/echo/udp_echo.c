/* SPDX-License-Identifier: BSD-2-Clause */
/* UDP echo: every datagram goes back to its sender, up to
 * CONFIG_ECHO_UDP_MAX_BYTES; each one not echoed is counted. */
#include <lwip/pbuf.h>
#include <lwip/udp.h>
#include <rumpk/fiber.h>
#include "echo.h"

static void on_datagram(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr,
			u16_t port)
{
	struct pbuf *out;

	if (p->tot_len > CONFIG_ECHO_UDP_MAX_BYTES) {
		echo_stats.udp_oversize++;
		pbuf_free(p);
		return;
	}
	/* A fresh pbuf for the reply: the received one has its headers in
	 * front of the payload, which lwIP's send path must not reuse. */
	out = pbuf_alloc(PBUF_TRANSPORT, p->tot_len, PBUF_RAM);
	if (!out) {
		echo_stats.udp_no_memory++;
	} else {
		pbuf_copy(out, p);
		if (udp_sendto(pcb, out, addr, port) == ERR_OK)
			echo_stats.udp_echoed++;
		else
			echo_stats.udp_send_errors++;
		pbuf_free(out);
	}
	pbuf_free(p);
}

int udp_echo_start(void)
{
	struct udp_pcb *pcb = udp_new_ip_type(IPADDR_TYPE_ANY);

	if (!pcb)
		return -RK_ENOMEM;
	if (udp_bind(pcb, IP_ANY_TYPE, CONFIG_ECHO_PORT) != ERR_OK) {
		udp_remove(pcb);
		return -RK_EINVAL;
	}
	udp_recv(pcb, on_datagram, NULL);
	return 0;
}
