/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests of kernel/mem: the kernel heap's entry points under other
 * names, so that they neither replace the host C library's allocator (which
 * ASan intercepts) nor clash with its declarations. Force-included (-include)
 * into the kernel/mem sources; test_mem.c includes it after the host headers
 * and before <rumpk/mem.h>. */
#ifndef RK_TEST_MEM_RENAME_H
#define RK_TEST_MEM_RENAME_H

#define malloc rk_heap_malloc
#define free rk_heap_free
#define calloc rk_heap_calloc
#define realloc rk_heap_realloc
#define aligned_alloc rk_heap_aligned_alloc
#define posix_memalign rk_heap_posix_memalign
#define malloc_usable_size rk_heap_malloc_usable_size

#endif
