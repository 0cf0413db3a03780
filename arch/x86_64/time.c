/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel clock on x86_64 is the TSC (constant-rate on every CPU of
 * the last fifteen years, and QEMU's TCG runs it at the host's rate); the
 * one-shot timer is the local APIC's (drivers/irq/lapic.c registers it). */
#include <rumpk/arch.h>
#include <rumpk/init.h>
#include <rumpk/panic.h>
#include <rumpk/time.h>
#include <rumpk/x86_irq.h>
#include <arch/tsc.h>
#include "internal.h"

/* Without a CPUID frequency (all of QEMU 7.2's TCG CPU models, -cpu max
 * included: basic leaves end at 0xd, the hypervisor leaves, signature
 * "TCGTCGTCGTCG", end at 0x40000001), the TSC is measured against the
 * PIT, in two steps so that boot does not wait for precision:
 * - at boot, over COARSE_TICKS (25 us): within a few percent, enough for
 *   the first timers;
 * - REFINE_MS later, from a timer, over the whole time since: the PIT
 *   kept counting, so that costs one more read and comes within tens of
 *   ppm (the ends are each known to about a microsecond). The clock then
 *   goes on at the refined rate (rk_time_clock_rate_changed).
 * A refinement that disagrees with the boot figure by more than 1/16, or
 * finds the PIT wrapped (a host that stalled QEMU for 55 ms), starts
 * the ruler again and tries later, REFINE_TRIES times at most. */
#define PIT_HZ 1193182
#define COARSE_TICKS 30 /* 25 us */
#define REFINE_MS 20
#define REFINE_TRIES 4
/* The PIT's 16-bit count wraps after 0x10000 ticks: stay well below. */
#define REFINE_MAX_TICKS 0xe000

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

static struct x86_pit_mark pit_mark;
static bool refine_pending;

uint64_t x86_tsc_init(void)
{
	if ((tsc_hz = tsc_hz_from_leaf15()))
		tsc_source = "CPUID 0x15";
	else if ((tsc_hz = tsc_hz_from_hypervisor()))
		tsc_source = "CPUID 0x40000010";
	else if (x86_pit_start(&pit_mark) &&
		 (tsc_hz = x86_pit_tsc_hz_since(&pit_mark, COARSE_TICKS))) {
		tsc_source = "measured against the PIT over 25 us; a longer measurement follows";
		refine_pending = true;
	} else if ((tsc_hz = tsc_hz_from_leaf16()))
		tsc_source = "CPUID 0x16";
	else
		rk_panic("x86: cannot tell the TSC frequency (no CPUID leaf 0x15/0x16, "
			 "no PIT: QEMU microvm needs pit=on)");
	return tsc_hz;
}

static struct rk_timer refine_timer;
static unsigned refine_tries;

/* The refinement, in the timer interrupt (interrupts masked). */
static void refine(struct rk_timer *t, void *arg)
{
	uint64_t since = x86_rdtsc() - pit_mark.tsc;
	uint64_t hz = 0;

	/* Under a second the product fits in 64 bits. */
	if (since < tsc_hz && since * PIT_HZ / tsc_hz < REFINE_MAX_TICKS)
		hz = x86_pit_tsc_hz_since(&pit_mark, 1);
	if (hz && hz > tsc_hz - tsc_hz / 16 && hz < tsc_hz + tsc_hz / 16) {
		tsc_hz = hz;
		tsc_source = "measured against the PIT, refined";
		x86_pit_stop();
		rk_time_clock_rate_changed();
		return;
	}
	if (++refine_tries < REFINE_TRIES && x86_pit_start(&pit_mark)) {
		rk_timer_arm(t, rk_time_ns() + REFINE_MS * RK_NSEC_PER_MSEC);
		return;
	}
	x86_pit_stop();
	tsc_source = "measured against the PIT over 25 us only (refining failed)";
}

/* Armed at the late level: the clock and the timer run by then. */
static int start_refining(const struct rk_bootinfo *bi)
{
	if (refine_pending) {
		rk_timer_init(&refine_timer, refine, NULL);
		rk_timer_arm(&refine_timer, rk_time_ns() + REFINE_MS * RK_NSEC_PER_MSEC);
	}
	return 0;
}
RK_INIT(start_refining, RK_INIT_LATE);
