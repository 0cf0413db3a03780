/* SPDX-License-Identifier: BSD-2-Clause */
/* pktabuse PORT CASE: misuse of the packet buffers, each of which must end
 * the program with its reason (test/net/udpecho_test.py):
 *   bogus   frees a buffer index past the pool
 *   double  receives a datagram, frees its buffer twice
 *   unheld  frees a buffer it never received
 *   write   stores into a buffer (the pool is mapped read-only)
 * "survived" is printed only if the kernel let it through. */
#include "rkpkt.h"

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	uint16_t port = 0;
	for (const char *s = argv[1]; *s >= '0' && *s <= '9'; s++)
		port = (uint16_t)(port * 10 + (*s - '0'));
	long h = rk_udp_open(port);
	if (h < 0) {
		rk_puts("pktabuse: cannot open the port\n");
		return 1;
	}
	rk_puts("pktabuse: ");
	rk_puts(argv[2]);
	rk_puts("\n");
	if (rk_streq(argv[2], "bogus")) {
		rk_ion_free(rk_ring->pkt_count + 7);
	} else if (rk_streq(argv[2], "unheld")) {
		rk_ion_free(0);
	} else if (rk_streq(argv[2], "double")) {
		rk_puts("pktabuse: waiting for a datagram\n");
		long b = rk_udp_recv(h, 0);
		rk_ion_free(b);
		rk_ion_free(b);
	} else if (rk_streq(argv[2], "write")) {
		*(volatile uint8_t *)rk_pkt_data(0) = 1;
	} else {
		return 2;
	}
	rk_puts("pktabuse: survived\n");
	return 0;
}
