/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit test of kernel/mem: the memory map, the page allocator and the
 * heap, built from the kernel's own sources, running on RAM that is an
 * mmap'ed arena of this process.
 *
 * Every scenario runs in a child process (fork), because the allocator's
 * state is global and set up once, and because half of the scenarios end
 * in rk_panic: the child prints the panic message and exits with
 * RK_EXIT_PANIC, and the parent checks status and message. Bytes around
 * the RAM ranges are PROT_NONE, so a stray access by the allocator faults.
 * Compiled twice, with and without CONFIG_HEAP_POISON. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#include "mem_rename.h" /* from here on, malloc & co. are the kernel's */
#include <rumpk/mem.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include "mem_internal.h"

#define KiB (1ul << 10)
#define MiB (1ul << 20)
#define PG RK_PAGE_SIZE

/* --- What kernel/mem needs from the rest of the kernel --------------------- */

static char log_buf[1 << 16]; /* everything printk said, for checks */
static size_t log_len;

int vprintk(const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(log_buf + log_len, sizeof(log_buf) - log_len, fmt, copy);
	va_end(copy);
	if (n > 0)
		log_len += (size_t)n < sizeof(log_buf) - log_len ? (size_t)n : sizeof(log_buf) - log_len - 1;
	return vprintf(fmt, ap);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void rk_panic(const char *fmt, ...)
{
	va_list ap;
	printf("PANIC: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	_exit(RK_EXIT_PANIC);
}

/* The allocator must take its lock once per entry point, never nested
 * (nesting would deadlock a spinlock on a future SMP kernel). */
static int lock_depth;
#define LOCK_COOKIE 0xf1a6ul

unsigned long mem_lock(void)
{
	if (lock_depth++) {
		printf("FAIL: mem_lock taken while held\n");
		fflush(stdout);
		_exit(2);
	}
	return LOCK_COOKIE;
}

void mem_unlock(unsigned long flags)
{
	if (flags != LOCK_COOKIE || --lock_depth != 0) {
		printf("FAIL: mem_unlock without its mem_lock\n");
		fflush(stdout);
		_exit(2);
	}
}

/* --- Randomness, arenas --------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}
static size_t rnd_range(size_t lo, size_t hi) { return lo + rnd() % (hi - lo + 1); }

static uint8_t *map_arena(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		_exit(3);
	}
	return p;
}

static void no_access(uint8_t *p, size_t size)
{
	if (mprotect(p, size, PROT_NONE)) {
		perror("mprotect");
		_exit(3);
	}
}

/* RAM of 'size' bytes between two inaccessible guard pages, the "image"
 * in its pages 3 to 8, set up. Returns the start of RAM. */
static uint8_t *boot(size_t size)
{
	uint8_t *a = map_arena(size + 2 * PG);
	no_access(a, PG);
	no_access(a + PG + size, PG);
	rk_mem_add_ram((uintptr_t)(a + PG), size);
	mem_setup((uintptr_t)(a + PG + 3 * PG + 5), (uintptr_t)(a + PG + 9 * PG - 7));
	return a + PG;
}

/* Content patterns. Blocks over 16 KiB get only their first and last 8 KiB
 * written and checked, which keeps the stress test fast under ASan. */
#define CONTENT_EDGE (8 * KiB)

static uint8_t pattern(uint64_t seed, size_t i)
{
	return (uint8_t)(seed * 31 + i * 7 + (i >> 8));
}

static void fill(void *p, size_t n, uint64_t seed)
{
	uint8_t *b = p;
	for (size_t i = 0; i < n; i++) {
		if (n > 2 * CONTENT_EDGE && i == CONTENT_EDGE)
			i = n - CONTENT_EDGE;
		b[i] = pattern(seed, i);
	}
}

static bool intact(const void *p, size_t n, uint64_t seed)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++) {
		if (n > 2 * CONTENT_EDGE && i == CONTENT_EDGE)
			i = n - CONTENT_EDGE;
		if (b[i] != pattern(seed, i))
			return false;
	}
	return true;
}

static struct rk_mem_stats stats(void)
{
	struct rk_mem_stats st;
	rk_mem_stats(&st);
	return st;
}

/* --- Memory map ------------------------------------------------------------- */

struct span { uintptr_t b, e; };

static bool in_spans(uintptr_t a, const struct span *s, int n)
{
	for (int i = 0; i < n; i++)
		if (a >= s[i].b && a < s[i].e)
			return true;
	return false;
}

/* Two RAM ranges with ragged edges, a duplicate, overlapping and
 * out-of-RAM reservations: every page handed out must be RAM, outside
 * every reservation, and all such pages must be handed out. */
