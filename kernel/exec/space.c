/* SPDX-License-Identifier: BSD-2-Clause */
/* A program's memory and how it runs (kernel/exec/proc.h).
 *
 * With user mode (ARCH_HAS_USER, include/rumpk/uspace.h) a program gets an
 * address space of its own; in its window (arch/user.h):
 *
 *   RK_USER_BASE              the image, each page with its segment's
 *                             permissions (never writable and executable)
 *   + 256 MiB                 the heap, grown and shrunk by RK_OP_HEAP
 *                             (at most CONFIG_EXEC_HEAP_MAX bytes)
 *   stack_top - stack size    the stack (CONFIG_EXEC_STACK_SIZE); the page
 *                             below it and everything down to the heap's
 *                             end is unmapped: an overflow faults
 *   stack_top                 = RK_USER_BASE + RK_USER_SIZE - 1 MiB
 *   stack_top + 64 KiB        the ring page (include/rumpk/syscall.h)
 *
 * and nothing else: no kernel page is accessible to it, and it is handed
 * no kernel address. It enters at its ELF entry in user mode and comes back
 * only by trapping (RK_TRAP_ENTER) or faulting.
 *
 * Without user mode the program runs in kernel mode at the kernel address
 * of its pages, calls the ring through ring->kcall, and is contained only
 * for faults in its own code (rk_exec_fault): the fallback of an
 * architecture whose user mode is not written yet (docs/syscall.md). */
#include <stdarg.h>
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include <rumpk/time.h>
#include "proc.h"

#define PAGE RK_PAGE_SIZE
#define STACK_PAGES ((CONFIG_EXEC_STACK_SIZE + PAGE - 1) / PAGE)
#define HEAP_MAX_PAGES (CONFIG_EXEC_HEAP_MAX / PAGE)

static size_t pages_of(uint64_t bytes)
{
	return (size_t)((bytes + PAGE - 1) / PAGE);
}

/* argv at the top of [top - PROC_ARGS_MAX, top) of the program's view,
 * written through kview (the kernel's view of the same bytes): strings
 * first, pointers below them. Sets p->argc, p->argv_uva, p->sp. */
static int put_args(struct rk_proc *p, uint8_t *kview_top, uintptr_t top, int argc,
		    const char *const *argv, const char **why)
{
	uintptr_t ptrs[PROC_ARGC_MAX + 1];
	size_t used = 0;

	if (argc > PROC_ARGC_MAX) {
		*why = "too many arguments";
		return -RK_EINVAL;
	}
	for (int i = argc - 1; i >= 0; i--) {
		size_t n = strlen(argv[i]) + 1;
		used += n;
		if (used > PROC_ARGS_MAX / 2) {
			*why = "arguments too long";
			return -RK_EINVAL;
		}
		memcpy(kview_top - used, argv[i], n);
		ptrs[i] = top - used;
	}
	ptrs[argc] = 0;
	used = (used + 15) & ~(size_t)15;
	used += ((size_t)argc + 1) * sizeof(uintptr_t);
	used = (used + 15) & ~(size_t)15;
	memcpy(kview_top - used, ptrs, ((size_t)argc + 1) * sizeof(uintptr_t));
	p->argc = argc;
	p->argv_uva = top - used;
	p->sp = top - used;
	return 0;
}

/* The pages both kinds of program have: stack, ring page, image. */
static void free_pages(struct rk_proc *p)
{
	if (p->stack)
		rk_page_free(p->stack, p->stack_pages);
	if (p->ring)
		rk_page_free(p->ring, 1);
	if (p->img)
		rk_page_free(p->img, p->img_pages);
	p->stack = p->ring = p->img = 0;
}

#ifdef ARCH_HAS_USER
/* --- User mode ----------------------------------------------------------- */
#define HEAP_UVA (RK_USER_BASE + RK_SPACE_IMAGE_MAX)
#define STACK_TOP (RK_USER_BASE + RK_USER_SIZE - (1ul << 20))
#define RING_UVA (STACK_TOP + (64ul << 10))
_Static_assert(HEAP_UVA + CONFIG_EXEC_HEAP_MAX < STACK_TOP - CONFIG_EXEC_STACK_SIZE - PAGE,
	       "CONFIG_EXEC_HEAP_MAX leaves no guard below the stack");

