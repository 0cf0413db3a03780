/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 program address spaces and ring 3 (include/rumpk/uspace.h).
 *
 * A space is a PML4 whose entry 0 is the kernel's (the identity map of
 * the first 512 GiB; its entries never have the user bit, so ring 3 can
 * reach none of it) and whose entry 1 leads to the space's own tables for
 * the program's gigabyte (arch/user.h), every level with the user bit.
 * Data pages are no-execute (EFER.NXE), code pages read-only. With SMEP
 * the kernel cannot execute program pages, with SMAP it cannot touch them
 * except inside the copy helpers (kernel/exec/uaccess.c, with stac/clac
 * here), which first check every page in the space's tables and run with
 * interrupts masked and the space active. CR3 is switched lazily, before entering the program and before
 * a copy; with SMP also where the CPU's TLB may not match the space's
 * tables (rumpk/uspace_cpus.h): a CR3 load drops every translation of
 * program pages (they are not global). */
#include <stdbool.h>
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/fiber.h>
#include <rumpk/init.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <rumpk/uspace.h>
#include <rumpk/uspace_cpus.h>
#include <rumpk/x86_irq.h>
#include <arch/user.h>
#include "internal.h"

#define PTE_U 0x004ull
#define PTE_ADDR 0x000ffffffffff000ull
#define PAGE 4096ul
#define CR4_SMEP (1ull << 20)
#define CR4_SMAP (1ull << 21)
#define CPUID7_EBX_SMEP (1u << 7)
#define CPUID7_EBX_SMAP (1u << 20)
#define CPUID_EXT_EDX_NX (1u << 20)
#define RFLAGS_RESERVED 0x2ull

extern uint64_t x86_boot_pml4[512];

struct rk_uspace {
	struct x86_user_ctx ctx;
	uint64_t *pml4, *pdpt, *pd; /* pd: the window's 512 entries of 2 MiB */
	struct rk_uspace_cpus cpus;
};

static bool smap;
static uint64_t nx;
/* The program in ring 3 now on this CPU, if any. */
static RK_PERCPU(struct x86_user_ctx *, running_);
#define running RK_THIS(running_)

static int user_init(const struct rk_bootinfo *bi)
{
	uint32_t r[4];
	uint64_t cr4 = x86_read_cr4();

	x86_cpuid(0x80000001, r);
	nx = r[3] & CPUID_EXT_EDX_NX ? X86_PTE_NX : 0; /* mmu.c turned EFER.NXE on */
	x86_cpuid(0, r);
	if (r[0] >= 7) {
		x86_cpuid_sub(7, 0, r);
		if (r[1] & CPUID7_EBX_SMEP)
			cr4 |= CR4_SMEP;
		if (r[1] & CPUID7_EBX_SMAP) {
			cr4 |= CR4_SMAP;
			smap = true;
		}
	}
	x86_write_cr4(cr4);
	printk("x86: user mode: SMEP %s, SMAP %s, NX %s\n", cr4 & CR4_SMEP ? "on" : "absent",
	       smap ? "on" : "absent", nx ? "on" : "absent");
	return 0;
}
RK_INIT(user_init, RK_INIT_LATE);

static void *zpage(void)
{
	void *p = rk_page_alloc(1);
	if (p)
		memset(p, 0, PAGE);
	return p;
}

/* Interrupts masked. */
static void activate(struct rk_uspace *s)
{
	if (x86_read_cr3() != s->ctx.cr3 || rk_uspace_cpus_stale(&s->cpus)) {
		x86_write_cr3(s->ctx.cr3);
		rk_uspace_cpus_loaded(&s->cpus);
	}
}

/* On the CPU that runs it: nothing of s stays loaded here. */
static void evict(void *arg)
{
	struct rk_uspace *s = arg;
	if (x86_read_cr3() == s->ctx.cr3)
		x86_write_cr3((uintptr_t)x86_boot_pml4);
	if (running == &s->ctx)
		running = 0;
}

struct rk_uspace *arch_uspace_create(void)
{
	struct rk_uspace *s = malloc(sizeof(*s));
	if (!s)
		return 0;
	memset(s, 0, sizeof(*s));
	s->pml4 = zpage();
	s->pdpt = s->pml4 ? zpage() : 0;
	s->pd = s->pdpt ? zpage() : 0;
	if (!s->pd) {
		if (s->pdpt)
			rk_page_free(s->pdpt, 1);
		if (s->pml4)
			rk_page_free(s->pml4, 1);
		free(s);
		return 0;
	}
	s->pml4[0] = x86_boot_pml4[0];
	s->pml4[RK_USER_BASE >> 39] = (uintptr_t)s->pdpt | X86_PTE_P | X86_PTE_RW | PTE_U;
	s->pdpt[(RK_USER_BASE >> 30) & 511] = (uintptr_t)s->pd | X86_PTE_P | X86_PTE_RW | PTE_U;
	s->ctx.cr3 = (uintptr_t)s->pml4;
	rk_uspace_cpus_init(&s->cpus);
	return s;
}

void arch_uspace_destroy(struct rk_uspace *s)
{
	unsigned long flags = arch_irq_save();
	evict(s);
	arch_irq_restore(flags);
	rk_uspace_cpus_evict(&s->cpus, evict, s);
	for (unsigned i = 0; i < 512; i++)
		if (s->pd[i] & X86_PTE_P)
			rk_page_free((void *)(uintptr_t)(s->pd[i] & PTE_ADDR), 1);
	rk_page_free(s->pd, 1);
	rk_page_free(s->pdpt, 1);
	rk_page_free(s->pml4, 1);
	free(s);
}

