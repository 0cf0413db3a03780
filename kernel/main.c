/* Boot sequence after the arch entry code: console, traps, banner, app. */
#include <rumpk/arch.h>
#include <rumpk/build_info.h>
#include <rumpk/kernel.h>
#include <rumpk/platform.h>
#include <rumpk/power.h>
#include <rumpk/printk.h>

void rk_kernel_main(struct rk_bootinfo *bi)
{
	platform_early_init(bi);
	arch_init();
#ifdef CONFIG_BOOT_BANNER
	printk("Rumpk %s (%s, %s, %s) app '%s'\n", rk_build_version, rk_build_arch,
	       rk_build_platform, rk_build_compiler, rk_build_app);
#endif
	static char arg0[] = CONFIG_APP;
	static char *argv[] = { arg0, 0 };
	int status = main(1, argv);

	printk("rumpk: main() returned %d, powering off\n", status);
	rk_poweroff(status);
}
