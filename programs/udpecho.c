/* SPDX-License-Identifier: BSD-2-Clause */
/* udpecho PORT: a UDP echo server in a program. Each datagram arrives in a
 * packet buffer mapped read-only into the program (RK_OP_UDP_RECV names
 * it); it is sent back from that buffer and the buffer given back, with
 * the next receives in the same trap. A datagram "quit"
 * is answered "bye" and ends the program with status 0. */
#include "rkpkt.h"

enum { TAG_RECV = 1, TAG_SEND, TAG_FREE };
#define BATCH 8 /* receives per trap: 2 * BATCH + BATCH <= RK_SQ_ENTRIES */

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
	int quit = 0;
	while (!quit) {
		/* One trap: the echoes and frees of the last round, a receive that
		 * waits for a datagram, and BATCH - 1 that take, without waiting,
		 * any that came meanwhile. */
		rk_submit(RK_OP_UDP_RECV, (uint64_t)h, 0, 0, 0, TAG_RECV);
		for (int i = 1; i < BATCH; i++)
			rk_submit(RK_OP_UDP_RECV, (uint64_t)h, RK_RECV_NOWAIT, 0, 0, TAG_RECV);
		rk_enter();
		struct rk_cqe c;
		long got[BATCH];
		int n = 0;
		while (rk_reap(&c)) {
			if (c.user_data == TAG_RECV && c.res >= 0)
				got[n++] = c.res;
			else if (c.user_data == TAG_RECV && c.res != -RK_SYS_EAGAIN) {
				say("udpecho: receive failed: ", (uint64_t)-c.res, "\n");
				return 1;
			} else if (c.user_data != TAG_RECV && c.res < 0)
				errors++;
		}
		for (int i = 0; i < n; i++) {
			const struct rk_pkt_hdr *ph = rk_pkt(got[i]);
			const uint8_t *d = rk_pkt_data(got[i]);
			uint64_t dest = RK_UDP_DEST(ph->src_ipv4, ph->src_port);
			if (ph->len == 4 && d[0] == 'q' && d[1] == 'u' && d[2] == 'i' && d[3] == 't') {
				d = (const uint8_t *)"bye";
				quit = 1;
			} else {
				echoed++;
			}
			rk_submit(RK_OP_UDP_SEND, (uint64_t)h, (uint64_t)(uintptr_t)d,
				  quit ? 3 : ph->len, dest, TAG_SEND);
			rk_submit(RK_OP_ION_FREE, (uint64_t)got[i], 0, 0, 0, TAG_FREE);
			if (quit)
				break;
		}
	}
	/* The last sends and frees (and the buffers of anything after "quit"
	 * go back when the program ends). */
	rk_enter();
	for (struct rk_cqe c; rk_reap(&c);)
		if (c.res < 0)
			errors++;
	rk_close((int)h);
	say("udpecho: echoed ", echoed, " datagrams");
	say(", ", errors, " errors\n");
	return 0;
}