static void memory_map(void)
{
	uint8_t *a = map_arena(16 * MiB);
	uintptr_t A = (uintptr_t)a;
	no_access(a, PG);                           /* below RAM 1 */
	no_access(a + 8 * MiB - PG, 2 * MiB + PG);  /* between RAM 1 and 2 */
	no_access(a + 14 * MiB, 2 * MiB);           /* above RAM 2 */

	rk_mem_add_ram(A + 10 * MiB, 4 * MiB);
	rk_mem_add_ram(A + 0x100, 8 * MiB - 0x110); /* pages 1 .. 8 MiB - 1 page */
	rk_mem_add_ram(A + 10 * MiB + PG, 2 * MiB); /* inside the first one */
	rk_mem_add_ram(A + 5 * MiB, 0);             /* ignored */
	rk_mem_reserve(A + 0x20000, 0x1000, "fw");
	rk_mem_reserve(A + 0x20800, 0x3000, "fw2");               /* overlaps fw */
	rk_mem_reserve(A + 8 * MiB - 0x2000, 0x3000, "edge");     /* past RAM 1's end */
	rk_mem_reserve(A + 9 * MiB, 0x1000, "gap");               /* not RAM */
	rk_mem_reserve(0x1000, 0x1000, "low");                    /* not RAM */
	rk_mem_reserve(A + 12 * MiB + 1, 1, "byte");              /* one page */
	mem_setup(A + 0x3005, A + 0x8ff9);

	size_t n1 = (8 * MiB - 2 * PG) / PG, n2 = 4 * MiB / PG;
	size_t map_pages = (pages_meta_bytes(n1) + pages_meta_bytes(n2) + PG - 1) / PG;
	CHECK_EQ(map_pages, 1);
	const struct span reserved[] = {
		{ A + 0x3000, A + 0x9000 },                 /* image */
		{ A + 0x20000, A + 0x24000 },               /* fw, fw2 */
		{ A + 8 * MiB - 0x2000, A + 8 * MiB },      /* edge */
		{ A + 12 * MiB, A + 12 * MiB + PG },        /* byte */
		{ A + PG, A + 2 * PG },                     /* page map: first hole */
	};
	const struct span ram[] = { { A + PG, A + 8 * MiB - PG }, { A + 10 * MiB, A + 14 * MiB } };
	size_t expect = n1 + n2 - 6 - 4 - 1 - 1 - 1;

	struct rk_mem_stats st = stats();
	CHECK_EQ(st.ram_bytes, (n1 + n2) * PG);
	CHECK_EQ(st.pages_total, expect);
	CHECK_EQ(st.pages_free, expect);
	CHECK(strstr(log_buf, "mem: RAM ") != NULL);
	CHECK(strstr(log_buf, " (4 MiB)") != NULL);
	CHECK(strstr(log_buf, "kernel image") != NULL);
	CHECK(strstr(log_buf, "page map") != NULL);
	CHECK(strstr(log_buf, "outside RAM") != NULL);
	CHECK(strstr(log_buf, "pages free") != NULL);

	static uint8_t seen[16 * MiB / PG];
	size_t got = 0;
	for (uint8_t *p; (p = rk_page_alloc(1)); got++) {
		uintptr_t u = (uintptr_t)p;
		CHECK(u % PG == 0);
		CHECK(in_spans(u, ram, 2));
		CHECK(!in_spans(u, reserved, 5));
		CHECK(u >= A && !seen[(u - A) / PG]);
		if (u >= A && u < A + 16 * MiB)
			seen[(u - A) / PG] = 1;
		p[0] = p[PG - 1] = 0xaa; /* faults if it is not our RAM */
	}
	CHECK_EQ(got, expect);
	CHECK_EQ(stats().pages_free, 0);
	for (uintptr_t u = A; u < A + 16 * MiB; u += PG)
		if (seen[(u - A) / PG])
			rk_page_free((void *)u, 1);
	CHECK_EQ(stats().pages_free, expect);

	/* Largest runs: all of RAM 2 but the reserved page at 12 MiB in two
	 * pieces; RAM 1 from 0x24000 to the "edge" reservation. */
	size_t run1 = (8 * MiB - 0x2000 - 0x24000) / PG;
	void *r = rk_page_alloc(run1 + 1);
	CHECK(r == NULL);
	r = rk_page_alloc(run1);
	CHECK_EQ((uintptr_t)r, A + 0x24000);
	void *r2 = rk_page_alloc(2 * MiB / PG);
	CHECK_EQ((uintptr_t)r2, A + 10 * MiB);
	rk_page_free(r, run1);
	rk_page_free(r2, 2 * MiB / PG);
	void *al = rk_page_alloc_aligned(4, 2 * MiB);
	CHECK(al != NULL && (uintptr_t)al % (2 * MiB) == 0);
	rk_page_free(al, 4);
	CHECK_EQ(stats().pages_free, expect);
}

