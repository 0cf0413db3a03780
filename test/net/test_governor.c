/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the I/O governor's decisions (net/governor.c). */
#include "check.h"
#include "governor.h"

#define US 1000ull

/* Poll rounds with nothing found from 'from' every 'step' until the
 * governor says sleep; returns the time it did (or 0 if it never did
 * within 'limit'). */
static uint64_t spin_until_sleep(struct rk_gov *g, uint64_t from, uint64_t step,
				 uint64_t limit)
{
	for (uint64_t t = from; t <= from + limit; t += step) {
		struct rk_gov_decision d = rk_gov_polled(g, t, 0, 0);
		if (d.sleep) {
			CHECK(d.irq); /* never sleep with the interrupt off */
			return t;
		}
		CHECK(!d.irq);
	}
	return 0;
}

static void adaptive(void)
{
	struct rk_gov g;
	struct rk_gov_decision d;

	rk_gov_init(&g, RK_GOV_ADAPTIVE, 200 * US, 32, 0);
	CHECK(!rk_gov_irq_wanted(&g)); /* starts polling, full window */
	CHECK(g.spin_ns == 200 * US);
	d = rk_gov_polled(&g, 100 * US, 3, 0);
	CHECK(!d.irq && !d.sleep);
	/* Spins for the window after the last frame, then sleeps. */
	CHECK(spin_until_sleep(&g, 110 * US, 10 * US, 1000 * US) == 300 * US);
	CHECK(g.mode == RK_GOV_INTERRUPT && g.mode_switches == 1);
	CHECK(rk_gov_irq_wanted(&g));

	/* A long sleep: spinning would have been wasted, the window halves. */
	d = rk_gov_woken(&g, 10300 * US, true);
	CHECK(!d.irq && !d.sleep && g.irq_wakeups == 1 && g.mode == RK_GOV_POLLING);
	CHECK(g.spin_ns == 100 * US && g.spin_shrinks == 1);
	d = rk_gov_polled(&g, 10301 * US, 2, 1);
	CHECK(!d.irq && !d.sleep);
	CHECK(spin_until_sleep(&g, 10302 * US, 1 * US, 1000 * US) == 10401 * US);

	/* Long sleeps shrink it to nothing (below spin_max / 8 = 25 us):
	 * then the first empty poll after work sleeps. */
	rk_gov_woken(&g, 20000 * US, true); /* 100 -> 50 */
	CHECK(spin_until_sleep(&g, 20000 * US, 1 * US, 1000 * US) == 20050 * US);
	rk_gov_woken(&g, 30000 * US, true); /* 50 -> 25 */
	CHECK(g.spin_ns == 25 * US);
	CHECK(spin_until_sleep(&g, 30000 * US, 1 * US, 1000 * US) == 30025 * US);
	rk_gov_woken(&g, 40000 * US, true); /* 25 -> 0 */
	CHECK(g.spin_ns == 0 && g.spin_shrinks == 4);
	d = rk_gov_polled(&g, 40001 * US, 1, 0); /* the frame */
	CHECK(!d.sleep);
	d = rk_gov_polled(&g, 40002 * US, 0, 0); /* nothing: sleep at once */
	CHECK(d.irq && d.sleep);
	rk_gov_woken(&g, 50000 * US, true);
	CHECK(g.spin_ns == 0 && g.spin_shrinks == 4); /* no shrink below 0 */

	/* Short sleeps (interrupt within spin_max): a spin would have caught
	 * the frame, so the window grows: from spin_max / 8, doubling, up to
	 * spin_max and no further. */
	uint64_t t = 50000 * US;
	uint64_t want[] = { 25 * US, 50 * US, 100 * US, 200 * US, 200 * US };
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		uint64_t slept_at = spin_until_sleep(&g, t + 1 * US, 1 * US, 1000 * US);
		CHECK(slept_at == t + g.spin_ns + (g.spin_ns ? 0 : 1 * US));
		t = slept_at + 150 * US; /* the interrupt 150 us later */
		rk_gov_woken(&g, t, true);
		CHECK(g.spin_ns == want[i]);
	}
	CHECK(g.spin_grows == 4);

	/* Full budget: the ring may hold more, poll again at once even
	 * with a zero window. */
	g.spin_ns = 0;
	d = rk_gov_polled(&g, t + 1, 32, 0);
	CHECK(!d.irq && !d.sleep);
	/* Transmit activity alone keeps it polling (an answer is coming). */
	d = rk_gov_polled(&g, t + 2, 0, 2);
	CHECK(!d.irq && !d.sleep);
	d = rk_gov_polled(&g, t + 3, 0, 0);
	CHECK(d.irq && d.sleep);

	/* A timer wake-up keeps the interrupt on and the window as it is;
	 * a poll that then finds frames goes back to polling. */
	uint64_t polls = g.polls, spin = g.spin_ns;
	d = rk_gov_woken(&g, t + 250000 * US, false);
	CHECK(d.irq && !d.sleep && g.timer_wakeups == 1 && g.spin_ns == spin);
	d = rk_gov_polled(&g, t + 250001 * US, 0, 0);
	CHECK(d.irq && d.sleep);
	d = rk_gov_woken(&g, t + 500000 * US, false);
	d = rk_gov_polled(&g, t + 500001 * US, 1, 1);
	CHECK(!d.irq && !d.sleep && g.mode == RK_GOV_POLLING);
	CHECK(g.polls == polls + 2);
}

static void fixed(void)
{
	struct rk_gov g;
	struct rk_gov_decision d;

	rk_gov_init(&g, RK_GOV_IRQ, 0, 4, 0);
	CHECK(rk_gov_irq_wanted(&g));
	d = rk_gov_polled(&g, 1, 4, 0); /* full budget: more may wait */
	CHECK(d.irq && !d.sleep);
	d = rk_gov_polled(&g, 2, 1, 0);
	CHECK(d.irq && d.sleep);
	d = rk_gov_woken(&g, 3, true);
	CHECK(d.irq && g.mode_switches == 0);

	rk_gov_init(&g, RK_GOV_POLL, 0, 4, 0);
	CHECK(!rk_gov_irq_wanted(&g));
	for (int i = 0; i < 100; i++) {
		d = rk_gov_polled(&g, (unsigned long long)i * 1000000, 0, 0);
		CHECK(!d.irq && !d.sleep);
	}
	CHECK(g.mode_switches == 0 && g.empty_polls == 100);
}

int main(void)
{
	adaptive();
	fixed();
	return check_summary("test_net_governor");
}
