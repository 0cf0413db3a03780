/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot sequence after the arch entry code: the init levels of
 * include/rumpk/init.h in order (console, CPU, machine, memory, clock,
 * buses, drivers), the banner after the CPU level, then the late level and
 * the application (in a fiber when the scheduler is built in). Components
 * join through RK_INIT; nothing here names one. */
#include <rumpk/build_info.h>
#include <rumpk/init.h>
#include <rumpk/kernel.h>
#include <rumpk/panic.h>
#include <rumpk/power.h>
#include <rumpk/printk.h>
#include <rumpk/arch.h>

uint64_t rk_boot_entry_cycles, rk_boot_main_cycles;
static char arg0[] = CONFIG_APP;
static char *app_argv[] = { arg0, 0 };
/* What the entry code handed over: passed to every init function, kept
 * here only for the late level, which runs in the main fiber. */
static const struct rk_bootinfo *boot_info;
/* Where the stage being timed began (arch_cycles). */
static uint64_t mark;

#ifdef CONFIG_BOOT_STAGE_TIMES
struct rk_boot_stage rk_boot_stages[RK_BOOT_MAX_STAGES];
unsigned rk_boot_nstages;

static const char *const level_names[RK_INIT_NLEVELS] = {
	"early", "arch", "platform", "mem", "time", "bus", "driver", "late",
};

/* Close the stage that began at mark; the next one begins now. */
static void stage_done(const char *name)
{
	uint64_t now = arch_cycles();

	if (rk_boot_nstages < RK_BOOT_MAX_STAGES)
		rk_boot_stages[rk_boot_nstages++] = (struct rk_boot_stage){ name, now - mark };
	mark = now;
}
#define level_done(level) stage_done(level_names[level])
#else
#define stage_done(name) ((void)0)
#define level_done(level) ((void)0)
#endif

/* Run the init functions of levels [from, to]; a level without any is not
 * a stage of its own. */
static void run_levels(unsigned from, unsigned to)
{
	for (const struct rk_init *i = __rk_init_start; i < __rk_init_end; i++) {
		if (i->level < from || i->level > to)
			continue;
		int err = i->fn(boot_info);

		if (err)
			rk_panic("init: %s (level %u) failed: %d", i->name, (unsigned)i->level, err);
		if (i + 1 == __rk_init_end || i[1].level != i->level)
			level_done(i->level);
	}
}

/* What runs the application: in the main fiber when there is a scheduler,
 * after the late level (which may sleep: the entropy source's first seed). */
static int app_main(int argc, char **argv)
{
#ifdef CONFIG_SCHED
	stage_done("sched_start");
#endif
	run_levels(RK_INIT_LATE, RK_INIT_LATE);
	/* Read here, not taken from mark: without BOOT_STAGE_TIMES nothing
	 * advances mark past the entry value. */
	rk_boot_main_cycles = arch_cycles();
	return main(argc, argv);
}

void rk_kernel_main(struct rk_bootinfo *bi)
{
	boot_info = bi;
	mark = bi->entry_cycles;
	rk_boot_entry_cycles = bi->entry_cycles;
	stage_done("entry");
	run_levels(RK_INIT_EARLY, RK_INIT_ARCH);
#ifdef CONFIG_BOOT_BANNER
	printk("Rumpk %s (%s, %s, %s) app '%s'\n", rk_build_version, rk_build_arch,
	       rk_build_platform, rk_build_compiler, rk_build_app);
	stage_done("banner");
#endif
	run_levels(RK_INIT_PLATFORM, RK_INIT_DRIVER);
#ifdef CONFIG_SCHED
	rk_sched_start(app_main, 1, app_argv);
#else
	int status = app_main(1, app_argv);

	printk("rumpk: main() returned %d, powering off\n", status);
	rk_poweroff(status);
#endif
}
