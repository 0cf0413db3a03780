/* Host tests of the I/O governor's decisions (net/governor.c). */
#include "check.h"
#include "governor.h"

#define US 1000ull

static void adaptive(void)
{
	struct rk_gov g;
	struct rk_gov_decision d;

	rk_gov_init(&g, RK_GOV_ADAPTIVE, 500 * US, 32, 0);
	CHECK(!rk_gov_irq_wanted(&g)); /* starts polling */
	d = rk_gov_polled(&g, 100 * US, 3, 0);
	CHECK(!d.irq && !d.sleep);
	d = rk_gov_polled(&g, 400 * US, 0, 0); /* quiet, but not for long */
	CHECK(!d.irq && !d.sleep);
	d = rk_gov_polled(&g, 601 * US, 0, 0); /* 501 us since the last frame */
	CHECK(d.irq && !d.sleep && g.mode_switches == 1); /* arm, then re-check */
	d = rk_gov_polled(&g, 602 * US, 0, 0);
	CHECK(d.irq && d.sleep);
	d = rk_gov_woken(&g, 900 * US, true); /* the interrupt: poll again */
	CHECK(!d.irq && !d.sleep && g.mode_switches == 2 && g.irq_wakeups == 1);
	/* A frame found by the re-check after arming goes back to polling. */
	rk_gov_polled(&g, 1000 * US, 0, 0);
	d = rk_gov_polled(&g, 1500 * US, 0, 0);
	CHECK(d.irq && !d.sleep);
	d = rk_gov_polled(&g, 1501 * US, 1, 0);
	CHECK(!d.irq && !d.sleep && g.mode == RK_GOV_POLLING);
	/* Transmit activity alone keeps it polling. */
	d = rk_gov_polled(&g, 2400 * US, 0, 2);
	d = rk_gov_polled(&g, 2800 * US, 0, 0);
	CHECK(!d.irq);
	/* A timer wake-up in interrupt mode stays in interrupt mode. */
	rk_gov_polled(&g, 3000 * US, 0, 0);
	rk_gov_polled(&g, 3001 * US, 0, 0);
	d = rk_gov_woken(&g, 9000 * US, false);
	CHECK(d.irq && g.timer_wakeups == 1);
	CHECK(g.polls == 11 && g.empty_polls == 9);
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
