/* Boot sequence after the arch entry code: console, traps, banner, memory,
 * clock, then the application (in a fiber when the scheduler is built in). */
#include <rumpk/arch.h>
#include <rumpk/build_info.h>
#include <rumpk/kernel.h>
#include <rumpk/mem.h>
#include <rumpk/platform.h>
#include <rumpk/power.h>
#include <rumpk/printk.h>
#include <rumpk/time.h>
#ifdef CONFIG_VIRTIO
#include <rumpk/virtio.h>
#endif
#ifdef CONFIG_CRYPTO_SODIUM
#include <rumpk/crypto.h>
#endif

uint64_t rk_boot_entry_cycles, rk_boot_main_cycles;
const struct rk_bootinfo *rk_boot_info;
static char arg0[] = CONFIG_APP;
static char *app_argv[] = { arg0, 0 };

#ifdef CONFIG_BOOT_STAGE_TIMES
struct rk_boot_stage rk_boot_stages[RK_BOOT_MAX_STAGES];
unsigned rk_boot_nstages;

/* Close the stage that began at *mark; the next one begins now. */
static void stage_done(const char *name, uint64_t *mark)
{
	uint64_t now = arch_cycles();

	if (rk_boot_nstages < RK_BOOT_MAX_STAGES)
		rk_boot_stages[rk_boot_nstages++] = (struct rk_boot_stage){ name, now - *mark };
	*mark = now;
}
#else
#define stage_done(name, mark) ((void)(mark))
#endif

/* What runs the application: in the main fiber when there is a scheduler. */
static int app_main(int argc, char **argv)
{
#ifdef CONFIG_CRYPTO_SODIUM
	/* The random generator's first seed, from the configured entropy
	 * source: every image says which one it really uses, and a missing one
	 * stops the boot here (CONFIG_CRYPTO_RANDOM_ON_MISSING) rather than at
	 * the first key. In the fiber, since a source may sleep; after
	 * rk_virtio_init, which registers virtio-rng. */
	rk_entropy_start();
#endif
	return main(argc, argv);
}

void rk_kernel_main(struct rk_bootinfo *bi)
{
	uint64_t mark = bi->entry_cycles;

	rk_boot_info = bi;
	rk_boot_entry_cycles = bi->entry_cycles;
	stage_done("entry", &mark);
	platform_early_init(bi);
	stage_done("console", &mark);
	arch_init();
	stage_done("arch_init", &mark);
#ifdef CONFIG_BOOT_BANNER
	printk("Rumpk %s (%s, %s, %s) app '%s'\n", rk_build_version, rk_build_arch,
	       rk_build_platform, rk_build_compiler, rk_build_app);
	stage_done("banner", &mark);
#endif
#if defined(CONFIG_HEAP) || defined(CONFIG_TIME)
	platform_init(bi);
	stage_done("platform_init", &mark);
#endif
#ifdef CONFIG_HEAP
	rk_mem_init();
	stage_done("mem_init", &mark);
#endif
#ifdef CONFIG_TIME
	rk_time_init();
	stage_done("time_init", &mark);
#endif
#ifdef CONFIG_VIRTIO
	rk_virtio_init();
	stage_done("virtio_init", &mark);
#endif
	rk_boot_main_cycles = mark;
#ifdef CONFIG_SCHED
	rk_sched_start(app_main, 1, app_argv);
#else
	int status = app_main(1, app_argv);

	printk("rumpk: main() returned %d, powering off\n", status);
	rk_poweroff(status);
#endif
}
