/* SPDX-License-Identifier: BSD-2-Clause */
/* Interfaces between the files of kernel/mem (not public).
 *
 *   memmap.c  RAM and reservation bookkeeping, setup, the printed map
 *   page.c    page-frame allocator (bitmap search + a kind byte per page)
 *   slab.c    small heap blocks: slabs of fixed size classes
 *   heap.c    malloc family: slabs when small, page runs when large; stats
 *   image.c   binding to the image: linker symbols, interrupt masking
 *   mem_tests.c  in-image tests (CONFIG_KTEST)
 *
 * Everything but image.c is portable C without arch headers, so the host
 * unit tests (test/unit/test_mem.c) build the same files. */
#ifndef RK_MEM_INTERNAL_H
#define RK_MEM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <rumpk/mem.h>

/* Kconfig values, with the Kconfig defaults where there is no autoconf.h
 * (the host tests). */
#ifndef CONFIG_MEM_MAX_RAM_REGIONS
#define CONFIG_MEM_MAX_RAM_REGIONS 16
#endif
#ifndef CONFIG_MEM_MAX_RESERVED
#define CONFIG_MEM_MAX_RESERVED 32
#endif

#define PAGE_SIZE RK_PAGE_SIZE
#define PAGE_SHIFT RK_PAGE_SHIFT

/* What a page is used for: one byte per page. A run of pages is one head
 * byte followed by PG_TAIL bytes, which is what lets every free check the
 * exact extent and owner of what it is handed. */
enum page_kind {
	PG_FREE,
	PG_RESERVED, /* firmware, image, DTB, page map: never allocatable */
	PG_RUN,      /* head of an rk_page_alloc run */
	PG_HEAP,     /* head of a large heap block */
	PG_SLAB,     /* head of a heap slab */
	PG_TAIL,     /* continues the run that started at the nearest head below */
};
const char *page_kind_name(enum page_kind k);

/* Serialises the allocator against interrupt handlers and preemption.
 * image.c masks interrupts; the host tests count nesting. */
unsigned long mem_lock(void);
void mem_unlock(unsigned long flags);

/* memmap.c: everything rk_mem_init does, given the image bounds. */
void mem_setup(uintptr_t image_start, uintptr_t image_end);
/* RAM in the zones, reservations included (the ram_bytes statistic). */
uint64_t mem_ram_bytes(void);

/* page.c. Callers hold mem_lock. */
size_t pages_meta_bytes(size_t npages);
void pages_add_zone(uintptr_t base, size_t npages, void *meta);
void pages_mark_reserved(uintptr_t base, uintptr_t end);
void pages_setup_done(void);
/* A run of n pages whose address is a multiple of align_pages pages. */
void *pages_alloc(size_t n, size_t align_pages, enum page_kind kind);
/* Frees exactly the run at p of n pages and kind; panics, naming fn, on
 * anything else. */
void pages_free(void *p, size_t n, enum page_kind kind, const char *fn);
/* Grow a run in place when the pages after it are free; true on success. */
bool pages_grow(void *p, size_t n, size_t new_n);
/* Give the pages after the first new_n of a run back. */
void pages_shrink(void *p, size_t n, size_t new_n);

/* What the page holding addr is, and the head of the run it belongs to. */
struct page_info {
	enum page_kind kind; /* of the page itself */
	enum page_kind head_kind;
	uintptr_t head;      /* address of the run's first page */
	size_t run_pages;    /* pages in that run */
};
bool pages_lookup(uintptr_t addr, struct page_info *pi);
void pages_counts(uint64_t *total, uint64_t *nfree);

/* slab.c. Callers hold mem_lock. */
struct slab;
struct slab_block {
	struct slab *slab;
	unsigned index; /* of the block in its slab */
	int cls;
	size_t size;    /* of the class */
};
/* The smallest size class holding size bytes aligned to align; -1 if the
 * request is too large (or too aligned) for any class. */
int slab_class_for(size_t size, size_t align);
size_t slab_class_size(int cls);
void *slab_alloc(int cls);
/* If pi (the page info of p) is a slab's: true, with the block at p in *b,
 * after panicking, naming fn, unless p is exactly a block in use. */
bool slab_find(uintptr_t p, const struct page_info *pi, const char *fn, struct slab_block *b);
void slab_free(const struct slab_block *b);
uint64_t slab_page_count(void);

#endif
