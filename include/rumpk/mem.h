/* Physical memory: the regions the boot loader reported, a page-frame
 * allocator over them, and the kernel heap (malloc family) on top. */
#ifndef RUMPK_MEM_H
#define RUMPK_MEM_H

#include <stddef.h>
#include <stdint.h>

#define RK_PAGE_SIZE 4096ul

/* Boot: describe RAM, then carve out what is in use, then start. */
void rk_mem_add_ram(uintptr_t base, uint64_t size);
void rk_mem_reserve(uintptr_t base, uint64_t size, const char *why);
/* Set up the page allocator over RAM minus reservations; prints the map. */
void rk_mem_init(void);

/* Contiguous, page-aligned runs of pages. NULL when out of memory. */
void *rk_page_alloc(size_t npages);
void rk_page_free(void *p, size_t npages);

struct rk_mem_stats {
	uint64_t ram_bytes;        /* usable RAM managed by the page allocator */
	uint64_t pages_total, pages_free;
	uint64_t heap_in_use;      /* bytes handed out by malloc and friends */
	uint64_t heap_peak;
	uint64_t heap_allocs, heap_frees, heap_failures;
};
void rk_mem_stats(struct rk_mem_stats *st);

/* The C allocation functions (also what lwIP and libsodium call). */
void *malloc(size_t size);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void *aligned_alloc(size_t align, size_t size);
int posix_memalign(void **out, size_t align, size_t size);

#endif
