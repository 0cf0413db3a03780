/* echo (RFC 862) on lwIP's raw API: TCP in tcp_echo.c, UDP in udp_echo.c,
 * the counters on a statistics port in stats.c. All start with the stack
 * lock held and then run in the network fiber. */
#ifndef ECHO_H
#define ECHO_H

#include <stdint.h>

/* Shown on the statistics port. Every session echo ends on its own and
 * every datagram it does not echo is counted by the reason. */
struct echo_counters {
	uint64_t tcp_active, tcp_accepted;
	uint64_t tcp_refused;       /* every slot moving data: reset at once */
	uint64_t tcp_evicted;       /* reset to give the slot to a new connection */
	uint64_t tcp_idle_timeouts; /* reset: no progress for the idle time */
	uint64_t tcp_resets;        /* reset by the client */
	uint64_t tcp_bytes;         /* echoed */
	uint64_t tcp_input_deferred; /* input left with lwIP: the session's buffers were full */
	uint64_t udp_echoed;
	uint64_t udp_oversize;      /* dropped: larger than CONFIG_ECHO_UDP_MAX_BYTES */
	uint64_t udp_no_memory;     /* dropped: no buffer for the reply */
	uint64_t udp_send_errors;   /* dropped: lwIP could not send the reply */
	uint64_t stats_refused;     /* statistics connections reset: all slots busy */
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
