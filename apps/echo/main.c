/* SPDX-License-Identifier: BSD-2-Clause */
/* echo: TCP and UDP echo servers (RFC 862) on the network fiber. */
#include <rumpk/net.h>
#include <rumpk/printk.h>
#include <rumpk/sync.h>
#include "echo.h"

int main(int argc, char *argv[])
{
	char ip[16];
	int rc = rk_net_init();

	if (rc || rk_net_wait_up(30 * RK_NSEC_PER_SEC)) {
		printk("echo: network not up (%d)\n", rc);
		return 1;
	}
	rk_net_lock();
	rc = tcp_echo_start();
	if (!rc)
		rc = udp_echo_start();
	if (!rc)
		rc = echo_stats_start();
	rk_net_unlock();
	if (rc) {
		printk("echo: cannot listen on port %d or %d (%d)\n", CONFIG_ECHO_PORT,
		       CONFIG_ECHO_STATS_PORT, rc);
		return 1;
	}
	printk("echo: listening on %s port %d (TCP and UDP)\n", rk_net_ipv4_str(ip, sizeof(ip)),
	       CONFIG_ECHO_PORT);
	if (CONFIG_ECHO_STATS_PORT)
		printk("echo: statistics on TCP port %d\n", CONFIG_ECHO_STATS_PORT);

	struct rk_sem never;
	rk_sem_init(&never, 0);
	rk_sem_wait(&never, 0);
	return 0;
}