/* --- Page allocator under random load ------------------------------------ */

/* A model of the zone: which run owns each page. The allocator must pick
 * exactly the run the model's first fit picks, and fail only when the
 * model has no free aligned run either. */
enum { PR_RAM = 32 * MiB, PR_PAGES = PR_RAM / PG, PR_SLOTS = 512, PR_RESERVED = 0xffff };
static uint16_t owner[PR_PAGES];

static size_t model_first_fit(const uint8_t *ram, size_t n, size_t align)
{
	for (size_t i = 0; i + n <= PR_PAGES; i++) {
		if ((uintptr_t)(ram + i * PG) % (align * PG))
			continue;
		size_t k = 0;
		while (k < n && owner[i + k] == 0)
			k++;
		if (k == n)
			return i;
		i += k; /* owner[i + k] is taken: resume after it */
	}
	return SIZE_MAX;
}

static void page_random(void)
{
	uint8_t *ram = boot(PR_RAM);
	static struct { uint8_t *p; size_t n; } live[PR_SLOTS];
	size_t total = stats().pages_total, model_free = total;

	/* boot(): the page map (3 pages) goes first, then the image (3-8). */
	for (size_t i = 0; i < 9; i++)
		owner[i] = PR_RESERVED;
	CHECK_EQ(total, PR_PAGES - 9);

	for (int op = 0; op < 20000; op++) {
		unsigned s = (unsigned)rnd_range(0, PR_SLOTS - 1);
		if (!live[s].p) {
			size_t n = rnd() % 8 ? rnd_range(1, 8) : rnd_range(9, 400);
			size_t align = (size_t)1 << (rnd() % 4 ? 0 : rnd_range(1, 6));
			uint8_t *p = align > 1 ? rk_page_alloc_aligned(n, align * PG) : rk_page_alloc(n);
			size_t expect = model_first_fit(ram, n, align);
			if (!p) {
				CHECK_EQ(expect, SIZE_MAX);
				continue;
			}
			CHECK_EQ((uintptr_t)p, (uintptr_t)(ram + expect * PG));
			size_t first = (size_t)(p - ram) / PG;
			for (size_t i = 0; i < n && first + i < PR_PAGES; i++) {
				CHECK(owner[first + i] == 0);
				owner[first + i] = (uint16_t)(s + 1);
				memcpy(p + i * PG, &s, sizeof(s)); /* a tag per page */
			}
			live[s].p = p;
			live[s].n = n;
			model_free -= n;
		} else {
			size_t first = (size_t)(live[s].p - ram) / PG;
			for (size_t i = 0; i < live[s].n; i++) {
				unsigned tag;
				memcpy(&tag, live[s].p + i * PG, sizeof(tag));
				CHECK_EQ(tag, s);
				CHECK_EQ(owner[first + i], s + 1);
				owner[first + i] = 0;
			}
			rk_page_free(live[s].p, live[s].n);
			model_free += live[s].n;
			live[s].p = NULL;
		}
		if (op % 1000 == 0)
			CHECK_EQ(stats().pages_free, model_free);
	}
	for (unsigned s = 0; s < PR_SLOTS; s++)
		if (live[s].p)
			rk_page_free(live[s].p, live[s].n);
	CHECK_EQ(stats().pages_free, total);
	/* After all that churn, the free memory is one piece again. */
	void *all = rk_page_alloc(total);
	CHECK(all == ram + 9 * PG);
	rk_page_free(all, total);
}

/* --- Heap under random load ---------------------------------------------- */

struct live {
	uint8_t *p;
	size_t size;
	uint64_t seed;
};

static size_t heap_random_size(void)
{
	unsigned r = (unsigned)(rnd() % 100);
	if (r < 70)
		return rnd_range(0, 512);
	if (r < 90)
		return rnd_range(513, 4096);
	if (r < 99)
		return rnd_range(4097, 65536);
	return rnd_range(65537, 1 * MiB);
}

static int by_address(const void *x, const void *y)
{
	const struct live *a = x, *b = y;
	return a->p < b->p ? -1 : a->p > b->p;
}

