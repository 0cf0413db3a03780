/* SPDX-License-Identifier: BSD-2-Clause */
/* Arm semihosting SYS_EXIT: how an image leaves QEMU (run with
 * -semihosting) with its exit status on machines without a device that
 * carries one (virt, raspi3b). With ARM64_SEMIHOSTING_CONSOLE,
 * semihosting.c also registers SYS_WRITEC as the console of last resort. */
#ifndef ARCH_SEMIHOSTING_H
#define ARCH_SEMIHOSTING_H

#include <rumpk/drv/poweroff.h>

/* The power-off method a platform registers first: it exits QEMU with the
 * status. Without a semihosting host the HLT is an undefined instruction:
 * the trap handler panics and the panic's power-off goes on to the next
 * method registered. */
extern const struct rk_poweroff aarch64_semihosting_poweroff;

#endif
