/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image tests of the tar file system: the archive of ktest/initrd/, made
 * at build time and embedded as rk_ktest_initrd, is mounted and read back
 * with the kernel's own compiler, flags and string functions. The host test
 * test/unit/test_tar.c covers malformed archives in depth. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <rumpk/compiler.h>
#include <rumpk/printk.h>
#include <rumpk/test.h>
#include <rumpk/vfs.h>

extern const uint8_t rk_ktest_initrd[];
extern const size_t rk_ktest_initrd_size;

static bool mount_initrd(void)
{
	int r = rk_vfs_mount_tar(rk_ktest_initrd, rk_ktest_initrd_size);

	if (r)
		printk("\n  mount: %d %s\n", r, rk_vfs_reason());
	return r == 0;
}

/* Read a whole small file into buf (NUL-terminated); its length or < 0. */
static long slurp(const char *path, char *buf, size_t size)
{
	int fd = rk_vfs_open(path);
	long n;

	if (fd < 0)
		return fd;
	n = rk_vfs_read(fd, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	rk_vfs_close(fd);
	return n;
}

RK_TEST(vfs_mount_and_read)
{
	char buf[64];

	RK_EXPECT(mount_initrd());
	const struct rk_vfs_info *in = rk_vfs_info();
	RK_EXPECT(in->mounted);
	RK_EXPECT_EQ(in->files, 5);    /* hello.txt empty etc/motd data/lines.txt a/b/deep.txt */
	RK_EXPECT_EQ(in->dirs, 5);     /* / etc data a a/b */
	RK_EXPECT_EQ(in->skipped, 0);
	RK_EXPECT_EQ(slurp("hello.txt", buf, sizeof(buf)), 22);
	RK_EXPECT(!strcmp(buf, "hello from the initrd\n"));
	/* The archive's "./" names and odd spellings all find the same file. */
	RK_EXPECT_EQ(slurp("/a/./b//deep.txt", buf, sizeof(buf)), 5);
	RK_EXPECT_EQ(slurp("etc/../a/b/deep.txt", buf, sizeof(buf)), 5);
	RK_EXPECT(!strcmp(buf, "deep\n"));
	RK_EXPECT_EQ(slurp("empty", buf, sizeof(buf)), 0);
	RK_EXPECT_EQ(rk_vfs_unmount(), 0);
	RK_EXPECT_EQ(rk_vfs_open("hello.txt"), -RK_ENODEV);
}

RK_TEST(vfs_handles_keep_their_offsets)
{
	char a[16] = { 0 }, b[16] = { 0 };

	RK_EXPECT(mount_initrd());
	int f1 = rk_vfs_open("data/lines.txt"), f2 = rk_vfs_open("data/lines.txt");
	RK_EXPECT(f1 >= RK_VFS_FD_BASE && f2 >= RK_VFS_FD_BASE && f1 != f2);
	RK_EXPECT_EQ(rk_vfs_seek(f1, 9 * 50, RK_SEEK_SET), 450);
	RK_EXPECT_EQ(rk_vfs_read(f1, a, 9), 9);
	RK_EXPECT(!memcmp(a, "line 050\n", 9));
	RK_EXPECT_EQ(rk_vfs_read(f2, b, 9), 9);           /* f2 still at 0 */
	RK_EXPECT(!memcmp(b, "line 000\n", 9));
	RK_EXPECT_EQ(rk_vfs_seek(f1, -18, RK_SEEK_CUR), 441);
	RK_EXPECT_EQ(rk_vfs_read(f1, a, 9), 9);
	RK_EXPECT(!memcmp(a, "line 049\n", 9));
	RK_EXPECT_EQ(rk_vfs_seek(f2, -9, RK_SEEK_END), 1071);
	RK_EXPECT_EQ(rk_vfs_read(f2, b, sizeof(b)), 9);   /* short read at the end */
	RK_EXPECT(!memcmp(b, "line 119\n", 9));
	RK_EXPECT_EQ(rk_vfs_read(f2, b, sizeof(b)), 0);   /* EOF */
	RK_EXPECT_EQ(rk_vfs_seek(f2, -1, RK_SEEK_SET), -RK_EINVAL);
	RK_EXPECT_EQ(rk_vfs_unmount(), -RK_EBUSY);        /* files are open */
	RK_EXPECT_EQ(rk_vfs_close(f1), 0);
	RK_EXPECT_EQ(rk_vfs_close(f1), -RK_EBADF);
	RK_EXPECT_EQ(rk_vfs_read(f1, a, 1), -RK_EBADF);
	RK_EXPECT_EQ(rk_vfs_close(f2), 0);
	RK_EXPECT_EQ(rk_vfs_unmount(), 0);
}

RK_TEST(vfs_stat_and_list)
{
	struct rk_vfs_stat st;
	struct rk_vfs_dir d;
	struct rk_vfs_dirent de;
	unsigned seen = 0, n = 0;

	RK_EXPECT(mount_initrd());
	RK_EXPECT_EQ(rk_vfs_stat("etc/motd", &st), 0);
	RK_EXPECT_EQ(st.type, RK_VFS_FILE);
	RK_EXPECT_EQ(st.size, 18);
	RK_EXPECT_EQ(st.mtime, 1700000000);
	RK_EXPECT_EQ(rk_vfs_stat("a/b", &st), 0);
	RK_EXPECT_EQ(st.type, RK_VFS_DIR);
	RK_EXPECT_EQ(rk_vfs_stat("nope", &st), -RK_ENOENT);
	RK_EXPECT_EQ(rk_vfs_stat("hello.txt/x", &st), -RK_ENOTDIR);
	RK_EXPECT_EQ(rk_vfs_open("etc"), -RK_EISDIR);
	RK_EXPECT_EQ(rk_vfs_opendir("hello.txt", &d), -RK_ENOTDIR);
	RK_EXPECT_EQ(rk_vfs_opendir("/", &d), 0);
	while (rk_vfs_readdir(&d, &de) > 0) {
		static const char *const names[] = { "a", "data", "empty", "etc", "hello.txt" };
		n++;
		for (unsigned i = 0; i < RK_ARRAY_SIZE(names); i++)
			if (!strcmp(de.name, names[i]))
				seen |= 1u << i;
	}
	RK_EXPECT_EQ(n, 5);
	RK_EXPECT_EQ(seen, 0x1f);
	RK_EXPECT_EQ(rk_vfs_unmount(), 0);
	RK_EXPECT_EQ(rk_vfs_readdir(&d, &de), -RK_EBADF); /* stale after unmount */
}

RK_TEST(vfs_refuses_damaged_archives)
{
	/* The first two headers of the archive ("./" and "./a/", directories
	 * without data) and an end marker, with one name byte flipped: the
	 * header's checksum no longer matches. */
	static uint8_t bad[4 * 512] rk_aligned(512);

	memcpy(bad, rk_ktest_initrd, 1024);
	memset(bad + 1024, 0, 1024);
	RK_EXPECT_EQ(rk_vfs_mount_tar(bad, sizeof(bad)), 0); /* intact: mounts */
	RK_EXPECT_EQ(rk_vfs_unmount(), 0);
	/* All zeros is a valid but empty archive: refused, not mounted empty. */
	static const uint8_t zeros[2 * 512];
	RK_EXPECT_EQ(rk_vfs_mount_tar(zeros, sizeof(zeros)), -RK_EINVAL);
	RK_EXPECT(strstr(rk_vfs_reason(), "tar: empty archive"));
	bad[0] ^= 0x01;
	RK_EXPECT_EQ(rk_vfs_mount_tar(bad, sizeof(bad)), -RK_EINVAL);
	RK_EXPECT(strstr(rk_vfs_reason(), "tar: entry 1 "));
	RK_EXPECT(strstr(rk_vfs_reason(), "checksum mismatch"));
	RK_EXPECT(!rk_vfs_info()->mounted);
	/* Cut inside the second header. */
	RK_EXPECT_EQ(rk_vfs_mount_tar(rk_ktest_initrd, 700), -RK_EINVAL);
	RK_EXPECT(strstr(rk_vfs_reason(), "truncated header"));
	/* Nothing stays mounted after a failure; a good mount still works. */
	RK_EXPECT(mount_initrd());
	RK_EXPECT_EQ(rk_vfs_mount_tar(rk_ktest_initrd, rk_ktest_initrd_size), -RK_EBUSY);
	RK_EXPECT_EQ(rk_vfs_unmount(), 0);
}