static uint64_t *leaf_of(struct rk_uspace *s, uintptr_t uva, bool make)
{
	uint64_t *pde = &s->pd[(uva - RK_USER_BASE) / X86_LARGE_PAGE_SIZE];
	if (!(*pde & X86_PTE_P)) {
		uint64_t *t = make ? zpage() : 0;
		if (!t)
			return 0;
		*pde = (uintptr_t)t | X86_PTE_P | X86_PTE_RW | PTE_U;
	}
	return &((uint64_t *)(uintptr_t)(*pde & PTE_ADDR))[(uva / PAGE) & 511];
}

int arch_uspace_map(struct rk_uspace *s, uintptr_t uva, uintptr_t pa, size_t size,
		    unsigned prot)
{
	if ((uva | pa | size) & (PAGE - 1) || !rk_user_in_window(uva, size) ||
	    (prot & RK_UPROT_W && prot & RK_UPROT_X) || !prot)
		return -RK_EINVAL;
	if ((prot & RK_UPROT_W) && !nx)
		return -RK_EINVAL; /* without NX a writable page is executable */
	uint64_t bits = X86_PTE_P | PTE_U | (prot & RK_UPROT_W ? X86_PTE_RW : 0) |
			(prot & RK_UPROT_X ? 0 : nx);
	for (size_t off = 0; off < size; off += PAGE) {
		uint64_t *e = leaf_of(s, uva + off, true);
		if (!e)
			return -RK_ENOMEM;
		*e = (pa + off) | bits;
		if (x86_read_cr3() == s->ctx.cr3)
			x86_invlpg(uva + off);
	}
	rk_uspace_cpus_changed(&s->cpus);
	return 0;
}

uintptr_t arch_uspace_unmap(struct rk_uspace *s, uintptr_t uva)
{
	if ((uva & (PAGE - 1)) || !rk_user_in_window(uva, PAGE))
		return 0;
	uint64_t *e = leaf_of(s, uva, false);
	if (!e || !(*e & X86_PTE_P))
		return 0;
	uintptr_t pa = (uintptr_t)(*e & PTE_ADDR);
	*e = 0;
	if (x86_read_cr3() == s->ctx.cr3)
		x86_invlpg(uva);
	rk_uspace_cpus_changed(&s->cpus);
	return pa;
}

void arch_uspace_start(struct rk_uspace *s, uintptr_t pc, uintptr_t sp, uint64_t a0,
		       uint64_t a1, uint64_t a2)
{
	struct rk_trap_frame *f = &s->ctx.tf;
	memset(f, 0, sizeof(*f));
	f->rip = pc;
	f->rsp = sp - 8; /* as if called: the psABI's entry alignment */
	f->rdi = a0;
	f->rsi = a1;
	f->rdx = a2;
	f->cs = X86_USER_CS;
	f->ss = X86_USER_DS;
	f->rflags = X86_RFLAGS_IF | RFLAGS_RESERVED;
}

void arch_uspace_set_result(struct rk_uspace *s, int64_t v)
{
	s->ctx.tf.rax = (uint64_t)v;
}

void arch_uspace_run(struct rk_uspace *s, struct rk_uexit *why)
{
	struct rk_trap_frame *f = &s->ctx.tf;
	unsigned long flags = arch_irq_save();

	activate(s);
	running = &s->ctx;
	/* Only IF and the arithmetic flags are the program's to set. */
	f->rflags = (f->rflags & 0xcd5) | X86_RFLAGS_IF | RFLAGS_RESERVED;
	f->cs = X86_USER_CS;
	f->ss = X86_USER_DS;
	x86_user_run(&s->ctx);
	if (f->vector >= 32 && f->vector != X86_VEC_USER_TRAP) {
		why->kind = RK_UEXIT_TICK; /* served in x86_user_trap */
	} else if (f->vector == X86_VEC_USER_TRAP) {
		why->kind = RK_UEXIT_TRAP;
		why->trap = f->rax;
		why->arg = f->rdi;
	} else {
		why->kind = RK_UEXIT_FAULT;
		why->cause = x86_exception_name(f->vector);
		why->code = f->vector;
		why->pc = f->rip;
		why->addr = f->vector == X86_VEC_PF ? f->cr2 : 0;
	}
	arch_irq_restore(flags);
}

/* Every trap from ring 3 (trap.c): back to arch_uspace_run's caller with
 * the program's registers, after serving an interrupt here, on this
 * fiber's stack (it may switch fibers). */
void x86_user_trap(struct rk_trap_frame *f)
{
	struct x86_user_ctx *c = running;

	c->tf = *f;
	if (f->vector >= 32 && f->vector != X86_VEC_USER_TRAP)
		x86_interrupt(f);
	x86_user_resume(c);
}

bool arch_uspace_page_ok(struct rk_uspace *s, uintptr_t uva, unsigned prot)
{
	uint64_t need = X86_PTE_P | PTE_U | (prot & RK_UPROT_W ? X86_PTE_RW : 0);
	uint64_t *e = leaf_of(s, uva, false);
	return e && (*e & need) == need;
}

unsigned long arch_uspace_open(struct rk_uspace *s)
{
	unsigned long flags = arch_irq_save();
	activate(s);
	if (smap)
		__asm__ volatile("stac" ::: "memory");
	return flags;
}

void arch_uspace_close(struct rk_uspace *s, unsigned long flags)
{
	(void)s;
	if (smap)
		__asm__ volatile("clac" ::: "memory");
	arch_irq_restore(flags);
}
