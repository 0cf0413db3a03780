/* SPDX-License-Identifier: BSD-2-Clause */
/* kernel/exec's process record, shared by its files: exec.c (the chain of
 * trust, the process table), space.c (a program's memory: its address
 * space, or the kernel-mode fallback, and the checked copies), cmd.c (the
 * command ring and its operations). */
#ifndef KERNEL_EXEC_PROC_H
#define KERNEL_EXEC_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <rumpk/compiler.h>
#include <rumpk/elf.h>
#include <rumpk/exec.h>
#include <rumpk/syscall.h>
#include <rumpk/uspace.h>

#define PROC_FILES 8       /* open files per program: handles 3 .. 10 */
#define PROC_ARGS_MAX 4096 /* argv strings and pointers */
#define PROC_ARGC_MAX 32
/* User mode: the image is at the bottom of the program window, the heap
 * starts this far above it (space.c). */
#define RK_SPACE_IMAGE_MAX (256ul << 20)

struct rk_proc {
	bool used, exited, waited;
	unsigned pid;
	char path[64];
	uint64_t id;
	struct rk_proc *parent;
	struct rk_fiber *fiber;
	int status;
	char why[RK_EXEC_WHY_MAX];  /* why it was killed, "" if it was not */

	/* Memory (space.c). With user mode, every range is a program address
	 * in space; in kernel mode (space NULL) program addresses are kernel
	 * addresses. */
	struct rk_uspace *space;
	void *img;                   /* the image's pages, kernel view */
	size_t img_pages;
	uintptr_t img_uva, entry;
	void *stack;                 /* the stack's pages, kernel view */
	size_t stack_pages;
	uintptr_t stack_uva;
	struct rk_ring_page *ring;   /* kernel view */
	uintptr_t ring_uva;
	void *heap_k;                /* kernel mode: the whole heap, allocated once */
	uintptr_t heap_uva;
	size_t heap_pages, heap_max_pages;
	uintptr_t sp, argv_uva;
	long argc;
	uint64_t start_ns;           /* for CONFIG_EXEC_TIME_LIMIT_MS */

	/* Ring state (cmd.c): the kernel's own copies of its indices. */
	uint32_t sq_head, cq_tail;
	int files[PROC_FILES];       /* VFS handles, 0 when free */
};

/* exec.c */
struct rk_proc *rk_proc_current(void);
/* End p now with status -RK_EFAULT and the reason printed; p's fiber ends
 * it when its command (or fault) returns. */
void rk_proc_kill(struct rk_proc *p, const char *fmt, ...) rk_printf_like(2, 3);
/* Close its files, wait for its children, end its fiber. */
rk_noreturn void rk_proc_end(struct rk_proc *p);
/* RK_OP_WAIT: the status of p's child pid, once it ended. */
long rk_exec_wait_child(struct rk_proc *p, unsigned pid);
int rk_proc_spawn(struct rk_proc *parent, const char *path, int argc, const char *const *argv,
		  struct rk_exec_info *info, struct rk_proc **out);

/* space.c */
/* Lay out and map a loaded program: image (W^X per segment), stack with a
 * guard page below it, ring page, argv at the top of the stack. 0, or a
 * negative RK_E* value with why set. */
int rk_space_build(struct rk_proc *p, const struct rk_elf_image *img,
		   const struct rk_elf_loaded *ld, int argc, const char *const *argv,
		   const char **why);
void rk_space_free(struct rk_proc *p);
/* Run the program on its fiber until it ends (both modes). */
rk_noreturn void rk_space_main(struct rk_proc *p);
int rk_space_heap(struct rk_proc *p, uint64_t size, uintptr_t *base);
/* Checked copies between the program and the kernel: -RK_EFAULT when the
 * range is not the program's with that access. */
int rk_uread(struct rk_proc *p, void *dst, uint64_t uva, uint64_t len);
int rk_uwrite(struct rk_proc *p, uint64_t uva, const void *src, uint64_t len);
bool rk_urange(struct rk_proc *p, uint64_t uva, uint64_t len, unsigned prot);

/* cmd.c: execute what the program submitted; the trap's result. */
long rk_cmd_enter(struct rk_proc *p);
/* Close what the program left open. */
void rk_cmd_release(struct rk_proc *p);

#endif
