/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: the tar reader and the VFS on top of it.
 *
 * Properties checked on every input, besides the sanitizers' (every read
 * inside the input buffer, no undefined behaviour, no leaks):
 *   - the reader either ends cleanly or fails with a "tar: " reason;
 *   - a mount fails exactly when the reader does (or the node table is
 *     full), with a reason;
 *   - a mounted tree can be walked, every file opened, read in pieces,
 *     seeked and mapped, and the bytes read are the mapped bytes;
 *   - every handle is closed again and the archive unmounts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rumpk/vfs.h>

#define REQUIRE(c)                                                             \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "fuzz_tar: %s:%d: %s\n", __FILE__, __LINE__, #c); \
			abort();                                               \
		}                                                              \
	} while (0)

static int reader(const uint8_t *data, size_t size)
{
	struct rk_tar t;
	struct rk_tar_entry e;
	char path[RK_VFS_PATH_MAX + 1];
	int r, n = 0;

	rk_tar_init(&t, data, size);
	while ((r = rk_tar_next(&t, &e)) > 0) {
		size_t len = rk_tar_path(&e, path, sizeof(path));
		REQUIRE(len == strlen(path) && len <= RK_VFS_PATH_MAX);
		REQUIRE(e.type == RK_VFS_FILE || (e.type == RK_VFS_DIR && e.size == 0));
		/* The file's bytes are inside the archive: touch the last one. */
		REQUIRE(e.data >= data && e.size <= (uint64_t)(data + size - e.data));
		if (e.size)
			n += e.data[e.size - 1];
		n++;
	}
	REQUIRE(r == 0 || (r == -RK_EINVAL && !strncmp(t.why, "tar: ", 5)));
	REQUIRE(rk_tar_next(&t, &e) == r); /* the end or the error sticks */
	return r;
}

static void read_file(const char *path, const uint8_t *data, size_t size)
{
	const void *map;
	size_t map_size;
	uint8_t buf[97];
	struct rk_vfs_stat st;

	REQUIRE(rk_vfs_map(path, &map, &map_size) == 0);
	REQUIRE((const uint8_t *)map >= data && map_size <= (size_t)(data + size - (const uint8_t *)map));
	int fd = rk_vfs_open(path);
	REQUIRE(fd >= RK_VFS_FD_BASE);
	REQUIRE(rk_vfs_fstat(fd, &st) == 0 && st.size == map_size && st.type == RK_VFS_FILE);
	size_t off = 0;
	long n;
	while ((n = rk_vfs_read(fd, buf, sizeof(buf))) > 0) {
		REQUIRE((size_t)n <= map_size - off && !memcmp(buf, (const uint8_t *)map + off, (size_t)n));
		off += (size_t)n;
	}
	REQUIRE(n == 0 && off == map_size);
	REQUIRE(rk_vfs_seek(fd, -1, RK_SEEK_END) == (int64_t)map_size - 1 || map_size == 0);
	REQUIRE(rk_vfs_seek(fd, (int64_t)map_size / 2, RK_SEEK_SET) == (int64_t)map_size / 2);
	REQUIRE(rk_vfs_read(fd, buf, 1) == (map_size ? 1 : 0));
	REQUIRE(rk_vfs_close(fd) == 0);
}

static void walk(char *path, size_t len, int depth, const uint8_t *data, size_t size)
{
	struct rk_vfs_dir d;
	struct rk_vfs_dirent de;
	int r;

	if (depth > 8)
		return;
	REQUIRE(rk_vfs_opendir(len ? path : "/", &d) == 0);
	while ((r = rk_vfs_readdir(&d, &de)) > 0) {
		size_t n = strlen(de.name);
		REQUIRE(n > 0 && n <= RK_VFS_NAME_MAX && !strchr(de.name, '/'));
		if (len + 1 + n > RK_VFS_PATH_MAX)
			continue;
		size_t at = len;
		if (len)
			path[at++] = '/';
		memcpy(path + at, de.name, n + 1);
		if (de.type == RK_VFS_DIR)
			walk(path, at + n, depth + 1, data, size);
		else
			read_file(path, data, size);
		path[len] = '\0';
	}
	REQUIRE(r == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[RK_VFS_PATH_MAX + 1] = "";
	int r = reader(data, size);
	int m = rk_vfs_mount_tar(data, size);

	if (m) {
		REQUIRE(!strncmp(rk_vfs_reason(), "tar: ", 5));
		REQUIRE(m == r || (r == 0 && (m == -RK_ENOSPC || m == -RK_EINVAL)));
		REQUIRE(!rk_vfs_info()->mounted);
		return 0;
	}
	REQUIRE(r == 0);
	walk(path, 0, 0, data, size);
	REQUIRE(rk_vfs_open("../../nope/..") < 0);
	REQUIRE(rk_vfs_unmount() == 0);
	return 0;
}
