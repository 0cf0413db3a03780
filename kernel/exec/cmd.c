/* SPDX-License-Identifier: BSD-2-Clause */
/* The command ring: what a program's RK_TRAP_ENTER does (include/rumpk/
 * syscall.h, docs/syscall.md). Every command is copied into kernel memory
 * before it is looked at, every pointer in it is checked against the
 * program's own mappings by the copy (rk_uread/rk_uwrite), and anything
 * malformed ends the program with the reason (rk_proc_kill). */
#include <string.h>
#include <rumpk/console.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/time.h>
#include <rumpk/vfs.h>
#include "proc.h"

#define CHUNK 256 /* bounce buffer for console and file data */
#define ARG_MAX 128 /* bytes of one argument given to spawn, NUL included */

static const char *const op_names[RK_OP_COUNT] = {
	"nop", "write", "read", "exit", "yield", "sleep", "time", "getpid", "open", "seek",
	"stat", "fstat", "close", "spawn", "wait", "heap",
};

/* Ends p for a pointer of command op that is not p's to use. */
static long bad_pointer(struct rk_proc *p, const struct rk_sqe *c, const char *what, uint64_t a,
			uint64_t len)
{
	rk_proc_kill(p, "command %s: %s 0x%llx + %llu bytes is not the program's memory",
		     op_names[c->op], what, (unsigned long long)a, (unsigned long long)len);
	return 0;
}

/* A path argument (pointer, length) into buf, NUL-terminated. */
static int get_path(struct rk_proc *p, const struct rk_sqe *c, char *buf, size_t size)
{
	if (c->a[1] == 0 || c->a[1] >= size)
		return -RK_SYS_EINVAL;
	if (rk_uread(p, buf, c->a[0], c->a[1])) {
		bad_pointer(p, c, "path", c->a[0], c->a[1]);
		return -RK_SYS_EFAULT;
	}
	buf[c->a[1]] = 0;
	if (strlen(buf) != c->a[1])
		return -RK_SYS_EINVAL; /* a NUL inside the path */
	return 0;
}

static int *file_slot(struct rk_proc *p, uint64_t fd)
{
	if (fd < RK_VFS_FD_BASE || fd >= RK_VFS_FD_BASE + PROC_FILES)
		return 0;
	int *f = &p->files[fd - RK_VFS_FD_BASE];
	return *f ? f : 0;
}

static long op_write(struct rk_proc *p, const struct rk_sqe *c)
{
	char buf[CHUNK];
	if (c->a[0] != 1 && c->a[0] != 2)
		return -RK_SYS_EBADF;
	if (!rk_urange(p, c->a[1], c->a[2], RK_UPROT_R))
		return bad_pointer(p, c, "buffer", c->a[1], c->a[2]);
	for (uint64_t done = 0; done < c->a[2];) {
		size_t n = c->a[2] - done < CHUNK ? (size_t)(c->a[2] - done) : CHUNK;
		if (rk_uread(p, buf, c->a[1] + done, n))
			return bad_pointer(p, c, "buffer", c->a[1], c->a[2]);
		rk_console_write(buf, n);
		done += n;
	}
	return (long)c->a[2];
}

static long op_read(struct rk_proc *p, const struct rk_sqe *c)
{
	char buf[CHUNK];
	if (!rk_urange(p, c->a[1], c->a[2], RK_UPROT_W))
		return bad_pointer(p, c, "buffer", c->a[1], c->a[2]);
	if (c->a[0] == 0) {
		/* The console: wait for one byte, then take what is there. */
		size_t n = 0, want = c->a[2] < CHUNK ? (size_t)c->a[2] : CHUNK;
		while (n < want) {
			int ch = rk_console_getc();
			if (ch < 0) {
				if (n)
					break;
				rk_sleep_ms(5);
				continue;
			}
			buf[n++] = (char)ch;
		}
		rk_uwrite(p, c->a[1], buf, n);
		return (long)n;
	}
	int *f = file_slot(p, c->a[0]);
	if (!f)
		return -RK_SYS_EBADF;
	uint64_t done = 0;
	while (done < c->a[2]) {
		size_t want = c->a[2] - done < CHUNK ? (size_t)(c->a[2] - done) : CHUNK;
		long n = rk_vfs_read(*f, buf, want);
		if (n < 0)
			return done ? (long)done : n;
		if (n == 0)
			break;
		rk_uwrite(p, c->a[1] + done, buf, (size_t)n);
		done += (uint64_t)n;
	}
	return (long)done;
}

