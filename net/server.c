/* Listening sockets for the servers (include/rumpk/net_server.h). */
#include <rumpk/fiber.h>
#include <rumpk/net_server.h>

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
