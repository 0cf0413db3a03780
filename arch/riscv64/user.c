/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 program address spaces and U-mode (include/rumpk/uspace.h).
 *
 * A space is an Sv39 root table whose entries 0..254 are copies of the
 * kernel's (supervisor-only leaves and tables, shared: the program cannot
 * reach them, and kernel code runs unchanged while the space is active)
 * and whose entry 255 leads to the space's own tables for the program's
 * gigabyte (arch/user.h), every leaf with U set. The kernel's identity map
 * leaves that gigabyte out, so a program address means nothing to the
 * kernel outside the copy helpers (kernel/exec/uaccess.c), which check
 * every page here and then copy with SUM set, interrupts masked so that
 * no other space can become active during the copy. satp is switched lazily:
 * before entering the program and before a copy, when another space (or
 * the kernel's) is active. Program leaves are not global, and each switch
 * flushes the TLB (no ASIDs yet); with SMP a switch also happens where the
 * CPU's TLB may not match the space's tables (rumpk/uspace_cpus.h). */
#include <stdbool.h>
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/uspace.h>
#include <rumpk/uspace_cpus.h>
#include <arch/csr.h>
#include <arch/mmu.h>
#include <arch/user.h>

#ifdef ARCH_HAS_USER

#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_U (1u << 4)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)
#define PPN_SHIFT 10
#define PAGE 4096ul
#define L0_SPAN (PAGE * 512) /* what one last-level table maps: 2 MiB */
#define SSTATUS_SUM (1ull << 18)
#define SCAUSE_ECALL_U 8

void riscv_interrupt(struct rk_trap_frame *f, uint64_t scause); /* trap.c */

struct rk_uspace {
	struct riscv_user_ctx ctx;
	uint64_t *root, *l1;    /* l1: the window's 512 entries of 2 MiB */
	uint64_t satp;
	unsigned gen;           /* of the kernel root entries copied */
	struct rk_uspace_cpus cpus;
};

static uint64_t table_entry(const void *t)
{
	return ((uintptr_t)t >> 12) << PPN_SHIFT | PTE_V;
}

static uint64_t *table_of(uint64_t e)
{
	return (uint64_t *)(uintptr_t)((e >> PPN_SHIFT) << 12);
}

static void *zpage(void)
{
	void *p = rk_page_alloc(1);
	if (p)
		memset(p, 0, PAGE);
	return p;
}

/* Copy the kernel's root entries again when they changed since. */
static void sync_kernel(struct rk_uspace *s)
{
	unsigned gen;
	const uint64_t *k = riscv_mmu_kernel_root(&gen);
	if (gen == s->gen)
		return;
	memcpy(s->root, k, RISCV_USER_ROOT_INDEX * sizeof(uint64_t));
	s->gen = gen;
	if (csr_read(satp) == s->satp)
		__asm__ volatile("sfence.vma" ::: "memory");
}

/* Interrupts masked. */
static void activate(struct rk_uspace *s)
{
	sync_kernel(s);
	if (csr_read(satp) != s->satp || rk_uspace_cpus_stale(&s->cpus)) {
		__asm__ volatile("sfence.vma" ::: "memory");
		csr_write(satp, s->satp);
		__asm__ volatile("sfence.vma" ::: "memory");
		rk_uspace_cpus_loaded(&s->cpus);
	}
}

/* On the CPU that runs it, interrupts masked: s is not active here. */
static void evict(void *arg)
{
	struct rk_uspace *s = arg;
	unsigned gen;
	if (csr_read(satp) == s->satp) {
		const uint64_t *k = riscv_mmu_kernel_root(&gen);
		csr_write(satp, SATP_MODE_SV39 | (uintptr_t)k >> 12);
		__asm__ volatile("sfence.vma" ::: "memory");
	}
}

struct rk_uspace *arch_uspace_create(void)
{
	unsigned gen;
	const uint64_t *k = riscv_mmu_kernel_root(&gen);
	if (!k)
		return 0; /* bare mode: the CPU has no Sv39 */
	struct rk_uspace *s = malloc(sizeof(*s));
	if (!s)
		return 0;
	memset(s, 0, sizeof(*s));
	s->root = zpage();
	s->l1 = s->root ? zpage() : 0;
	if (!s->l1) {
		if (s->root)
			rk_page_free(s->root, 1);
		free(s);
		return 0;
	}
	s->gen = gen - 1; /* copy now */
	sync_kernel(s);
	s->root[RISCV_USER_ROOT_INDEX] = table_entry(s->l1);
	s->satp = SATP_MODE_SV39 | (uintptr_t)s->root >> 12;
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
		if (s->l1[i] & PTE_V)
			rk_page_free(table_of(s->l1[i]), 1);
	rk_page_free(s->l1, 1);
	rk_page_free(s->root, 1);
	free(s);
}

/* The leaf slot of uva (in the window), making its table when asked. */
static uint64_t *leaf_of(struct rk_uspace *s, uintptr_t uva, bool make)
{
	uint64_t *e1 = &s->l1[(uva - RK_USER_BASE) / L0_SPAN];
	if (!(*e1 & PTE_V)) {
		uint64_t *t = make ? zpage() : 0;
		if (!t)
			return 0;
		*e1 = table_entry(t);
	}
	return &table_of(*e1)[(uva / PAGE) & 511];
}

int arch_uspace_map(struct rk_uspace *s, uintptr_t uva, uintptr_t pa, size_t size,
		    unsigned prot)
{
	if ((uva | pa | size) & (PAGE - 1) || !rk_user_in_window(uva, size) ||
	    (prot & RK_UPROT_W && prot & RK_UPROT_X) || !prot)
		return -RK_EINVAL;
	uint64_t bits = PTE_V | PTE_U | PTE_A;
	if (prot & RK_UPROT_R)
		bits |= PTE_R;
	if (prot & RK_UPROT_W)
		bits |= PTE_R | PTE_W | PTE_D; /* W without R is reserved */
	if (prot & RK_UPROT_X)
		bits |= PTE_X;
	for (size_t off = 0; off < size; off += PAGE) {
		uint64_t *e = leaf_of(s, uva + off, true);
		if (!e)
			return -RK_ENOMEM;
		*e = ((pa + off) >> 12) << PPN_SHIFT | bits;
	}
	__asm__ volatile("sfence.vma" ::: "memory");
	rk_uspace_cpus_changed(&s->cpus);
	return 0;
}

uintptr_t arch_uspace_unmap(struct rk_uspace *s, uintptr_t uva)
{
	if ((uva & (PAGE - 1)) || !rk_user_in_window(uva, PAGE))
		return 0;
	uint64_t *e = leaf_of(s, uva, false);
	if (!e || !(*e & PTE_V))
		return 0;
	uintptr_t pa = (uintptr_t)((*e >> PPN_SHIFT) << 12);
	*e = 0;
	__asm__ volatile("sfence.vma %0, zero" :: "r"(uva) : "memory");
	rk_uspace_cpus_changed(&s->cpus);
	return pa;
}

void arch_uspace_start(struct rk_uspace *s, uintptr_t pc, uintptr_t sp, uint64_t a0,
		       uint64_t a1, uint64_t a2)
{
	memset(&s->ctx.tf, 0, sizeof(s->ctx.tf));
	s->ctx.tf.sepc = pc;
	s->ctx.tf.x[1] = sp;  /* x2 */
	s->ctx.tf.x[9] = a0;  /* x10 */
	s->ctx.tf.x[10] = a1;
	s->ctx.tf.x[11] = a2;
}

void arch_uspace_set_result(struct rk_uspace *s, int64_t v)
{
	s->ctx.tf.x[9] = (uint64_t)v;
}

void arch_uspace_run(struct rk_uspace *s, struct rk_uexit *why)
{
	struct rk_trap_frame *tf = &s->ctx.tf;
	unsigned long flags = arch_irq_save();

	activate(s);
	/* sret to U-mode with interrupts on there; SUM off. */
	tf->sstatus = (csr_read(sstatus) & ~(SSTATUS_SPP | SSTATUS_SIE | SSTATUS_SUM)) |
		      SSTATUS_SPIE;
	riscv_user_run(&s->ctx);
	if (tf->scause & SCAUSE_INTERRUPT) {
		/* As trap.S would, on this fiber's kernel stack: the handler
		 * may switch fibers (preemption), and another space may be
		 * active when this one runs again (activate). */
		riscv_interrupt(tf, tf->scause);
		why->kind = RK_UEXIT_TICK;
	} else if (tf->scause == SCAUSE_ECALL_U) {
		tf->sepc += 4;
		why->kind = RK_UEXIT_TRAP;
		why->trap = tf->x[16]; /* a7 */
		why->arg = tf->x[9];   /* a0 */
	} else {
		why->kind = RK_UEXIT_FAULT;
		why->cause = riscv_exception_name(tf->scause);
		why->code = tf->scause;
		why->pc = tf->sepc;
		why->addr = tf->stval;
	}
	arch_irq_restore(flags);
}

bool arch_uspace_page_ok(struct rk_uspace *s, uintptr_t uva, unsigned prot)
{
	uint64_t need = PTE_V | PTE_U | (prot & RK_UPROT_W ? PTE_W : 0) |
			(prot & RK_UPROT_R ? PTE_R : 0);
	uint64_t *e = leaf_of(s, uva, false);
	return e && (*e & need) == need;
}

unsigned long arch_uspace_open(struct rk_uspace *s)
{
	unsigned long flags = arch_irq_save();
	activate(s);
	csr_set(sstatus, SSTATUS_SUM);
	return flags;
}

void arch_uspace_close(struct rk_uspace *s, unsigned long flags)
{
	(void)s;
	csr_clear(sstatus, SSTATUS_SUM);
	arch_irq_restore(flags);
}

#endif
