/* SPDX-License-Identifier: BSD-2-Clause */
/* Local APIC (xAPIC, memory-mapped; each CPU sees its own at the same
 * address): interrupt acceptance and EOI for everything the I/O APIC
 * routes, the one-shot timer behind each CPU's kernel timers, and (SMP)
 * the interrupts between CPUs.
 *
 * Timer: TSC-deadline mode when the CPU has it (KVM): the deadline is
 * written as an absolute TSC value, no conversion, no drift. Otherwise
 * (QEMU TCG) one-shot count mode at divide-by-1: the TSC deadline becomes
 * a count through a 32.32 fixed-point ratio, rounded up so the interrupt
 * never comes early by more than the ratio's error; if it does, the
 * kernel finds no timer due and simply arms the rest. */
#include <rumpk/arch.h>
#include <rumpk/drv/timer.h>
#include <rumpk/mmio.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include <rumpk/x86_irq.h>
#include <arch/x86.h>

enum {
	LAPIC_ID = 0x20,
	LAPIC_VERSION = 0x30,
	LAPIC_TPR = 0x80,
	LAPIC_EOI = 0xb0,
	LAPIC_SVR = 0xf0,
	LAPIC_ESR = 0x280,
	LAPIC_LVT_TIMER = 0x320,
	LAPIC_LVT_THERMAL = 0x330,
	LAPIC_LVT_PERF = 0x340,
	LAPIC_LVT_LINT0 = 0x350,
	LAPIC_LVT_LINT1 = 0x360,
	LAPIC_LVT_ERROR = 0x370,
	LAPIC_TIMER_INITIAL = 0x380,
	LAPIC_TIMER_CURRENT = 0x390,
	LAPIC_TIMER_DIVIDE = 0x3e0,
};

#define APIC_BASE_ENABLE (1u << 11)
#define APIC_BASE_X2APIC (1u << 10)
#define APIC_BASE_ADDR 0x000ffffffffff000ull
#define SVR_ENABLE (1u << 8)
#define LVT_MASKED (1u << 16)
#define LVT_NMI (4u << 8)
#define LVT_TIMER_TSC_DEADLINE (2u << 17)
#define TIMER_DIVIDE_BY_1 0xb
/* The APIC timer against the TSC when no CPUID leaf states its clock (QEMU
 * TCG: 1 GHz). Both count finely and each end is the narrowest of
 * CALIBRATE_READS brackets, so 10 us give the ratio within a few hundred
 * ppm (six TCG boots at host load 14: -160 to +340 ppm). It is busy time
 * on every boot: 1 ms was 1M instructions. */
#define CALIBRATE_US 10
#define CALIBRATE_READS 8

static uintptr_t base;
static bool tsc_deadline;
static uint64_t lapic_hz;
static uint64_t tsc_to_count_fp; /* APIC timer counts per TSC tick, 32.32 */

static inline uint32_t lapic_read(unsigned reg)
{
	return mmio_read32(base + reg);
}

static inline void lapic_write(unsigned reg, uint32_t v)
{
	mmio_write32(base + reg, v);
}

void lapic_init(void)
{
	uint64_t msr = x86_rdmsr(X86_MSR_APIC_BASE);

	/* Back from x2APIC (if firmware chose it) to xAPIC goes through
	 * disabled; then enable globally. */
	if (msr & APIC_BASE_X2APIC)
		x86_wrmsr(X86_MSR_APIC_BASE, msr & ~(uint64_t)(APIC_BASE_X2APIC | APIC_BASE_ENABLE));
	x86_wrmsr(X86_MSR_APIC_BASE, (msr & ~(uint64_t)APIC_BASE_X2APIC) | APIC_BASE_ENABLE);
	base = (uintptr_t)(msr & APIC_BASE_ADDR);
	if (base >= X86_MAPPED_BYTES)
		rk_panic("lapic: registers at 0x%lx, outside the identity map", (unsigned long)base);

	unsigned max_lvt = lapic_read(LAPIC_VERSION) >> 16 & 0xff;
	lapic_write(LAPIC_SVR, SVR_ENABLE | X86_VEC_SPURIOUS);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | X86_VEC_TIMER);
	/* LINT0 carries the 8259 PIC (ExtINT); everything comes through the
	 * I/O APIC instead. LINT1 is the NMI pin. */
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LVT_NMI);
	if (max_lvt >= 4)
		lapic_write(LAPIC_LVT_PERF, LVT_MASKED);
	if (max_lvt >= 5)
		lapic_write(LAPIC_LVT_THERMAL, LVT_MASKED);
	lapic_write(LAPIC_LVT_ERROR, X86_VEC_LAPIC_ERROR);
	/* The error status register latches on a write; two clear it. */
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_ESR, 0);
	lapic_eoi(); /* in case firmware left a vector in service */
}

