/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64: how a CPU finds its per-CPU state, and the interrupt controller
 * side of SMP. TPIDR_EL1 always holds the CPU's trap block (trap_stack.h),
 * set before its first C code that asks; the block names the CPU.
 * TPIDR_EL0 is left to user programs (their thread pointer, user.c). */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H

/* What a starting CPU reads, with its MMU still off (arch/aarch64/smp.c
 * fills it, smp_entry.S reads it): offsets for the assembly. */
#define A64_CB_STACK_TOP 0 /* its first stack's top, then its trap block */
#define A64_CB_TTBR0 16    /* the boot CPU's translation regime: ttbr0, tcr */
#define A64_CB_MAIR 32
#define A64_CB_MPIDR 48    /* its affinity: how a spin-table CPU finds its block */
#define A64_CB_SIZE 64

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <arch/trap_stack.h>

struct aarch64_cpu_boot {
	uint64_t stack_top;
	struct aarch64_trap_block *block;
	uint64_t ttbr0, tcr, mair;
	uint64_t stack_low;
	uint64_t mpidr;
	unsigned cpu;
} __attribute__((aligned(64))); /* a cache line of its own, cleaned to memory */

/* One per CPU (smp.c); smp_entry.S walks it by affinity. */
extern struct aarch64_cpu_boot aarch64_cpu_boot[];

_Static_assert(__builtin_offsetof(struct aarch64_cpu_boot, ttbr0) == A64_CB_TTBR0, "smp_entry.S");
_Static_assert(__builtin_offsetof(struct aarch64_cpu_boot, mair) == A64_CB_MAIR, "smp_entry.S");
_Static_assert(__builtin_offsetof(struct aarch64_cpu_boot, mpidr) == A64_CB_MPIDR, "smp_entry.S");
_Static_assert(sizeof(struct aarch64_cpu_boot) == A64_CB_SIZE, "smp_entry.S");

static inline unsigned arch_cpu_id(void)
{
	return (unsigned)aarch64_this_block()->cpu;
}

/* The interrupt controller's inter-processor interrupts (the GIC's SGIs):
 * registered by its driver, used by arch/aarch64/smp.c. A controller
 * without them (the Pi 3's local controller, for now) leaves the kernel on
 * one CPU. */
struct aarch64_ipi_chip {
	const char *name;
	unsigned irq;               /* what an IPI arrives as (rk_irq_attach) */
	void (*send)(unsigned cpu); /* interrupt that CPU */
	/* A secondary CPU coming up: its side of the controller (interface,
	 * IPIs, and the per-CPU interrupts attached on the boot CPU, such as
	 * the timer's). */
	int (*cpu_init)(void);
};

void aarch64_ipi_register(const struct aarch64_ipi_chip *chip);
#endif

#endif
