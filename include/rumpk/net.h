/* SPDX-License-Identifier: BSD-2-Clause */
/* Networking (CONFIG_NET_LWIP): lwIP on the first network device, run by
 * one network fiber whose I/O governor polls the device under load and
 * sleeps on its receive interrupt when idle.
 *
 * Applications use lwIP's raw API (lwip/tcp.h, lwip/udp.h; link the
 * rk_net_api CMake target for the include paths). Its callbacks run in the
 * network fiber with the stack lock held; any other fiber must bracket its
 * lwIP calls with rk_net_lock()/rk_net_unlock(). */
#ifndef RUMPK_NET_H
#define RUMPK_NET_H

#include <stddef.h>
#include <stdint.h>

struct netif;

/* Bring up lwIP on rk_netdev_first() with the configured address (static
 * or DHCP) and start the network fiber. 0, -RK_ENODEV without a network
 * device, -RK_ENOMEM, or -RK_EINVAL for an unparsable static address.
 * Call once, from any fiber. */
int rk_net_init(void);

/* Wait until the interface has an IPv4 address (at once for a static
 * one; the DHCP lease otherwise). timeout_ns relative, 0 = forever.
 * 0 or -RK_ETIMEDOUT. */
int rk_net_wait_up(uint64_t timeout_ns);

/* The stack lock: lwIP is not reentrant. Recursive; never hold it across
 * a long sleep (the network fiber waits for it). SMP: a fiber of another
 * CPU than rk_net_cpu() is moved there by rk_net_lock and back by its
 * last rk_net_unlock, so lwIP runs on one CPU only (not from an interrupt
 * handler or the idle fiber, which cannot move). */
void rk_net_lock(void);
void rk_net_unlock(void);
/* The CPU that owns lwIP, the network fiber and the network device's
 * interrupt: CONFIG_NET_CPU with SMP, else 0. */
unsigned rk_net_cpu(void);

/* The lwIP interface (NULL before rk_net_init). */
struct netif *rk_net_netif(void);
/* Its IPv4 address as text ("10.0.2.15"), into buf; returns buf. */
char *rk_net_ipv4_str(char *buf, size_t len);

/* --- Governor and interface counters ---------------------------------- */
enum rk_net_io_mode { RK_NET_IO_POLLING, RK_NET_IO_INTERRUPT };

struct rk_net_stats {
	const char *policy;        /* "irq", "poll" or "adaptive" */
	enum rk_net_io_mode mode;  /* what the governor does right now */
	uint64_t mode_switches;    /* polling <-> interrupt transitions */
	uint64_t polls;            /* rx_poll calls */
	uint64_t empty_polls;      /* ... that found no frame */
	uint64_t interrupts;       /* rx_notify calls (receive interrupts) */
	uint64_t irq_wakeups;      /* sleeps ended by an interrupt */
	uint64_t timer_wakeups;    /* sleeps ended by an lwIP timer deadline */
	uint64_t late_frames;      /* frames first seen after a timer wake-up */
	uint64_t spin_ns;          /* adaptive: the spin window now */
	uint64_t spin_grows, spin_shrinks; /* ... and how often it changed */
	uint64_t frames_in, bytes_in;
	uint64_t frames_out, bytes_out;
	uint64_t rx_no_pbuf;       /* frames dropped: no receive buffer */
	uint64_t tx_busy;          /* transmit ring full, frame retried */
	uint64_t tx_dropped;       /* ... and finally dropped */
	uint64_t syn_backlog_drops; /* SYNs ignored: a listen backlog was full */
	uint64_t poll_ns;          /* time spent polling (and in lwIP) */
	uint64_t sleep_ns;         /* time spent asleep waiting for frames */
	uint64_t stalls_1ms;       /* awake rounds 1 ms or more apart */
	uint64_t stalls_10ms;      /* ... 10 ms or more */
	uint64_t stall_max_ns;     /* the longest such span since boot */
};

void rk_net_stats_get(struct rk_net_stats *st);
/* The counters (and lwIP's protocol statistics with CONFIG_NET_LWIP_STATS)
 * as "name value" lines; returns the length rk_snprintf would (text is
 * cut at len - 1). */
int rk_net_stats_format(char *buf, size_t len);
/* The same on the console. */
void rk_net_stats_print(void);

#ifndef RK_ENODEV
#define RK_ENODEV 19
#endif

#endif