unsigned lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

/* The MSI address window (Intel SDM 11.11.1): 0xfee, then the destination
 * APIC id in bits 19:12; redirection hint and destination mode 0 mean
 * "physical, exactly this CPU". Data: the vector, fixed delivery, edge. */
#define MSI_ADDR_BASE 0xfee00000u
#define MSI_ADDR_DEST_SHIFT 12

uint64_t x86_msi_addr(unsigned apic_id)
{
	return MSI_ADDR_BASE | (uint64_t)apic_id << MSI_ADDR_DEST_SHIFT;
}

int x86_msi_alloc(unsigned *irq, uint64_t *addr, uint32_t *data)
{
	static unsigned used;

	if (used >= X86_NR_MSI)
		return -1;
	*irq = X86_NR_GSI + used++;
	*addr = x86_msi_addr(lapic_id());
	*data = X86_VEC_GSI_BASE + *irq;
	return 0;
}

void lapic_error_interrupt(void)
{
	lapic_write(LAPIC_ESR, 0);
	printk("lapic: error status 0x%x\n", lapic_read(LAPIC_ESR));
	lapic_eoi();
}

/* The current count and the TSC when it was read: of a few reads, each
 * bracketed by two TSC reads, the one with the narrowest bracket (a read
 * the host stalled pairs the count with the wrong time); the count
 * belongs to the bracket's midpoint. */
static uint32_t count_at(uint64_t *tsc)
{
	uint64_t best = UINT64_MAX;
	uint32_t count = 0;

	for (int i = 0; i < CALIBRATE_READS; i++) {
		uint64_t a = x86_rdtsc();
		uint32_t c = lapic_read(LAPIC_TIMER_CURRENT);
		uint64_t b = x86_rdtsc();
		if (b - a < best) {
			best = b - a;
			*tsc = a + (b - a) / 2;
			count = c;
		}
	}
	return count;
}

/* The APIC timer's input clock: the core crystal (CPUID 0x15 ecx) on
 * Intel, the hypervisor's bus clock (leaf 0x40000010 ebx, kHz), else
 * measured against the TSC over CALIBRATE_US. */
static uint64_t timer_hz(uint64_t tsc_hz)
{
	uint32_t r[4];

	if (x86_cpuid_max(0) >= 0x15) {
		x86_cpuid(0x15, r);
		if (r[2])
			return r[2];
	}
	x86_cpuid(1, r);
	if ((r[2] & X86_CPUID1_ECX_HYPERVISOR) && x86_cpuid_max(0x40000000) >= 0x40000010) {
		x86_cpuid(0x40000010, r);
		if (r[1])
			return (uint64_t)r[1] * 1000;
	}
	lapic_write(LAPIC_TIMER_INITIAL, 0xffffffff);
	uint64_t t0, t1;
	uint32_t c0 = count_at(&t0);
	while (x86_rdtsc() - t0 < tsc_hz * CALIBRATE_US / 1000000)
		;
	uint32_t c1 = count_at(&t1);
	lapic_write(LAPIC_TIMER_INITIAL, 0);
	/* No 128-bit division (clang has no libgcc): the product stays far
	 * below 2^64 for any clock of some GHz over a millisecond. */
	return t1 > t0 ? (uint64_t)(c0 - c1) * tsc_hz / (t1 - t0) : 0;
}

static const struct rk_timer_dev lapic_timer = { "lapic", lapic_timer_set_deadline };

