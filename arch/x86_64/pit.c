/* SPDX-License-Identifier: BSD-2-Clause */
/* Measuring the TSC against the legacy 8254 PIT, the one timer of known
 * frequency that every PC-compatible machine (QEMU microvm included,
 * unless started with pit=off) has when the CPU does not state its TSC
 * frequency, as under TCG.
 *
 * Channel 0 counts down from 0xffff in mode 0 while its output (IRQ 0)
 * stays masked at the I/O APIC and the PIC; QEMU's microvm has no port
 * 0x61 gate, so channel 2 is not an option.
 *
 * Each end of the window is the moment the count is seen to change, timed
 * by TSC reads around the two PIT reads on either side of the change. A
 * port read can stall for a long time when QEMU's vCPU thread waits for
 * its global lock or the host deschedules it, so a change only counts
 * when those reads were quick; then its time is known to a fraction of
 * the PIT's 0.84 us tick. */
#include <arch/pio.h>
#include <arch/tsc.h>
#include "internal.h"

#define PIT_HZ 1193182 /* 14.31818 MHz / 12: fixed by the PC design */
#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_CH0_MODE0_LOHI 0x30
#define PIT_CH0_LATCH 0x00
/* Reads before deciding that a PIT that never changes is not there (one
 * read is a few port accesses, the count changes every 0.84 us). */
#define PIT_ABSENT_READS 10000
/* Reads that calibrate what a quick read costs. */
#define PIT_WARMUP_READS 16

struct pit_sample {
	uint64_t tsc;
	uint16_t count;
};

static uint16_t pit_read(void)
{
	outb(PIT_CMD, PIT_CH0_LATCH);
	uint8_t lo = inb(PIT_CH0);
	return (uint16_t)(lo | inb(PIT_CH0) << 8);
}

/* The first moment, at least 'ticks' after 'from', at which the count is
 * seen to change between two reads that both went quickly: the change
 * happened between the two latches, so its time is known within the
 * span of both brackets (at most max_span), finer than the PIT's own
 * 0.84 us tick when reads are fast. false when the count does not move,
 * or it wrapped (mode 0 goes on from 0xffff below 0). */
static bool change_after(const struct pit_sample *from, uint32_t ticks, uint64_t max_span,
			 struct pit_sample *s)
{
	uint16_t start = from->count; /* s may be from */
	uint64_t prev_a = x86_rdtsc();
	uint16_t prev = pit_read();

	for (unsigned still = 0; still < PIT_ABSENT_READS;) {
		uint64_t a = x86_rdtsc();
		uint16_t c = pit_read();
		uint64_t b = x86_rdtsc();
		if (c > prev)
			return false; /* wrapped: QEMU was stalled for 55 ms */
		still = c == prev ? still + 1 : 0;
		if (c != prev && (uint16_t)(start - c) >= ticks && b - prev_a <= max_span) {
			s->tsc = prev_a + (b - prev_a) / 2;
			s->count = c;
			return true;
		}
		prev_a = a;
		prev = c;
	}
	return false;
}

/* What a quick pair of reads costs, in TSC ticks. */
static uint64_t quick_span(void)
{
	uint64_t quick = UINT64_MAX;

	for (int i = 0; i < PIT_WARMUP_READS; i++) {
		uint64_t a = x86_rdtsc();
		pit_read();
		pit_read();
		uint64_t span = x86_rdtsc() - a;
		if (span < quick)
			quick = span;
	}
	return quick;
}

/* Channel 0 from 0xffff in mode 0: counting starts when the count is
 * written, and goes on for 55 ms. */
static void restart(void)
{
	outb(PIT_CMD, PIT_CH0_MODE0_LOHI);
	outb(PIT_CH0, 0xff);
	outb(PIT_CH0, 0xff);
}

bool x86_pit_start(struct x86_pit_mark *m)
{
	struct pit_sample probe = { 0, 0xffff };

	/* Is there a PIT at all? Its count moves within a microsecond. */
	restart();
	if (!change_after(&probe, 1, UINT64_MAX, &probe))
		return false;
	/* A stalled read takes far longer than twice the quickest. */
	m->max_span = 2 * quick_span();
	restart();
	struct pit_sample s = { 0, 0xffff };
	if (!change_after(&s, 1, m->max_span, &s))
		return false;
	m->tsc = s.tsc;
	m->count = s.count;
	return true;
}

uint64_t x86_pit_tsc_hz_since(const struct x86_pit_mark *m, uint32_t ticks)
{
	struct pit_sample s0 = { m->tsc, m->count }, s1;

	if (!change_after(&s0, ticks, m->max_span, &s1))
		return 0;
	/* 64 bits hold the product for windows of up to an hour. */
	return (s1.tsc - s0.tsc) * PIT_HZ / (uint16_t)(s0.count - s1.count);
}

void x86_pit_stop(void)
{
	/* Mode 0 without a new count: the channel stops, and with it QEMU's
	 * timer behind it. */
	outb(PIT_CMD, PIT_CH0_MODE0_LOHI);
}
