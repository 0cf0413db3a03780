/* x86_64 page tables beyond the arch.h interface. */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <stdint.h>

/* Undo arch_guard_page: make the page at addr ordinary RAM again (before
 * a stack with a guard page goes back to the page allocator). 0, or -1
 * when addr is not a page address inside the identity map. */
int arch_unguard_page(uintptr_t addr);

#endif
