/* SPDX-License-Identifier: BSD-2-Clause */
/* kernel/exec/cmd.c on the host (ASan + UBSan): the command ring as a
 * hostile program sees it. The program's memory is one host buffer; the
 * checked copies, the kill, the VFS and the console are stubs that record
 * what the ring code asked for. Checks: batches complete in order with
 * their user_data and indices published; a full completion ring stops
 * consumption; malformed rings, unknown ops, reserved fields, pointers
 * and lengths outside the program's memory end the program with the
 * reason; bad handles and paths are errors, not kills; files have
 * per-handle offsets; exit completes nothing. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rumpk/console.h>
#include <rumpk/fiber.h>
#include <rumpk/time.h>
#include <rumpk/vfs.h>
#include "../../kernel/exec/proc.h"
#include "check.h"

/* --- The program's memory and the copies ---------------------------------- */
static _Alignas(4096) unsigned char umem[16384];
static _Alignas(4096) struct rk_ring_page ring;

bool rk_urange(struct rk_proc *p, uint64_t uva, uint64_t len, unsigned prot)
{
	uintptr_t lo = (uintptr_t)umem;
	(void)p;
	(void)prot;
	return !len || (uva >= lo && uva - lo <= sizeof(umem) && len <= sizeof(umem) - (uva - lo));
}

int rk_uread(struct rk_proc *p, void *dst, uint64_t uva, uint64_t len)
{
	if (!rk_urange(p, uva, len, RK_UPROT_R))
		return -RK_EFAULT;
	memcpy(dst, (const void *)(uintptr_t)uva, len);
	return 0;
}

int rk_uwrite(struct rk_proc *p, uint64_t uva, const void *src, uint64_t len)
{
	if (!rk_urange(p, uva, len, RK_UPROT_W))
		return -RK_EFAULT;
	memcpy((void *)(uintptr_t)uva, src, len);
	return 0;
}

static char killed[RK_EXEC_WHY_MAX];

void rk_proc_kill(struct rk_proc *p, const char *fmt, ...)
{
	va_list ap;
	if (p->exited)
		return;
	va_start(ap, fmt);
	vsnprintf(killed, sizeof(killed), fmt, ap);
	va_end(ap);
	p->exited = true;
	p->status = -RK_EFAULT;
}

int rk_space_heap(struct rk_proc *p, uint64_t size, uintptr_t *base)
{
	if (size > 8192)
		return -RK_ENOMEM;
	p->heap_pages = (size + 4095) / 4096;
	*base = (uintptr_t)umem + 8192;
	return 0;
}

int rk_proc_spawn(struct rk_proc *parent, const char *path, int argc, const char *const *argv,
		  struct rk_exec_info *info, struct rk_proc **out)
{
	(void)parent, (void)info, (void)out;
	check_at(argc == 2 && !strcmp(argv[0], "a") && !strcmp(argv[1], "bc") && !argv[2],
		 __FILE__, __LINE__, "spawn got argc %d", argc);
	return strcmp(path, "/bin/x") ? -RK_ENOENT : -RK_EPERM;
}

long rk_exec_wait_child(struct rk_proc *p, unsigned pid)
{
	(void)p, (void)pid;
	return -RK_SYS_ECHILD;
}

/* --- Console, time, fibers ------------------------------------------------- */
static char console[256];
static size_t console_len;

void rk_console_write(const char *s, size_t len)
{
	if (console_len + len < sizeof(console)) {
		memcpy(console + console_len, s, len);
		console_len += len;
	}
}

int rk_console_getc(void) { return 'k'; }
void rk_yield(void) {}
void rk_sleep_ns(uint64_t ns) { (void)ns; }
uint64_t rk_time_ns(void) { return 123456; }

/* --- A VFS of one file, "/f" ------------------------------------------------ */
static const char file[] = "0123456789abcdef";
static int64_t offs[4];
static bool open_fd[4];