/* Everything live is intact, in RAM, disjoint, and the statistics agree. */
static void heap_audit(struct live *v, size_t slots, uint8_t *ram, size_t ram_size)
{
	static struct live sorted[4096];
	size_t n = 0, in_use = 0;

	for (size_t i = 0; i < slots; i++) {
		if (!v[i].p)
			continue;
		CHECK(intact(v[i].p, v[i].size, v[i].seed));
		in_use += malloc_usable_size(v[i].p);
		sorted[n++] = v[i];
	}
	qsort(sorted, n, sizeof(sorted[0]), by_address);
	for (size_t i = 0; i < n; i++) {
		size_t usable = malloc_usable_size(sorted[i].p);
		CHECK(sorted[i].p >= ram && sorted[i].p + usable <= ram + ram_size);
		if (i + 1 < n)
			CHECK(sorted[i].p + usable <= sorted[i + 1].p);
	}
	struct rk_mem_stats st = stats();
	CHECK_EQ(st.heap_in_use, in_use);
	CHECK_EQ(st.heap_allocs - st.heap_frees, n);
	CHECK(st.heap_peak >= st.heap_in_use);
	CHECK_EQ(st.heap_pages, st.pages_total - st.pages_free);
}

static void heap_random(void)
{
	enum { RAM = 64 * MiB, SLOTS = 4096 };
	uint8_t *ram = boot(RAM);
	static struct live v[SLOTS];
	uint64_t seed = 1;

	for (int op = 0; op < 200000; op++) {
		size_t s = rnd_range(0, SLOTS - 1);
		unsigned what = (unsigned)(rnd() % 100);
		if (v[s].p && what < 50) {
			CHECK(intact(v[s].p, v[s].size, v[s].seed));
			free(v[s].p);
			v[s].p = NULL;
		} else if (v[s].p) {
			size_t n = heap_random_size();
			uint8_t *q = realloc(v[s].p, n);
			if (!q) {
				CHECK(intact(v[s].p, v[s].size, v[s].seed));
				continue;
			}
			size_t keep = n < v[s].size ? n : v[s].size;
			/* Only the edges of a big old block hold the pattern. */
			if (v[s].size > 2 * CONTENT_EDGE && keep < v[s].size && keep > CONTENT_EDGE)
				keep = CONTENT_EDGE;
			CHECK(intact(q, keep, v[s].seed));
			v[s].p = q;
			v[s].size = n;
			fill(q, n, v[s].seed); /* same seed: the prefix is unchanged */
		} else {
			size_t n = heap_random_size(), align = 16;
			uint8_t *p;
			if (what < 80) {
				p = malloc(n);
			} else if (what < 90) {
				p = calloc(1 + n / 16, 16);
				n = (1 + n / 16) * 16;
				for (size_t i = 0; p && i < n; i++)
					if (p[i]) {
						CHECK(!"calloc memory is zero");
						break;
					}
			} else {
				align = (size_t)1 << rnd_range(0, 14);
				p = aligned_alloc(align, n);
			}
			if (!p)
				continue;
			CHECK((uintptr_t)p % (align > 16 ? align : 16) == 0);
			CHECK(malloc_usable_size(p) >= n);
			v[s] = (struct live){ p, n, seed++ };
			fill(p, n, v[s].seed);
		}
		if (op % 5000 == 0)
			heap_audit(v, SLOTS, ram, RAM);
	}
	heap_audit(v, SLOTS, ram, RAM);
	for (size_t s = 0; s < SLOTS; s++)
		free(v[s].p);
	struct rk_mem_stats st = stats();
	CHECK_EQ(st.heap_in_use, 0);
	CHECK_EQ(st.heap_allocs, st.heap_frees);
	/* What the heap still holds is one empty slab per class at most:
	 * 9 classes of 1 page, 2 of 2, 2 of 4, 2 of 8. */
	CHECK(st.heap_pages <= 9 + 4 + 8 + 16);
	CHECK_EQ(st.heap_pages, st.pages_total - st.pages_free);
	printf("heap_random: peak %llu KiB, %llu allocations, %llu failures\n",
	       (unsigned long long)st.heap_peak >> 10, (unsigned long long)st.heap_allocs,
	       (unsigned long long)st.heap_failures);
}

/* --- Heap edge cases ------------------------------------------------------- */