static void to_stat(const struct rk_vfs_stat *st, struct rk_stat *out)
{
	memset(out, 0, sizeof(*out));
	out->size = st->size;
	out->type = st->type;
	out->mode = st->mode;
	out->mtime = st->mtime;
}

static long op_stat(struct rk_proc *p, const struct rk_sqe *c, bool by_fd)
{
	struct rk_vfs_stat st;
	struct rk_stat out;
	uint64_t dst = by_fd ? c->a[1] : c->a[2];
	int err;

	if (!rk_urange(p, dst, sizeof(out), RK_UPROT_W))
		return bad_pointer(p, c, "struct rk_stat", dst, sizeof(out));
	if (by_fd) {
		int *f = file_slot(p, c->a[0]);
		if (!f)
			return -RK_SYS_EBADF;
		err = rk_vfs_fstat(*f, &st);
	} else {
		char path[256];
		err = get_path(p, c, path, sizeof(path));
		if (err)
			return err;
		err = rk_vfs_stat(path, &st);
	}
	if (err)
		return err;
	to_stat(&st, &out);
	rk_uwrite(p, dst, &out, sizeof(out));
	return 0;
}

static long op_open(struct rk_proc *p, const struct rk_sqe *c)
{
	char path[256];
	int err = get_path(p, c, path, sizeof(path));
	if (err)
		return err;
	for (unsigned i = 0; i < PROC_FILES; i++)
		if (!p->files[i]) {
			int fd = rk_vfs_open(path);
			if (fd < 0)
				return fd;
			p->files[i] = fd;
			return RK_VFS_FD_BASE + i;
		}
	return -RK_SYS_EMFILE;
}

static long op_spawn(struct rk_proc *p, const struct rk_sqe *c)
{
	const char *argv[PROC_ARGC_MAX + 1];
	char path[256];
	uint64_t ptrs[PROC_ARGC_MAX];
	uint64_t argc = c->a[3];
	int err = get_path(p, c, path, sizeof(path));

	if (err)
		return err;
	if (argc > PROC_ARGC_MAX)
		return -RK_SYS_EINVAL;
	if (argc && rk_uread(p, ptrs, c->a[2], argc * sizeof(uint64_t)))
		return bad_pointer(p, c, "argv", c->a[2], argc * sizeof(uint64_t));
	char (*strs)[ARG_MAX] = malloc(PROC_ARGC_MAX * ARG_MAX);
	if (!strs)
		return -RK_SYS_ENOMEM;
	for (uint64_t i = 0; i < argc && !err; i++) {
		for (size_t n = 0;; n++) {
			if (n == ARG_MAX) {
				err = -RK_SYS_EINVAL;
				break;
			}
			if (rk_uread(p, &strs[i][n], ptrs[i] + n, 1)) {
				err = (int)bad_pointer(p, c, "argument", ptrs[i], n + 1);
				break;
			}
			if (!strs[i][n])
				break;
		}
		argv[i] = strs[i];
	}
	argv[argc] = 0;
	struct rk_exec_info info;
	struct rk_proc *child = 0;
	if (!err && !p->exited) /* not after a foreign argument killed it */
		err = rk_proc_spawn(p, path, (int)argc, argv, &info, &child);
	free(strs);
	return err || !child ? err : (long)child->pid;
}

/* The heap's new size; its base is in the ring page (an address in the
 * upper half, on aarch64, would look negative as a result). */
static long op_heap(struct rk_proc *p, const struct rk_sqe *c)
{
	uintptr_t base;
	int err = rk_space_heap(p, c->a[0], &base);
	if (err)
		return err;
	p->ring->heap_base = base;
	return (long)(p->heap_pages * RK_PAGE_SIZE);
}

