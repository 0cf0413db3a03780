/* SPDX-License-Identifier: BSD-2-Clause */
/* Program address spaces: the one interface between kernel/exec and each
 * architecture's user mode (arch/<arch>/user.c). An architecture that has
 * user mode defines ARCH_HAS_USER in its arch/user.h and implements every
 * function here (riscv64 with Sv39, x86_64, aarch64); kernel/exec runs
 * programs unprivileged only there (and in kernel mode, with the ring but
 * no isolation, elsewhere: docs/syscall.md).
 *
 * A space maps a window of user virtual addresses [RK_USER_BASE,
 * RK_USER_BASE + RK_USER_SIZE) (arch/user.h) to pages the kernel
 * allocated; every kernel page stays inaccessible to the program. The
 * kernel reaches program memory only through rk_copy_from_user and
 * rk_copy_to_user, which check each page against the space's own
 * mappings (present, user, readable or writable as needed) first. */
#ifndef RUMPK_USPACE_H
#define RUMPK_USPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <arch/user.h>

#ifndef RK_EFAULT
#define RK_EFAULT 14
#endif

#define RK_UPROT_R 1u
#define RK_UPROT_W 2u
#define RK_UPROT_X 4u

struct rk_uspace;

/* Why the program left user mode. */
enum rk_uexit_kind {
	RK_UEXIT_TRAP,   /* it asked: trap number and argument */
	RK_UEXIT_FAULT,  /* a CPU exception: cause, pc, address */
	RK_UEXIT_TICK,   /* an interrupt was served: the caller may end it */
};

struct rk_uexit {
	enum rk_uexit_kind kind;
	uint64_t trap, arg;          /* RK_UEXIT_TRAP */
	const char *cause;           /* RK_UEXIT_FAULT: the exception's name */
	uint64_t code, pc, addr;
};

/* A new empty space, or NULL when out of memory. */
struct rk_uspace *arch_uspace_create(void);
/* Unmaps everything (the pages themselves are the caller's) and frees the
 * space's tables. Never the running space afterwards. */
void arch_uspace_destroy(struct rk_uspace *s);
/* Map [uva, uva + size) to the physical pages at pa (both page-aligned,
 * inside the window) with RK_UPROT_* (never W and X together). 0, -RK_EINVAL
 * or -RK_ENOMEM. */
int arch_uspace_map(struct rk_uspace *s, uintptr_t uva, uintptr_t pa, size_t size,
		    unsigned prot);
/* Unmap one page: its physical address, or 0 when it was not mapped. */
uintptr_t arch_uspace_unmap(struct rk_uspace *s, uintptr_t uva);

/* Set the registers of a program that has not run yet: it starts at pc
 * with stack pointer sp and the first three argument registers. */
void arch_uspace_start(struct rk_uspace *s, uintptr_t pc, uintptr_t sp, uint64_t a0,
		       uint64_t a1, uint64_t a2);
/* Run the program in user mode (on the calling fiber) until it traps,
 * faults, or an interrupt taken in user mode has been served (which may
 * have switched fibers): RK_UEXIT_TICK, so that the caller can enforce a
 * time limit; running again resumes the program where it was. After a trap
 * the program resumes past it, with arch_uspace_set_result's value in its
 * result register. */
void arch_uspace_run(struct rk_uspace *s, struct rk_uexit *why);
void arch_uspace_set_result(struct rk_uspace *s, int64_t v);

/* Is the page at uva (page-aligned, in the window) mapped for the program
 * with at least prot (RK_UPROT_R / RK_UPROT_W)? */
bool arch_uspace_page_ok(struct rk_uspace *s, uintptr_t uva, unsigned prot);
/* Around a copy: mask interrupts, make s the active space and let the
 * kernel touch user pages (SUM / stac / PAN off); returns what close
 * needs to restore. */
unsigned long arch_uspace_open(struct rk_uspace *s);
void arch_uspace_close(struct rk_uspace *s, unsigned long flags);

#ifdef ARCH_HAS_USER
/* Is [uva, uva + size) inside the window? */
static inline bool rk_user_in_window(uintptr_t uva, size_t size)
{
	return uva >= RK_USER_BASE && size <= RK_USER_SIZE &&
	       uva - RK_USER_BASE <= RK_USER_SIZE - size;
}
#endif

/* kernel/exec/uaccess.c, over the arch functions above. 0, or -RK_EFAULT
 * (nothing copied) when any byte of the range is not mapped readable
 * (from) / writable (to) for the program. */
int rk_copy_from_user(struct rk_uspace *s, void *dst, uintptr_t uva, size_t len);
int rk_copy_to_user(struct rk_uspace *s, uintptr_t uva, const void *src, size_t len);
/* Does the program have [uva, uva + len) with prot? */
bool rk_user_range_ok(struct rk_uspace *s, uintptr_t uva, size_t len, unsigned prot);

#endif
