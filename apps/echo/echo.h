/* SPDX-License-Identifier: BSD-2-Clause */
/* echo (RFC 862) on lwIP's raw API: TCP in tcp_echo.c, UDP in udp_echo.c,
 * the counters on a statistics port in stats.c. All start with the stack
 * lock held and then run in the network fiber. */
#ifndef ECHO_H
#define ECHO_H

#include <stdint.h>

/* echo's counters, the echo_<name> lines of its statistics port. Every
 * session echo ends on its own and every datagram it does not echo is
 * counted by the reason. */
#define ECHO_COUNTERS(X)                                                           \
	X(tcp_active)         /* sessions now */                                   \
	X(tcp_accepted)                                                             \
	X(tcp_refused)        /* every slot moving data: reset at once */          \
	X(tcp_evicted)        /* reset to give the slot to a new connection */     \
	X(tcp_idle_timeouts)  /* reset: no progress for the idle time */           \
	X(tcp_resets)         /* reset by the client (or dropped by lwIP) */       \
	X(tcp_bytes)          /* echoed */                                         \
	X(tcp_input_deferred) /* input left with lwIP: the session's buffers were full */ \
	X(udp_echoed)                                                               \
	X(udp_oversize)       /* dropped: larger than CONFIG_ECHO_UDP_MAX_BYTES */ \
	X(udp_no_memory)      /* dropped: no buffer for the reply */               \
	X(udp_send_errors)    /* dropped: lwIP could not send the reply */         \
	X(stats_refused)      /* statistics connections reset: all slots busy */

struct echo_counters {
#define ECHO_FIELD(name) uint64_t name;
	ECHO_COUNTERS(ECHO_FIELD)
#undef ECHO_FIELD
};
extern struct echo_counters echo_stats;
/* Receive buffers held for TCP sessions now: input not yet echoed, and
 * lwIP's refused data. */
unsigned echo_input_pbufs(void);

/* Listen backlog of the statistics port: its connections are answered
 * and closed at once. */
#define ECHO_STATS_BACKLOG 2

int tcp_echo_start(void);
int udp_echo_start(void);
/* Listen on CONFIG_ECHO_STATS_PORT (nothing when it is 0). */
int echo_stats_start(void);

#endif
