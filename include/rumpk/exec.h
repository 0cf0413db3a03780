/* SPDX-License-Identifier: BSD-2-Clause */
/* Running signed programs (CONFIG_EXEC, kernel/exec/).
 *
 * rk_exec_spawn(path) goes through Rumpk's chain of trust in this order:
 *   1. rk_vfs_map: the file's bytes in place in the mounted initrd;
 *   2. rk_sig_open: an RKSIG2 container signed by a trusted key
 *      (CONFIG_CRYPTO_TRUSTED_KEYS, plus the build's key with
 *      CONFIG_EXEC_BUILD_KEY) for this program's name, its canonical path
 *      (rk_vfs_realpath: "/bin/hello"); nothing of the payload is looked
 *      at before;
 *   3. rk_elf_check for this CPU (static PIE; ET_EXEC is refused);
 *   4. page allocation, img.signature_ok = true, rk_elf_load (relocated
 *      for the address the program sees its image at);
 *   5. an address space of its own (kernel/exec/space.c, rumpk/uspace.h):
 *      image W^X, stack over a guard page, ring page, argv; the
 *      instruction cache synchronised;
 *   6. a fiber that runs the program in user mode; its only way into the
 *      kernel is the command ring of include/rumpk/syscall.h.
 * It logs one provenance line per program:
 *   exec: /bin/hello id 3f2a9c0d1e2b4a5f signed by key 0123456789abcdef pid 1
 * and on refusal
 *   exec: refusing /bin/x: <reason>
 * where the reason is the one of the step that refused (crypto's sentence,
 * the ELF loader's "elf: ..." reason, "no such file", ...). */
#ifndef RUMPK_EXEC_H
#define RUMPK_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <rumpk/compiler.h>

#define RK_EXEC_WHY_MAX 200

struct rk_proc;

struct rk_exec_info {
	unsigned pid;
	uint64_t id;                /* SipHash provenance id of the signed payload */
	uint8_t key_id[8];          /* key id of the signer */
	uint64_t base, size;        /* where it was loaded */
	char why[RK_EXEC_WHY_MAX];  /* reason of a refusal */
};

/* Start the program at path with the arguments args (NULL-terminated, or
 * NULL for none; the program's argv[0] is its canonical path). 0 with
 * *proc set (wait for it with rk_exec_wait), or a negative RK_E* value with
 * info->why set and nothing started. */
int rk_exec_spawn(const char *path, const char *const *args, struct rk_exec_info *info,
		  struct rk_proc **proc);
/* Wait for a program to end, free it, and return its exit status in
 * *status (-RK_EFAULT, -14, when it was killed). 0, or -RK_EINVAL for a bad
 * handle. */
int rk_exec_wait(struct rk_proc *proc, int *status);
/* Both: run path to completion. */
int rk_exec(const char *path, const char *const *args, struct rk_exec_info *info, int *status);

/* Fault containment for programs in kernel mode only (an architecture
 * without user mode yet; a container of rk_trap_contain, rumpk/
 * trap_dump.h): true when the running fiber is a program's and pc lies in
 * that program's image, after printing which program faulted. Without
 * memory isolation this contains faults, not wild writes. In user mode
 * every program fault ends the program through the arch's user trap path
 * (kernel/exec/space.c); a fault in kernel code still panics. */
bool rk_exec_fault(uintptr_t pc);
/* Where a contained fault resumes, on the program's fiber: ends it. */
rk_noreturn void rk_exec_fault_exit(void);

/* Programs running now (for ps): calls fn for each. */
void rk_exec_foreach(void (*fn)(unsigned pid, const char *path, uint64_t id, void *arg),
		     void *arg);

/* The archive linked into the image (CONFIG_INITRD_BUILTIN). */
extern const unsigned char rk_initrd_builtin[];
extern const unsigned char rk_initrd_builtin_end[];

/* The initrd the boot loader passed (CONFIG_INITRD_BOOTLOADER; the platform
 * reports it with rk_boot_initrd_found(), rumpk/bootinfo.h). */
struct rk_boot_initrd {
	const void *data;
	size_t len;
	const char *source;     /* where it was found: "DTB /chosen", "PVH module 0" */
	const char *why;        /* why its range was refused, or NULL */
};
/* 0 with *bi filled in; -RK_ENOENT when the boot loader passed none (or the
 * option is off); -RK_EINVAL when its range was refused (bi->source and
 * bi->why say which and why). */
int rk_boot_initrd(struct rk_boot_initrd *bi);

/* Mount the initrd as the VFS root: the boot loader's when it passed a
 * usable one, else the built-in one (CONFIG_INITRD_BUILTIN). Prints one
 * line saying which, e.g.
 *   initrd: mounted the boot loader's (DTB /chosen), 20480 bytes at 0x88000000: 7 files, 2 directories
 *   initrd: mounted the built-in one, 20480 bytes at 0x8001b000: 7 files, 2 directories
 * after a line with the reason when the boot loader's was refused (its
 * range, or its tar). 0 when one is mounted; otherwise -RK_ENOENT (none
 * at all) or the error of the last refusal. */
int rk_initrd_mount(void);

/* Arch hook: make [addr, addr + size) (page-aligned, RAM the kernel
 * allocated) executable (exec != 0: read + execute + write, or read +
 * execute where the arch enforces W^X) or ordinary non-executable data
 * again (exec == 0, before the pages are freed). Returns 0, or -1 when the
 * arch cannot (then rk_exec refuses the program). kernel/exec has a weak
 * default that succeeds only where RAM is executable anyway (no MMU). */
int arch_exec_pages(uintptr_t addr, size_t size, int exec);

#endif
