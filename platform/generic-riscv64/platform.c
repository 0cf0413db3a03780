/* SPDX-License-Identifier: BSD-2-Clause */
/* generic-riscv64: one image for every OpenSBI board whose DTB describes
 * devices it has drivers for (QEMU virt, sifive_u, and the Icicle Kit with
 * its own DTB are tested). Nothing here names a device: the console is the
 * UART /chosen/stdout-path names and the power-off methods are the DTB's
 * (drivers/fdt/early.c), plus SBI SRST when OpenSBI has it
 * (drivers/power/sbi_srst.c) and the SBI console as the last resort; RAM
 * and the timebase come from the DTB (platform/common/riscv_fdt.c); the
 * PLIC, virtio-mmio and the Cadence GEM bind by compatible. OpenSBI may
 * start the kernel on any hart (sifive_u and the Icicle Kit: a U54, hart
 * 1-4; hart 0, the E51, has no S-mode): everything per hart is found from
 * a0 (the PLIC context, the timer).
 *
 * What the DTB cannot say: how a run under QEMU leaves with its status on
 * a machine without a test finisher (sifive_u, the Icicle Kit). That is
 * semihosting (CONFIG_RISCV_SEMIHOSTING_EXIT,
 * platform/common/riscv_semihost.c), added here once the DTB's methods are
 * in, at the next level: it then comes after a finisher (which exits QEMU
 * without needing -semihosting) and before the methods that cannot carry
 * a status. */
#include <rumpk/drv/poweroff.h>
#include <rumpk/init.h>

#ifdef CONFIG_RISCV_SEMIHOSTING_EXIT
extern const struct rk_poweroff riscv_semihosting_poweroff;

static int semihosting_exit_init(const struct rk_bootinfo *bi)
{
	return rk_poweroff_register_status(&riscv_semihosting_poweroff) ? -RK_POWEROFF_MAX : 0;
}
RK_INIT(semihosting_exit_init, RK_INIT_ARCH);
#endif
