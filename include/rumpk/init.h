/* SPDX-License-Identifier: BSD-2-Clause */
/* Init levels: how components join the boot sequence without the kernel
 * naming them. A component registers a function for one level:
 *
 *     static int uart_init(const struct rk_bootinfo *bi) { ... return 0; }
 *     RK_INIT(uart_init, RK_INIT_EARLY);
 *
 * and rk_kernel_main runs every level in order, each level's functions in
 * link order (which no caller should rely on: what must come first goes in
 * an earlier level). The registration is a table entry in the .rk_init.<n>
 * linker sections (include/rumpk/sections.ld.h), like RK_TEST's: a
 * component that is not built has no entry, and nothing references a
 * component from a list. A function returns 0, or a negative RK_E* code,
 * which stops the boot with a panic naming it. */
#ifndef RUMPK_INIT_H
#define RUMPK_INIT_H

#include <stdint.h>
#include <rumpk/bootinfo.h>
#include <rumpk/compiler.h>

/* The levels, in the order they run. The numbers are part of the section
 * names (SORT_BY_NAME orders them), so they stay single digits. */
#define RK_INIT_EARLY 0    /* the console: nothing printed before this reaches anyone */
#define RK_INIT_ARCH 1     /* CPU: trap vectors, MMU; the banner follows this level */
#define RK_INIT_PLATFORM 2 /* what the machine has: RAM, interrupt controller, timer */
#define RK_INIT_MEM 3      /* the page allocator and heap over the RAM reported */
#define RK_INIT_TIME 4     /* the kernel clock and timers */
#define RK_INIT_BUS 5      /* buses and transports: PCI host bridges */
#define RK_INIT_DRIVER 6   /* device drivers bind and register into the registries */
#define RK_INIT_LATE 7     /* in the application's context (its fiber with SCHED), right
			    * before main(): may sleep; sees every device */
#define RK_INIT_NLEVELS 8

typedef int (*rk_init_fn)(const struct rk_bootinfo *bi);

struct rk_init {
	rk_init_fn fn;
	const char *name;
	uintptr_t level;
};

#define RK_INIT_STR_(x) #x
#define RK_INIT_STR(x) RK_INIT_STR_(x)

/* Register fn (static int fn(const struct rk_bootinfo *)) at level, one of
 * the RK_INIT_* numbers above. */
#define RK_INIT(fn, lvl)                                                      \
	static const struct rk_init rk_init_##fn rk_used                      \
		rk_section(".rk_init." RK_INIT_STR(lvl)) rk_aligned(8) = { fn, #fn, lvl }

/* The table, sorted by level (the linker script's __rk_init_start/end). */
extern const struct rk_init __rk_init_start[], __rk_init_end[];

#endif
