/* SPDX-License-Identifier: BSD-2-Clause */
/* Page-frame allocator.
 *
 * One zone per RAM region. A zone has two maps over its pages:
 *  - a bitmap (1 = not free), the search structure: a first-fit scan that
 *    skips 64 busy pages per word, starting from a hint below which no page
 *    is free, so that the common one-page and small-run requests cost a few
 *    word operations;
 *  - a kind byte per page (enum page_kind), the checking structure: a run
 *    is a head byte naming its owner followed by PG_TAIL bytes, so a free
 *    verifies owner, start and exact length, and double frees, frees of
 *    reserved or never-allocated pages and wrong lengths all panic.
 * Exact-length runs (not power-of-two blocks as a buddy allocator would
 * hand out) waste nothing, and the cost of a bit and a byte per page is
 * 0.03% of RAM. Both maps live in a "page map" carved from RAM at setup.
 * Neither map is cleared at setup: each is real only up to a watermark
 * that reservations and allocations move (first fit keeps it low), and
 * reads above it see free pages, since clearing them made boot time grow
 * with RAM: the kind bytes 52 k instructions at 128 MiB, 400 k at 2 GiB;
 * the bitmap 66 k more at 4 GiB (docs/boot.md). Reservations mark runs
 * of pages, a word of bits at a time. */
#include <string.h>
#include <rumpk/panic.h>
#include "mem_internal.h"

#define WORD_BITS 64

struct zone {
	uintptr_t base;  /* page-aligned */
	size_t npages;
	size_t nfree;
	size_t hint;     /* no free page below this index */
	uint64_t *used;  /* bit per page, valid below word used_clean */
	uint8_t *kind;   /* enum page_kind per page, valid below kind_clean */
	size_t used_clean; /* every word from here on is unwritten: free pages */
	size_t kind_clean; /* every page from here on is free, kind[] unwritten */
};

static struct zone zones[CONFIG_MEM_MAX_RAM_REGIONS];
static int nzones;
static uint64_t managed_pages; /* free right after setup */

static const char *const kind_names[] = {
	[PG_FREE] = "free",          [PG_RESERVED] = "reserved",
	[PG_RUN] = "rk_page_alloc",  [PG_HEAP] = "heap block",
	[PG_SLAB] = "heap slab",     [PG_TAIL] = "run tail",
};

const char *page_kind_name(enum page_kind k)
{
	return (unsigned)k < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[k] : "corrupt";
}

/* --- Kind map ----------------------------------------------------------- */

static enum page_kind kind_of(const struct zone *z, size_t i)
{
	return i < z->kind_clean ? (enum page_kind)z->kind[i] : PG_FREE;
}

/* Before writing kind[] below 'end': make it real up to there. The
 * watermark moves in steps of 8 so that memset starts word-aligned
 * (kind[] does: it follows the bitmap's whole words in the page map). */
static void kind_reach(struct zone *z, size_t end)
{
	end = (end + 7) & ~(size_t)7;
	if (end > z->npages)
		end = z->npages;
	if (end > z->kind_clean) {
		memset(z->kind + z->kind_clean, PG_FREE, end - z->kind_clean);
		z->kind_clean = end;
	}
}

/* --- Bitmap ------------------------------------------------------------- */

/* Word w of the bitmap. Above the watermark: all free, except that bits
 * past the last page read as busy, so no run ever ends there. */
static uint64_t word(const struct zone *z, size_t w)
{
	if (w < z->used_clean)
		return z->used[w];
	return w == z->npages / WORD_BITS ? ~0ull << (z->npages % WORD_BITS) : 0;
}

/* Before writing word w: make the bitmap real up to it. */
static void word_reach(struct zone *z, size_t w)
{
	for (; z->used_clean <= w; z->used_clean++)
		z->used[z->used_clean] = word(z, z->used_clean);
}

static bool bit(const struct zone *z, size_t i)
{
	return word(z, i / WORD_BITS) >> (i % WORD_BITS) & 1;
}

static void set_bits(struct zone *z, size_t i, size_t n, bool on)
{
	if (n)
		word_reach(z, (i + n - 1) / WORD_BITS);
	while (n) {
		size_t w = i / WORD_BITS, b = i % WORD_BITS;
		size_t k = WORD_BITS - b < n ? WORD_BITS - b : n;
		uint64_t mask = (k == WORD_BITS ? ~0ull : ((1ull << k) - 1)) << b;
		if (on)
			z->used[w] |= mask;
		else
			z->used[w] &= ~mask;
		i += k;
		n -= k;
	}
}

