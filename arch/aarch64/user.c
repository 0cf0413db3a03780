/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 program address spaces and EL0 (include/rumpk/uspace.h).
 *
 * The kernel's identity map is TTBR0's (mmu.c) and is left alone. At boot
 * this file turns TTBR1 walks on (TCR_EL1: 4 KiB granule, 39 bits, like
 * TTBR0) with an empty table; a space is a level-1 table for TTBR1 whose
 * entry 0 leads to the program's gigabyte (arch/user.h). Program pages are
 * not global, EL0-accessible, never executable at EL1 (PXN), and either
 * writable or executable at EL0. Switching spaces writes TTBR1 and drops
 * the TLB (no ASIDs yet). The copy helpers (kernel/exec/uaccess.c) check
 * every page in the space's tables first, then copy with interrupts
 * masked, the space active and PAN off, where the CPU has PAN. */
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/fiber.h>
#include <rumpk/init.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <rumpk/uspace.h>
#include <arch/sysreg.h>
#include <arch/user.h>

#define PAGE 4096ul
#define L2_SPAN (PAGE * 512) /* what one level-3 table maps */
#define DESC_VALID 1ull
#define DESC_TABLE 3ull        /* tables at levels 1-2, pages at level 3 */
#define PTE_ATTR_NORMAL 0ull   /* MAIR index 0 (mmu.c) */
#define PTE_AP_EL0 (1ull << 6) /* AP[1]: EL0 may access */
#define PTE_RDONLY (1ull << 7)
#define PTE_SH_INNER (3ull << 8)
#define PTE_AF (1ull << 10)
#define PTE_NG (1ull << 11)
#define PTE_PXN (1ull << 53)
#define PTE_UXN (1ull << 54)
#define PTE_OA 0x0000fffffffff000ull
/* TTBR1 walks as TTBR0's: IRGN1/ORGN1 write-back, SH1 inner, TG1 4 KiB. */
#define TCR_T1_WALK ((1ull << 24) | (1ull << 26) | (3ull << 28) | (2ull << 30))
#define TCR_T1_MASK (0xffull << 24)
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define EC_SVC64 0x15
#define SPSR_EL0T 0ull
/* MSR PAN, #imm by encoding: assemblers for ARMv8.0 do not know the name. */
#define SET_PAN(on) __asm__ volatile(".inst 0xd500409f | (" #on " << 8)" ::: "memory")

struct rk_uspace {
	struct aarch64_user_ctx ctx;
	uint64_t *l1, *l2;
};

static bool pan;
static uint64_t *empty_l1; /* TTBR1 when no program is active */

static void *zpage(void)
{
	void *p = rk_page_alloc(1);
	if (p)
		memset(p, 0, PAGE);
	return p;
}

#ifdef CONFIG_SMP
/* A space destroyed on one CPU may still be in another's TTBR1, its
 * translations in that CPU's TLB, and a new space can get the same table
 * page: TTBR1 matching proves nothing then. Every destroy counts, and a
 * CPU that has not seen the latest count switches (and flushes) anyway. */
static atomic_uint destroyed;
static RK_PERCPU(unsigned, destroyed_seen);

static bool ttbr1_is(const uint64_t *t)
{
	unsigned d = atomic_load(&destroyed);
	if (RK_THIS(destroyed_seen) != d) {
		RK_THIS(destroyed_seen) = d;
		return false;
	}
	return read_sysreg(ttbr1_el1) == (uintptr_t)t;
}
#else
static bool ttbr1_is(const uint64_t *t)
{
	return read_sysreg(ttbr1_el1) == (uintptr_t)t;
}
#endif

