/* SPDX-License-Identifier: BSD-2-Clause */
/* PSCI (Arm Power State Coordination Interface) calls into the firmware or
 * hypervisor: SMC Calling Convention, function id in x0, result in x0. */
#ifndef ARCH_PSCI_H
#define ARCH_PSCI_H

#include <arch/sysreg.h>
#include <rumpk/drv/poweroff.h>

#define PSCI_SYSTEM_OFF 0x84000008

enum psci_conduit { PSCI_HVC, PSCI_SMC };

/* The conduit: the DTB's /psci "method" once platform_init has read it.
 * Before that, a guess from the entry EL: entered at EL1, something above
 * us owns EL2 and takes HVC (QEMU virt); entered at EL2
 * (virt,virtualization=on), HVC would come back to us, and QEMU (or EL3
 * firmware on hardware) takes SMC. */
extern enum psci_conduit aarch64_psci_conduit;

static inline void psci_set_conduit(enum psci_conduit c)
{
	aarch64_psci_conduit = c;
}

static inline long psci_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (aarch64_psci_conduit == PSCI_SMC)
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
	return (long)x0;
}

/* SYSTEM_OFF through the conduit: carries no exit status (psci.c). */
extern const struct rk_poweroff aarch64_psci_poweroff;
/* Set the conduit from the DTB's /psci node ("arm,psci-1.0", "-0.2" or
 * "arm,psci") and its method ("hvc" or "smc"): the node, or -1 when there
 * is no such node or no usable method (the entry-EL guess then stands). */
int aarch64_psci_from_dtb(const void *dtb);

#endif
