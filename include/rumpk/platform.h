/* Interface every platform/<p>/ implements (kernel-internal). */
#ifndef RUMPK_PLATFORM_H
#define RUMPK_PLATFORM_H

#include <rumpk/bootinfo.h>
#include <rumpk/compiler.h>

/* A platform joins the boot through init levels (include/rumpk/init.h):
 * its console at RK_INIT_EARLY; at RK_INIT_PLATFORM what a DTB cannot say
 * or what it reads from one: RAM for the page allocator (CONFIG_HEAP), the
 * interrupt controller and the timer (CONFIG_TIME). */
/* Leave the machine with an exit status (see rk_poweroff). */
rk_noreturn void platform_poweroff(int status);

#endif
