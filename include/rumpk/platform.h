/* Interface every platform/<p>/ implements (kernel-internal). */
#ifndef RUMPK_PLATFORM_H
#define RUMPK_PLATFORM_H

#include <rumpk/bootinfo.h>
#include <rumpk/compiler.h>

/* Bring up the console; runs first, before any printk. */
void platform_early_init(const struct rk_bootinfo *bi);
/* Discover the machine (DTB, PVH start info): report RAM to the page
 * allocator (CONFIG_HEAP), bring up the interrupt controller and the timer
 * (CONFIG_TIME). Runs after arch_init, before rk_mem_init. */
void platform_init(const struct rk_bootinfo *bi);
/* Leave the machine with an exit status (see rk_poweroff). */
rk_noreturn void platform_poweroff(int status);

#endif
