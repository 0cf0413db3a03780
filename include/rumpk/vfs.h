/* SPDX-License-Identifier: BSD-2-Clause */
/* Read-only file system over a tar archive held in memory (the initrd).
 *
 * Two layers:
 *   rk_tar_*   a validating reader of POSIX ustar archives (GNU and old V7
 *              headers are accepted too). It checks every header completely
 *              before trusting any field and stops at the first problem with
 *              a reason such as
 *                "tar: entry 3 'bin/x': checksum mismatch (stored 0x1c2f, computed 0x1c30)".
 *   rk_vfs_*   one mounted archive as a directory tree: open/read/seek/close
 *              on file handles that keep their own offset, stat, directory
 *              listings, and rk_vfs_map for a pointer to a file's bytes.
 *
 * Zero-copy: file contents and names point into the archive, which must stay
 * in memory, unchanged, while it is mounted. The archive rule (enforced by
 * rk_tar_next, see tar.c and docs/signing.md): only regular files and
 * directories, relative paths without '..', and the two-zero-block end
 * marker; links, devices, FIFOs, absolute paths, a missing end marker and
 * an archive with no entries at all refuse the whole archive. Only pax
 * global headers are skipped, the first reported in
 * rk_vfs_info()->skip_why.
 *
 * Paths are '/'-separated; a leading '/', "." components and repeated '/'
 * are ignored, ".." goes to the parent (the root is its own parent). The
 * archive itself may not contain ".." components.
 *
 * Errors are negative RK_E* values (the Linux errno numbers).
 */
#ifndef RUMPK_VFS_H
#define RUMPK_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The errno values used here; the same numbers as <rumpk/fiber.h> where both
 * define one, so the guards only avoid a redefinition. */
#ifndef RK_ENOENT
#define RK_ENOENT 2
#endif
#ifndef RK_EBADF
#define RK_EBADF 9
#endif
#ifndef RK_EBUSY
#define RK_EBUSY 16
#endif
#ifndef RK_ENODEV
#define RK_ENODEV 19
#endif
#ifndef RK_ENOTDIR
#define RK_ENOTDIR 20
#endif
#ifndef RK_EISDIR
#define RK_EISDIR 21
#endif
#ifndef RK_EINVAL
#define RK_EINVAL 22
#endif
#ifndef RK_EMFILE
#define RK_EMFILE 24
#endif
#ifndef RK_ENOSPC
#define RK_ENOSPC 28
#endif
#ifndef RK_ENAMETOOLONG
#define RK_ENAMETOOLONG 36
#endif

/* Longest path accepted from an archive (GNU long names) or a caller, and
 * longest single component (the ustar limit). */
#define RK_VFS_PATH_MAX 1024
#define RK_VFS_NAME_MAX 255
/* Size of every reason buffer, including the NUL. */
#define RK_TAR_WHY_MAX 200

enum rk_vfs_type { RK_VFS_FILE = 1, RK_VFS_DIR = 2 };

/* ----------------------------------------------------------------------- */
/* Tar reader                                                               */
/* ----------------------------------------------------------------------- */

struct rk_tar_entry {
	unsigned index;         /* 1-based number of its header in the archive */
	size_t offset;          /* of that header from the archive start */
	enum rk_vfs_type type;
	/* The path is seg[0] '/' seg[1], either part possibly empty: the ustar
	 * prefix and name fields, or a GNU long name alone in seg[1]. Walk its
	 * normalised components with rk_tar_path_next(). Not NUL-terminated. */
	const char *seg[2];
	size_t seg_len[2];
	const uint8_t *data;    /* the file's bytes, inside the archive */
	uint64_t size;          /* 0 for directories */
	uint32_t mode;          /* permission bits (07777) */
	uint64_t mtime;         /* seconds since the epoch */
};

struct rk_tar {
	const uint8_t *base;
	size_t len;
	size_t off;             /* next header */
	unsigned index;         /* headers read so far */
	bool ended, failed;
	unsigned skipped;       /* pax global headers (the only entries skipped) */
	char why[RK_TAR_WHY_MAX];      /* the error, once failed */
	char skip_why[RK_TAR_WHY_MAX]; /* why the first skipped entry was skipped */
};

void rk_tar_init(struct rk_tar *t, const void *base, size_t len);
/* Read the next file or directory. Returns 1 with *e filled in, 0 at the
 * end-of-archive marker, or -RK_EINVAL with the reason in t->why (and again
 * on every later call). An archive that ends without its end marker is an
 * error: it may have been truncated. */
int rk_tar_next(struct rk_tar *t, struct rk_tar_entry *e);

/* Component iterator over an entry's path: "./usr//bin/" gives "usr", "bin".
 * Start with a zeroed cursor; returns false after the last component. */