/* One command; its result. */
static long run(struct rk_proc *p, const struct rk_sqe *c)
{
	switch (c->op) {
	case RK_OP_NOP:
		return 0;
	case RK_OP_WRITE:
		return op_write(p, c);
	case RK_OP_READ:
		return op_read(p, c);
	case RK_OP_EXIT:
		p->status = (int)(int64_t)c->a[0];
		p->exited = true;
		return 0;
	case RK_OP_YIELD:
		rk_yield();
		return 0;
	case RK_OP_SLEEP:
		rk_sleep_ns(c->a[0]);
		return 0;
	case RK_OP_TIME:
		return (long)rk_time_ns();
	case RK_OP_GETPID:
		return p->pid;
	case RK_OP_OPEN:
		return op_open(p, c);
	case RK_OP_SEEK: {
		int *f = file_slot(p, c->a[0]);
		return f ? (long)rk_vfs_seek(*f, (int64_t)c->a[1], (int)c->a[2]) : -RK_SYS_EBADF;
	}
	case RK_OP_STAT:
		return op_stat(p, c, false);
	case RK_OP_FSTAT:
		return op_stat(p, c, true);
	case RK_OP_CLOSE: {
		int *f = file_slot(p, c->a[0]);
		if (!f)
			return -RK_SYS_EBADF;
		rk_vfs_close(*f);
		*f = 0;
		return 0;
	}
	case RK_OP_SPAWN:
		return op_spawn(p, c);
	case RK_OP_WAIT:
		return rk_exec_wait_child(p, (unsigned)c->a[0]);
	case RK_OP_HEAP:
		return op_heap(p, c);
	}
	return 0; /* not reached: checked by the caller */
}

/* The ring page is the kernel's own page, mapped into the program as
 * well (as io_uring's rings are): the kernel reads and writes it through
 * its own address, p->ring, never through the program's mapping, and so
 * without the copy helpers. The program can change any byte of it at any
 * time, so each field and each command is read once, into kernel memory,
 * before it is judged. */
static uint32_t load(volatile uint32_t *f)
{
	return __atomic_load_n(f, __ATOMIC_ACQUIRE);
}

static void store(volatile uint32_t *f, uint32_t v)
{
	__atomic_store_n(f, v, __ATOMIC_RELEASE);
}

long rk_cmd_enter(struct rk_proc *p)
{
	struct rk_ring_page *r = p->ring;
	uint32_t tail = load(&r->sq_tail), cq_head = load(&r->cq_head);
	long n = 0;

	if (tail - p->sq_head > RK_SQ_ENTRIES) {
		rk_proc_kill(p, "malformed ring: sq_tail %u is %u commands ahead of sq_head %u "
			     "(the ring has %u slots)", tail, tail - p->sq_head, p->sq_head,
			     RK_SQ_ENTRIES);
		return 0;
	}
	if (p->cq_tail - cq_head > RK_CQ_ENTRIES) {
		rk_proc_kill(p, "malformed ring: cq_head %u is not within the last %u completions "
			     "(cq_tail %u)", cq_head, RK_CQ_ENTRIES, p->cq_tail);
		return 0;
	}
	uint32_t room = RK_CQ_ENTRIES - (p->cq_tail - cq_head);
	if (tail != p->sq_head && !room) {
		rk_proc_kill(p, "floods the ring: %u commands submitted while all %u completions "
			     "are unreaped", tail - p->sq_head, RK_CQ_ENTRIES);
		return 0;
	}
	while (p->sq_head != tail && room && !p->exited) {
		struct rk_sqe c;
		unsigned slot = p->sq_head % RK_SQ_ENTRIES;
		memcpy(&c, (const void *)&r->sq[slot], sizeof(c));
		__asm__ volatile("" ::: "memory"); /* c is the kernel's copy from here on */
		p->sq_head++;
		if (c.op >= RK_OP_COUNT) {
			rk_proc_kill(p, "unknown command %u in slot %u", c.op, slot);
			break;
		}
		if (c.flags || c.reserved || c.pad[0] || c.pad[1]) {
			rk_proc_kill(p, "malformed command %s in slot %u: reserved fields not zero",
				     op_names[c.op], slot);
			break;
		}
		struct rk_cqe done = { c.user_data, run(p, &c) };
		if (p->exited)
			break;
		r->cq[p->cq_tail % RK_CQ_ENTRIES] = done;
		p->cq_tail++;
		room--;
		n++;
	}
	if (!p->exited) {
		store(&r->sq_head, p->sq_head);
		store(&r->cq_tail, p->cq_tail);
	}
	return n;
}

void rk_cmd_release(struct rk_proc *p)
{
	for (unsigned i = 0; i < PROC_FILES; i++)
		if (p->files[i]) {
			rk_vfs_close(p->files[i]);
			p->files[i] = 0;
		}
}
