/* SPDX-License-Identifier: BSD-2-Clause */
/* Leaving the image. */
#ifndef RUMPK_POWER_H
#define RUMPK_POWER_H

#include <rumpk/compiler.h>

/* Power the machine off; the host sees status as the exit status when the
 * platform can carry one (QEMU test device, semihosting, isa-debug-exit). */
rk_noreturn void rk_poweroff(int status);

#endif
