/* SPDX-License-Identifier: BSD-2-Clause */
/* Power-off: the one way out of the image, through the methods drivers and
 * platforms registered (rumpk/drv/poweroff.h), in order; a CPU halt when
 * none of them worked (or none is registered yet). */
#include <rumpk/arch.h>
#include <rumpk/drv/poweroff.h>

static const struct rk_poweroff *methods[RK_POWEROFF_MAX];
static unsigned nmethods;
static unsigned nstatus; /* the first nstatus methods carry a status */

int rk_poweroff_register(const struct rk_poweroff *p)
{
	if (nmethods == RK_POWEROFF_MAX)
		return -1;
	methods[nmethods++] = p;
	return 0;
}

int rk_poweroff_register_status(const struct rk_poweroff *p)
{
	if (nmethods == RK_POWEROFF_MAX)
		return -1;
	for (unsigned i = nmethods++; i > nstatus; i--)
		methods[i] = methods[i - 1];
	methods[nstatus++] = p;
	return 0;
}

void rk_poweroff(int status)
{
	/* Each method is tried once: one that faults (semihosting without a
	 * host is an undefined instruction) comes back here through the
	 * panic, which goes on with the next. */
	static unsigned next;

	while (next < nmethods) {
		const struct rk_poweroff *m = methods[next++];

		m->off(m, status);
	}
	arch_halt();
}