/* First index in [i, end) whose bit equals 'want', or end. */
static size_t scan(const struct zone *z, size_t i, size_t end, bool want)
{
	while (i < end) {
		uint64_t w = word(z, i / WORD_BITS);
		if (!want)
			w = ~w;
		w &= ~0ull << (i % WORD_BITS); /* ignore bits below i */
		if (w) {
			size_t found = (i & ~(size_t)(WORD_BITS - 1)) + (size_t)__builtin_ctzll(w);
			return found < end ? found : end;
		}
		i = (i | (WORD_BITS - 1)) + 1;
	}
	return end;
}

/* Smallest index >= i whose address is a multiple of align pages. */
static size_t align_index(const struct zone *z, size_t i, size_t align)
{
	size_t off = (z->base >> PAGE_SHIFT) & (align - 1);
	return ((i + off + align - 1) & ~(align - 1)) - off;
}

/* First fit of n free pages; returns the index or z->npages. */
static size_t find_run(struct zone *z, size_t n, size_t align)
{
	z->hint = scan(z, z->hint, z->npages, false);
	size_t i = z->hint;
	for (;;) {
		i = align_index(z, i, align);
		if (i >= z->npages || z->npages - i < n)
			return z->npages;
		if (bit(z, i)) {
			i = scan(z, i, z->npages, false);
			continue;
		}
		/* Look no further than the n pages needed. */
		size_t busy = scan(z, i, i + n, true);
		if (busy == i + n)
			return i;
		i = scan(z, busy, z->npages, false);
	}
}

/* --- Setup --------------------------------------------------------------- */

static size_t bitmap_bytes(size_t npages)
{
	return (npages + WORD_BITS - 1) / WORD_BITS * 8;
}

size_t pages_meta_bytes(size_t npages)
{
	return bitmap_bytes(npages) + ((npages + 7) & ~(size_t)7);
}

void pages_add_zone(uintptr_t base, size_t npages, void *meta)
{
	if (nzones == CONFIG_MEM_MAX_RAM_REGIONS)
		rk_panic("mem: more than %d zones", CONFIG_MEM_MAX_RAM_REGIONS);
	struct zone *z = &zones[nzones++];
	z->base = base;
	z->npages = npages;
	z->nfree = npages;
	z->hint = 0;
	z->used = meta;
	z->kind = (uint8_t *)meta + bitmap_bytes(npages);
	z->used_clean = 0;
	z->kind_clean = 0;
}

void pages_mark_reserved(uintptr_t base, uintptr_t end)
{
	for (int i = 0; i < nzones; i++) {
		struct zone *z = &zones[i];
		uintptr_t zend = z->base + (z->npages << PAGE_SHIFT);
		uintptr_t lo = base > z->base ? base : z->base;
		uintptr_t hi = end < zend ? end : zend;
		if (lo >= hi)
			continue;
		/* Reservations may overlap: mark only the free runs between
		 * (a set bit is exactly a page that is not free). */
		size_t i = (lo - z->base) >> PAGE_SHIFT;
		size_t last = ((hi - z->base) + PAGE_SIZE - 1) >> PAGE_SHIFT;
		while ((i = scan(z, i, last, false)) < last) {
			size_t run_end = scan(z, i, last, true);
			kind_reach(z, run_end);
			memset(z->kind + i, PG_RESERVED, run_end - i);
			set_bits(z, i, run_end - i, true);
			z->nfree -= run_end - i;
			i = run_end;
		}
	}
}

void pages_setup_done(void)
{
	managed_pages = 0;
	for (int i = 0; i < nzones; i++)
		managed_pages += zones[i].nfree;
}

void pages_counts(uint64_t *total, uint64_t *nfree)
{
	*total = managed_pages;
	*nfree = 0;
	for (int i = 0; i < nzones; i++)
		*nfree += zones[i].nfree;
}

/* --- Allocation ----------------------------------------------------------- */

static void claim(struct zone *z, size_t i, size_t n, enum page_kind kind)
{
	set_bits(z, i, n, true);
	kind_reach(z, i + n);
	z->kind[i] = (uint8_t)kind;
	memset(z->kind + i + 1, PG_TAIL, n - 1);
	z->nfree -= n;
}

