/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel entry from the arch code, and the application's entry. */
#ifndef RUMPK_KERNEL_H
#define RUMPK_KERNEL_H

#include <rumpk/bootinfo.h>
#include <rumpk/compiler.h>

/* Called once by arch code on the boot stack with BSS cleared; bi is handed
 * to every init function (include/rumpk/init.h). */
rk_noreturn void rk_kernel_main(struct rk_bootinfo *bi);

/* Cycle counter (arch_cycles) at kernel entry and just before main(), for
 * boot-time measurements. */
extern uint64_t rk_boot_entry_cycles, rk_boot_main_cycles;

/* CONFIG_BOOT_STAGE_TIMES: what each step of the boot sequence cost, in
 * arch_cycles() units, in the order the steps ran: "entry" (the arch entry
 * code up to rk_kernel_main), then one stage per init level that has
 * functions registered, named after it ("early", "arch", "platform", "mem",
 * "time", "bus", "driver", "late"; include/rumpk/init.h), "banner" after
 * "arch", and "sched_start" (turning the boot context into fibers) before
 * "late". The stages add up to rk_boot_main_cycles - rk_boot_entry_cycles. */
struct rk_boot_stage {
	const char *name;
	uint64_t cycles;
};
#define RK_BOOT_MAX_STAGES 12
extern struct rk_boot_stage rk_boot_stages[RK_BOOT_MAX_STAGES];
extern unsigned rk_boot_nstages;

/* Turn the boot context into the idle fiber and run main_fn in a fiber
 * (CONFIG_SCHED); powers off with its return value. */
rk_noreturn void rk_sched_start(int (*main_fn)(int, char **), int argc, char **argv);

/* The application: its return value is the image's exit status. */
int main(int argc, char *argv[]);

#endif
