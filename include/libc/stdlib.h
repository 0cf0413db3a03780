/* SPDX-License-Identifier: BSD-2-Clause */
/* The subset of <stdlib.h> the kernel provides: the allocation functions
 * of kernel/mem/heap.c (see include/rumpk/mem.h for their behaviour). */
#ifndef RUMPK_LIBC_STDLIB_H
#define RUMPK_LIBC_STDLIB_H

#include <stddef.h>

void *malloc(size_t size);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void *aligned_alloc(size_t align, size_t size);
int posix_memalign(void **out, size_t align, size_t size);

#endif
