/* SPDX-License-Identifier: BSD-2-Clause */
/* The TSC: the x86_64 kernel clock (arch_clock_ticks) and the time base of
 * the local APIC timer's deadlines. */
#ifndef ARCH_TSC_H
#define ARCH_TSC_H

#include <stdint.h>

#include <stdbool.h>

/* Find the TSC frequency (CPUID leaf 0x15, the hypervisor timing leaf
 * 0x40000010, a short measurement against the PIT that a later one
 * refines, CPUID leaf 0x16, in that order), make it arch_clock_hz() and
 * return it. Panics when there is no way to know it. */
uint64_t x86_tsc_init(void);
/* Where the frequency came from, for the boot log. */
const char *x86_tsc_source(void);

/* The 8254 PIT's channel 0 as a ruler for the TSC (pit.c): start marks
 * the moment its count first changes (false: no PIT answers); the TSC
 * rate since that mark is measured at the first change at least 'ticks'
 * PIT ticks later (0: the PIT wrapped, or reads kept stalling). The
 * count runs 55 ms from the start. stop stops the channel. */
struct x86_pit_mark {
	uint64_t tsc;
	uint64_t max_span; /* TSC ticks a quick pair of reads takes, doubled */
	uint16_t count;
};
bool x86_pit_start(struct x86_pit_mark *m);
uint64_t x86_pit_tsc_hz_since(const struct x86_pit_mark *m, uint32_t ticks);
void x86_pit_stop(void);

#endif
