/* SPDX-License-Identifier: BSD-2-Clause */
/* Listening sockets for the servers (include/rumpk/net_server.h). */
#include <lwip/priv/tcp_priv.h>
#include <rumpk/fiber.h>
#include <rumpk/net_server.h>
#include "net_priv.h"

/* LWIP_HOOK_TCP_INPACKET_PCB for listening sockets (lwipopts.h): a SYN
 * that lwIP's tcp_listen_input will ignore because the backlog (half-open
 * handshakes plus connections not yet accepted) is full. The client
 * retries after its SYN timeout (a second or more), so a growing count
 * explains connection delays that no other counter shows. */
int rk_net_listen_segment(const struct tcp_pcb *lpcb, const struct tcp_hdr *hdr)
{
	const struct tcp_pcb_listen *l = (const struct tcp_pcb_listen *)lpcb;

	if ((TCPH_FLAGS(hdr) & (TCP_SYN | TCP_ACK | TCP_RST)) == TCP_SYN &&
	    l->accepts_pending >= l->backlog)
		rk_net_cnt.syn_backlog_drops++;
	return ERR_OK;
}

int rk_net_tcp_listen(u16_t port, u8_t backlog, tcp_accept_fn accept)
{
	struct tcp_pcb *pcb = tcp_new_ip_type(IPADDR_TYPE_ANY), *lpcb;

	if (!pcb)
		return -RK_ENOMEM;
	if (tcp_bind(pcb, IP_ANY_TYPE, port) != ERR_OK) {
		tcp_close(pcb);
		return -RK_EINVAL;
	}
	lpcb = tcp_listen_with_backlog(pcb, backlog);
	if (!lpcb) {
		tcp_close(pcb);
		return -RK_ENOMEM;
	}
	tcp_accept(lpcb, accept);
	return 0;
}
