/* SPDX-License-Identifier: BSD-2-Clause */
/* Adaptive I/O governor: poll only while polling finds work.
 *
 * Polling costs a busy CPU (under QEMU a busy host core) but no
 * interrupt, wake-up or fiber switch per burst; sleeping on the receive
 * interrupt costs those but nothing while idle. The governor keeps
 * polling while rounds move frames, and after the last one that did for
 * a spin window, then switches the interrupt on and sleeps.
 *
 * The spin window adapts the way halt polling does in KVM: when the
 * fiber slept and the interrupt came within spin_max_ns, a longer spin
 * would have caught that frame without the interrupt, so the window
 * doubles (from spin_max_ns / 8, up to spin_max_ns); when the sleep
 * lasted longer, spinning would have been wasted, so it halves (down to
 * 0, below spin_max_ns / 8). Under steady load the window settles where
 * frames keep arriving during the spin; at a trickle of requests it
 * shrinks to nothing and each request costs one interrupt and no
 * polling; an idle server sleeps until lwIP's next timer.
 *
 * The two fixed policies are the degenerate cases: RK_GOV_IRQ keeps the
 * interrupt on and sleeps whenever the ring is drained, RK_GOV_POLL never
 * enables it and never sleeps. */
#include "governor.h"

static void set_mode(struct rk_gov *g, enum rk_gov_mode mode)
{
	if (g->mode != mode) {
		g->mode = mode;
		g->mode_switches++;
	}
}

void rk_gov_init(struct rk_gov *g, enum rk_gov_policy policy, uint64_t spin_max_ns,
		 unsigned budget, uint64_t now_ns)
{
	*g = (struct rk_gov){
		.policy = policy,
		/* Adaptive starts polling: right after boot, DHCP and ARP
		 * traffic is expected. */
		.mode = policy == RK_GOV_IRQ ? RK_GOV_INTERRUPT : RK_GOV_POLLING,
		.spin_max_ns = spin_max_ns,
		.spin_ns = spin_max_ns,
		.budget = budget ? budget : 1,
		.last_active_ns = now_ns,
	};
}

bool rk_gov_irq_wanted(const struct rk_gov *g)
{
	return g->mode == RK_GOV_INTERRUPT;
}

struct rk_gov_decision rk_gov_polled(struct rk_gov *g, uint64_t now_ns, unsigned rx,
				     unsigned tx)
{
	static const struct rk_gov_decision poll = { .irq = false, .sleep = false };
	bool ring_drained = rx < g->budget;

	g->polls++;
	if (rx == 0)
		g->empty_polls++;
	if (rx || tx)
		g->last_active_ns = now_ns;

	switch (g->policy) {
	case RK_GOV_POLL:
		return poll;
	case RK_GOV_IRQ:
		return (struct rk_gov_decision){ .irq = true, .sleep = ring_drained };
	case RK_GOV_ADAPTIVE:
		break;
	}

	/* Work found (a frame sent counts: its answer is on the way), or
	 * still inside the spin window after the last work: poll again. */
	if (!ring_drained || rx || tx || now_ns - g->last_active_ns < g->spin_ns) {
		set_mode(g, RK_GOV_POLLING);
		return poll;
	}
	set_mode(g, RK_GOV_INTERRUPT);
	g->sleep_start_ns = now_ns;
	return (struct rk_gov_decision){ .irq = true, .sleep = true };
}

/* The sleep that just ended by an interrupt lasted slept_ns. */
static void adapt_spin(struct rk_gov *g, uint64_t slept_ns)
{
	uint64_t floor = g->spin_max_ns / 8;

	if (slept_ns <= g->spin_max_ns) {
		uint64_t grown = g->spin_ns ? g->spin_ns * 2 : floor;
		if (grown > g->spin_max_ns)
			grown = g->spin_max_ns;
		if (grown != g->spin_ns)
			g->spin_grows++;
		g->spin_ns = grown;
	} else if (g->spin_ns) {
		g->spin_ns = g->spin_ns / 2 < floor ? 0 : g->spin_ns / 2;
		g->spin_shrinks++;
	}
}

struct rk_gov_decision rk_gov_woken(struct rk_gov *g, uint64_t now_ns, bool by_irq)
{
	if (by_irq)
		g->irq_wakeups++;
	else
		g->timer_wakeups++;
	if (g->policy == RK_GOV_ADAPTIVE && by_irq) {
		adapt_spin(g, now_ns - g->sleep_start_ns);
		/* Frames are waiting: poll them without further interrupts,
		 * and spin after them as the window says. */
		set_mode(g, RK_GOV_POLLING);
		g->last_active_ns = now_ns;
	}
	/* A timer's wake-up keeps the mode: the poll that follows runs
	 * lwIP's timers, and sleeps again unless it moved frames. */
	return (struct rk_gov_decision){ .irq = g->mode == RK_GOV_INTERRUPT, .sleep = false };
}
