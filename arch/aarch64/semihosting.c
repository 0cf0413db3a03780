/* SPDX-License-Identifier: BSD-2-Clause */
/* Arm semihosting SYS_EXIT (see arch/semihosting.h). */
#include <stdint.h>
#include <arch/semihosting.h>

#define SEMIHOSTING_SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/* AArch64 semihosting: operation in w0, x1 -> {reason, subcode}, trap by
 * HLT #0xf000. QEMU exits with subcode. */
static void semihosting_off(const struct rk_poweroff *p, int status)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint64_t)status };
	register uint64_t x0 __asm__("x0") = SEMIHOSTING_SYS_EXIT;
	register uint64_t x1 __asm__("x1") = (uintptr_t)block;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

const struct rk_poweroff aarch64_semihosting_poweroff = { "semihosting", semihosting_off, 0 };
