/* SPDX-License-Identifier: BSD-2-Clause */
/* udpecho PORT: a UDP echo server in a program. Each datagram arrives in a
 * packet buffer mapped read-only into the program (RK_OP_UDP_RECV names
 * it); it is sent back from that buffer and the buffer given back, and
 * the next receive is asked for, all three in one trap. A datagram "quit"
 * is answered "bye" and ends the program with status 0. */
#include "rkpkt.h"

enum { TAG_RECV = 1, TAG_SEND, TAG_FREE };

static void say(const char *a, uint64_t n, const char *b)
{
	char num[21];
	rk_puts(a);
	rk_puts(rk_utoa(n, num));
	rk_puts(b);
}

int main(int argc, char **argv)
{
	uint64_t port = 7, echoed = 0, errors = 0;
	char num[21];

	if (argc > 1) {
		port = 0;
		for (const char *s = argv[1]; *s >= '0' && *s <= '9'; s++)
			port = port * 10 + (uint64_t)(*s - '0');
	}
	long h = rk_udp_open((uint16_t)port);
	if (h < 0) {
		say("udpecho: cannot open port ", port, ": ");
		rk_puts(rk_itoa(h, num));
		rk_puts("\n");
		return 1;
	}
	say("udpecho: listening on UDP port ", port, "");
	say(" (", rk_ring->pkt_count, " packet buffers)\n");
	rk_submit(RK_OP_UDP_RECV, (uint64_t)h, 0, 0, 0, TAG_RECV);
	for (;;) {
		struct rk_cqe c;
		long b = -1;
		rk_enter();
		while (rk_reap(&c)) {
			if (c.user_data == TAG_RECV)
				b = c.res;
			else if (c.res < 0)
				errors++;
		}
		if (b < 0) {
			say("udpecho: receive failed: ", (uint64_t)-b, "\n");
			return 1;
		}
		const struct rk_pkt_hdr *ph = rk_pkt(b);
		const uint8_t *d = rk_pkt_data(b);
		uint64_t dest = RK_UDP_DEST(ph->src_ipv4, ph->src_port);
		if (ph->len == 4 && d[0] == 'q' && d[1] == 'u' && d[2] == 'i' && d[3] == 't') {
			rk_udp_send(h, "bye", 3, dest);
			rk_ion_free(b);
			break;
		}
		rk_submit(RK_OP_UDP_SEND, (uint64_t)h, (uint64_t)(uintptr_t)d, ph->len, dest, TAG_SEND);
		rk_submit(RK_OP_ION_FREE, (uint64_t)b, 0, 0, 0, TAG_FREE);
		rk_submit(RK_OP_UDP_RECV, (uint64_t)h, 0, 0, 0, TAG_RECV);
		echoed++;
	}
	rk_close((int)h);
	say("udpecho: echoed ", echoed, " datagrams");
	say(", ", errors, " errors\n");
	return 0;
}
