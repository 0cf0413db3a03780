/* SPDX-License-Identifier: BSD-2-Clause */
/* Secondary cores held in a spin table (arch/aarch64/spin_table.c). */
#ifndef ARCH_SPIN_TABLE_H
#define ARCH_SPIN_TABLE_H

#include <stdint.h>

/* Release every core of the DTB's /cpus whose enable-method is
 * "spin-table", except boot_cpu (its MPIDR affinity), to the image's entry,
 * where entry.S parks it in WFI for good. Cores held by PSCI stay off
 * until a CPU_ON nobody makes. The number of cores released. */
int aarch64_park_spin_table_cpus(const void *dtb, unsigned long boot_cpu);
/* Write entry into the release slot of the spin-table core of /cpus node
 * cpu (it runs there with MMU and caches off, x0 not defined) once woken:
 * the caller's DSB SY; SEV does that. 1, or 0 (said why) when its
 * cpu-release-addr is missing or unusable. */
int aarch64_spin_table_release(const void *dtb, int cpu, uintptr_t entry);

#endif
