/* SPDX-License-Identifier: BSD-2-Clause */
/* What the boot loader handed over, gathered by the arch entry code. */
#ifndef RUMPK_BOOTINFO_H
#define RUMPK_BOOTINFO_H

#include <stdint.h>

/* Filled in by the arch entry code, then handed by rk_kernel_main to every
 * init function (include/rumpk/init.h): no component reads it from a
 * global, so what each one depends on shows in its init function. */
struct rk_bootinfo {
	uintptr_t dtb;        /* flattened device tree, or 0 */
	uintptr_t pvh_start;  /* x86 PVH hvm_start_info, or 0 */
	const char *cmdline;  /* kernel command line (PVH), or NULL */
	unsigned long cpu_id; /* boot CPU: RISC-V hart id, MPIDR, APIC id */
	uint64_t entry_cycles; /* cycle counter at kernel entry */
};

/* An initrd the boot loader loaded (CONFIG_INITRD_BOOTLOADER): the platform
 * reports [start, end) from where it found it (source: "DTB /chosen",
 * "PVH module 0") after describing RAM and before rk_mem_init(). It is
 * refused with a printed reason when why is set (the caller's own reason)
 * or the range is inverted, empty, outside RAM or over the kernel image;
 * otherwise it is reserved. Apps get it with rk_boot_initrd() or mount it
 * with rk_initrd_mount() (rumpk/exec.h). Only the first report counts. */
void rk_boot_initrd_found(uint64_t start, uint64_t end, const char *source, const char *why);

#endif
