/* SPDX-License-Identifier: BSD-2-Clause */
/* httpd: bring the network up, listen, and let the network fiber serve.
 * main() then has nothing left to do; it sleeps so that the image keeps
 * running (its return would power the machine off). */
#ifdef CONFIG_HTTPD_TEST_WRONG_CPU
#include <lwip/tcp.h>
#include <rumpk/smp.h>
#endif
#include <rumpk/fiber.h>
#include <rumpk/net.h>
#include <rumpk/printk.h>
#include <rumpk/sync.h>
#include "httpd.h"

#define UP_TIMEOUT_NS (30 * RK_NSEC_PER_SEC)

int main(int argc, char *argv[])
{
	char ip[16];
	int rc = rk_net_init();

	if (rc) {
		printk("httpd: no network (%d)\n", rc);
		return 1;
	}
#ifdef CONFIG_HTTPD_TEST_WRONG_CPU
	printk("httpd: calling tcp_new() on CPU %u without rk_net_lock (lwIP is CPU %u's)\n",
	       rk_cpu_id(), rk_net_cpu());
	tcp_new();
	printk("httpd: tcp_new() returned on the wrong CPU: no assertion stopped it\n");
	return 1;
#endif
	if (rk_net_wait_up(UP_TIMEOUT_NS)) {
		printk("httpd: no IPv4 address after %llu s\n", UP_TIMEOUT_NS / RK_NSEC_PER_SEC);
		return 1;
	}
	rk_net_lock();
	rc = httpd_start();
	rk_net_unlock();
	if (rc) {
		printk("httpd: cannot listen on port %d (%d)\n", CONFIG_HTTPD_PORT, rc);
		return 1;
	}
	printk("httpd: listening on http://%s:%d/ (%d connections)\n",
	       rk_net_ipv4_str(ip, sizeof(ip)), CONFIG_HTTPD_PORT, CONFIG_HTTPD_MAX_CONNS);
#ifdef CONFIG_HTTPD_BURNER
	if (httpd_burner_start())
		return 1;
#endif

	struct rk_sem never;
	rk_sem_init(&never, 0);
	rk_sem_wait(&never, 0);
	return 0;
}
