/* SPDX-License-Identifier: BSD-2-Clause */
/* The TSC: the x86_64 kernel clock (arch_clock_ticks) and the time base of
 * the local APIC timer's deadlines. */
#ifndef ARCH_TSC_H
#define ARCH_TSC_H

#include <stdint.h>

/* Find the TSC frequency (CPUID leaf 0x15, the hypervisor timing leaf
 * 0x40000010, a measurement against the PIT, CPUID leaf 0x16, in that
 * order), make it arch_clock_hz() and return it. Panics when there is no
 * way to know it. */
uint64_t x86_tsc_init(void);
/* Where the frequency came from, for the boot log. */
const char *x86_tsc_source(void);
/* TSC ticks per second measured over window_us against the 8254 PIT;
 * 0 when no PIT answers. */
uint64_t x86_pit_measure_tsc_hz(unsigned window_us);

#endif
