/* Adaptive I/O governor: poll while traffic flows, sleep on the receive
 * interrupt when it stops.
 *
 * Polling costs a busy CPU but no interrupt, no wake-up and no fiber
 * switch per burst; interrupts cost those but nothing while idle. Under
 * load the next frame is almost always there by the time the previous one
 * has been processed, so the governor polls as long as frames moved in
 * either direction within the last idle_ns (a frame sent usually means a
 * reply or acknowledgement is coming back). After that quiet spell it
 * enables the interrupt, and the first interrupt switches back to polling.
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

void rk_gov_init(struct rk_gov *g, enum rk_gov_policy policy, uint64_t idle_ns,
		 unsigned budget, uint64_t now_ns)
{
	*g = (struct rk_gov){
		.policy = policy,
		/* Adaptive starts polling: right after boot, DHCP and ARP
		 * traffic is expected. */
		.mode = policy == RK_GOV_IRQ ? RK_GOV_INTERRUPT : RK_GOV_POLLING,
		.idle_ns = idle_ns,
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
	bool ring_drained = rx < g->budget;

	g->polls++;
	if (rx == 0)
		g->empty_polls++;
	if (rx || tx)
		g->last_active_ns = now_ns;

	switch (g->policy) {
	case RK_GOV_POLL:
		return (struct rk_gov_decision){ .irq = false, .sleep = false };
	case RK_GOV_IRQ:
		return (struct rk_gov_decision){ .irq = true, .sleep = ring_drained };
	case RK_GOV_ADAPTIVE:
		break;
	}

	if (g->mode == RK_GOV_INTERRUPT) {
		/* A frame found while the interrupt is on means traffic is
		 * back (or arrived in the window before the interrupt was
		 * enabled): poll again. Frames sent only (a timer's
		 * retransmission) do not end the quiet spell. */
		if (rx) {
			set_mode(g, RK_GOV_POLLING);
			return (struct rk_gov_decision){ .irq = false, .sleep = false };
		}
		return (struct rk_gov_decision){ .irq = true, .sleep = true };
	}

	if (rx || tx || now_ns - g->last_active_ns < g->idle_ns)
		return (struct rk_gov_decision){ .irq = false, .sleep = false };
	/* Quiet for idle_ns: enable the interrupt, then poll once more before
	 * sleeping (see rk_gov_polled in governor.h). */
	set_mode(g, RK_GOV_INTERRUPT);
	return (struct rk_gov_decision){ .irq = true, .sleep = false };
}

struct rk_gov_decision rk_gov_woken(struct rk_gov *g, uint64_t now_ns, bool by_irq)
{
	if (by_irq)
		g->irq_wakeups++;
	else
		g->timer_wakeups++;
	if (g->policy == RK_GOV_ADAPTIVE && by_irq) {
		/* Frames are waiting: poll them without further interrupts
		 * and count the wake-up as activity. */
		set_mode(g, RK_GOV_POLLING);
		g->last_active_ns = now_ns;
	}
	return (struct rk_gov_decision){ .irq = g->mode == RK_GOV_INTERRUPT, .sleep = false };
}