/* Each page of the image with the union of its segments' permissions. */
static int map_image(struct rk_proc *p, const struct rk_elf_image *img,
		     const struct rk_elf_loaded *ld, const char **why)
{
	for (size_t i = 0; i < p->img_pages; i++) {
		uintptr_t uva = p->img_uva + i * PAGE;
		unsigned prot = 0;
		for (unsigned s = 0; s < img->nseg; s++) {
			uint64_t lo = (img->seg[s].vaddr + ld->bias) & ~(uint64_t)(PAGE - 1);
			uint64_t hi = img->seg[s].vaddr + ld->bias + img->seg[s].memsz;
			if (uva + PAGE <= lo || uva >= hi)
				continue;
			uint32_t f = img->seg[s].flags;
			prot |= (f & RK_ELF_PF_R ? RK_UPROT_R : 0) | (f & RK_ELF_PF_W ? RK_UPROT_W : 0) |
				(f & RK_ELF_PF_X ? RK_UPROT_X : 0);
		}
		if (!prot)
			continue; /* a hole between segments stays unmapped */
		if ((prot & RK_UPROT_W) && (prot & RK_UPROT_X)) {
			*why = "a page of the program would be writable and executable "
			       "(segments share it; link with -z separate-code)";
			return -RK_ENOEXEC;
		}
		if (arch_uspace_map(p->space, uva, (uintptr_t)p->img + i * PAGE, PAGE, prot)) {
			*why = "out of memory for the program's page tables";
			return -RK_ENOMEM;
		}
	}
	return 0;
}

int rk_space_build(struct rk_proc *p, const struct rk_elf_image *img,
		   const struct rk_elf_loaded *ld, int argc, const char *const *argv,
		   const char **why)
{
	*why = "out of memory for the program";
	p->space = arch_uspace_create();
	if (!p->space) {
		*why = "cannot make an address space (out of memory, or no MMU on this CPU)";
		return -RK_ENOMEM;
	}
	p->stack_pages = STACK_PAGES;
	p->stack = rk_page_alloc(p->stack_pages);
	p->ring = rk_page_alloc(1);
	if (!p->stack || !p->ring)
		return -RK_ENOMEM;
	memset(p->stack, 0, p->stack_pages * PAGE);
	memset(p->ring, 0, PAGE);
	p->stack_uva = STACK_TOP - p->stack_pages * PAGE;
	p->ring_uva = RING_UVA;
	p->heap_uva = HEAP_UVA;
	p->heap_max_pages = HEAP_MAX_PAGES;
	int err = map_image(p, img, ld, why);
	if (err)
		return err;
	if (arch_uspace_map(p->space, p->stack_uva, (uintptr_t)p->stack, p->stack_pages * PAGE,
			    RK_UPROT_R | RK_UPROT_W) ||
	    arch_uspace_map(p->space, p->ring_uva, (uintptr_t)p->ring, PAGE,
			    RK_UPROT_R | RK_UPROT_W)) {
		*why = "out of memory for the program's page tables";
		return -RK_ENOMEM;
	}
	return put_args(p, (uint8_t *)p->stack + p->stack_pages * PAGE, STACK_TOP, argc, argv,
			why);
}

int rk_space_heap(struct rk_proc *p, uint64_t size, uintptr_t *base)
{
	size_t want = pages_of(size);
	if (size > (uint64_t)p->heap_max_pages * PAGE)
		return -RK_ENOMEM;
	while (p->heap_pages < want) {
		void *pg = rk_page_alloc(1);
		if (!pg)
			return -RK_ENOMEM;
		memset(pg, 0, PAGE);
		if (arch_uspace_map(p->space, p->heap_uva + p->heap_pages * PAGE, (uintptr_t)pg, PAGE,
				    RK_UPROT_R | RK_UPROT_W)) {
			rk_page_free(pg, 1);
			return -RK_ENOMEM;
		}
		p->heap_pages++;
	}
	while (p->heap_pages > want) {
		p->heap_pages--;
		uintptr_t pa = arch_uspace_unmap(p->space, p->heap_uva + p->heap_pages * PAGE);
		if (pa)
			rk_page_free((void *)pa, 1);
	}
	*base = p->heap_uva;
	return 0;
}

