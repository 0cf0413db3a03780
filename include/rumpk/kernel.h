/* Kernel entry from the arch code, and the application's entry. */
#ifndef RUMPK_KERNEL_H
#define RUMPK_KERNEL_H

#include <rumpk/bootinfo.h>
#include <rumpk/compiler.h>

/* Called once by arch code on the boot stack with BSS cleared. */
rk_noreturn void rk_kernel_main(struct rk_bootinfo *bi);

/* What the boot loader handed over (DTB, PVH start info), for drivers
 * that discover devices after boot (virtio). Set first thing. */
extern const struct rk_bootinfo *rk_boot_info;

/* Cycle counter (arch_cycles) at kernel entry and just before main(), for
 * boot-time measurements. */
extern uint64_t rk_boot_entry_cycles, rk_boot_main_cycles;

/* CONFIG_BOOT_STAGE_TIMES: what each step of the boot sequence cost, in
 * arch_cycles() units, in the order the steps ran; steps not built in are
 * absent. "entry" is the arch entry code up to rk_kernel_main. The stages
 * add up to rk_boot_main_cycles - rk_boot_entry_cycles. */
struct rk_boot_stage {
	const char *name;
	uint64_t cycles;
};
#define RK_BOOT_MAX_STAGES 8
extern struct rk_boot_stage rk_boot_stages[RK_BOOT_MAX_STAGES];
extern unsigned rk_boot_nstages;

/* Turn the boot context into the idle fiber and run main_fn in a fiber
 * (CONFIG_SCHED); powers off with its return value. */
rk_noreturn void rk_sched_start(int (*main_fn)(int, char **), int argc, char **argv);

/* The application: its return value is the image's exit status. */
int main(int argc, char *argv[]);

#endif
