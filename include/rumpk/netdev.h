/* SPDX-License-Identifier: BSD-2-Clause */
/* Network devices, the user side (the network stack): send a frame, poll for
 * received frames, and switch the receive interrupt on or off (the adaptive
 * I/O governor polls under load and sleeps on the interrupt when idle). */
#ifndef RUMPK_NETDEV_H
#define RUMPK_NETDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rk_netdev;

/* Called for each received Ethernet frame; the frame is valid only during
 * the call (the driver recycles its buffer afterwards). */
typedef void (*rk_netdev_rx_fn)(void *ctx, const void *frame, size_t len);

struct rk_netdev_stats {
	uint64_t rx_frames, rx_bytes, rx_dropped;
	uint64_t tx_frames, tx_bytes, tx_dropped;
	uint64_t rx_irqs, rx_polls, rx_empty_polls;
	/* Doorbells rung (refilled receive buffers, frames to send), those
	 * rung late because a suppressed one was needed after all, and how
	 * often re-enabling the receive interrupt found frames already
	 * waiting (they would have been slept on without the check). */
	uint64_t rx_kicks, tx_kicks, kicks_missed, rx_rearms_pending;
};

struct rk_netdev {
	const char *name;
	uint8_t mac[6];
	uint16_t mtu;
	/* Queue one frame for transmission (the driver copies it). 0, or
	 * -RK_EAGAIN when the transmit ring is full. */
	int (*tx)(struct rk_netdev *dev, const void *frame, size_t len);
	/* Deliver up to budget received frames to fn; returns how many. */
	int (*rx_poll)(struct rk_netdev *dev, int budget, rk_netdev_rx_fn fn, void *ctx);
	/* Enable or disable the receive interrupt. Enabling it (again) is
	 * also the last check before sleeping: when frames arrived that
	 * will raise no interrupt, the driver calls rx_notify itself. */
	void (*rx_irq)(struct rk_netdev *dev, bool enable);
	/* Set by the stack: called from the interrupt handler when frames
	 * arrive while the receive interrupt is enabled. */
	void (*rx_notify)(struct rk_netdev *dev);
	void *notify_ctx;
	/* The device's interrupt as rk_irq_attach numbers it (0: none, or
	 * shared with nothing the stack can move): the stack routes it to
	 * the CPU of its network fiber (rk_irq_set_cpu). */
	unsigned irq;
	struct rk_netdev_stats stats;
	void *priv;
	struct rk_netdev *next;
};

/* Drivers register through rumpk/drv/netdev.h. */
/* First registered device, or NULL; dev->next for the others. */
struct rk_netdev *rk_netdev_first(void);
/* The device called name ("net0"), or NULL. */
struct rk_netdev *rk_netdev_find(const char *name);

#endif
