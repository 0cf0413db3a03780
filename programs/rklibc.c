/* SPDX-License-Identifier: BSD-2-Clause */
/* picolibc's system layer on the command ring (docs/syscall.md, "C
 * library"): the start of a program built against picolibc, in place of
 * rkcrt.c and picolibc's own crt0.
 *
 * Debian's picolibc is the tinystdio build: it wants the POSIX calls
 * below (read, write, open, close, lseek, fstat, _exit for its fopen and
 * exit; sbrk for its malloc) and three FILEs from the system. Each call is
 * one ring command, except on the console: stdout and stderr are line
 * buffered here, and what is still buffered goes out in the same trap as
 * the command that must follow it (a read of stdin, the exit).
 *
 * errno is thread-local in picolibc, so the start also sets up the TLS
 * block, at the start of the heap. The thread pointer (tp on riscv64,
 * TPIDR_EL0 on aarch64) is part of each program's saved context. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include "rksys.h"

/* The ring's errors are the C library's errno values. */
_Static_assert(RK_SYS_EPERM == EPERM && RK_SYS_ENOENT == ENOENT && RK_SYS_ENOEXEC == ENOEXEC &&
	       RK_SYS_EBADF == EBADF && RK_SYS_ECHILD == ECHILD && RK_SYS_EAGAIN == EAGAIN &&
	       RK_SYS_ENOMEM == ENOMEM && RK_SYS_EFAULT == EFAULT && RK_SYS_EINVAL == EINVAL &&
	       RK_SYS_EMFILE == EMFILE, "errno values");

struct rk_ring_page *rk_ring;

/* A result of the ring as a POSIX one: -1 with errno for an error. */
static long posix(long res)
{
	if (res >= 0)
		return res;
	errno = (int)-res;
	return -1;
}

/* ---- The console: stdin, stdout, stderr ---------------------------- */

struct console {
	FILE file; /* first: picolibc hands put/flush this pointer */
	int fd;
	int len;
	char buf[256];
};

static int console_put(char c, FILE *f);
static int console_get(FILE *f);
static int console_flush(FILE *f);

static struct console out = {
	.file = FDEV_SETUP_STREAM(console_put, NULL, console_flush, _FDEV_SETUP_WRITE), .fd = 1
};
static struct console err = {
	.file = FDEV_SETUP_STREAM(console_put, NULL, console_flush, _FDEV_SETUP_WRITE), .fd = 2
};
static FILE in = FDEV_SETUP_STREAM(NULL, console_get, NULL, _FDEV_SETUP_READ);

FILE *const stdin = &in;
FILE *const stdout = &out.file;
FILE *const stderr = &err.file;

/* Writes what the console buffers hold, then op (unless RK_OP_NOP): one
 * trap for all of it. Only one of the two buffers holds anything (a put
 * on one flushes the other first, keeping the order of the lines). op's
 * result, or a write's error; EXIT does not return. */
static long console_then(uint16_t op, uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct console *c = out.len ? &out : &err;
	uint32_t n = 0;
	long res = 0;

	if (c->len) {
		rk_submit(RK_OP_WRITE, (uint64_t)c->fd, (uint64_t)(uintptr_t)c->buf,
			  (uint64_t)c->len, 0, 0);
		n++;
	}
	if (op != RK_OP_NOP) {
		rk_submit(op, a0, a1, a2, 0, 1);
		n++;
	}
	if (!n)
		return 0;
	rk_enter();
	for (struct rk_cqe e; rk_reap(&e);)
		if (e.user_data == 1 || e.res < 0)
			res = e.res;
	c->len = 0;
	return res;
}

static int console_flush(FILE *f)
{
	struct console *c = (struct console *)f;
	return c->len && console_then(RK_OP_NOP, 0, 0, 0) < 0 ? EOF : 0;
}

