/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image tests of the page allocator and the heap, on the real RAM of the
 * machine after rk_mem_init. Each test leaves the heap as it found it, which
 * the statistics check. */
#include <stdint.h>
#include <string.h>
#include <rumpk/mem.h>
#include <rumpk/test.h>

extern char __image_start[], __image_end[];

static void fill(void *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		((uint8_t *)p)[i] = (uint8_t)(seed + i * 7);
}

static int intact(const void *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		if (((const uint8_t *)p)[i] != (uint8_t)(seed + i * 7))
			return 0;
	return 1;
}

static int overlaps_image(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p;
	return a < (uintptr_t)__image_end && (uintptr_t)__image_start < a + n;
}

RK_TEST(mem_initialized)
{
	struct rk_mem_stats st;

	rk_mem_stats(&st);
	RK_EXPECT(st.ram_bytes >= 16u << 20);
	RK_EXPECT(st.pages_total > 0);
	RK_EXPECT(st.pages_free <= st.pages_total);
	RK_EXPECT(st.pages_total * RK_PAGE_SIZE < st.ram_bytes); /* the image is reserved */
}

RK_TEST(mem_malloc_sizes)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 17, 100, 256, 1000, 3072, 3073, 5000, 70000 };
	void *p[RK_ARRAY_SIZE(sizes)];
	struct rk_mem_stats before, after;

	rk_mem_stats(&before);
	for (unsigned i = 0; i < RK_ARRAY_SIZE(sizes); i++) {
		p[i] = malloc(sizes[i]);
		RK_EXPECT(p[i] != NULL);
		RK_EXPECT_EQ((uintptr_t)p[i] % 16, 0);
		RK_EXPECT(malloc_usable_size(p[i]) >= sizes[i]);
		RK_EXPECT(!overlaps_image(p[i], sizes[i] + 1));
		fill(p[i], sizes[i], i);
	}
	for (unsigned i = 0; i < RK_ARRAY_SIZE(sizes); i++) {
		RK_EXPECT(intact(p[i], sizes[i], i));
		free(p[i]);
	}
	rk_mem_stats(&after);
	RK_EXPECT_EQ(after.heap_in_use, before.heap_in_use);
	RK_EXPECT_EQ(after.heap_allocs - before.heap_allocs, RK_ARRAY_SIZE(sizes));
	RK_EXPECT_EQ(after.heap_frees - before.heap_frees, RK_ARRAY_SIZE(sizes));
	free(NULL);
}

RK_TEST(mem_malloc_zero_unique)
{
	void *a = malloc(0), *b = malloc(0);

	RK_EXPECT(a != NULL && b != NULL && a != b);
	free(a);
	free(b);
}

RK_TEST(mem_calloc)
{
	uint8_t *p = malloc(512);
	RK_EXPECT(p != NULL);
	memset(p, 0xee, 512);
	free(p);
	/* Likely the same block again: calloc must clear the old contents. */
	p = calloc(16, 32);
	RK_EXPECT(p != NULL);
	for (int i = 0; p && i < 512; i++)
		if (p[i]) {
			RK_EXPECT_EQ(p[i], 0);
			break;
		}
	free(p);
	RK_EXPECT(calloc(SIZE_MAX / 2, 3) == NULL);
	RK_EXPECT(calloc((size_t)1 << 33, (size_t)1 << 33) == NULL);
}

RK_TEST(mem_realloc)
{
	char *p = realloc(NULL, 10);
	RK_EXPECT(p != NULL);
	fill(p, 10, 3);
	for (size_t n = 20; n <= 200000; n = n * 3 + 1) {
		p = realloc(p, n);
		RK_EXPECT(p != NULL);
		RK_EXPECT(intact(p, 10, 3));
	}
	p = realloc(p, 5);
	RK_EXPECT(p != NULL);
	RK_EXPECT(intact(p, 5, 3));
	p = realloc(p, 0);
	RK_EXPECT(p != NULL);
	free(p);
}

RK_TEST(mem_aligned)
{
	for (size_t align = 1; align <= 65536; align <<= 1) {
		void *p = aligned_alloc(align, 40);
		RK_EXPECT(p != NULL);
		RK_EXPECT_EQ((uintptr_t)p % align, 0);
		free(p);
		void *q = NULL;
		int err = posix_memalign(&q, align < sizeof(void *) ? sizeof(void *) : align, 5000);
		RK_EXPECT_EQ(err, 0);
		RK_EXPECT_EQ((uintptr_t)q % align, 0);
		free(q);
	}
	void *q = (void *)1;
	RK_EXPECT_EQ(posix_memalign(&q, 24, 8), 22);
	RK_EXPECT(q == (void *)1);
	RK_EXPECT(aligned_alloc(3, 8) == NULL);
}

RK_TEST(mem_page_runs)
{
	struct rk_mem_stats before, after;
	void *p[8];

	rk_mem_stats(&before);
	for (unsigned i = 0; i < 8; i++) {
		p[i] = rk_page_alloc(i + 1);
		RK_EXPECT(p[i] != NULL);
		RK_EXPECT_EQ((uintptr_t)p[i] % RK_PAGE_SIZE, 0);
		RK_EXPECT(!overlaps_image(p[i], (i + 1) * RK_PAGE_SIZE));
		fill(p[i], (i + 1) * RK_PAGE_SIZE, i);
	}
	for (unsigned i = 0; i < 8; i++) {
		RK_EXPECT(intact(p[i], (i + 1) * RK_PAGE_SIZE, i));
		rk_page_free(p[i], i + 1);
	}
	void *big = rk_page_alloc_aligned(3, 1 << 21);
	RK_EXPECT(big != NULL);
	RK_EXPECT_EQ((uintptr_t)big % (1 << 21), 0);
	rk_page_free(big, 3);
	RK_EXPECT(rk_page_alloc(0) == NULL);
	rk_mem_stats(&after);
	RK_EXPECT_EQ(after.pages_free, before.pages_free);
}

/* Take all memory in big runs, then single pages, until the allocator says
 * no: nothing handed out may touch the image, and freeing it all must give
 * every page back. */
RK_TEST(mem_exhaustion)
{
	static void *runs[1024];
	static size_t run_pages[1024];
	struct rk_mem_stats before, after;
	unsigned n = 0;

	rk_mem_stats(&before);
	size_t chunk = before.pages_free / 512 + 1;
	while (n < RK_ARRAY_SIZE(runs)) {
		void *p = rk_page_alloc(chunk);
		if (!p) {
			if (chunk == 1)
				break;
			chunk = 1;
			continue;
		}
		RK_EXPECT(!overlaps_image(p, chunk * RK_PAGE_SIZE));
		runs[n] = p;
		run_pages[n++] = chunk;
	}
	if (n < RK_ARRAY_SIZE(runs)) {
		rk_mem_stats(&after);
		RK_EXPECT_EQ(after.pages_free, 0);
		RK_EXPECT(malloc(5000) == NULL);
	}
	while (n--)
		rk_page_free(runs[n], run_pages[n]);
	rk_mem_stats(&after);
	RK_EXPECT_EQ(after.pages_free, before.pages_free);
	void *p = malloc(5000);
	RK_EXPECT(p != NULL);
	free(p);
}