void lapic_timer_init(uint64_t tsc_hz)
{
	uint32_t r[4];

	rk_timer_dev_register(&lapic_timer);
	x86_cpuid(1, r);
	tsc_deadline = r[2] & X86_CPUID1_ECX_TSC_DEADLINE;
	if (tsc_deadline) {
		lapic_write(LAPIC_LVT_TIMER, LVT_TIMER_TSC_DEADLINE | X86_VEC_TIMER);
		/* The SDM asks for this fence between switching the mode and
		 * the first write of the deadline MSR. */
		__asm__ volatile("mfence" : : : "memory");
		return;
	}
	lapic_write(LAPIC_TIMER_DIVIDE, TIMER_DIVIDE_BY_1);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | X86_VEC_TIMER);
	lapic_hz = timer_hz(tsc_hz);
	if (!lapic_hz || lapic_hz >> 32)
		rk_panic("lapic: implausible APIC timer clock %llu Hz", (unsigned long long)lapic_hz);
	tsc_to_count_fp = (lapic_hz << 32) / tsc_hz;
	lapic_write(LAPIC_LVT_TIMER, X86_VEC_TIMER); /* one-shot, unmasked */
}

uint64_t lapic_timer_hz(void)
{
	return lapic_hz;
}

void lapic_timer_set_deadline(uint64_t tsc)
{
	if (tsc_deadline) {
		/* 0 disarms; a deadline in the past fires at once. */
		x86_wrmsr(X86_MSR_TSC_DEADLINE, tsc == UINT64_MAX ? 0 : tsc ? tsc : 1);
		return;
	}
	if (tsc == UINT64_MAX) {
		lapic_write(LAPIC_TIMER_INITIAL, 0); /* 0 stops the count */
		return;
	}
	uint64_t now = x86_rdtsc();
	uint64_t count = 1; /* past or now: the next tick */
	if (tsc > now) {
		count = (uint64_t)(((unsigned __int128)(tsc - now) * tsc_to_count_fp) >> 32) + 1;
		if (count > 0xffffffff)
			count = 0xffffffff; /* fires early; the kernel re-arms */
	}
	lapic_write(LAPIC_TIMER_INITIAL, (uint32_t)count);
}

#ifdef CONFIG_SMP
/* --- SMP: the other CPUs' timers, and interrupts between CPUs ------------- */

enum { LAPIC_ICR_LOW = 0x300, LAPIC_ICR_HIGH = 0x310 };
#define ICR_PENDING (1u << 12) /* delivery status: the last IPI still goes out */
#define ICR_NMI (4u << 8)
#define ICR_INIT (5u << 8)
#define ICR_STARTUP (6u << 8)
#define ICR_ASSERT (1u << 14)

void lapic_timer_init_cpu(void)
{
	if (tsc_deadline) {
		lapic_write(LAPIC_LVT_TIMER, LVT_TIMER_TSC_DEADLINE | X86_VEC_TIMER);
		__asm__ volatile("mfence" : : : "memory"); /* as in lapic_timer_init */
		return;
	}
	/* Same clock on every CPU: the boot CPU's calibration holds. */
	lapic_write(LAPIC_TIMER_DIVIDE, TIMER_DIVIDE_BY_1);
	lapic_write(LAPIC_LVT_TIMER, X86_VEC_TIMER);
}

/* The destination and the command are two registers: no interrupt on this
 * CPU may send its own IPI in between. */
static void send_icr(unsigned apic_id, uint32_t command)
{
	unsigned long flags = arch_irq_save();

	while (lapic_read(LAPIC_ICR_LOW) & ICR_PENDING)
		;
	lapic_write(LAPIC_ICR_HIGH, apic_id << 24);
	lapic_write(LAPIC_ICR_LOW, command);
	arch_irq_restore(flags);
}

void lapic_send_ipi(unsigned apic_id, unsigned vector)
{
	send_icr(apic_id, vector); /* fixed delivery, physical destination, edge */
}

void lapic_send_nmi(unsigned apic_id)
{
	send_icr(apic_id, ICR_NMI);
}

void lapic_send_init(unsigned apic_id)
{
	send_icr(apic_id, ICR_INIT | ICR_ASSERT);
}

void lapic_send_startup(unsigned apic_id, uintptr_t page)
{
	send_icr(apic_id, ICR_STARTUP | (uint32_t)(page >> 12));
}
#endif