static void heap_exhaustion(void)
{
	enum { SLOTS = 16384 };
	static void *p[SLOTS];
	size_t n = 0;

	boot(1 * MiB);
	struct rk_mem_stats st0 = stats();
	while (n < SLOTS && (p[n] = malloc(100)))
		n++;
	CHECK(n > 1000 && n < SLOTS);
	struct rk_mem_stats st = stats();
	CHECK_EQ(st.pages_free, 0);
	CHECK_EQ(st.heap_failures, 1);
	CHECK(malloc(5000) == NULL);
	CHECK(calloc(1, 5000) == NULL);
	CHECK(rk_page_alloc(1) == NULL);
	CHECK_EQ(stats().heap_failures, 3);
	for (size_t i = 0; i < n; i++)
		free(p[i]);
	st = stats();
	CHECK_EQ(st.heap_in_use, 0);
	CHECK_EQ(st.pages_free, st0.pages_free - 1); /* one empty slab kept */
	void *big = malloc(200000);
	CHECK(big != NULL);
	free(big);

	/* Sizes that cannot be met, or overflow on the way. */
	uint64_t f0 = stats().heap_failures;
	CHECK(malloc(SIZE_MAX) == NULL);
	CHECK(malloc(SIZE_MAX - PG + 1) == NULL);
	CHECK(malloc(2 * MiB) == NULL);
	CHECK(calloc(SIZE_MAX, 2) == NULL);
	CHECK(calloc((size_t)1 << 33, (size_t)1 << 33) == NULL);
	CHECK(aligned_alloc((size_t)1 << 40, 1) == NULL);
	CHECK(realloc(NULL, SIZE_MAX) == NULL);
	CHECK_EQ(stats().heap_failures - f0, 7);
	CHECK(rk_page_alloc(SIZE_MAX) == NULL);
	CHECK(rk_page_alloc(0) == NULL);
	CHECK(rk_page_alloc_aligned(1, 3 * PG) == NULL);

	/* A failed realloc leaves the block alone. */
	uint8_t *q = malloc(300);
	fill(q, 300, 9);
	CHECK(realloc(q, 2 * MiB) == NULL);
	CHECK(intact(q, 300, 9));
	free(q);
}

static void heap_realloc(void)
{
	boot(16 * MiB);

	uint8_t *p = malloc(10);
	fill(p, 10, 1);
	CHECK(realloc(p, 16) == p);           /* fits its 16-byte block */
	uint8_t *q = realloc(p, 17);          /* needs the 32-byte class */
	CHECK(q != p && intact(q, 10, 1));
	CHECK_EQ(malloc_usable_size(q), 32);
	free(q);

	p = malloc(1000);
	fill(p, 1000, 2);
	CHECK(realloc(p, 600) == p);          /* still more than half used */
	q = realloc(p, 100);                  /* moves to the 128-byte class */
	CHECK(q != p && intact(q, 100, 2));
	CHECK_EQ(malloc_usable_size(q), 128);
	free(q);

	/* Large blocks: grow over free pages in place, move when blocked,
	 * shrink in place, become small again. */
	uint8_t *a = malloc(3 * PG), *b = malloc(3 * PG);
	CHECK(b == a + 3 * PG); /* first fit in fresh memory */
	fill(a, 3 * PG, 3);
	fill(b, 3 * PG, 4);
	uint64_t before = stats().pages_free;
	CHECK(realloc(b, 5 * PG) == b);
	CHECK_EQ(stats().pages_free, before - 2);
	CHECK(intact(b, 3 * PG, 4));
	uint8_t *a2 = realloc(a, 4 * PG);
	CHECK(a2 != a && intact(a2, 3 * PG, 3));
	CHECK(realloc(b, 2 * PG + 1) == b);
	CHECK_EQ(malloc_usable_size(b), 3 * PG);
	CHECK(intact(b, 2 * PG + 1, 4));
	uint8_t *b2 = realloc(b, 100);
	CHECK(b2 != b && intact(b2, 100, 4));
	CHECK_EQ(malloc_usable_size(b2), 128);
	free(a2);
	free(b2);

	/* realloc(NULL, n) is malloc; realloc(p, 0) frees p and returns a
	 * minimal block, like malloc(0). */
	p = realloc(NULL, 50);
	CHECK(p != NULL);
	q = realloc(p, 0);
	CHECK(q != NULL);
	CHECK_EQ(malloc_usable_size(q), 16);
	free(q);
	CHECK_EQ(stats().heap_in_use, 0);
}

static void heap_aligned(void)
{
	static const size_t sizes[] = { 0, 1, 40, 100, 3000, 5000, 70000 };

	boot(16 * MiB);
	for (size_t align = 1; align <= 1 * MiB; align <<= 1) {
		for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			uint8_t *p = aligned_alloc(align, sizes[i]);
			CHECK(p != NULL);
			CHECK((uintptr_t)p % align == 0 && (uintptr_t)p % 16 == 0);
			CHECK(malloc_usable_size(p) >= sizes[i]);
			fill(p, sizes[i], i);
			void *q = (void *)1;
			CHECK_EQ(posix_memalign(&q, align < sizeof(void *) ? sizeof(void *) : align, sizes[i]), 0);
			CHECK((uintptr_t)q % align == 0);
			CHECK(intact(p, sizes[i], i));
			free(p);
			free(q);
		}
	}
	void *q = (void *)1;
	CHECK_EQ(posix_memalign(&q, 0, 8), 22);
	CHECK_EQ(posix_memalign(&q, 4, 8), 22);  /* below sizeof(void *) */
	CHECK_EQ(posix_memalign(&q, 24, 8), 22); /* not a power of two */
	CHECK_EQ(posix_memalign(&q, 16, 64 * MiB), 12);
	CHECK(q == (void *)1);
	CHECK(aligned_alloc(0, 8) == NULL);
	CHECK(aligned_alloc(48, 8) == NULL);
	CHECK_EQ(stats().heap_in_use, 0);
}

