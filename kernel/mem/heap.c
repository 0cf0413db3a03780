/* SPDX-License-Identifier: BSD-2-Clause */
/* The C allocation functions and the memory statistics.
 *
 * Requests up to 3 KiB come from the size classes of slab.c; larger ones
 * (or ones aligned beyond what a class gives) are page runs of their own,
 * owned by the heap (PG_HEAP) so free() can tell them from anything else.
 * free() and realloc() find the block from the page map, never from bytes
 * in front of the pointer, and panic on anything but a live block. */
#include <string.h>
#include <rumpk/panic.h>
#include "mem_internal.h"

#define MIN_ALIGN 16
/* POSIX error numbers (Linux values) for posix_memalign. */
#define HEAP_EINVAL 22
#define HEAP_ENOMEM 12

static struct {
	uint64_t in_use, peak, allocs, frees, failures, large_pages;
} st;

struct block {
	bool large;
	size_t usable;
	size_t pages;           /* large */
	struct slab_block slab; /* small */
};

static size_t pages_for(size_t size)
{
	return (size >> PAGE_SHIFT) + ((size & (PAGE_SIZE - 1)) != 0);
}

/* The live block at p, or a panic that says what p is instead. */
static void find_block(void *p, const char *fn, struct block *b)
{
	struct page_info pi;

	if (!pages_lookup((uintptr_t)p, &pi))
		rk_panic("%s(%p): not a heap pointer (not in RAM)", fn, p);
	if (slab_find((uintptr_t)p, &pi, fn, &b->slab)) {
		b->large = false;
		b->usable = b->slab.size;
		return;
	}
	if (pi.head_kind == PG_HEAP) {
		if ((uintptr_t)p != pi.head)
			rk_panic("%s(%p): points inside the heap block at %p", fn, p, (void *)pi.head);
		b->large = true;
		b->pages = pi.run_pages;
		b->usable = pi.run_pages * PAGE_SIZE;
		return;
	}
	if (pi.kind == PG_FREE)
		rk_panic("%s(%p): double free, or not a heap pointer (the page is free)", fn, p);
	rk_panic("%s(%p): not a heap pointer (the page is %s)", fn, p, page_kind_name(pi.head_kind));
}

static void account(size_t added, size_t removed)
{
	st.in_use += added;
	st.in_use -= removed;
	if (st.in_use > st.peak)
		st.peak = st.in_use;
}

/* Allocate with mem_lock held. */
static void *heap_alloc(size_t size, size_t align)
{
	void *p = NULL;
	size_t usable = 0;

	if (size == 0)
		size = 1; /* a unique pointer, as glibc and musl do */
	int cls = slab_class_for(size, align);
	if (cls >= 0) {
		p = slab_alloc(cls);
		usable = slab_class_size(cls);
	} else if (size <= SIZE_MAX - PAGE_SIZE) {
		size_t n = pages_for(size);
		p = pages_alloc(n, align > PAGE_SIZE ? align >> PAGE_SHIFT : 1, PG_HEAP);
		usable = n * PAGE_SIZE;
		if (p)
			st.large_pages += n;
	}
	if (!p) {
		st.failures++;
		return NULL;
	}
	st.allocs++;
	account(usable, 0);
	return p;
}

static void heap_free(void *p, const struct block *b)
{
	if (b->large) {
		pages_free(p, b->pages, PG_HEAP, "free");
		st.large_pages -= b->pages;
	} else {
		slab_free(&b->slab);
	}
	st.frees++;
	account(0, b->usable);
}

void *malloc(size_t size)
{
	unsigned long f = mem_lock();
	void *p = heap_alloc(size, MIN_ALIGN);
	mem_unlock(f);
	return p;
}

void free(void *p)
{
	if (!p)
		return;
	unsigned long f = mem_lock();
	struct block b;
	find_block(p, "free", &b);
	heap_free(p, &b);
	mem_unlock(f);
}

void *calloc(size_t n, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(n, size, &total)) {
		unsigned long f = mem_lock();
		st.failures++;
		mem_unlock(f);
		return NULL;
	}
	void *p = malloc(total);
	if (p)
		memset(p, 0, total);
	return p;
}

void *aligned_alloc(size_t align, size_t size)
{
	if (align == 0 || (align & (align - 1)))
		return NULL;
	unsigned long f = mem_lock();
	void *p = heap_alloc(size, align < MIN_ALIGN ? MIN_ALIGN : align);
	mem_unlock(f);
	return p;
}

int posix_memalign(void **out, size_t align, size_t size)
{
	if (align < sizeof(void *) || (align & (align - 1)))
		return HEAP_EINVAL;
	void *p = aligned_alloc(align, size);
	if (!p)
		return HEAP_ENOMEM;
	*out = p;
	return 0;
}

size_t malloc_usable_size(void *p)
{
	if (!p)
		return 0;
	unsigned long f = mem_lock();
	struct block b;
	find_block(p, "malloc_usable_size", &b);
	mem_unlock(f);
	return b.usable;
}

/* realloc without moving, when the block can take the new size; with
 * mem_lock held. A small block stays unless it would be more than half
 * empty; a large one shrinks or grows over the free pages after it. */
static bool resize_in_place(void *p, const struct block *b, size_t size)
{
	if (!b->large) {
		int min_cls = slab_class_for(1, MIN_ALIGN);
		return size <= b->usable && (size > b->usable / 2 || b->slab.cls == min_cls);
	}
	if (slab_class_for(size, MIN_ALIGN) >= 0)
		return false; /* small now: a slab block wastes less than a page */
	size_t n = pages_for(size);
	if (n < b->pages)
		pages_shrink(p, b->pages, n);
	else if (n > b->pages && !pages_grow(p, b->pages, n))
		return false;
	st.large_pages += n;
	st.large_pages -= b->pages;
	account(n * PAGE_SIZE, b->usable);
	return true;
}

void *realloc(void *p, size_t size)
{
	if (!p)
		return malloc(size);
	if (size == 0)
		size = 1; /* like malloc(0): a unique block, p is freed */

	unsigned long f = mem_lock();
	struct block b;
	find_block(p, "realloc", &b);
	if (resize_in_place(p, &b, size)) {
		mem_unlock(f);
		return p;
	}
	void *q = heap_alloc(size, MIN_ALIGN);
	mem_unlock(f);
	if (!q)
		return NULL; /* p is untouched, as C requires */
	/* Both blocks belong to the caller: copy without holding the lock. */
	memcpy(q, p, size < b.usable ? size : b.usable);
	f = mem_lock();
	find_block(p, "realloc", &b);
	heap_free(p, &b);
	mem_unlock(f);
	return q;
}

void rk_mem_stats(struct rk_mem_stats *out)
{
	unsigned long f = mem_lock();
	pages_counts(&out->pages_total, &out->pages_free);
	out->ram_bytes = mem_ram_bytes();
	out->heap_pages = slab_page_count() + st.large_pages;
	out->heap_in_use = st.in_use;
	out->heap_peak = st.peak;
	out->heap_allocs = st.allocs;
	out->heap_frees = st.frees;
	out->heap_failures = st.failures;
	mem_unlock(f);
}
