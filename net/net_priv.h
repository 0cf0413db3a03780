/* SPDX-License-Identifier: BSD-2-Clause */
/* State shared by the files of the network port (not for applications). */
#ifndef RUMPK_NET_PRIV_H
#define RUMPK_NET_PRIV_H

#include <stdint.h>
#include <lwip/err.h>
#include "governor.h"

struct netif;
struct rk_netdev;

/* Counters of the data path; written by the network fiber (and by
 * rx_notify for interrupts), read by rk_net_stats_get. */
struct rk_net_counters {
	uint64_t frames_in, bytes_in, frames_out, bytes_out;
	uint64_t rx_no_pbuf, tx_busy, tx_dropped;
	uint64_t syn_backlog_drops; /* lwIP counts nothing there: see server.c */
	uint64_t interrupts;
	uint64_t late_frames;  /* found by the poll after a timer wake-up */
	uint64_t poll_ns, sleep_ns;
	/* Rounds that ended 1 ms / 10 ms or more after the previous one (or
	 * the wake-up) with no sleep between: the fiber was runnable but did
	 * not run, see note_stall() in net.c. */
	uint64_t stalls_1ms, stalls_10ms, stall_max_ns;
	/* SMP: fibers of other CPUs that moved to the network CPU to take
	 * the stack lock (or to start the stack). */
	uint64_t cpu_visits;
};

extern struct rk_net_counters rk_net_cnt;
extern struct rk_gov rk_net_gov;

/* netif_add() init callback: an Ethernet interface over the rk_netdev in
 * nif->state. */
err_t rk_netif_init(struct netif *nif);
/* Take up to budget frames from the device and hand them to lwIP; returns
 * how many were taken. Called with the stack lock held. */
unsigned rk_netif_poll(struct netif *nif, unsigned budget);

/* For the statistics: the configured policy's name, and whether the
 * receive interrupt is on right now. */
const char *rk_net_policy_name(void);
int rk_net_io_mode_now(void);

#endif
