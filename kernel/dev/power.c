/* Power-off: the one way out of the image, through the methods drivers and
 * platforms registered (rumpk/drv/poweroff.h), in order; a CPU halt when
 * none of them worked (or none is registered yet). */
#include <rumpk/arch.h>
#include <rumpk/drv/poweroff.h>

static const struct rk_poweroff *methods[RK_POWEROFF_MAX];
static unsigned nmethods;

int rk_poweroff_register(const struct rk_poweroff *p)
{
	if (nmethods == RK_POWEROFF_MAX)
		return -1;
	methods[nmethods++] = p;
	return 0;
}

void rk_poweroff(int status)
{
	for (unsigned i = 0; i < nmethods; i++)
		methods[i]->off(methods[i], status);
	arch_halt();
}