struct rk_tar_cursor {
	unsigned seg;
	size_t pos;
};
bool rk_tar_path_next(const struct rk_tar_entry *e, struct rk_tar_cursor *c,
		      const char **comp, size_t *len);
/* The normalised path ("usr/bin"; "" for the root) into buf, NUL-terminated
 * and cut to fit; returns the full length. */
size_t rk_tar_path(const struct rk_tar_entry *e, char *buf, size_t size);

/* ----------------------------------------------------------------------- */
/* File system                                                              */
/* ----------------------------------------------------------------------- */

/* Validate the whole archive and mount it as the root. On failure nothing is
 * mounted and rk_vfs_reason() tells why. Errors: -RK_EINVAL (malformed
 * archive), -RK_ENOSPC (more entries than CONFIG_VFS_MAX_NODES), -RK_EBUSY
 * (an archive is already mounted). */
int rk_vfs_mount_tar(const void *base, size_t len);
/* -RK_EBUSY while files are open, -RK_ENODEV when nothing is mounted. */
int rk_vfs_unmount(void);
/* Reason of the last failed rk_vfs_mount_tar ("" if none). */
const char *rk_vfs_reason(void);

struct rk_vfs_info {
	bool mounted;
	const void *base;
	size_t len;
	unsigned files, dirs;   /* dirs includes the root and implied parents */
	unsigned skipped;       /* pax global headers skipped */
	uint64_t file_bytes;
	char skip_why[RK_TAR_WHY_MAX]; /* first skip, "" if none */
};
const struct rk_vfs_info *rk_vfs_info(void);

struct rk_vfs_stat {
	enum rk_vfs_type type;
	uint64_t size;
	uint32_t mode;
	uint64_t mtime;
};
int rk_vfs_stat(const char *path, struct rk_vfs_stat *st);

/* File handles. Numbers start at RK_VFS_FD_BASE so that they are never
 * mistaken for a console's 0, 1, 2; there are CONFIG_VFS_MAX_OPEN of them.
 * Each handle has its own offset; a file may be open several times. */
#define RK_VFS_FD_BASE 3
#define RK_SEEK_SET 0
#define RK_SEEK_CUR 1
#define RK_SEEK_END 2
/* A regular file, read-only: handle, or -RK_ENOENT, -RK_ENOTDIR (a path
 * component is a file), -RK_EISDIR, -RK_EMFILE, -RK_ENAMETOOLONG, -RK_ENODEV. */
int rk_vfs_open(const char *path);
/* Bytes read (0 at or past the end of the file), or -RK_EBADF. */
long rk_vfs_read(int fd, void *buf, size_t len);
/* New offset, or -RK_EBADF, -RK_EINVAL (bad whence, negative or overflowing
 * result). Seeking past the end is allowed; reads there return 0. */
int64_t rk_vfs_seek(int fd, int64_t off, int whence);
int rk_vfs_close(int fd);
int rk_vfs_fstat(int fd, struct rk_vfs_stat *st);

/* The bytes of a regular file in place (read-only, valid while mounted):
 * how the ELF loader and signature check see a program without a copy. */
int rk_vfs_map(const char *path, const void **data, size_t *size);

/* The canonical name of what path names: absolute, with "." and ".."
 * resolved and no repeated '/' ("bin/../bin//hello" -> "/bin/hello", the
 * root -> "/"), into buf, NUL-terminated. 0, a lookup error as for
 * rk_vfs_stat, or -RK_ENAMETOOLONG when buf is too small. rk_exec checks a
 * program's signed name against it. */
int rk_vfs_realpath(const char *path, char *buf, size_t size);

/* Directory listing: entries in archive order, "." and ".." not included.
 *
 *     struct rk_vfs_dir d;
 *     struct rk_vfs_dirent de;
 *     if (rk_vfs_opendir("bin", &d) == 0)
 *             while (rk_vfs_readdir(&d, &de) > 0)
 *                     printk("%s %llu\n", de.name, (unsigned long long)de.size);
 *
 * Nothing to close. An iterator from before an unmount returns -RK_EBADF. */
struct rk_vfs_dir {
	uint32_t gen;           /* mount generation it belongs to */
	uint32_t next;          /* next node to report */
};
struct rk_vfs_dirent {
	char name[RK_VFS_NAME_MAX + 1];
	enum rk_vfs_type type;
	uint64_t size;
	uint32_t mode;
};
int rk_vfs_opendir(const char *path, struct rk_vfs_dir *d);
/* 1 with *de filled in, 0 after the last entry, or -RK_EBADF. */
int rk_vfs_readdir(struct rk_vfs_dir *d, struct rk_vfs_dirent *de);

#endif