int rk_vfs_open(const char *path)
{
	if (strcmp(path, "/f"))
		return -RK_ENOENT;
	for (int i = 0; i < 4; i++)
		if (!open_fd[i]) {
			open_fd[i] = true;
			offs[i] = 0;
			return 100 + i;
		}
	return -RK_EMFILE;
}

long rk_vfs_read(int fd, void *buf, size_t len)
{
	int64_t *o = &offs[fd - 100];
	size_t left = *o < (int64_t)sizeof(file) - 1 ? sizeof(file) - 1 - (size_t)*o : 0;
	size_t n = len < left ? len : left;
	memcpy(buf, file + *o, n);
	*o += (int64_t)n;
	return (long)n;
}

int64_t rk_vfs_seek(int fd, int64_t off, int whence)
{
	if (whence != RK_SEEK_SET || off < 0)
		return -RK_EINVAL;
	return offs[fd - 100] = off;
}

int rk_vfs_close(int fd)
{
	open_fd[fd - 100] = false;
	return 0;
}

int rk_vfs_stat(const char *path, struct rk_vfs_stat *st)
{
	if (strcmp(path, "/f"))
		return -RK_ENOENT;
	*st = (struct rk_vfs_stat){ RK_VFS_FILE, sizeof(file) - 1, 0644, 7 };
	return 0;
}

int rk_vfs_fstat(int fd, struct rk_vfs_stat *st)
{
	(void)fd;
	return rk_vfs_stat("/f", st);
}

/* --- The program's side ---------------------------------------------------- */
static struct rk_proc proc;

static void reset(void)
{
	memset(&proc, 0, sizeof(proc));
	memset(&ring, 0, sizeof(ring));
	memset(umem, 0, sizeof(umem));
	proc.ring = &ring;
	proc.ring_uva = (uintptr_t)&ring;
	killed[0] = 0;
	console_len = 0;
}

static void submit(uint16_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t ud)
{
	ring.sq[ring.sq_tail % RK_SQ_ENTRIES] =
		(struct rk_sqe){ .op = op, .a = { a0, a1, a2, a3 }, .user_data = ud };
	ring.sq_tail++;
}

/* One command, one trap: its result. */
static int64_t call(uint16_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	submit(op, a0, a1, a2, a3, 77);
	rk_cmd_enter(&proc);
	if (ring.cq_head == ring.cq_tail)
		return -9999; /* no completion */
	return ring.cq[ring.cq_head++ % RK_CQ_ENTRIES].res;
}

static uint64_t u(size_t off) { return (uint64_t)(uintptr_t)(umem + off); }

#define CHECK_KILLED(prefix)                                                              \
	CHECK_MSG(proc.exited && proc.status == -RK_EFAULT && !strncmp(killed, prefix, strlen(prefix)), \
		  "killed '%s', expected '%s...'", killed, prefix)

