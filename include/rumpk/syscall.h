/* SPDX-License-Identifier: BSD-2-Clause */
/* The system call ABI of programs started by rk_exec (include/rumpk/exec.h).
 *
 * A program is a freestanding static PIE (or static executable) for the
 * kernel's CPU, signed into an RKSIG1 container. It runs in a fiber of its
 * own, in the kernel's address space, and starts at its ELF entry as the C
 * function
 *
 *     long _start(const struct rk_sys *sys);
 *
 * (first argument register: a0 on riscv64, x0 on aarch64, rdi on x86_64;
 * the stack is the fiber's, 16-byte aligned). Returning from it is
 * exit(return value).
 *
 * Every request goes through the program's command ring: sys->call() puts a
 * struct rk_sys_req into the program's own request ring (an rk_ring with
 * one producer, the program, and one consumer), wakes the program's kernel
 * server fiber ("sysd:<pid>") and sleeps until the server has executed the
 * command and stored its result. The program never touches a kernel object
 * directly; the server checks every argument (buffers must lie inside the
 * program's load area or its stack) before it acts.
 *
 * Commands (op, arguments a0..a2) and results (>= 0, or a negative RK_E*):
 *   RK_SYS_WRITE  fd, buf, len     fd 1 or 2: the console. Bytes written.
 *   RK_SYS_EXIT   status           does not return; the program's fiber ends
 *   RK_SYS_YIELD                   0, after other fibers have run
 *   RK_SYS_SLEEP  ns               0, after at least ns nanoseconds
 *   RK_SYS_TIME                    nanoseconds since boot (rk_time_ns)
 *   RK_SYS_GETPID                  the program's pid
 * An unknown op gives -RK_ENOSYS (38). sys->abi is RK_SYS_ABI_VERSION; a
 * program built for a newer ABI should check it and return.
 *
 * This header is all a program includes (stdint.h only): see programs/rksys.h
 * for the inline wrappers the sample programs use.
 */
#ifndef RUMPK_SYSCALL_H
#define RUMPK_SYSCALL_H

#include <stdint.h>

#define RK_SYS_ABI_VERSION 1

enum rk_sys_op {
	RK_SYS_WRITE = 1,
	RK_SYS_EXIT = 2,
	RK_SYS_YIELD = 3,
	RK_SYS_SLEEP = 4,
	RK_SYS_TIME = 5,
	RK_SYS_GETPID = 6,
};

#ifndef RK_ENOSYS
#define RK_ENOSYS 38
#endif
#ifndef RK_EFAULT
#define RK_EFAULT 14
#endif

/* One slot of the command ring. */
struct rk_sys_req {
	uint32_t op;
	uint32_t reserved;
	uint64_t a0, a1, a2;
};

/* What the program receives at entry (read-only to it). */
struct rk_sys {
	uint32_t abi;        /* RK_SYS_ABI_VERSION */
	uint32_t pid;
	/* Push one command into this program's ring and wait for its result. */
	long (*call)(const struct rk_sys *sys, uint32_t op, uint64_t a0, uint64_t a1,
		     uint64_t a2);
	void *kernel;        /* the kernel's process record: opaque */
};

#endif