static void heap_zero_size(void)
{
	static void *p[100];

	boot(1 * MiB);
	for (int i = 0; i < 100; i++) {
		p[i] = malloc(0);
		CHECK(p[i] != NULL);
		for (int j = 0; j < i; j++)
			CHECK(p[i] != p[j]);
	}
	for (int i = 0; i < 100; i++)
		free(p[i]);
	free(NULL);
	rk_page_free(NULL, 1);
	CHECK_EQ(stats().heap_allocs, 100);
	CHECK_EQ(stats().heap_frees, 100);
}

/* --- Misuse: each must panic with a message that says what went wrong -------- */

static void double_free_small(void)
{
	boot(1 * MiB);
	void *p = malloc(40);
	free(p);
	free(p);
}

static void double_free_large(void)
{
	boot(1 * MiB);
	void *p = malloc(40000);
	free(p);
	free(p);
}

static void stale_free_released_slab(void)
{
	boot(1 * MiB);
	/* Two full slabs of 3072-byte blocks empty out: the second slab goes
	 * back to the page allocator, so its pointer is to a free page. */
	static void *p[20];
	for (int i = 0; i < 20; i++)
		p[i] = malloc(3000);
	for (int i = 0; i < 20; i++)
		free(p[i]);
	free(p[19]);
}

static void free_inside_small(void)
{
	boot(1 * MiB);
	char *p = malloc(64);
	free(p + 16);
}

static void free_inside_large(void)
{
	boot(1 * MiB);
	char *p = malloc(20000);
	free(p + PG);
}

static void free_not_ram(void)
{
	static char not_heap[64];
	boot(1 * MiB);
	free(not_heap);
}

static void free_page_run(void)
{
	boot(1 * MiB);
	free(rk_page_alloc(2));
}

static void free_reserved(void)
{
	uint8_t *ram = boot(1 * MiB);
	free(ram + 4 * PG); /* the image */
}

static void realloc_freed(void)
{
	boot(1 * MiB);
	void *p = malloc(200);
	free(p);
	realloc(p, 300);
}

static void page_double_free(void)
{
	boot(1 * MiB);
	void *p = rk_page_alloc(3);
	rk_page_free(p, 3);
	rk_page_free(p, 3);
}

static void page_wrong_length(void)
{
	boot(1 * MiB);
	void *p = rk_page_alloc(3);
	rk_page_alloc(1);
	rk_page_free(p, 2);
}

static void page_too_long(void)
{
	boot(1 * MiB);
	void *p = rk_page_alloc(3);
	rk_page_alloc(1);
	rk_page_free(p, 4);
}

static void page_free_heap_block(void)
{
	boot(1 * MiB);
	rk_page_free(malloc(8192), 2);
}

static void page_free_inside_run(void)
{
	boot(1 * MiB);
	char *p = rk_page_alloc(3);
	rk_page_free(p + PG, 2);
}

static void page_free_unaligned(void)
{
	boot(1 * MiB);
	char *p = rk_page_alloc(1);
	rk_page_free(p + 8, 1);
}

static void page_free_reserved(void)
{
	uint8_t *ram = boot(1 * MiB);
	rk_page_free(ram + 3 * PG, 1);
}

static void add_ram_after_init(void)
{
	uint8_t *ram = boot(1 * MiB);
	rk_mem_add_ram((uintptr_t)ram, PG);
}

static void reserve_after_init(void)
{
	boot(1 * MiB);
	rk_mem_reserve(0x1000, 0x1000, "late");
}

static void too_many_reservations(void)
{
	for (int i = 0; i <= CONFIG_MEM_MAX_RESERVED; i++)
		rk_mem_reserve((uintptr_t)i * 0x10000, 0x1000, "many");
}

static void no_ram(void)
{
	rk_mem_add_ram(0x12345, 0x100); /* less than a page once aligned */
	mem_setup(0x80000000, 0x80010000);
}

static void init_twice(void)
{
	boot(1 * MiB);
	mem_setup(0x80000000, 0x80010000);
}

