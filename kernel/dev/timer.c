/* SPDX-License-Identifier: BSD-2-Clause */
/* The timer registry (rumpk/drv/timer.h): which device raises the kernel's
 * deadline interrupt. Device-neutral: kernel/time.c asks it at the time
 * level. */
#include <stddef.h>
#include <rumpk/drv/timer.h>

static const struct rk_timer_dev *timer;

void rk_timer_dev_register(const struct rk_timer_dev *dev)
{
	timer = dev;
}

const struct rk_timer_dev *rk_timer_dev(void)
{
	return timer;
}
