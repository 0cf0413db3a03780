/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image test: fibers give back every page they took. Each stack has a
 * guard page, and unmapping it may split a large page and take a page for
 * the new page table; joining the fiber must put the large page back
 * together and free that table (arch mmu.c), and free the stack. So many
 * fibers are created at once that their stacks spread over many 2 MiB
 * pages of RAM, then all joined, several times; the free page count must
 * come back to exactly where it was. */
#include <stdbool.h>
#include <stdlib.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include <rumpk/test.h>

#define ROUNDS 2
#define FIBERS_MAX 2048
#define WARM_UP 64

static void finish_at_once(void *arg)
{
}

static uint64_t pages_free(void)
{
	struct rk_mem_stats st;

	rk_mem_stats(&st);
	return st.pages_free;
}

RK_TEST(fiber_pages_return)
{
	/* A stack, its guard page and a share of the slab of fiber structs. */
	size_t per_fiber = CONFIG_FIBER_STACK_SIZE / RK_PAGE_SIZE + 2;
	/* Stacks over half of free RAM: dozens of 2 MiB pages. At most
	 * FIBERS_MAX, so that the time does not grow with the machine's RAM
	 * (a board with 1 GiB, raspi3b, would create 20,000 fibers: minutes
	 * under TCG); that many still span dozens of 2 MiB pages. */
	size_t n = pages_free() / 2 / per_fiber;
	if (n > FIBERS_MAX)
		n = FIBERS_MAX;
	struct rk_fiber **f = malloc(n * sizeof(*f));

	RK_EXPECT(f != 0);
	if (!f)
		return;
	/* A few fibers first, more than one slab of fiber structs holds, so
	 * that the heap has its empty slab in reserve before the count
	 * starts (it keeps one per size class). Their stacks touch only one
	 * or two 2 MiB pages; the rounds below touch dozens. */
	for (int i = 0; i < WARM_UP; i++)
		f[i] = rk_fiber_create("warm-up", finish_at_once, 0, 0);
	for (int i = 0; i < WARM_UP; i++)
		rk_fiber_join(f[i]);
	uint64_t before = pages_free(), low = before;

	for (int r = 0; r < ROUNDS; r++) {
		size_t made = 0;
		while (made < n && (f[made] = rk_fiber_create("many", finish_at_once, 0, 0)))
			made++;
		RK_EXPECT_EQ(made, n);
		uint64_t now = pages_free();
		if (now < low)
			low = now;
		for (size_t i = 0; i < made; i++)
			RK_EXPECT_EQ(rk_fiber_join(f[i]), 0);
		RK_EXPECT_EQ(pages_free(), before);
	}
	uint64_t after = pages_free();
	printk("\n  %zu fibers at once, %d rounds: pages free %llu before, %llu at the "
	       "lowest, %llu after\n", n, ROUNDS, (unsigned long long)before,
	       (unsigned long long)low, (unsigned long long)after);
	RK_EXPECT_EQ(after, before);
	free(f);
}

/* A fiber whose guard page needs a page table that cannot be had is not
 * created: rk_fiber_create returns NULL and gives the stack back, it never
 * hands out a stack without its guard page. All memory is taken but a
 * stack's worth at the start of a 2 MiB page, so the stack fits and the
 * guard page needs that 2 MiB page split. A split may still succeed while
 * the MMU has boot tables left in its static pool (they are never freed,
 * so each success uses one up): then the test moves on to the next 2 MiB
 * page down, a bounded number of times. */
#define POOL_TRIES 16

static uint64_t pages_of_stack(void)
{
	return CONFIG_FIBER_STACK_SIZE / RK_PAGE_SIZE + 1;
}

/* Index in held[0..n) of the highest 2 MiB-aligned page below 'below'
 * followed by a whole stack's worth of held pages, or -1. */
static long aligned_run(void **held, long n, long below)
{
	for (long i = below - (long)pages_of_stack(); i >= 0; i--) {
		uintptr_t a = (uintptr_t)held[i];
		if (a % (2ul << 20))
			continue;
		bool whole = true;
		for (uint64_t k = 1; k < pages_of_stack() && whole; k++)
			whole = (uintptr_t)held[i + k] == a + k * RK_PAGE_SIZE;
		if (whole)
			return i;
	}
	return -1;
}

RK_TEST(fiber_create_fails_without_guard_table)
{
#if defined(CONFIG_SMP) && defined(CONFIG_ARCH_AARCH64)
	/* Nothing to refuse: aarch64 SMP maps all RAM by pages before the
	 * secondary CPUs start (arch/aarch64/mmu.c, aarch64_mmu_split_ram),
	 * so a guard page never needs a new table. */
	return;
#endif
	/* A free slot in the slab of fiber structs: b's, once joined. */
	struct rk_fiber *a = rk_fiber_create("keep", finish_at_once, 0, 0);
	rk_fiber_join(rk_fiber_create("slot", finish_at_once, 0, 0));
	long cap = (long)pages_free();
	void **held = malloc(cap * sizeof(*held));
	RK_EXPECT(a != 0 && held != 0);
	if (!a || !held)
		return;
	long n = 0;
	while (n < cap && (held[n] = rk_page_alloc(1)))
		n++;
	RK_EXPECT_EQ(pages_free(), 0);

	bool refused = false;
	long at = n;
	for (int t = 0; t < POOL_TRIES && !refused; t++) {
		at = aligned_run(held, n, at);
		RK_EXPECT(at >= 0);
		if (at < 0)
			break;
		for (uint64_t k = 0; k < pages_of_stack(); k++)
			rk_page_free(held[at + k], 1);
		struct rk_fiber *f = rk_fiber_create("no-table", finish_at_once, 0, 0);
		if (!f) {
			refused = true;
			/* Nothing kept: the stack went back. */
			RK_EXPECT_EQ(pages_free(), pages_of_stack());
		} else {
			rk_fiber_join(f); /* a boot-pool table was used up */
		}
		for (uint64_t k = 0; k < pages_of_stack(); k++)
			held[at + k] = rk_page_alloc(1);
		RK_EXPECT_EQ(pages_free(), 0);
	}
	RK_EXPECT(refused);
	for (long i = 0; i < n; i++)
		rk_page_free(held[i], 1);
	free(held);
	rk_fiber_join(a);
}