static int console_put(char ch, FILE *f)
{
	struct console *c = (struct console *)f;
	struct console *other = c == &out ? &err : &out;

	if (other->len && console_flush(&other->file))
		return EOF;
	c->buf[c->len++] = ch;
	if ((ch == '\n' || c->len == (int)sizeof(c->buf)) && console_flush(f))
		return EOF;
	return (unsigned char)ch;
}

/* One byte from the console (the kernel waits for it); pending output
 * goes first, in the same trap, so that a prompt shows before the wait.
 * The console is a raw serial line: as the shell does, Enter (CR, or CR
 * LF) becomes one '\n', and what is typed is echoed (through stdout's
 * buffer, so the echo rides on the next read's trap). */
static int console_get(FILE *f)
{
	static int last_cr;
	unsigned char ch;
	(void)f;
	for (;;) {
		long r = console_then(RK_OP_READ, 0, (uint64_t)(uintptr_t)&ch, 1);
		if (r != 1)
			return r == 0 ? _FDEV_EOF : _FDEV_ERR;
		if (!(ch == '\n' && last_cr))
			break;
		last_cr = 0; /* the LF of a CR LF */
	}
	last_cr = ch == '\r';
	if (ch == '\r')
		ch = '\n';
	console_put((char)ch, stdout);
	return ch;
}

/* ---- POSIX calls -------------------------------------------------- */

ssize_t read(int fd, void *buf, size_t len)
{
	if (fd == 0)
		console_flush(stdout), console_flush(stderr);
	return posix(rk_read(fd, buf, len));
}

ssize_t write(int fd, const void *buf, size_t len)
{
	if (fd == 1 || fd == 2) /* after what printf still holds */
		console_flush(stdout), console_flush(stderr);
	return posix(rk_write(fd, buf, len));
}

/* Files are read-only through the ring (RK_OP_OPEN). */
int open(const char *path, int flags, ...)
{
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC | O_APPEND))) {
		errno = EROFS;
		return -1;
	}
	return (int)posix(rk_open(path));
}

int close(int fd)
{
	return (int)posix(rk_close(fd));
}

off_t lseek(int fd, off_t off, int whence)
{
	return posix(rk_seek(fd, off, whence));
}

static void to_stat(const struct rk_stat *s, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_size = (off_t)s->size;
	st->st_mode = (s->type == 2 ? S_IFDIR : S_IFREG) | (s->mode & 07777);
	st->st_mtime = (time_t)s->mtime;
	st->st_nlink = 1;
	st->st_blksize = BUFSIZ;
}

int fstat(int fd, struct stat *st)
{
	struct rk_stat s;
	if (fd >= 0 && fd <= 2) { /* the console */
		memset(st, 0, sizeof(*st));
		st->st_mode = S_IFCHR | 0620;
		return 0;
	}
	if (posix(rk_fstat(fd, &s)) < 0)
		return -1;
	to_stat(&s, st);
	return 0;
}

int stat(const char *path, struct stat *st)
{
	struct rk_stat s;
	if (posix(rk_stat(path, &s)) < 0)
		return -1;
	to_stat(&s, st);
	return 0;
}

int isatty(int fd)
{
	if (fd >= 0 && fd <= 2)
		return 1;
	errno = ENOTTY;
	return 0;
}

int unlink(const char *path)
{
	(void)path;
	errno = EROFS;
	return -1;
}

pid_t getpid(void)
{
	return (pid_t)rk_getpid();
}

/* raise() and abort() end up here: a signal to itself ends the program
 * with 128 + the signal, as a shell reports it. */
int kill(pid_t pid, int sig)
{
	if (pid != getpid()) {
		errno = EPERM;
		return -1;
	}
	_exit(128 + sig);
}

/* The ring has no calendar: time() and gettimeofday() count from boot. */
int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	uint64_t ns = rk_time();
	(void)tz;
	tv->tv_sec = (time_t)(ns / 1000000000u);
	tv->tv_usec = (suseconds_t)(ns % 1000000000u / 1000u);
	return 0;
}

