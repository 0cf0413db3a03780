/* SPDX-License-Identifier: BSD-2-Clause */
/* One mounted tar archive as a read-only directory tree
 * (include/rumpk/vfs.h).
 *
 * Mounting walks the archive once with the validating reader (tar.c) and
 * builds a table of nodes: one per file or directory, holding one path
 * component (a pointer into the archive), its parent, first child and next
 * sibling. Directories that the archive implies but does not list ("a/b/f"
 * without "a/") get nodes too. A lookup walks the tree one component at a
 * time; a listing follows the sibling links, in archive order.
 *
 * The node table and the file handles are static, sized by Kconfig: no heap
 * is needed and the cost shows in the image size. A failed mount leaves
 * nothing mounted.
 *
 * Concurrency: the kernel runs on one CPU. Under the cooperative scheduler
 * no other fiber runs inside these functions (none of them blocks); under
 * the preemptive one the few shared updates (claiming and releasing a
 * handle, changing the mount state) run with interrupts masked. A read uses
 * a snapshot of its handle's offset and clamps it, so two fibers racing on
 * one handle (their problem, as in POSIX) can see odd offsets but never
 * make a copy reach outside the file. With SMP (programs run on every CPU)
 * those updates also hold a spinlock; the nodes do not change while
 * mounted.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <rumpk/printk.h>
#include <rumpk/vfs.h>

#if defined(CONFIG_SMP)
#include <rumpk/spinlock.h>
static rk_spinlock_t vfs_lock = RK_SPINLOCK_INIT;
#define LOCK() unsigned long irq_flags_ = rk_spin_lock_irqsave(&vfs_lock)
#define UNLOCK() rk_spin_unlock_irqrestore(&vfs_lock, irq_flags_)
#elif defined(CONFIG_SCHED_PRIO)
#include <rumpk/arch.h>
#define LOCK() unsigned long irq_flags_ = arch_irq_save()
#define UNLOCK() arch_irq_restore(irq_flags_)
#else
#define LOCK() do { } while (0)
#define UNLOCK() do { } while (0)
#endif

/* Host builds (unit tests, fuzzing) have no autoconf.h. */
#ifndef CONFIG_VFS_MAX_NODES
#define CONFIG_VFS_MAX_NODES 128
#endif
#ifndef CONFIG_VFS_MAX_OPEN
#define CONFIG_VFS_MAX_OPEN 16
#endif
_Static_assert(CONFIG_VFS_MAX_NODES >= 2 && CONFIG_VFS_MAX_NODES < 0xffff,
	       "node indices are 16-bit with 0xffff for none");

#define NONE 0xffffu
#define ROOT 0u

struct node {
	const char *name;        /* one component, in the archive ("" for the root) */
	const uint8_t *data;     /* file bytes, in the archive */
	uint64_t size;
	uint64_t mtime;
	uint16_t parent, child, sibling;
	uint16_t mode;
	uint8_t name_len;        /* components are at most 255 bytes (tar.c checks) */
	uint8_t type;            /* enum rk_vfs_type */
};

struct handle {
	bool used;
	uint16_t node;
	uint64_t off;
};

enum state { UNMOUNTED, MOUNTING, MOUNTED };

static struct node nodes[CONFIG_VFS_MAX_NODES];
static unsigned nnodes;
static struct handle handles[CONFIG_VFS_MAX_OPEN];
static unsigned nopen;
static enum state state;
static uint32_t gen;             /* changes with every mount and unmount */
static struct rk_vfs_info info;
static char reason[RK_TAR_WHY_MAX];

/* --- Building the tree -------------------------------------------------- */

/* The child of dir called name, or NONE; *last gets the last child (where a
 * new one is appended, to keep archive order). */
static uint16_t find_child(uint16_t dir, const char *name, size_t len, uint16_t *last)
{
	uint16_t prev = NONE;

	for (uint16_t n = nodes[dir].child; n != NONE; prev = n, n = nodes[n].sibling)
		if (nodes[n].name_len == len && !memcmp(nodes[n].name, name, len))
			return n;
	if (last)
		*last = prev;
	return NONE;
}

static int refuse(int err, const struct rk_tar_entry *e, const char *fmt, ...)
	rk_printf_like(3, 4);
