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

uint64_t rk_boot_entry_cycles, rk_boot_main_cycles;
const struct rk_bootinfo *rk_boot_info;
static char arg0[] = CONFIG_APP;
static char *app_argv[] = { arg0, 0 };

void rk_kernel_main(struct rk_bootinfo *bi)
{
	rk_boot_info = bi;
	rk_boot_entry_cycles = bi->entry_cycles;
	platform_early_init(bi);
	arch_init();
#ifdef CONFIG_BOOT_BANNER
	printk("Rumpk %s (%s, %s, %s) app '%s'\n", rk_build_version, rk_build_arch,
	       rk_build_platform, rk_build_compiler, rk_build_app);
#endif
#if defined(CONFIG_HEAP) || defined(CONFIG_TIME)
	platform_init(bi);
#endif
#ifdef CONFIG_HEAP
	rk_mem_init();
#endif
#ifdef CONFIG_TIME
	rk_time_init();
#endif
#ifdef CONFIG_VIRTIO
	/* Before main(), so that randombytes finds virtio-rng registered. */
	rk_virtio_init();
#endif
	rk_boot_main_cycles = arch_cycles();
#ifdef CONFIG_SCHED
	rk_sched_start(main, 1, app_argv);
#else
	int status = main(1, app_argv);

	printk("rumpk: main() returned %d, powering off\n", status);
	rk_poweroff(status);
#endif
}