int main(void)
{
	/* A batch: three commands, one enter, completions in order. */
	reset();
	submit(RK_OP_NOP, 0, 0, 0, 0, 1);
	submit(RK_OP_GETPID, 0, 0, 0, 0, 2);
	submit(RK_OP_TIME, 0, 0, 0, 0, 3);
	proc.pid = 5;
	CHECK_EQ(rk_cmd_enter(&proc), 3);
	CHECK_EQ(ring.sq_head, 3);
	CHECK_EQ(ring.cq_tail, 3);
	CHECK_EQ(ring.cq[0].user_data, 1);
	CHECK_EQ(ring.cq[1].res, 5);
	CHECK_EQ(ring.cq[2].res, 123456);
	CHECK(!proc.exited);

	/* An empty enter does nothing. */
	ring.cq_head = 3;
	CHECK_EQ(rk_cmd_enter(&proc), 0);

	/* Only as many as the completion ring has room for. */
	reset();
	ring.cq_head = 0;
	proc.cq_tail = ring.cq_tail = RK_CQ_ENTRIES - 5;
	for (int i = 0; i < 8; i++)
		submit(RK_OP_NOP, 0, 0, 0, 0, (uint64_t)i);
	CHECK_EQ(rk_cmd_enter(&proc), 5);
	CHECK_EQ(ring.sq_head, 5);
	CHECK(!proc.exited);
	/* Trapping again with all completions unreaped floods the ring. */
	CHECK_EQ(rk_cmd_enter(&proc), 0);
	CHECK_KILLED("floods the ring: 3 commands submitted while all 64 completions are unreaped");

	/* Malformed rings. */
	reset();
	ring.sq_tail = RK_SQ_ENTRIES + 1;
	rk_cmd_enter(&proc);
	CHECK_KILLED("malformed ring: sq_tail 33 is 33 commands ahead of sq_head 0");
	reset();
	ring.sq_tail = (uint32_t)-1; /* "behind" the head: far ahead, unsigned */
	rk_cmd_enter(&proc);
	CHECK_KILLED("malformed ring: sq_tail 4294967295");
	reset();
	ring.cq_head = 1; /* ahead of cq_tail 0 */
	rk_cmd_enter(&proc);
	CHECK_KILLED("malformed ring: cq_head 1 is not within the last 64 completions");

	/* Unknown op, reserved fields. */
	reset();
	CHECK_EQ(call(RK_OP_COUNT, 0, 0, 0, 0), -9999);
	CHECK_KILLED("unknown command 16 in slot 0");
	reset();
	ring.sq[0] = (struct rk_sqe){ .op = RK_OP_NOP, .flags = 1 };
	ring.sq_tail = 1;
	rk_cmd_enter(&proc);
	CHECK_KILLED("malformed command nop in slot 0: reserved fields not zero");
	reset();
	ring.sq[0] = (struct rk_sqe){ .op = RK_OP_NOP, .pad = { 0, 1 } };
	ring.sq_tail = 1;
	rk_cmd_enter(&proc);
	CHECK_KILLED("malformed command nop");

	/* Console write: good, bad fd, foreign pointer, bogus length. */
	reset();
	memcpy(umem, "hi\n", 3);
	CHECK_EQ(call(RK_OP_WRITE, 1, u(0), 3, 0), 3);
	CHECK(console_len == 3 && !memcmp(console, "hi\n", 3));
	CHECK_EQ(call(RK_OP_WRITE, 5, u(0), 3, 0), -RK_SYS_EBADF);
	CHECK(!proc.exited);
	CHECK_EQ(call(RK_OP_WRITE, 1, (uint64_t)(uintptr_t)&proc, 16, 0), -9999);
	CHECK_KILLED("command write: buffer 0x");
	reset();
	call(RK_OP_WRITE, 1, u(0), (uint64_t)1 << 40, 0);
	CHECK_KILLED("command write: buffer 0x");
	reset();
	call(RK_OP_WRITE, 1, u(sizeof(umem) - 2), 3, 0); /* one byte past the end */
	CHECK_KILLED("command write");
	reset();
	call(RK_OP_WRITE, 1, UINT64_MAX - 1, 4, 0); /* wraps around */
	CHECK_KILLED("command write");

	/* Console read: a byte from the console (the stub always has 'k'). */
	reset();
	CHECK_EQ(call(RK_OP_READ, 0, u(100), 4, 0), 4);
	CHECK(!memcmp(umem + 100, "kkkk", 4));

	/* Files: two handles, each with its own offset; stat; bad handles. */
	reset();
	memcpy(umem, "/f", 2);
	int64_t a = call(RK_OP_OPEN, u(0), 2, 0, 0), b = call(RK_OP_OPEN, u(0), 2, 0, 0);
	CHECK_EQ(a, RK_VFS_FD_BASE);
	CHECK_EQ(b, RK_VFS_FD_BASE + 1);
	CHECK_EQ(call(RK_OP_READ, (uint64_t)a, u(200), 4, 0), 4);
	CHECK_EQ(call(RK_OP_SEEK, (uint64_t)b, 10, RK_SEEK_SET, 0), 10);
	CHECK_EQ(call(RK_OP_READ, (uint64_t)b, u(300), 100, 0), 6);
	CHECK_EQ(call(RK_OP_READ, (uint64_t)a, u(204), 2, 0), 2);
	CHECK(!memcmp(umem + 200, "012345", 6) && !memcmp(umem + 300, "abcdef", 6));
	struct rk_stat st;
	CHECK_EQ(call(RK_OP_STAT, u(0), 2, u(400), 0), 0);
	memcpy(&st, umem + 400, sizeof(st));
	CHECK(st.size == 16 && st.type == 1 && st.mode == 0644);
	CHECK_EQ(call(RK_OP_FSTAT, (uint64_t)a, u(500), 0, 0), 0);
	CHECK_EQ(call(RK_OP_CLOSE, (uint64_t)a, 0, 0, 0), 0);
	CHECK_EQ(call(RK_OP_CLOSE, (uint64_t)a, 0, 0, 0), -RK_SYS_EBADF);
	CHECK_EQ(call(RK_OP_READ, (uint64_t)a, u(200), 1, 0), -RK_SYS_EBADF);
	CHECK_EQ(call(RK_OP_READ, 100, u(200), 1, 0), -RK_SYS_EBADF); /* the VFS's own number */
	CHECK_EQ(call(RK_OP_SEEK, 2, 0, 0, 0), -RK_SYS_EBADF);
	memcpy(umem + 600, "/g", 2);
	CHECK_EQ(call(RK_OP_OPEN, u(600), 2, 0, 0), -RK_ENOENT);
	CHECK_EQ(call(RK_OP_OPEN, u(0), 0, 0, 0), -RK_SYS_EINVAL);
	memcpy(umem + 700, "/f\0x", 4);
	CHECK_EQ(call(RK_OP_OPEN, u(700), 4, 0, 0), -RK_SYS_EINVAL); /* a NUL inside */
	CHECK_EQ(call(RK_OP_OPEN, u(0), 4096, 0, 0), -RK_SYS_EINVAL); /* too long */
	CHECK(!proc.exited);
	CHECK_EQ(call(RK_OP_STAT, u(0), 2, (uint64_t)(uintptr_t)&st, 0), -9999);
	CHECK_KILLED("command stat: struct rk_stat 0x");
	rk_cmd_release(&proc);
	CHECK(!open_fd[1]);

	/* Spawn: path and argv copied in; a foreign argv pointer kills. */
	reset();
	memcpy(umem, "/bin/x", 6);
	memcpy(umem + 100, "a\0bc", 5);
	uint64_t argv[2] = { u(100), u(102) };
	memcpy(umem + 200, argv, sizeof(argv));
	CHECK_EQ(call(RK_OP_SPAWN, u(0), 6, u(200), 2), -RK_EPERM);
	CHECK_EQ(call(RK_OP_WAIT, 9, 0, 0, 0), -RK_SYS_ECHILD);
	CHECK_EQ(call(RK_OP_SPAWN, u(0), 6, u(200), 100), -RK_SYS_EINVAL);
	CHECK(!proc.exited);
	argv[1] = (uint64_t)(uintptr_t)&proc;
	memcpy(umem + 200, argv, sizeof(argv));
	call(RK_OP_SPAWN, u(0), 6, u(200), 2);
	CHECK_KILLED("command spawn: argument 0x");

	/* Heap: the new size, the base in the ring page; too big is ENOMEM. */
	reset();
	CHECK_EQ(call(RK_OP_HEAP, 5000, 0, 0, 0), 8192);
	CHECK_EQ(ring.heap_base, u(8192));
	CHECK_EQ(call(RK_OP_HEAP, 1 << 20, 0, 0, 0), -RK_ENOMEM);

	/* Exit: no completion, the rest of the batch is not run. */
	reset();
	submit(RK_OP_EXIT, 3, 0, 0, 0, 1);
	submit(RK_OP_WRITE, 1, u(0), 1, 0, 2);
	rk_cmd_enter(&proc);
	CHECK(proc.exited && proc.status == 3 && !killed[0]);
	CHECK_EQ(ring.cq_tail, 0);
	CHECK_EQ(console_len, 0);
	return check_summary("test_cmd");
}