static int refuse(int err, const struct rk_tar_entry *e, const char *fmt, ...)
{
	char path[96];
	va_list ap;
	int n;

	if (rk_tar_path(e, path, sizeof(path)) >= sizeof(path))
		memcpy(path + sizeof(path) - 4, "...", 4);
	n = rk_snprintf(reason, sizeof(reason), "tar: entry %u '%s': ", e->index, path);
	if (n > 0 && (size_t)n < sizeof(reason)) {
		va_start(ap, fmt);
		rk_vsnprintf(reason + n, sizeof(reason) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return err;
}

static int add_node(uint16_t parent, uint16_t last, const char *name, size_t len,
		    enum rk_vfs_type type, uint16_t *out)
{
	if (nnodes >= CONFIG_VFS_MAX_NODES)
		return -RK_ENOSPC;
	uint16_t n = (uint16_t)nnodes++;
	nodes[n] = (struct node){
		.name = name, .name_len = (uint8_t)len, .type = (uint8_t)type,
		.parent = parent, .child = NONE, .sibling = NONE, .mode = 0755,
	};
	if (last == NONE)
		nodes[parent].child = n;
	else
		nodes[last].sibling = n;
	if (type == RK_VFS_DIR)
		info.dirs++;
	else
		info.files++;
	*out = n;
	return 0;
}

static int insert(const struct rk_tar_entry *e)
{
	struct rk_tar_cursor c = { 0, 0 };
	const char *comp, *next;
	size_t len, next_len;
	uint16_t cur = ROOT;
	bool more = rk_tar_path_next(e, &c, &comp, &len);

	if (!more) { /* "./": the root's own entry */
		nodes[ROOT].mode = (uint16_t)e->mode;
		nodes[ROOT].mtime = e->mtime;
		return 0;
	}
	while (more) {
		bool last = !rk_tar_path_next(e, &c, &next, &next_len);
		uint16_t tail = NONE, n = find_child(cur, comp, len, &tail);

		if (n == NONE) {
			if (add_node(cur, tail, comp, len, last ? e->type : RK_VFS_DIR, &n))
				return refuse(-RK_ENOSPC, e, "more than %d files and directories "
					      "(CONFIG_VFS_MAX_NODES)", CONFIG_VFS_MAX_NODES);
		} else if (!last) {
			if (nodes[n].type != RK_VFS_DIR)
				return refuse(-RK_EINVAL, e, "'%.*s' is a file, not a directory",
					      (int)len, comp);
		} else if (nodes[n].type != e->type) {
			return refuse(-RK_EINVAL, e, "'%.*s' is both a file and a directory",
				      (int)len, comp);
		} else if (e->type == RK_VFS_FILE) {
			/* tar would let the later copy win; an initrd with two
			 * versions of a file is a mistake worth stopping for. */
			return refuse(-RK_EINVAL, e, "duplicate file");
		}
		if (last) { /* the entry's own metadata; a directory listed again or
			     * after being implied by a path takes the latest */
			nodes[n].mode = (uint16_t)e->mode;
			nodes[n].mtime = e->mtime;
			if (e->type == RK_VFS_FILE) {
				nodes[n].data = e->data;
				nodes[n].size = e->size;
				info.file_bytes += e->size;
			}
		}
		cur = n;
		comp = next;
		len = next_len;
		more = !last;
	}
	return 0;
}

static int build(const void *base, size_t len)
{
	struct rk_tar t;
	struct rk_tar_entry e;
	int r;

	memset(&info, 0, sizeof(info));
	nnodes = 1;
	nodes[ROOT] = (struct node){
		.name = "", .type = RK_VFS_DIR, .parent = ROOT, .child = NONE, .sibling = NONE,
		.mode = 0755,
	};
	info.dirs = 1;
	rk_tar_init(&t, base, len);
	while ((r = rk_tar_next(&t, &e)) > 0)
		if ((r = insert(&e)) < 0)
			return r;
	if (r < 0) {
		memcpy(reason, t.why, sizeof(reason));
		return r;
	}
	/* Valid tar, but nothing to mount: a boot loader that hands over a
	 * zeroed buffer (or a build that packed nothing) must not replace an
	 * initrd that has files by an empty tree. */
	if (info.files == 0 && info.dirs == 1) {
		rk_snprintf(reason, sizeof(reason),
			    "tar: empty archive (no file or directory "
			    "before the end-of-archive marker)");
		return -RK_EINVAL;
	}
	info.base = base;
	info.len = len;
	info.skipped = t.skipped;
	memcpy(info.skip_why, t.skip_why, sizeof(info.skip_why));
	return 0;
}

int rk_vfs_mount_tar(const void *base, size_t len)
{
	int r;

	{
		LOCK();
		r = state == UNMOUNTED ? 0 : -RK_EBUSY;
		if (!r)
			state = MOUNTING;
		UNLOCK();
	}
	if (r) {
		rk_snprintf(reason, sizeof(reason), "vfs: an archive is already mounted");
		return r;
	}
	reason[0] = '\0';
	if (!base && len) {
		rk_snprintf(reason, sizeof(reason), "vfs: no archive (NULL base)");
		r = -RK_EINVAL;
	} else {
		r = build(base, len);
	}
	{
		LOCK();
		state = r ? UNMOUNTED : MOUNTED;
		info.mounted = !r;
		gen++;
		UNLOCK();
	}
	return r;
}

int rk_vfs_unmount(void)
{
	int r = 0;
	LOCK();
	if (state != MOUNTED)
		r = -RK_ENODEV;
	else if (nopen)
		r = -RK_EBUSY;
	else {
		state = UNMOUNTED;
		memset(&info, 0, sizeof(info));
		gen++;
	}
	UNLOCK();
	return r;
}

const char *rk_vfs_reason(void)
{
	return reason;
}

const struct rk_vfs_info *rk_vfs_info(void)
{
	return &info;
}

/* --- Lookups ------------------------------------------------------------ */

static int lookup(const char *path, uint16_t *out)
{
	uint16_t cur = ROOT;
	size_t plen, i = 0;

	if (state != MOUNTED)
		return -RK_ENODEV;
	if (!path || !path[0])
		return -RK_ENOENT;
	plen = strnlen(path, RK_VFS_PATH_MAX + 1);
	if (plen > RK_VFS_PATH_MAX)
		return -RK_ENAMETOOLONG;
	while (i < plen) {
		size_t start = i, len;

		while (i < plen && path[i] != '/')
			i++;
		len = i - start;
		if (i < plen)
			i++;
		if (!len)
			continue;
		if (nodes[cur].type != RK_VFS_DIR)
			return -RK_ENOTDIR;
		if (len == 1 && path[start] == '.')
			continue;
		if (len == 2 && path[start] == '.' && path[start + 1] == '.') {
			cur = nodes[cur].parent;
			continue;
		}
		if (len > RK_VFS_NAME_MAX)
			return -RK_ENAMETOOLONG;
		cur = find_child(cur, path + start, len, 0);
		if (cur == NONE)
			return -RK_ENOENT;
	}
	/* "file/" names a directory that is not one. */
	if (path[plen - 1] == '/' && nodes[cur].type != RK_VFS_DIR)
		return -RK_ENOTDIR;
	*out = cur;
	return 0;
}

static void fill_stat(const struct node *n, struct rk_vfs_stat *st)
{
	st->type = (enum rk_vfs_type)n->type;
	st->size = n->size;
	st->mode = n->mode;
	st->mtime = n->mtime;
}

int rk_vfs_stat(const char *path, struct rk_vfs_stat *st)
{
	uint16_t n;
	int r = lookup(path, &n);

	if (!r)
		fill_stat(&nodes[n], st);
	return r;
}

int rk_vfs_map(const char *path, const void **data, size_t *size)
{
	uint16_t n;
	int r = lookup(path, &n);

	if (r)
		return r;
	if (nodes[n].type != RK_VFS_FILE)
		return -RK_EISDIR;
	*data = nodes[n].data;
	*size = (size_t)nodes[n].size;
	return 0;
}

int rk_vfs_realpath(const char *path, char *buf, size_t size)
{
	uint16_t n;
	int r = lookup(path, &n);

	if (r)
		return r;
	/* Measure from the node up to the root, then fill from the end. */
	size_t len = 0;
	for (uint16_t m = n; m != ROOT; m = nodes[m].parent)
		len += 1 + nodes[m].name_len;
	if ((len ? len : 1) >= size)
		return -RK_ENAMETOOLONG;
	buf[0] = '/';
	buf[len ? len : 1] = 0;
	for (uint16_t m = n; m != ROOT; m = nodes[m].parent) {
		len -= nodes[m].name_len;
		memcpy(buf + len, nodes[m].name, nodes[m].name_len);
		buf[--len] = '/';
	}
	return 0;
}

/* --- File handles ------------------------------------------------------- */

static struct handle *handle_of(int fd)
{
	unsigned slot = (unsigned)fd - RK_VFS_FD_BASE;

	if (fd < RK_VFS_FD_BASE || slot >= CONFIG_VFS_MAX_OPEN || !handles[slot].used)
		return 0;
	return &handles[slot];
}

int rk_vfs_open(const char *path)
{
	uint32_t g = gen;
	uint16_t n;
	int r = lookup(path, &n);

	if (r)
		return r;
	if (nodes[n].type != RK_VFS_FILE)
		return -RK_EISDIR;
	r = -RK_EMFILE;
	LOCK();
	if (state != MOUNTED || gen != g) { /* unmounted since the lookup */
		r = -RK_ENODEV;
	} else {
		for (unsigned i = 0; i < CONFIG_VFS_MAX_OPEN; i++) {
			if (!handles[i].used) {
				handles[i] = (struct handle){ .used = true, .node = n, .off = 0 };
				nopen++;
				r = RK_VFS_FD_BASE + (int)i;
				break;
			}
		}
	}
	UNLOCK();
	return r;
}

int rk_vfs_close(int fd)
{
	int r = -RK_EBADF;
	LOCK();
	struct handle *h = handle_of(fd);
	if (h) {
		h->used = false;
		nopen--;
		r = 0;
	}
	UNLOCK();
	return r;
}

long rk_vfs_read(int fd, void *buf, size_t len)
{
	struct handle *h = handle_of(fd);

	if (!h)
		return -RK_EBADF;
	if (!buf && len)
		return -RK_EINVAL;
	const struct node *n = &nodes[h->node];
	uint64_t off = h->off;
	if (off >= n->size)
		return 0;
	if (len > n->size - off)
		len = (size_t)(n->size - off);
	if (len > (size_t)__LONG_MAX__) /* the count must fit the return type */
		len = (size_t)__LONG_MAX__;
	memcpy(buf, n->data + off, len);
	h->off = off + len;
	return (long)len;
}

int64_t rk_vfs_seek(int fd, int64_t off, int whence)
{
	struct handle *h = handle_of(fd);
	uint64_t base;

	if (!h)
		return -RK_EBADF;
	switch (whence) {
	case RK_SEEK_SET:
		base = 0;
		break;
	case RK_SEEK_CUR:
		base = h->off;
		break;
	case RK_SEEK_END:
		base = nodes[h->node].size;
		break;
	default:
		return -RK_EINVAL;
	}
	if (base > (uint64_t)INT64_MAX || (off > 0 && (int64_t)base > INT64_MAX - off))
		return -RK_EINVAL;
	int64_t pos = (int64_t)base + off;
	if (pos < 0)
		return -RK_EINVAL;
	h->off = (uint64_t)pos;
	return pos;
}

int rk_vfs_fstat(int fd, struct rk_vfs_stat *st)
{
	struct handle *h = handle_of(fd);

	if (!h)
		return -RK_EBADF;
	fill_stat(&nodes[h->node], st);
	return 0;
}

/* --- Directory listings ------------------------------------------------- */

int rk_vfs_opendir(const char *path, struct rk_vfs_dir *d)
{
	uint16_t n;
	int r = lookup(path, &n);

	if (r)
		return r;
	if (nodes[n].type != RK_VFS_DIR)
		return -RK_ENOTDIR;
	d->gen = gen;
	d->next = nodes[n].child;
	return 0;
}

int rk_vfs_readdir(struct rk_vfs_dir *d, struct rk_vfs_dirent *de)
{
	if (state != MOUNTED || d->gen != gen)
		return -RK_EBADF;
	if (d->next == NONE)
		return 0;
	if (d->next >= nnodes)
		return -RK_EBADF;
	const struct node *n = &nodes[d->next];
	memcpy(de->name, n->name, n->name_len);
	de->name[n->name_len] = '\0';
	de->type = (enum rk_vfs_type)n->type;
	de->size = n->size;
	de->mode = n->mode;
	d->next = n->sibling;
	return 1;
}