#ifdef CONFIG_HEAP_POISON
static void write_after_free(void)
{
	boot(1 * MiB);
	char *p = malloc(64);
	free(p);
	p[10] = 1;
	for (int i = 0; i < 100; i++)
		malloc(64); /* one of these hands the block out again */
}
#endif

/* --- Runner ------------------------------------------------------------------ */

struct scenario {
	const char *name;
	void (*fn)(void);
	const char *panic; /* expected in the panic message; NULL: must not panic */
};

/* Every free page, one at a time, until none is left: as many as setup
 * counted, the last one at 'last'; then all freed again. Returns how many. */
static size_t alloc_every_page(const uint8_t *last)
{
	static uint8_t *got[1 << 13];
	size_t n = 0;

	while (n < sizeof(got) / sizeof(got[0]) && (got[n] = rk_page_alloc(1)))
		n++;
	CHECK_EQ(n, stats().pages_total);
	CHECK(n > 0 && got[n - 1] == last);
	CHECK(rk_page_alloc(1) == NULL);
	for (size_t i = 0; i < n; i++)
		rk_page_free(got[i], 1);
	CHECK_EQ(stats().pages_free, n);
	return n;
}

/* The page map's kind bytes are written only up to what setup reserved
 * and allocation reached (kernel/mem/page.c), so boot does not grow with
 * RAM: on RAM full of garbage, the bytes past that stay untouched, yet
 * every page reads as free and all of them can be allocated and freed. */
#define LAZY_PAGES 4096
static void page_map_lazy(void)
{
	uint8_t *a = map_arena(LAZY_PAGES * PG + 2 * PG), *ram = a + PG;
	no_access(a, PG);
	no_access(ram + LAZY_PAGES * PG, PG);
	memset(ram, 0xa5, LAZY_PAGES * PG);
	rk_mem_add_ram((uintptr_t)ram, LAZY_PAGES * PG);
	mem_setup((uintptr_t)(ram + 3 * PG + 5), (uintptr_t)(ram + 9 * PG - 7));
	/* The page map is the first page of RAM: bitmap, then kind bytes. */
	const uint8_t *kind = ram + LAZY_PAGES / 8;
	CHECK_EQ(kind[LAZY_PAGES - 1], 0xa5);
	CHECK_EQ(kind[LAZY_PAGES / 2], 0xa5);
	/* The bitmap too: only its first word (pages 0-63) was written. */
	CHECK_EQ(ram[LAZY_PAGES / 8 - 1], 0xa5);
	CHECK_EQ(ram[LAZY_PAGES / 16], 0xa5);
	struct page_info pi;
	CHECK(pages_lookup((uintptr_t)(ram + (LAZY_PAGES - 1) * PG), &pi));
	CHECK_EQ(pi.kind, PG_FREE);
	CHECK(pages_lookup((uintptr_t)(ram + 4 * PG), &pi));
	CHECK_EQ(pi.kind, PG_RESERVED);

	/* Page map (2 pages) and image (pages 3-8) are not free. */
	CHECK_EQ(alloc_every_page(ram + (LAZY_PAGES - 1) * PG), LAZY_PAGES - 8);
	CHECK(pages_lookup((uintptr_t)(ram + (LAZY_PAGES - 1) * PG), &pi));
	CHECK_EQ(pi.kind, PG_FREE);
}

/* Reservations are marked as runs of free pages: overlapping ones count
 * once, and a zone whose page count is not a multiple of 64 (the bitmap's
 * last word partly past the end) still hands out exactly its pages. */
#define ODD_PAGES 1000
static void reserve_runs(void)
{
	uint8_t *a = map_arena(ODD_PAGES * PG + 2 * PG), *ram = a + PG;
	no_access(a, PG);
	no_access(ram + ODD_PAGES * PG, PG);
	memset(ram, 0x5a, ODD_PAGES * PG);
	rk_mem_add_ram((uintptr_t)ram, ODD_PAGES * PG);
	rk_mem_reserve((uintptr_t)(ram + 20 * PG), 10 * PG, "a");
	rk_mem_reserve((uintptr_t)(ram + 25 * PG), 10 * PG, "b"); /* overlaps a */
	rk_mem_reserve((uintptr_t)(ram + 35 * PG), PG, "c");      /* adjacent to b */
	rk_mem_reserve((uintptr_t)(ram + 999 * PG), PG, "last");
	mem_setup((uintptr_t)(ram + 3 * PG), (uintptr_t)(ram + 9 * PG));
	/* 1000 pages less the page map (1), the image (6), a + b + c (16)
	 * and the last page. */
	CHECK_EQ(stats().pages_total, ODD_PAGES - 1 - 6 - 16 - 1);
	struct page_info pi;
	for (int i = 20; i <= 35; i++) {
		CHECK(pages_lookup((uintptr_t)(ram + i * PG), &pi));
		CHECK_EQ(pi.kind, PG_RESERVED);
	}
	CHECK(pages_lookup((uintptr_t)(ram + 36 * PG), &pi));
	CHECK_EQ(pi.kind, PG_FREE);
	alloc_every_page(ram + 998 * PG);
	/* A run as long as the longest free stretch fits, one more does not. */
	void *run = rk_page_alloc(999 - 36);
	CHECK(run == ram + 36 * PG);
	rk_page_free(run, 999 - 36);
	CHECK(rk_page_alloc(999 - 35) == NULL);
}

