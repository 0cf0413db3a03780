/* SPDX-License-Identifier: BSD-2-Clause */
/* The adaptive I/O governor's decisions, kept apart from the fiber, the
 * device and lwIP so that they can be tested on the host
 * (test/net/test_governor.c). It sees only the time and how many frames
 * each poll round moved, and says whether the receive interrupt should be
 * on and whether the network fiber may sleep. */
#ifndef RUMPK_NET_GOVERNOR_H
#define RUMPK_NET_GOVERNOR_H

#include <stdbool.h>
#include <stdint.h>

enum rk_gov_policy { RK_GOV_IRQ, RK_GOV_POLL, RK_GOV_ADAPTIVE };
enum rk_gov_mode { RK_GOV_POLLING, RK_GOV_INTERRUPT };

struct rk_gov_decision {
	bool irq;    /* the receive interrupt must be enabled */
	bool sleep;  /* the fiber may sleep until the interrupt or a timer */
};

struct rk_gov {
	enum rk_gov_policy policy;
	enum rk_gov_mode mode;
	uint64_t spin_max_ns;      /* the longest spin window */
	uint64_t spin_ns;          /* the spin window now, 0..spin_max_ns */
	unsigned budget;           /* frames per poll round */
	uint64_t last_active_ns;   /* last round that moved a frame */
	uint64_t sleep_start_ns;   /* when the fiber last went to sleep */
	uint64_t mode_switches, polls, empty_polls, irq_wakeups, timer_wakeups;
	uint64_t spin_grows, spin_shrinks;
};

/* spin_max_ns bounds the adaptive policy's spin (ignored by the others). */
void rk_gov_init(struct rk_gov *g, enum rk_gov_policy policy, uint64_t spin_max_ns,
		 unsigned budget, uint64_t now_ns);
/* Whether the receive interrupt should be enabled before the first poll. */
bool rk_gov_irq_wanted(const struct rk_gov *g);
/* After one poll round at now_ns that received rx frames (rx == budget
 * means the ring may hold more) and transmitted tx frames. A decision to
 * sleep always comes with the interrupt on; the caller re-arms it with
 * the device's last check for frames before it sleeps (rk_netdev.rx_irq). */
struct rk_gov_decision rk_gov_polled(struct rk_gov *g, uint64_t now_ns, unsigned rx,
				     unsigned tx);
/* The fiber woke up, by the interrupt or by a timer deadline. Returns the
 * decision for the next poll (which always follows; sleep is false). */
struct rk_gov_decision rk_gov_woken(struct rk_gov *g, uint64_t now_ns, bool by_irq);

#endif
