/* In-image test: fibers give back every page they took. Each stack has a
 * guard page, and unmapping it may split a large page and take a page for
 * the new page table; joining the fiber must put the large page back
 * together and free that table (arch mmu.c), and free the stack. So many
 * fibers are created at once that their stacks spread over many 2 MiB
 * pages of RAM, then all joined, several times; the free page count must
 * come back to exactly where it was. */
#include <stdlib.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include <rumpk/test.h>

#define ROUNDS 3
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
	/* Stacks over half of free RAM: dozens of 2 MiB pages. */
	size_t n = pages_free() / 2 / per_fiber;
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
