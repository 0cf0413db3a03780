/* SPDX-License-Identifier: BSD-2-Clause */
/* Physical memory: the regions the boot loader reported, a page-frame
 * allocator over them, and the kernel heap (malloc family) on top.
 * Addresses are physical; the kernel runs identity-mapped. */
#ifndef RUMPK_MEM_H
#define RUMPK_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RK_PAGE_SHIFT 12
#define RK_PAGE_SIZE 4096ul

/* Boot: describe RAM, then carve out what is in use, then start. The order
 * of add_ram and reserve calls does not matter; both are only recorded
 * until rk_mem_init, and calling them afterwards is a panic. 'why' is kept
 * (not copied) for the memory map: pass a literal or text in the DTB. */
void rk_mem_add_ram(uintptr_t base, uint64_t size);
void rk_mem_reserve(uintptr_t base, uint64_t size, const char *why);
/* Ignore RAM at and above 'end': the arch calls it when its boot page
 * tables map less than all of physical memory (x86_64: the first 4 GiB). */
void rk_mem_limit(uint64_t end);
/* Whether [base, base + size) lies inside one RAM range reported so far
 * (and below the rk_mem_limit), e.g. to judge a boot loader's initrd. */
bool rk_mem_is_ram(uintptr_t base, uint64_t size);
/* rk_mem_init, the RK_INIT_MEM init function (kernel/mem/image.c), sets up
 * the page allocator over RAM minus reservations, also reserving the kernel
 * image (__image_start..__image_end) and physical page 0, and prints the
 * memory map. */

/* Contiguous, page-aligned runs of pages; NULL when out of memory (or
 * npages is 0). Freeing needs the same npages; a mismatch, a double free
 * or a page that was never allocated this way is a panic. */
void *rk_page_alloc(size_t npages);
/* Same, with the run aligned to 'align' bytes (a power of two). */
void *rk_page_alloc_aligned(size_t npages, size_t align);
void rk_page_free(void *p, size_t npages);

struct rk_mem_stats {
	uint64_t ram_bytes;        /* RAM reported, page-aligned, reservations included */
	uint64_t pages_total;      /* pages the page allocator manages (RAM minus reserved) */
	uint64_t pages_free;
	uint64_t heap_pages;       /* pages the heap holds: slabs and large blocks */
	uint64_t heap_in_use;      /* bytes handed out by malloc and friends (usable sizes) */
	uint64_t heap_peak;        /* highest heap_in_use so far */
	uint64_t heap_allocs, heap_frees, heap_failures;
};
void rk_mem_stats(struct rk_mem_stats *st);

/* The C allocation functions (also what lwIP and libsodium call).
 * malloc(0) and realloc(p, 0) return a unique minimal block, never NULL
 * unless memory is exhausted. Every pointer is 16-byte aligned. free() of
 * a pointer that is not a live block from these functions is a panic. */
void *malloc(size_t size);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void *aligned_alloc(size_t align, size_t size);
int posix_memalign(void **out, size_t align, size_t size);
/* Bytes usable at p (at least what was asked for); 0 for NULL. */
size_t malloc_usable_size(void *p);

#endif