void rk_space_free(struct rk_proc *p)
{
	uintptr_t base;
	if (p->space) {
		rk_space_heap(p, 0, &base);
		arch_uspace_destroy(p->space);
	}
	p->space = 0;
	free_pages(p);
}

int rk_uread(struct rk_proc *p, void *dst, uint64_t uva, uint64_t len)
{
	return rk_copy_from_user(p->space, dst, (uintptr_t)uva, (size_t)len);
}

int rk_uwrite(struct rk_proc *p, uint64_t uva, const void *src, uint64_t len)
{
	return rk_copy_to_user(p->space, (uintptr_t)uva, src, (size_t)len);
}

bool rk_urange(struct rk_proc *p, uint64_t uva, uint64_t len, unsigned prot)
{
	return rk_user_range_ok(p->space, (uintptr_t)uva, (size_t)len, prot);
}

/* A fault's address, described when it says more than the cause. */
static const char *where(const struct rk_proc *p, uint64_t addr)
{
	if (addr < p->stack_uva && addr >= p->stack_uva - PAGE)
		return " (the guard page below the stack: stack overflow)";
	if (addr < RK_USER_BASE || addr >= RK_USER_BASE + RK_USER_SIZE)
		return " (not the program's memory)";
	return "";
}

/* Its only job is to be an interrupt: one taken in user mode brings the
 * program back to rk_space_main, which sees the time is up. */
static void limit_reached(struct rk_timer *t, void *arg)
{
	(void)t;
	(void)arg;
}

void rk_space_main(struct rk_proc *p)
{
	struct rk_uexit why;
	struct rk_timer limit;

	p->start_ns = rk_time_ns();
	if (CONFIG_EXEC_TIME_LIMIT_MS) {
		rk_timer_init(&limit, limit_reached, p);
		rk_timer_arm(&limit, p->start_ns + CONFIG_EXEC_TIME_LIMIT_MS * 1000000ull);
	}
	arch_uspace_start(p->space, p->entry, p->sp, p->ring_uva, (uint64_t)p->argc, p->argv_uva);
	while (!p->exited) {
		arch_uspace_run(p->space, &why);
		if (CONFIG_EXEC_TIME_LIMIT_MS &&
		    rk_time_ns() - p->start_ns > CONFIG_EXEC_TIME_LIMIT_MS * 1000000ull) {
			rk_proc_kill(p, "still running after its time limit of %d ms "
				     "(CONFIG_EXEC_TIME_LIMIT_MS)", CONFIG_EXEC_TIME_LIMIT_MS);
			break;
		}
		if (why.kind == RK_UEXIT_TICK)
			continue;
		if (why.kind == RK_UEXIT_FAULT) {
			rk_proc_kill(p, "%s (cause %llu) at pc 0x%llx, address 0x%llx%s", why.cause,
				     (unsigned long long)why.code, (unsigned long long)why.pc,
				     (unsigned long long)why.addr, where(p, why.addr));
			break;
		}
		if (why.trap != RK_TRAP_ENTER || why.arg != 0) {
			rk_proc_kill(p, "trap %llu with argument %llu: the only trap is %d with 0",
				     (unsigned long long)why.trap, (unsigned long long)why.arg,
				     RK_TRAP_ENTER);
			break;
		}
		long r = rk_cmd_enter(p);
		arch_uspace_set_result(p->space, r);
	}
	if (CONFIG_EXEC_TIME_LIMIT_MS)
		rk_timer_cancel(&limit);
	rk_proc_end(p);
}

#else
/* --- Kernel mode (no user mode on this architecture yet) ----------------- */
static bool in(uint64_t a, uint64_t len, const void *lo, size_t size)
{
	uintptr_t b = (uintptr_t)lo;
	return a >= b && a - b <= size && len <= size - (a - b);
}

