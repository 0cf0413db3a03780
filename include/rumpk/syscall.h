/* SPDX-License-Identifier: BSD-2-Clause */
/* The ABI of programs started by rk_exec (include/rumpk/exec.h), version 2:
 * a command ring in the program's own memory and one trap. docs/syscall.md
 * has the table of operations; this header is all a program includes
 * (stdint.h only), programs/rksys.h wraps it.
 *
 * Entry. The ELF entry is called as
 *
 *     void _start(struct rk_ring_page *ring, long argc, char **argv);
 *
 * (a0..a2 on riscv64, x0..x2 on aarch64, rdi/rsi/rdx on x86_64) on a
 * 16-byte aligned stack of the program's own, argv[0] being the program's
 * canonical path and argv[argc] NULL (the strings lie above the stack
 * pointer). It must not return: it ends with RK_OP_EXIT.
 *
 * The rings. ring points at one page mapped read/write in the program:
 * the header, RK_SQ_ENTRIES submission slots and RK_CQ_ENTRIES completion
 * slots. The program fills sq[sq_tail % RK_SQ_ENTRIES], then advances
 * sq_tail; the kernel consumes from sq_head. The kernel posts completions
 * at cq[cq_tail % RK_CQ_ENTRIES] and advances cq_tail; the program reads
 * them from cq_head and advances cq_head. Indices are free-running 32-bit
 * counters. The kernel keeps its own copy of the indices it owns (sq_head,
 * cq_tail) and only reports them in the page; it reads the program's
 * (sq_tail, cq_head) and each command once, into its own memory, before
 * acting on it. (The page is the kernel's, mapped into the program too:
 * the kernel uses its own address for it.)
 *
 * The trap. Commands are executed when the program traps with
 * RK_TRAP_ENTER (riscv64: a7 = RK_TRAP_ENTER, a0 = 0, ecall, the result in
 * a0; x86_64: rax = RK_TRAP_ENTER, rdi = 0, int $0x80, the result in rax;
 * aarch64: x8 = RK_TRAP_ENTER, x0 = 0, svc #0, the result in x0).
 * The kernel then executes every submitted command, in order, while the
 * completion ring has room, and returns how many it consumed: a batch of N
 * commands costs one trap. Commands that wait (sleep, wait, console read)
 * wait inside that trap.
 *
 * What ends the program, with the reason printed (exec: /bin/x (pid N)
 * killed: ...), status -RK_EFAULT: a trap other than RK_TRAP_ENTER or with
 * a non-zero reserved argument; sq_tail more than RK_SQ_ENTRIES ahead of
 * sq_head or cq_head outside the last RK_CQ_ENTRIES completions (the ring
 * is malformed); an RK_TRAP_ENTER with commands waiting and no room in the
 * completion ring (the program floods the ring without reaping); an
 * unknown op or non-zero reserved fields in a command; a pointer or length
 * that is not wholly inside the program's own mappings with the access the
 * command needs; any CPU exception in the program (cause, pc and address
 * printed). Errors the program can act on (a bad handle, a missing file)
 * are negative RK_E* results in the completion instead. */
#ifndef RUMPK_SYSCALL_H
#define RUMPK_SYSCALL_H

#include <stdint.h>

#define RK_SYS_ABI_VERSION 2

/* Trap numbers (riscv64: a7 at ecall). */
#define RK_TRAP_ENTER 1

#define RK_SQ_ENTRIES 32
#define RK_CQ_ENTRIES 64

/* Operations: arguments a0..a3 of struct rk_sqe; result res of rk_cqe. */
enum rk_op {
	RK_OP_NOP = 0,     /* -> 0 */
	RK_OP_WRITE = 1,   /* fd 1|2, buf, len -> bytes written to the console */
	RK_OP_READ = 2,    /* fd, buf, len -> bytes read (fd 0: console, waits for one) */
	RK_OP_EXIT = 3,    /* status: does not complete; the program ends */
	RK_OP_YIELD = 4,   /* -> 0 after other fibers ran */
	RK_OP_SLEEP = 5,   /* ns -> 0 after at least ns nanoseconds */
	RK_OP_TIME = 6,    /* -> nanoseconds since boot */
	RK_OP_GETPID = 7,  /* -> the program's pid */
	RK_OP_OPEN = 8,    /* path, path_len -> handle (>= 3), read-only */
	RK_OP_SEEK = 9,    /* fd, offset, whence (0 set, 1 cur, 2 end) -> new offset */
	RK_OP_STAT = 10,   /* path, path_len, struct rk_stat * -> 0 */
	RK_OP_FSTAT = 11,  /* fd, struct rk_stat * -> 0 */
	RK_OP_CLOSE = 12,  /* fd -> 0 */
	RK_OP_SPAWN = 13,  /* path, path_len, argv (char *[argc]), argc -> child pid */
	RK_OP_WAIT = 14,   /* pid of a child -> its exit status */
	RK_OP_HEAP = 15,   /* new size in bytes -> the size (pages); base: heap_base */
	RK_OP_COUNT
};

/* Errors in res (negated). */
#define RK_SYS_ENOENT 2
#define RK_SYS_EBADF 9
#define RK_SYS_ECHILD 10
#define RK_SYS_EAGAIN 11
#define RK_SYS_ENOMEM 12
#define RK_SYS_EPERM 1
#define RK_SYS_EFAULT 14
#define RK_SYS_EINVAL 22
#define RK_SYS_EMFILE 24
#define RK_SYS_ENOEXEC 8

/* One submission slot: 64 bytes. */
struct rk_sqe {
	uint16_t op;
	uint16_t flags;        /* must be 0 */
	uint32_t reserved;     /* must be 0 */
	uint64_t a[4];
	uint64_t user_data;    /* copied to the completion */
	uint64_t pad[2];       /* must be 0 */
};

/* One completion slot: 16 bytes. */
struct rk_cqe {
	uint64_t user_data;
	int64_t res;           /* >= 0, or a negative RK_SYS_E* */
};

struct rk_stat {
	uint64_t size;
	uint32_t type;         /* 1 file, 2 directory */
	uint32_t mode;
	uint64_t mtime;
};

/* The shared page. */
struct rk_ring_page {
	uint32_t abi;          /* RK_SYS_ABI_VERSION (written by the kernel) */
	uint32_t pid;          /* the program's pid */
	volatile uint32_t sq_head, sq_tail; /* sq_head: kernel; sq_tail: program */
	volatile uint32_t cq_head, cq_tail; /* cq_head: program; cq_tail: kernel */
	uint64_t heap_base;    /* where RK_OP_HEAP grows from (set by it) */
	uint64_t heap_max;     /* its largest size */
	/* Set only where programs still run in kernel mode (an architecture
	 * without user mode yet, docs/syscall.md): the trap is a call to it. */
	long (*kcall)(long trap, long arg);
	uint8_t reserved[16];
	struct rk_sqe sq[RK_SQ_ENTRIES];
	struct rk_cqe cq[RK_CQ_ENTRIES];
};

_Static_assert(sizeof(struct rk_sqe) == 64, "ABI");
_Static_assert(sizeof(struct rk_cqe) == 16, "ABI");
_Static_assert(__builtin_offsetof(struct rk_ring_page, sq) == 64, "ABI");
_Static_assert(sizeof(struct rk_ring_page) <= 4096, "one page");

#endif
