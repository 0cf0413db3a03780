/* QEMU microvm (x86_64): COM1 console on port I/O, power-off through
 * isa-debug-exit, which is the one way to leave with a status. */
#include <rumpk/arch.h>
#include <rumpk/platform.h>
#include <rumpk/uart.h>
#include <arch/pio.h>
#include <platform/memmap.h>

static struct ns16550 com1;

void platform_early_init(const struct rk_bootinfo *bi)
{
	ns16550_console_init(&com1, PLAT_COM1, 0, true);
}

void platform_poweroff(int status)
{
	/* QEMU exits with (status << 1) | 1; the run script maps it back. */
	outl(CONFIG_X86_DEBUG_EXIT_PORT, (uint32_t)status);
	/* No isa-debug-exit device: stop here rather than run on. */
	arch_halt();
}