/* Interrupts masked. */
static void set_ttbr1(const uint64_t *t)
{
	if (ttbr1_is(t))
		return;
	write_sysreg(ttbr1_el1, (uintptr_t)t);
	__asm__ volatile("isb\n\ttlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
}

/* This CPU's side: TTBR1 walks on, through the empty table, and PAN (a
 * PSTATE bit: each CPU sets its own, in its own flow, as an exception
 * return would put back the old value of one set from a handler). */
void aarch64_user_cpu_init(void)
{
	write_sysreg(ttbr1_el1, (uintptr_t)empty_l1);
	uint64_t tcr = read_sysreg(tcr_el1);
	write_sysreg(tcr_el1, (tcr & ~(TCR_T1_MASK | TCR_EL1_EPD1)) | TCR_T1_WALK);
	__asm__ volatile("isb\n\ttlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
	if (pan)
		SET_PAN(1);
}

/* At the driver level, before kernel/smp starts the secondaries (late
 * level): each of them calls aarch64_user_cpu_init with what this set. */
static int user_init(const struct rk_bootinfo *bi)
{
	empty_l1 = zpage();
	if (!empty_l1)
		return -RK_ENOMEM;
	pan = (read_sysreg(id_aa64mmfr1_el1) >> 20) & 0xf;
	aarch64_user_cpu_init();
	printk("aarch64: user mode at EL0, PAN %s\n", pan ? "on" : "absent");
	return 0;
}
RK_INIT(user_init, RK_INIT_DRIVER);

struct rk_uspace *arch_uspace_create(void)
{
	struct rk_uspace *s = malloc(sizeof(*s));
	if (!s)
		return 0;
	memset(s, 0, sizeof(*s));
	s->l1 = zpage();
	s->l2 = s->l1 ? zpage() : 0;
	if (!s->l2) {
		if (s->l1)
			rk_page_free(s->l1, 1);
		free(s);
		return 0;
	}
	s->l1[0] = (uintptr_t)s->l2 | DESC_TABLE;
	__asm__ volatile("dsb ishst" ::: "memory");
	return s;
}

void arch_uspace_destroy(struct rk_uspace *s)
{
	unsigned long flags = arch_irq_save();
	if (read_sysreg(ttbr1_el1) == (uintptr_t)s->l1)
		set_ttbr1(empty_l1);
#ifdef CONFIG_SMP
	atomic_fetch_add(&destroyed, 1); /* before its pages can be reused */
#endif
	arch_irq_restore(flags);
	for (unsigned i = 0; i < 512; i++)
		if (s->l2[i] & DESC_VALID)
			rk_page_free((void *)(uintptr_t)(s->l2[i] & PTE_OA), 1);
	rk_page_free(s->l2, 1);
	rk_page_free(s->l1, 1);
	free(s);
}

static uint64_t *leaf_of(struct rk_uspace *s, uintptr_t uva, bool make)
{
	uint64_t *e2 = &s->l2[(uva - RK_USER_BASE) / L2_SPAN];
	if (!(*e2 & DESC_VALID)) {
		uint64_t *t = make ? zpage() : 0;
		if (!t)
			return 0;
		__asm__ volatile("dsb ishst" ::: "memory");
		*e2 = (uintptr_t)t | DESC_TABLE;
	}
	return &((uint64_t *)(uintptr_t)(*e2 & PTE_OA))[(uva / PAGE) & 511];
}

static void tlb_sync(struct rk_uspace *s)
{
#ifdef CONFIG_SMP
	/* Every CPU: one the program ran on before keeps the space in its
	 * TTBR1 and would not flush when the program comes back. */
	(void)s;
	__asm__ volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" ::: "memory");
#else
	__asm__ volatile("dsb ishst" ::: "memory");
	if (read_sysreg(ttbr1_el1) == (uintptr_t)s->l1)
		__asm__ volatile("tlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
#endif
}

int arch_uspace_map(struct rk_uspace *s, uintptr_t uva, uintptr_t pa, size_t size,
		    unsigned prot)
{
	if ((uva | pa | size) & (PAGE - 1) || !rk_user_in_window(uva, size) ||
	    (prot & RK_UPROT_W && prot & RK_UPROT_X) || !prot)
		return -RK_EINVAL;
	uint64_t bits = DESC_TABLE | PTE_ATTR_NORMAL | PTE_SH_INNER | PTE_AF | PTE_NG |
			PTE_AP_EL0 | PTE_PXN | (prot & RK_UPROT_W ? 0 : PTE_RDONLY) |
			(prot & RK_UPROT_X ? 0 : PTE_UXN);
	for (size_t off = 0; off < size; off += PAGE) {
		uint64_t *e = leaf_of(s, uva + off, true);
		if (!e)
			return -RK_ENOMEM;
		*e = (pa + off) | bits;
	}
	tlb_sync(s);
	return 0;
}

uintptr_t arch_uspace_unmap(struct rk_uspace *s, uintptr_t uva)
{
	if ((uva & (PAGE - 1)) || !rk_user_in_window(uva, PAGE))
		return 0;
	uint64_t *e = leaf_of(s, uva, false);
	if (!e || !(*e & DESC_VALID))
		return 0;
	uintptr_t pa = (uintptr_t)(*e & PTE_OA);
	*e = 0;
	tlb_sync(s);
	return pa;
}

void arch_uspace_start(struct rk_uspace *s, uintptr_t pc, uintptr_t sp, uint64_t a0,
		       uint64_t a1, uint64_t a2)
{
	struct rk_trap_frame *f = &s->ctx.tf;
	memset(f, 0, sizeof(*f));
	f->elr = pc;
	f->sp = sp;
	f->x[0] = a0;
	f->x[1] = a1;
	f->x[2] = a2;
}

void arch_uspace_set_result(struct rk_uspace *s, int64_t v)
{
	s->ctx.tf.x[0] = (uint64_t)v;
}

static const char *ec_name(unsigned ec)
{
	switch (ec) {
	case 0x00: return "undefined instruction";
	case 0x0e: return "illegal execution state";
	case 0x20: return "instruction abort";
	case 0x22: return "PC alignment fault";
	case 0x24: return "data abort";
	case 0x26: return "SP alignment fault";
	case 0x3c: return "breakpoint";
	default: return "exception";
	}
}

void arch_uspace_run(struct rk_uspace *s, struct rk_uexit *why)
{
	struct rk_trap_frame *f = &s->ctx.tf;
	unsigned long flags = arch_irq_save();

	set_ttbr1(s->l1);
	f->spsr = SPSR_EL0T; /* EL0 with SP_EL0, nothing masked */
	/* TPIDR_EL0 is the program's to write at EL0 and the kernel never
	 * reads it: each program keeps its own across switches. */
	write_sysreg(tpidr_el0, s->ctx.tpidr_el0);
	aarch64_user_run(&s->ctx);
	s->ctx.tpidr_el0 = read_sysreg(tpidr_el0);
	__asm__ volatile("msr daifclr, #4" ::: "memory"); /* SError, as the kernel runs */
	unsigned ec = ESR_EC(f->esr);
	if (s->ctx.kind == A64_TYPE_IRQ) {
		/* As vectors.S would, on this fiber's stack: the handler may
		 * switch fibers, and another space may be active when this one
		 * runs again (set_ttbr1). */
		aarch64_trap(f, A64_KIND(A64_SRC_KERNEL, A64_TYPE_IRQ));
		why->kind = RK_UEXIT_TICK;
	} else if (s->ctx.kind == A64_TYPE_SYNC && ec == EC_SVC64) {
		why->kind = RK_UEXIT_TRAP; /* elr is past the svc already */
		why->trap = f->x[8];
		why->arg = f->x[0];
	} else {
		why->kind = RK_UEXIT_FAULT;
		why->cause = s->ctx.kind == A64_TYPE_SYNC ? ec_name(ec) : "FIQ or SError";
		why->code = ec;
		why->pc = f->elr;
		why->addr = ec == 0x20 || ec == 0x24 || ec == 0x22 ? f->far : 0;
	}
	arch_irq_restore(flags);
}

bool arch_uspace_page_ok(struct rk_uspace *s, uintptr_t uva, unsigned prot)
{
	uint64_t *e = leaf_of(s, uva, false);
	return e && (*e & DESC_VALID) && (*e & PTE_AP_EL0) &&
	       !((prot & RK_UPROT_W) && (*e & PTE_RDONLY));
}

unsigned long arch_uspace_open(struct rk_uspace *s)
{
	unsigned long flags = arch_irq_save();
	set_ttbr1(s->l1);
	if (pan)
		SET_PAN(0);
	return flags;
}

void arch_uspace_close(struct rk_uspace *s, unsigned long flags)
{
	(void)s;
	if (pan)
		SET_PAN(1);
	arch_irq_restore(flags);
}