bool rk_urange(struct rk_proc *p, uint64_t uva, uint64_t len, unsigned prot)
{
	if (!len)
		return true;
	/* The program runs on its fiber's stack: that is its stack too. */
	const struct rk_fiber *f = p->fiber;
	return (f && in(uva, len, (const void *)f->stack_low, f->stack_high - f->stack_low)) ||
	       in(uva, len, p->stack, p->stack_pages * PAGE) ||
	       in(uva, len, p->ring, PAGE) ||
	       (p->heap_k && in(uva, len, p->heap_k, p->heap_pages * PAGE)) ||
	       in(uva, len, p->img, p->img_pages * PAGE);
}

int rk_uread(struct rk_proc *p, void *dst, uint64_t uva, uint64_t len)
{
	if (!rk_urange(p, uva, len, RK_UPROT_R))
		return -RK_EFAULT;
	memcpy(dst, (const void *)(uintptr_t)uva, (size_t)len);
	return 0;
}

int rk_uwrite(struct rk_proc *p, uint64_t uva, const void *src, uint64_t len)
{
	if (!rk_urange(p, uva, len, RK_UPROT_W))
		return -RK_EFAULT;
	memcpy((void *)(uintptr_t)uva, src, (size_t)len);
	return 0;
}

static long kcall(long trap, long arg)
{
	struct rk_proc *p = rk_proc_current();
	if (!p)
		return -RK_SYS_EPERM;
	if (trap != RK_TRAP_ENTER || arg != 0)
		rk_proc_kill(p, "trap %ld with argument %ld: the only trap is %d with 0", trap, arg,
			     RK_TRAP_ENTER);
	else {
		long r = rk_cmd_enter(p);
		if (!p->exited)
			return r;
	}
	rk_proc_end(p);
}

/* Kernel mode: the heap is allocated whole at its first use. */
#define KMODE_HEAP_PAGES 64

int rk_space_build(struct rk_proc *p, const struct rk_elf_image *img,
		   const struct rk_elf_loaded *ld, int argc, const char *const *argv,
		   const char **why)
{
	(void)img;
	(void)ld;
	*why = "out of memory for the program";
	p->stack_pages = 1; /* argv only: the program runs on its fiber's stack */
	p->stack = rk_page_alloc(1);
	p->ring = rk_page_alloc(1);
	if (!p->stack || !p->ring)
		return -RK_ENOMEM;
	memset(p->stack, 0, PAGE);
	memset(p->ring, 0, PAGE);
	p->ring_uva = (uintptr_t)p->ring;
	p->ring->kcall = kcall;
	p->heap_max_pages = KMODE_HEAP_PAGES;
	if (arch_exec_pages((uintptr_t)p->img, p->img_pages * PAGE, 1)) {
		*why = "this architecture cannot make loaded pages executable yet (no arch_exec_pages)";
		return -RK_ENOEXEC;
	}
	return put_args(p, (uint8_t *)p->stack + PAGE, (uintptr_t)p->stack + PAGE, argc, argv, why);
}

int rk_space_heap(struct rk_proc *p, uint64_t size, uintptr_t *base)
{
	if (size > (uint64_t)p->heap_max_pages * PAGE)
		return -RK_ENOMEM;
	if (!p->heap_k) {
		p->heap_k = rk_page_alloc(p->heap_max_pages);
		if (!p->heap_k)
			return -RK_ENOMEM;
		memset(p->heap_k, 0, p->heap_max_pages * PAGE);
	}
	p->heap_pages = pages_of(size);
	*base = (uintptr_t)p->heap_k;
	return 0;
}

void rk_space_free(struct rk_proc *p)
{
	if (p->img)
		arch_exec_pages((uintptr_t)p->img, p->img_pages * PAGE, 0);
	if (p->heap_k)
		rk_page_free(p->heap_k, p->heap_max_pages);
	p->heap_k = 0;
	free_pages(p);
}

void rk_space_main(struct rk_proc *p)
{
	void (*entry)(struct rk_ring_page *, long, uintptr_t) =
		(void (*)(struct rk_ring_page *, long, uintptr_t))p->entry;
	entry(p->ring, p->argc, p->argv_uva);
	rk_proc_kill(p, "returned from _start instead of exiting");
	rk_proc_end(p);
}
#endif