static void release(struct zone *z, size_t i, size_t n)
{
	set_bits(z, i, n, false);
	memset(z->kind + i, PG_FREE, n);
	z->nfree += n;
	if (i < z->hint)
		z->hint = i;
}

void *pages_alloc(size_t n, size_t align_pages, enum page_kind kind)
{
	if (n == 0 || align_pages == 0 || (align_pages & (align_pages - 1)))
		return NULL;
	for (int zi = 0; zi < nzones; zi++) {
		struct zone *z = &zones[zi];
		if (z->nfree < n)
			continue;
		size_t i = find_run(z, n, align_pages);
		if (i == z->npages)
			continue;
		claim(z, i, n, kind);
		return (void *)(z->base + (i << PAGE_SHIFT));
	}
	return NULL;
}

static struct zone *zone_of(uintptr_t addr)
{
	for (int i = 0; i < nzones; i++) {
		struct zone *z = &zones[i];
		if (addr >= z->base && (addr - z->base) >> PAGE_SHIFT < z->npages)
			return z;
	}
	return NULL;
}

static size_t tails_after(const struct zone *z, size_t head)
{
	size_t i = head + 1;
	while (i < z->npages && kind_of(z, i) == PG_TAIL)
		i++;
	return i - head - 1;
}

bool pages_lookup(uintptr_t addr, struct page_info *pi)
{
	struct zone *z = zone_of(addr);
	if (!z)
		return false;
	size_t idx = (addr - z->base) >> PAGE_SHIFT, head = idx;
	while (kind_of(z, head) == PG_TAIL && head > 0)
		head--;
	pi->kind = kind_of(z, idx);
	pi->head_kind = kind_of(z, head);
	pi->head = z->base + (head << PAGE_SHIFT);
	pi->run_pages = 1 + tails_after(z, head);
	return true;
}

void pages_free(void *p, size_t n, enum page_kind kind, const char *fn)
{
	uintptr_t a = (uintptr_t)p;
	struct zone *z = zone_of(a);

	if (!z)
		rk_panic("%s(%p): not in RAM", fn, p);
	if (a & (PAGE_SIZE - 1))
		rk_panic("%s(%p): not page-aligned", fn, p);
	size_t i = (a - z->base) >> PAGE_SHIFT;
	enum page_kind k = kind_of(z, i);
	if (k == PG_FREE)
		rk_panic("%s(%p): double free (the page is free, or was never allocated)", fn, p);
	if (k != kind)
		rk_panic("%s(%p): the page is %s, not %s", fn, p,
			 k == PG_TAIL ? "inside a run" : page_kind_name(k), page_kind_name(kind));
	size_t run = 1 + tails_after(z, i);
	if (n != run)
		rk_panic("%s(%p, %zu pages): the run has %zu pages", fn, p, n, run);
	release(z, i, n);
}

bool pages_grow(void *p, size_t n, size_t new_n)
{
	struct zone *z = zone_of((uintptr_t)p);
	size_t i = ((uintptr_t)p - z->base) >> PAGE_SHIFT;

	if (new_n <= n || z->npages - i < new_n || scan(z, i + n, i + new_n, true) < i + new_n)
		return false;
	set_bits(z, i + n, new_n - n, true);
	kind_reach(z, i + new_n);
	memset(z->kind + i + n, PG_TAIL, new_n - n);
	z->nfree -= new_n - n;
	return true;
}

void pages_shrink(void *p, size_t n, size_t new_n)
{
	struct zone *z = zone_of((uintptr_t)p);
	size_t i = ((uintptr_t)p - z->base) >> PAGE_SHIFT;

	if (new_n && new_n < n)
		release(z, i + new_n, n - new_n);
}

/* --- Public interface (takes the lock) ---------------------------------- */

void *rk_page_alloc(size_t npages)
{
	return rk_page_alloc_aligned(npages, PAGE_SIZE);
}

void *rk_page_alloc_aligned(size_t npages, size_t align)
{
	if (align == 0 || (align & (align - 1)))
		return NULL;
	unsigned long f = mem_lock();
	void *p = pages_alloc(npages, align > PAGE_SIZE ? align >> PAGE_SHIFT : 1, PG_RUN);
	mem_unlock(f);
	return p;
}

void rk_page_free(void *p, size_t npages)
{
	if (!p)
		return;
	unsigned long f = mem_lock();
	pages_free(p, npages, PG_RUN, "rk_page_free");
	mem_unlock(f);
}