static const struct scenario scenarios[] = {
	{ "page_map_lazy", page_map_lazy, NULL },
	{ "reserve_runs", reserve_runs, NULL },
	{ "memory_map", memory_map, NULL },
	{ "page_random", page_random, NULL },
	{ "heap_random", heap_random, NULL },
	{ "heap_exhaustion", heap_exhaustion, NULL },
	{ "heap_realloc", heap_realloc, NULL },
	{ "heap_aligned", heap_aligned, NULL },
	{ "heap_zero_size", heap_zero_size, NULL },
	{ "double_free_small", double_free_small, "free(0x" },
	{ "double_free_small", double_free_small, "double free (the 48-byte block is not in use)" },
	{ "double_free_large", double_free_large, "double free, or not a heap pointer (the page is free)" },
	{ "stale_free_released_slab", stale_free_released_slab, "double free, or not a heap pointer" },
	{ "free_inside_small", free_inside_small, "not the start of a heap block (64-byte blocks" },
	{ "free_inside_large", free_inside_large, "points inside the heap block at 0x" },
	{ "free_not_ram", free_not_ram, "not a heap pointer (not in RAM)" },
	{ "free_page_run", free_page_run, "not a heap pointer (the page is rk_page_alloc)" },
	{ "free_reserved", free_reserved, "not a heap pointer (the page is reserved)" },
	{ "realloc_freed", realloc_freed, "realloc(0x" },
	{ "page_double_free", page_double_free, "rk_page_free(0x" },
	{ "page_double_free", page_double_free, "double free (the page is free, or was never allocated)" },
	{ "page_wrong_length", page_wrong_length, "2 pages): the run has 3 pages" },
	{ "page_too_long", page_too_long, "4 pages): the run has 3 pages" },
	{ "page_free_heap_block", page_free_heap_block, "the page is heap block, not rk_page_alloc" },
	{ "page_free_inside_run", page_free_inside_run, "the page is inside a run, not rk_page_alloc" },
	{ "page_free_unaligned", page_free_unaligned, "not page-aligned" },
	{ "page_free_reserved", page_free_reserved, "the page is reserved, not rk_page_alloc" },
	{ "add_ram_after_init", add_ram_after_init, "rk_mem_add_ram(0x" },
	{ "reserve_after_init", reserve_after_init, "rk_mem_reserve(0x1000, late) after rk_mem_init" },
	{ "too_many_reservations", too_many_reservations, "CONFIG_MEM_MAX_RESERVED" },
	{ "no_ram", no_ram, "mem: no RAM" },
	{ "init_twice", init_twice, "rk_mem_init called twice" },
#ifdef CONFIG_HEAP_POISON
	{ "write_after_free", write_after_free, "64-byte block at 0x" },
	{ "write_after_free", write_after_free, "was written after it was freed (byte 10 is 0x1)" },
#endif
};

static void run(const struct scenario *s)
{
	static char out[1 << 20];
	size_t len = 0;
	int fds[2];

	fflush(stdout);
	if (pipe(fds)) {
		perror("pipe");
		exit(3);
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(3);
	}
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		s->fn();
		CHECK_EQ(lock_depth, 0);
		fflush(stdout);
		_exit(check_failures ? 1 : 0);
	}
	close(fds[1]);
	for (ssize_t r; (r = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0;)
		len += (size_t)r;
	out[len] = 0;
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);

	bool ok;
	if (s->panic)
		ok = WIFEXITED(status) && WEXITSTATUS(status) == RK_EXIT_PANIC &&
		     strstr(out, "PANIC: ") && strstr(out, s->panic);
	else
		ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	const char *arrow = s->panic ? " -> panic: " : "", *panic = s->panic ? s->panic : "";
	if (CHECK_MSG(ok, "%s%s%s", s->name, arrow, panic))
		printf("ok   %s%s%s\n", s->name, arrow, panic);
	else
		printf("---- output (wait status %#x)\n%s----\n", status, out);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (unsigned i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		run(&scenarios[i]);
	return check_summary("test_mem"); /* one check per scenario */
}
