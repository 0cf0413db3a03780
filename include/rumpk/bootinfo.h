/* What the boot loader handed over, gathered by the arch entry code. */
#ifndef RUMPK_BOOTINFO_H
#define RUMPK_BOOTINFO_H

#include <stdint.h>

struct rk_bootinfo {
	uintptr_t dtb;        /* flattened device tree, or 0 */
	uintptr_t pvh_start;  /* x86 PVH hvm_start_info, or 0 */
	unsigned long cpu_id; /* boot CPU: RISC-V hart id, MPIDR, APIC id */
	uint64_t entry_cycles; /* cycle counter at kernel entry */
};

#endif
