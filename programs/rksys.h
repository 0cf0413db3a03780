/* SPDX-License-Identifier: BSD-2-Clause */
/* What a Rumpk program links against: programs/rkcrt.c and this header.
 * The kernel calls _start (rkcrt.c) with the program's ring page
 * (include/rumpk/syscall.h); rkcrt.c calls main(argc, argv) and exits with
 * its result. rk_call() submits one command and traps; rk_submit(),
 * rk_enter() and rk_reap() submit a batch with one trap. */
#ifndef RKSYS_H
#define RKSYS_H

#include <stddef.h>
#include <stdint.h>
#include <rumpk/syscall.h>

extern struct rk_ring_page *rk_ring;

int main();

/* The one trap: executes everything submitted; how many it consumed. In
 * user mode it is an ecall (riscv64), int $0x80 (x86_64) or svc #0
 * (aarch64); where programs still run in kernel mode the
 * kernel put a function in ring->kcall instead. */
static inline long rk_enter(void)
{
	if (rk_ring->kcall)
		return rk_ring->kcall(RK_TRAP_ENTER, 0);
#if defined(__riscv)
	register long a0 __asm__("a0") = 0;
	register long a7 __asm__("a7") = RK_TRAP_ENTER;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
	return a0;
#elif defined(__x86_64__)
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"((long)RK_TRAP_ENTER), "D"(0L) : "memory");
	return r;
#elif defined(__aarch64__)
	register long x0 __asm__("x0") = 0;
	register long x8 __asm__("x8") = RK_TRAP_ENTER;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");
	return x0;
#else
	return -RK_SYS_EPERM; /* no user mode here yet: the kernel sets kcall */
#endif
}

/* Queue one command (no trap). The caller keeps at most RK_SQ_ENTRIES
 * queued and RK_CQ_ENTRIES unreaped. */
static inline void rk_submit(uint16_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
			     uint64_t user_data)
{
	uint32_t t = rk_ring->sq_tail;
	struct rk_sqe *e = &rk_ring->sq[t % RK_SQ_ENTRIES];
	*e = (struct rk_sqe){ .op = op, .a = { a0, a1, a2, a3 }, .user_data = user_data };
	__atomic_store_n(&rk_ring->sq_tail, t + 1, __ATOMIC_RELEASE);
}

/* Take the oldest completion; 0 when there is none. */
static inline int rk_reap(struct rk_cqe *out)
{
	uint32_t h = rk_ring->cq_head;
	if (h == __atomic_load_n(&rk_ring->cq_tail, __ATOMIC_ACQUIRE))
		return 0;
	*out = rk_ring->cq[h % RK_CQ_ENTRIES];
	rk_ring->cq_head = h + 1;
	return 1;
}

/* One command, one trap, its result. */
static inline long rk_call(uint16_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct rk_cqe c;
	rk_submit(op, a0, a1, a2, a3, 0);
	rk_enter();
	return rk_reap(&c) ? c.res : -RK_SYS_EAGAIN;
}

static inline size_t rk_strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static inline long rk_write(int fd, const void *buf, size_t len)
{
	return rk_call(RK_OP_WRITE, (uint64_t)fd, (uint64_t)(uintptr_t)buf, len, 0);
}
static inline long rk_read(int fd, void *buf, size_t len)
{
	return rk_call(RK_OP_READ, (uint64_t)fd, (uint64_t)(uintptr_t)buf, len, 0);
}
__attribute__((noreturn)) static inline void rk_exit(int status)
{
	rk_call(RK_OP_EXIT, (uint64_t)(int64_t)status, 0, 0, 0);
	for (;;)
		;
}
static inline long rk_yield(void) { return rk_call(RK_OP_YIELD, 0, 0, 0, 0); }
static inline long rk_sleep(uint64_t ns) { return rk_call(RK_OP_SLEEP, ns, 0, 0, 0); }
static inline uint64_t rk_time(void) { return (uint64_t)rk_call(RK_OP_TIME, 0, 0, 0, 0); }
static inline long rk_getpid(void) { return rk_call(RK_OP_GETPID, 0, 0, 0, 0); }
static inline long rk_open(const char *path)
{
	return rk_call(RK_OP_OPEN, (uint64_t)(uintptr_t)path, rk_strlen(path), 0, 0);
}
static inline long rk_seek(int fd, int64_t off, int whence)
{
	return rk_call(RK_OP_SEEK, (uint64_t)fd, (uint64_t)off, (uint64_t)whence, 0);
}
static inline long rk_stat(const char *path, struct rk_stat *st)
{
	return rk_call(RK_OP_STAT, (uint64_t)(uintptr_t)path, rk_strlen(path),
		       (uint64_t)(uintptr_t)st, 0);
}
static inline long rk_fstat(int fd, struct rk_stat *st)
{
	return rk_call(RK_OP_FSTAT, (uint64_t)fd, (uint64_t)(uintptr_t)st, 0, 0);
}
static inline long rk_close(int fd) { return rk_call(RK_OP_CLOSE, (uint64_t)fd, 0, 0, 0); }
/* Start a signed program with argv[0..argc) as its arguments after its
 * name; its pid. */
static inline long rk_spawn(const char *path, const char *const *argv, long argc)
{
	return rk_call(RK_OP_SPAWN, (uint64_t)(uintptr_t)path, rk_strlen(path),
		       (uint64_t)(uintptr_t)argv, (uint64_t)argc);
}
static inline long rk_wait(long pid) { return rk_call(RK_OP_WAIT, (uint64_t)pid, 0, 0, 0); }
/* Resize the heap: its new size (whole pages), or a negative error; the
 * heap starts at rk_ring->heap_base. */
static inline long rk_heap(uint64_t size) { return rk_call(RK_OP_HEAP, size, 0, 0, 0); }

static inline long rk_puts(const char *str)
{
	return rk_write(1, str, rk_strlen(str));
}

/* Decimal of v into buf (at least 21 bytes); returns buf. */
static inline char *rk_utoa(uint64_t v, char *buf)
{
	char tmp[21];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = 0;
	return buf;
}

/* Signed decimal. */
static inline char *rk_itoa(int64_t v, char *buf)
{
	if (v >= 0)
		return rk_utoa((uint64_t)v, buf);
	buf[0] = '-';
	rk_utoa((uint64_t)0 - (uint64_t)v, buf + 1);
	return buf;
}

static inline int rk_streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

#endif