/* The heap region of RK_OP_HEAP, grown and shrunk a page at a time by
 * the kernel; the break is kept here to the byte. */
static uint64_t brk_size;

void *sbrk(ptrdiff_t incr)
{
	uint64_t old = brk_size, want = old + (uint64_t)(int64_t)incr;

	if ((incr < 0 && want > old) || (incr > 0 && want < old) ||
	    posix(rk_heap(want)) < 0) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk_size = want;
	return (char *)(uintptr_t)rk_ring->heap_base + old;
}

void _exit(int status)
{
	console_then(RK_OP_EXIT, (uint64_t)(int64_t)status, 0, 0);
	for (;;) /* EXIT does not complete */
		;
}

#if defined(__aarch64__)
/* libgcc's outline atomics (which Debian's picolibc is built to call) ask
 * for the hardware capabilities at start: none are known here, so they use
 * load/store-exclusive pairs, which every ARMv8 CPU has. */
unsigned long __getauxval(unsigned long type);
unsigned long __getauxval(unsigned long type)
{
	(void)type;
	return 0;
}
#endif

/* ---- Start ------------------------------------------------------- */

/* picolibc tests a few weak symbols for NULL before calling them. Its
 * riscv64 build is not position-independent code: in a static PIE such a
 * test sees the load address instead of NULL and the call goes to 0. So
 * each is defined here, or linked in on purpose. */
void _init(void);
void _fini(void);
void _init(void) /* the crti.o parts of the init and fini arrays: none */
{
}
void _fini(void)
{
}

/* The ring has no source of randomness to give. */
int getentropy(void *buf, size_t len)
{
	(void)buf, (void)len;
	errno = ENOSYS;
	return -1;
}

/* exit() runs the atexit handlers through it when it is linked in. */
void __call_exitprocs(int code, void *arg);
__attribute__((used)) static void (*const keep_exitprocs)(int, void *) = __call_exitprocs;

extern const Elf64_Ehdr __ehdr_start; /* the image's first byte (GNU ld, LLD) */
void __libc_init_array(void);

/* The TLS block of the program's PT_TLS segment: initial data copied,
 * the rest zero, at the start of the heap (see the top of this file).
 * Variant I: on aarch64 the thread pointer points at a 16-byte control
 * block before the data, on riscv64 at the data itself. */
static int tls_init(void)
{
	const char *base = (const char *)&__ehdr_start;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + __ehdr_start.e_phoff);
	const Elf64_Phdr *tls = NULL;

	for (unsigned i = 0; i < __ehdr_start.e_phnum; i++)
		if (ph[i].p_type == PT_TLS)
			tls = &ph[i];
	if (!tls)
		return 0;
#if defined(__aarch64__)
	uint64_t align = tls->p_align > 16 ? tls->p_align : 16, data = align;
#else
	uint64_t align = tls->p_align ? tls->p_align : 1, data = 0;
#endif
	if (align > 4096)
		return -1;
	char *block = sbrk((ptrdiff_t)(data + tls->p_memsz));
	if (block == (void *)-1)
		return -1;
	/* The heap starts page aligned, so block is aligned for the data. */
	memcpy(block + data, base + tls->p_vaddr, tls->p_filesz);
	memset(block + data + tls->p_filesz, 0, tls->p_memsz - tls->p_filesz);
#if defined(__aarch64__)
	__asm__ volatile("msr tpidr_el0, %0" ::"r"(block));
#elif defined(__riscv)
	__asm__ volatile("mv tp, %0" ::"r"(block));
#else
#error "rklibc.c: no thread pointer for this architecture"
#endif
	return 0;
}

__attribute__((noreturn, used)) void _start(struct rk_ring_page *ring, long argc, char **argv)
{
	rk_ring = ring;
	if (ring->abi != RK_SYS_ABI_VERSION)
		rk_exit(126); /* built for another ABI */
	if (tls_init())
		rk_exit(127);
	__libc_init_array();
	exit(main((int)argc, argv));
}
