/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel clock on x86_64 is the TSC (constant-rate on every CPU of
 * the last fifteen years, and QEMU's TCG runs it at the host's rate); the
 * one-shot timer is the local APIC's (drivers/irq/lapic.c registers it). */
#include <rumpk/arch.h>
#include <rumpk/panic.h>
#include <rumpk/x86_irq.h>
#include <arch/tsc.h>
#include "internal.h"

/* The PIT window, split in two halves that must agree (pit.c). It is
 * busy time on every x86 boot without a CPUID frequency (all of QEMU's
 * TCG CPU models, -cpu max included, offer no leaf 0x15 crystal and no
 * 0x40000010 timing leaf): 2 ms came within 100 ppm of the host's TSC
 * rate in 10 boots on a host with load 22 (docs/performance.md), where
 * 6 ms cost 4 ms more of every boot for no needed precision. */
#define PIT_WINDOW_US 2000

static uint64_t tsc_hz;
static const char *tsc_source = "unknown";

uint64_t arch_clock_ticks(void)
{
	return x86_rdtsc();
}

uint64_t arch_clock_hz(void)
{
	return tsc_hz;
}

const char *x86_tsc_source(void)
{
	return tsc_source;
}

/* Leaf 0x15: TSC = crystal * ebx / eax, when the crystal is stated. */
static uint64_t tsc_hz_from_leaf15(void)
{
	uint32_t r[4];

	if (x86_cpuid_max(0) < 0x15)
		return 0;
	x86_cpuid(0x15, r);
	if (!r[0] || !r[1] || !r[2])
		return 0;
	return (uint64_t)r[2] * r[1] / r[0];
}

/* Leaf 0x40000010 (VMware's timing leaf, also offered by QEMU/KVM with a
 * stable TSC): eax = TSC kHz. */
static uint64_t tsc_hz_from_hypervisor(void)
{
	uint32_t r[4];

	x86_cpuid(1, r);
	if (!(r[2] & X86_CPUID1_ECX_HYPERVISOR) || x86_cpuid_max(0x40000000) < 0x40000010)
		return 0;
	x86_cpuid(0x40000010, r);
	return (uint64_t)r[0] * 1000;
}

/* Leaf 0x16: the processor's base frequency in MHz, which is the TSC's on
 * the Intel CPUs that have the leaf; coarse, so the last resort. */
static uint64_t tsc_hz_from_leaf16(void)
{
	uint32_t r[4];

	if (x86_cpuid_max(0) < 0x16)
		return 0;
	x86_cpuid(0x16, r);
	return (uint64_t)(r[0] & 0xffff) * 1000000;
}

uint64_t x86_tsc_init(void)
{
	if ((tsc_hz = tsc_hz_from_leaf15()))
		tsc_source = "CPUID 0x15";
	else if ((tsc_hz = tsc_hz_from_hypervisor()))
		tsc_source = "CPUID 0x40000010";
	else if ((tsc_hz = x86_pit_measure_tsc_hz(PIT_WINDOW_US)))
		tsc_source = "measured against the PIT";
	else if ((tsc_hz = tsc_hz_from_leaf16()))
		tsc_source = "CPUID 0x16";
	else
		rk_panic("x86: cannot tell the TSC frequency (no CPUID leaf 0x15/0x16, "
			 "no PIT: QEMU microvm needs pit=on)");
	return tsc_hz;
}
