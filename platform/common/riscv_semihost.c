/* SPDX-License-Identifier: BSD-2-Clause */
/* The RISC-V semihosting SYS_EXIT as a power-off that carries the exit
 * status (CONFIG_RISCV_SEMIHOSTING_EXIT): how an image leaves QEMU with
 * its status on a machine without a test finisher (sifive_u), QEMU run
 * with -semihosting. Without a semihosting host the ebreak is a breakpoint
 * exception: the trap handler panics, and the panic's power-off goes on to
 * the next method (SBI SRST), then the CPU halt. Shared by the riscv64
 * boards that list it (sifive-u-riscv64, generic-riscv64). */
#include <stdint.h>
#include <rumpk/console.h>
#include <rumpk/drv/poweroff.h>

#define SEMIHOSTING_SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

long riscv_semihost(long op, void *arg); /* riscv_semihost.S */

/* RV64 SYS_EXIT takes {reason, subcode}; QEMU exits with subcode. */
static void semihosting_off(const struct rk_poweroff *p, int status)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint64_t)(int64_t)status };

	rk_console_flush(); /* a debugger may reset the board right after */
	riscv_semihost(SEMIHOSTING_SYS_EXIT, block);
}

const struct rk_poweroff riscv_semihosting_poweroff = { .name = "semihosting", .off = semihosting_off };
