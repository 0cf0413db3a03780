/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit test of the tar reader and the VFS (kernel/vfs/), under ASan and
 * UBSan.
 *
 * Good archives come from the host's GNU tar (made at build time by
 * test/unit/trust_tests.cmake): ustar with a prefix-split path, GNU with a
 * 407-byte long name, V7, pax (refused) and one holding a symlink (refused).
 * Malformed archives are made here, one defect each, and each must be
 * refused with its reason. Sweeps truncate the good archive at every length
 * and damage every header byte: no crash, and a reason for every refusal. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rumpk/vfs.h>
#include "check.h"

static uint8_t *load(const char *name, size_t *size)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", RK_TRUST_DATA, name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("FAIL cannot open %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	*size = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	/* Exactly sized, so that ASan sees any read past the end. */
	uint8_t *buf = malloc(*size ? *size : 1);
	if (fread(buf, 1, *size, f) != *size)
		exit(1);
	fclose(f);
	return buf;
}

/* --- Archive builder for malformed cases --------------------------------- */

struct tb {
	uint8_t *buf;
	size_t len, cap;
};

static void tb_grow(struct tb *t, size_t n)
{
	if (t->len + n > t->cap) {
		t->cap = (t->len + n) * 2;
		t->buf = realloc(t->buf, t->cap);
	}
	memset(t->buf + t->len, 0, n);
}

static void set_octal(uint8_t *f, size_t w, uint64_t v)
{
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%0*llo", (int)w - 1, (unsigned long long)v);
	memcpy(f, tmp, w - 1);
	f[w - 1] = 0;
}

static void fix_checksum(uint8_t *h)
{
	unsigned sum = 0;
	memset(h + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += h[i];
	char tmp[8];
	snprintf(tmp, sizeof(tmp), "%06o", sum);
	memcpy(h + 148, tmp, 6);
	h[154] = 0;
	h[155] = ' ';
}

enum fmt { USTAR, GNU, V7 };

/* Append a header (offset returned: the buffer may move) and size bytes of
 * data (a repeating pattern), padded to the block. */
static size_t tb_entry(struct tb *t, enum fmt fmt, const char *name, char type, uint64_t size)
{
	size_t at = t->len;
	tb_grow(t, 512);
	uint8_t *h = t->buf + at;
	memcpy(h, name, strnlen(name, 100));
	set_octal(h + 100, 8, type == '5' ? 0755 : 0644);
	set_octal(h + 108, 8, 0);
	set_octal(h + 116, 8, 0);
	set_octal(h + 124, 12, size);
	set_octal(h + 136, 12, 1700000000);
	h[156] = (uint8_t)type;
	if (fmt == USTAR)
		memcpy(h + 257, "ustar\0" "00", 8);
	else if (fmt == GNU)
		memcpy(h + 257, "ustar  \0", 8);
	fix_checksum(h);
	t->len += 512;
	size_t padded = (size + 511) / 512 * 512;
	tb_grow(t, padded);
	for (size_t i = 0; i < size; i++)
		t->buf[t->len + i] = (uint8_t)('a' + i % 26);
	t->len += padded;
	return at;
}

static void tb_end(struct tb *t)
{
	tb_grow(t, 1024);
	t->len += 1024;
}

/* Mount t; expect failure with err and every given substring in the reason. */
static void expect_refused_(int line, struct tb *t, int err, ...)
{
	va_list ap;
	const char *want;
	int r = rk_vfs_mount_tar(t->buf, t->len);

	check_at(r == err, __FILE__, line, "mount returned %d, want %d (%s)", r, err,
		 rk_vfs_reason());
	if (r == 0)
		rk_vfs_unmount();
	va_start(ap, err);
	while ((want = va_arg(ap, const char *)))
		check_at(strstr(rk_vfs_reason(), want), __FILE__, line, "reason '%s' lacks '%s'",
			 rk_vfs_reason(), want);
	va_end(ap);
	free(t->buf);
	memset(t, 0, sizeof(*t));
}
#define expect_refused(t, err, ...) expect_refused_(__LINE__, t, err, __VA_ARGS__, (const char *)0)

static bool mount_ok(struct tb *t)
{
	int r = rk_vfs_mount_tar(t->buf, t->len);
	if (r)
		printf("  mount: %s\n", rk_vfs_reason());
	return r == 0;
}

static void tb_free(struct tb *t)
{
	CHECK_EQ(rk_vfs_unmount(), 0);
	free(t->buf);
	memset(t, 0, sizeof(*t));
}

/* --- Good archives made by GNU tar ------------------------------------- */

static long read_all(const char *path, char *buf, size_t size)
{
	int fd = rk_vfs_open(path);
	if (fd < 0)
		return fd;
	long n = rk_vfs_read(fd, buf, size - 1);
	buf[n > 0 ? n : 0] = 0;
	CHECK_EQ(rk_vfs_close(fd), 0);
	return n;
}

static const char split_path[] =
	"pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp/"
	"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq/split.txt";

static void test_ustar(void)
{
	size_t size;
	uint8_t *tar = load("ustar.tar", &size);
	char buf[2048];
	struct rk_vfs_stat st;

	CHECK_EQ(rk_vfs_mount_tar(tar, size), 0);
	const struct rk_vfs_info *in = rk_vfs_info();
	CHECK(in->mounted && in->base == tar && in->len == size);
	CHECK_EQ(in->files, 6); /* hello.txt empty data/pattern.bin a/b/c/deep.txt bin/prog split.txt */
	CHECK_EQ(in->dirs, 8);  /* / a a/b a/b/c bin data p.. p../q.. */
	CHECK_EQ(in->skipped, 0);

	CHECK_EQ(read_all("hello.txt", buf, sizeof(buf)), 13);
	CHECK(!strcmp(buf, "hello, rumpk\n"));
	CHECK_EQ(read_all(split_path, buf, sizeof(buf)), 32);
	CHECK(!strcmp(buf, "split by the ustar prefix field\n"));
	CHECK_EQ(read_all("empty", buf, sizeof(buf)), 0);
	/* Spellings of one path. */
	CHECK_EQ(read_all("/a/b/c/deep.txt", buf, sizeof(buf)), 5);
	CHECK_EQ(read_all("./a//b/./c/deep.txt", buf, sizeof(buf)), 5);
	CHECK_EQ(read_all("bin/../a/b/c/deep.txt", buf, sizeof(buf)), 5);
	CHECK_EQ(read_all("../../hello.txt", buf, sizeof(buf)), 13); /* the root is its own parent */
	CHECK(!strcmp(buf, "hello, rumpk\n"));

	/* Zero-copy: a mapped file points into the archive. */
	const void *p;
	size_t n;
	CHECK_EQ(rk_vfs_map("bin/prog", &p, &n), 0);
	CHECK((const uint8_t *)p > tar && (const uint8_t *)p + n <= tar + size);
	CHECK(((const uint8_t *)p - tar) % 512 == 0);
	CHECK(n > 64 && !memcmp(p, "\177ELF", 4));
	CHECK_EQ(rk_vfs_map("bin", &p, &n), -RK_EISDIR);

	CHECK_EQ(rk_vfs_stat("data/pattern.bin", &st), 0);
	CHECK_EQ(st.type, RK_VFS_FILE);
	CHECK_EQ(st.size, 1000);
	CHECK_EQ(st.mode, 0644);
	CHECK_EQ(st.mtime, 1700000000);
	CHECK_EQ(rk_vfs_stat("a/b", &st), 0);
	CHECK_EQ(st.type, RK_VFS_DIR);
	CHECK_EQ(st.mode, 0755);
	CHECK_EQ(rk_vfs_stat("bin/", &st), 0);
	CHECK_EQ(rk_vfs_stat("/", &st), 0);
	CHECK_EQ(st.type, RK_VFS_DIR);
	CHECK_EQ(rk_vfs_stat("nope", &st), -RK_ENOENT);
	CHECK_EQ(rk_vfs_stat("", &st), -RK_ENOENT);
	CHECK_EQ(rk_vfs_stat(NULL, &st), -RK_ENOENT);
	CHECK_EQ(rk_vfs_stat("a/b/c/deep.txt/x", &st), -RK_ENOTDIR);
	CHECK_EQ(rk_vfs_stat("hello.txt/", &st), -RK_ENOTDIR);
	CHECK_EQ(rk_vfs_stat("hello.txt/..", &st), -RK_ENOTDIR);
	CHECK_EQ(rk_vfs_open("a"), -RK_EISDIR);
	CHECK_EQ(rk_vfs_open("a/missing"), -RK_ENOENT);
	memset(buf, 'x', 300);
	buf[300] = 0;
	CHECK_EQ(rk_vfs_open(buf), -RK_ENAMETOOLONG); /* a 300-byte component */
	memset(buf, '/', 1500);
	buf[1500] = 0;
	CHECK_EQ(rk_vfs_open(buf), -RK_ENAMETOOLONG); /* a 1500-byte path */

	/* Listings, in archive order (tar --sort=name). */
	struct rk_vfs_dir d;
	struct rk_vfs_dirent de;
	static const char *const root[] = { "a", "bin", "data", "empty", "hello.txt",
					    ("pppppppppppppppppppppppppppppppppppppppp"
					     "pppppppppppppppppppppppppppppppppppppppp") };
	CHECK_EQ(rk_vfs_opendir("/", &d), 0);
	for (unsigned i = 0; i < 6; i++) {
		CHECK_EQ(rk_vfs_readdir(&d, &de), 1);
		CHECK(!strcmp(de.name, root[i]));
	}
	CHECK_EQ(rk_vfs_readdir(&d, &de), 0);
	CHECK_EQ(rk_vfs_readdir(&d, &de), 0);
	CHECK_EQ(rk_vfs_opendir("data", &d), 0);
	CHECK_EQ(rk_vfs_readdir(&d, &de), 1);
	CHECK(!strcmp(de.name, "pattern.bin") && de.type == RK_VFS_FILE && de.size == 1000);
	CHECK_EQ(rk_vfs_readdir(&d, &de), 0);
	CHECK_EQ(rk_vfs_opendir("hello.txt", &d), -RK_ENOTDIR);
	CHECK_EQ(rk_vfs_opendir("nope", &d), -RK_ENOENT);

	CHECK_EQ(rk_vfs_mount_tar(tar, size), -RK_EBUSY);
	CHECK(strstr(rk_vfs_reason(), "already mounted"));
	CHECK_EQ(rk_vfs_unmount(), 0);
	CHECK_EQ(rk_vfs_unmount(), -RK_ENODEV);
	CHECK_EQ(rk_vfs_readdir(&d, &de), -RK_EBADF); /* iterator from before the unmount */
	CHECK_EQ(rk_vfs_open("hello.txt"), -RK_ENODEV);
	CHECK_EQ(rk_vfs_stat("/", &st), -RK_ENODEV);
	CHECK(!rk_vfs_info()->mounted);
	free(tar);
}

/* rk_vfs_realpath: the canonical name rk_exec checks a signature against,
 * written into buffers of exactly the needed size (ASan sees any overrun). */
static void check_realpath(const char *path, const char *want)
{
	size_t n = strlen(want) + 1;
	char *buf = malloc(n);

	CHECK_EQ(rk_vfs_realpath(path, buf, n), 0);
	CHECK_MSG(!strcmp(buf, want), "realpath(%s) = %s, expected %s", path, buf, want);
	CHECK_EQ(rk_vfs_realpath(path, buf, n - 1), -RK_ENAMETOOLONG);
	free(buf);
}

static void test_realpath(void)
{
	size_t size;
	uint8_t *tar = load("ustar.tar", &size);
	char buf[300];

	CHECK_EQ(rk_vfs_realpath("/", buf, sizeof(buf)), -RK_ENODEV);
	CHECK_EQ(rk_vfs_mount_tar(tar, size), 0);
	check_realpath("bin/prog", "/bin/prog");
	check_realpath("/bin/prog", "/bin/prog");
	check_realpath("./bin//prog", "/bin/prog");
	check_realpath("a/../bin/./prog", "/bin/prog");
	check_realpath("../../bin/prog", "/bin/prog");
	check_realpath("/a/b/c/deep.txt", "/a/b/c/deep.txt");
	check_realpath("a/b/", "/a/b");
	buf[0] = '/'; /* a path split over the ustar prefix and name fields */
	memcpy(buf + 1, split_path, sizeof(split_path));
	check_realpath(split_path, buf);
	check_realpath("/", "/");
	check_realpath("a/..", "/");
	CHECK_EQ(rk_vfs_realpath("nope", buf, sizeof(buf)), -RK_ENOENT);
	CHECK_EQ(rk_vfs_realpath("hello.txt/..", buf, sizeof(buf)), -RK_ENOTDIR);
	CHECK_EQ(rk_vfs_realpath("/", buf, 1), -RK_ENAMETOOLONG);
	CHECK_EQ(rk_vfs_unmount(), 0);
	free(tar);
}

static void test_handles(void)
{
	size_t size;
	uint8_t *tar = load("ustar.tar", &size);
	char a[32], b[32];

	CHECK_EQ(rk_vfs_mount_tar(tar, size), 0);
	int f1 = rk_vfs_open("data/pattern.bin"), f2 = rk_vfs_open("/data/pattern.bin");
	CHECK(f1 >= RK_VFS_FD_BASE && f2 >= RK_VFS_FD_BASE && f1 != f2);

	/* Independent offsets. */
	CHECK_EQ(rk_vfs_read(f1, a, 7), 7);
	CHECK(!memcmp(a, "0123456", 7));
	CHECK_EQ(rk_vfs_read(f2, b, 3), 3);
	CHECK(!memcmp(b, "012", 3));
	CHECK_EQ(rk_vfs_read(f1, a, 5), 5);
	CHECK(!memcmp(a, "78901", 5));
	CHECK_EQ(rk_vfs_seek(f1, 0, RK_SEEK_CUR), 12);
	CHECK_EQ(rk_vfs_seek(f2, 0, RK_SEEK_CUR), 3);

	/* SEEK_SET/CUR/END and the end of the file. */
	CHECK_EQ(rk_vfs_seek(f1, 995, RK_SEEK_SET), 995);
	CHECK_EQ(rk_vfs_read(f1, a, sizeof(a)), 5);
	CHECK(!memcmp(a, "56789", 5));
	CHECK_EQ(rk_vfs_read(f1, a, sizeof(a)), 0);
	CHECK_EQ(rk_vfs_seek(f1, -10, RK_SEEK_END), 990);
	CHECK_EQ(rk_vfs_seek(f1, -90, RK_SEEK_CUR), 900);
	CHECK_EQ(rk_vfs_read(f1, a, 3), 3);
	CHECK(!memcmp(a, "012", 3));
	CHECK_EQ(rk_vfs_seek(f1, 5000, RK_SEEK_SET), 5000); /* past the end: allowed */
	CHECK_EQ(rk_vfs_read(f1, a, 1), 0);
	CHECK_EQ(rk_vfs_seek(f1, -1, RK_SEEK_SET), -RK_EINVAL);
	CHECK_EQ(rk_vfs_seek(f1, -1001, RK_SEEK_END), -RK_EINVAL);
	CHECK_EQ(rk_vfs_seek(f1, INT64_MAX, RK_SEEK_SET), INT64_MAX);
	CHECK_EQ(rk_vfs_seek(f1, 1, RK_SEEK_CUR), -RK_EINVAL); /* would overflow */
	CHECK_EQ(rk_vfs_read(f1, a, 1), 0);
	CHECK_EQ(rk_vfs_seek(f1, 0, 3), -RK_EINVAL);
	CHECK_EQ(rk_vfs_seek(f1, 0, -1), -RK_EINVAL);
	CHECK_EQ(rk_vfs_read(f1, NULL, 0), 0);
	CHECK_EQ(rk_vfs_seek(f1, 0, RK_SEEK_SET), 0);
	CHECK_EQ(rk_vfs_read(f1, NULL, 1), -RK_EINVAL);

	struct rk_vfs_stat st;
	CHECK_EQ(rk_vfs_fstat(f2, &st), 0);
	CHECK_EQ(st.size, 1000);

	/* Bad handles. */
	static const int bad[] = { -1, 0, 1, 2, 1000, -RK_EBADF, INT32_MIN };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(rk_vfs_read(bad[i], a, 1), -RK_EBADF);
		CHECK_EQ(rk_vfs_seek(bad[i], 0, RK_SEEK_SET), -RK_EBADF);
		CHECK_EQ(rk_vfs_fstat(bad[i], &st), -RK_EBADF);
		CHECK_EQ(rk_vfs_close(bad[i]), -RK_EBADF);
	}
	CHECK_EQ(rk_vfs_unmount(), -RK_EBUSY);
	CHECK_EQ(rk_vfs_close(f1), 0);
	CHECK_EQ(rk_vfs_close(f1), -RK_EBADF);
	CHECK_EQ(rk_vfs_read(f1, a, 1), -RK_EBADF);
	CHECK_EQ(rk_vfs_read(f2, b, 2), 2); /* the other handle is unaffected */
	CHECK(!memcmp(b, "34", 2));

	/* Run out of handles (16 on the host), then recover. */
	int fds[64], n = 0, r;
	while ((r = rk_vfs_open("hello.txt")) >= 0 && n < 64)
		fds[n++] = r;
	CHECK_EQ(r, -RK_EMFILE);
	CHECK_EQ(n, 15); /* f2 holds one */
	CHECK_EQ(rk_vfs_close(fds[7]), 0);
	CHECK_EQ(rk_vfs_open("hello.txt"), fds[7]); /* the freed slot comes back */
	for (int i = 0; i < n; i++)
		CHECK_EQ(rk_vfs_close(fds[i]), 0);
	CHECK_EQ(rk_vfs_close(f2), 0);
	CHECK_EQ(rk_vfs_unmount(), 0);
	free(tar);
}

static void test_other_formats(void)
{
	size_t size;
	uint8_t *tar;
	char buf[64], path[600];

	/* GNU: a 407-byte path in an 'L' long-name entry. */
	tar = load("gnu.tar", &size);
	CHECK_EQ(rk_vfs_mount_tar(tar, size), 0);
	memset(path, 'x', 200);
	path[200] = '/';
	memset(path + 201, 'y', 200);
	strcpy(path + 401, "/z.txt");
	CHECK_EQ(read_all(path, buf, sizeof(buf)), 10);
	CHECK(!strcmp(buf, "long name\n"));
	CHECK_EQ(rk_vfs_info()->files, 1);
	CHECK_EQ(rk_vfs_unmount(), 0);
	free(tar);

	/* V7: no magic, NUL-terminated names. */
	tar = load("v7.tar", &size);
	CHECK_EQ(rk_vfs_mount_tar(tar, size), 0);
	CHECK_EQ(read_all("hello.txt", buf, sizeof(buf)), 13);
	struct rk_vfs_stat st;
	CHECK_EQ(rk_vfs_stat("data/pattern.bin", &st), 0);
	CHECK_EQ(st.size, 1000);
	CHECK_EQ(rk_vfs_stat("bin", &st), 0);
	CHECK_EQ(st.type, RK_VFS_DIR);
	CHECK_EQ(rk_vfs_unmount(), 0);
	free(tar);

	/* pax: refused, its extended header may change the path and size. */
	tar = load("pax.tar", &size);
	CHECK_EQ(rk_vfs_mount_tar(tar, size), -RK_EINVAL);
	CHECK(strstr(rk_vfs_reason(), "pax extended header"));
	CHECK(strstr(rk_vfs_reason(), "tar: entry "));
	free(tar);

	/* A symlink refuses the archive, named (the archive rule in tar.c). */
	tar = load("symlink.tar", &size);
	CHECK_EQ(rk_vfs_mount_tar(tar, size), -RK_EINVAL);
	CHECK(strstr(rk_vfs_reason(), "'./link': symbolic link (not supported: only regular "
				      "files and directories)"));
	CHECK(!rk_vfs_info()->mounted);
	free(tar);
}

/* --- Malformed archives, one defect each ---------------------------------- */

static void test_malformed(void)
{
	struct tb t = { 0 };
	size_t h;

	/* Checksum. */
	tb_entry(&t, USTAR, "ok.txt", '0', 5);
	h = tb_entry(&t, USTAR, "bin/x", '0', 5);
	t.buf[h + 10] = 'Z'; /* in the name field, after the NUL */
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "tar: entry 2 'bin/x': checksum mismatch (stored 0x",
		       ", computed 0x");
	h = tb_entry(&t, USTAR, "x", '0', 0);
	memcpy(t.buf + h + 148, "12x4567", 8);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "checksum field '12x4567' is not an octal number");

	/* Signed-char checksums of old tars are accepted (name byte 0xe9). */
	h = tb_entry(&t, USTAR, "caf\xe9", '0', 0);
	{
		int sum = 0;
		memset(t.buf + h + 148, ' ', 8);
		for (int i = 0; i < 512; i++)
			sum += (int8_t)t.buf[h + i];
		char tmp[8];
		snprintf(tmp, sizeof(tmp), "%06o", sum);
		memcpy(t.buf + h + 148, tmp, 7);
	}
	tb_end(&t);
	CHECK(mount_ok(&t));
	tb_free(&t);

	/* Truncation. */
	tb_entry(&t, USTAR, "a", '0', 1);
	tb_grow(&t, 100);
	t.len += 100;
	expect_refused(&t, -RK_EINVAL, "tar: entry 2: truncated header (100 of 512 bytes at offset 0x400)");
	tb_entry(&t, USTAR, "a", '0', 1);
	expect_refused(&t, -RK_EINVAL, "archive ends after entry 1 without the end-of-archive marker");
	tb_entry(&t, USTAR, "big", '0', 0);
	set_octal(t.buf + 124, 12, 0x10000);
	fix_checksum(t.buf);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "'big': size 0x10000 runs past the end of the archive (0x400 bytes left)");
	tb_entry(&t, USTAR, "short", '0', 10);
	t.len -= 512 - 10; /* data present, padding missing */
	expect_refused(&t, -RK_EINVAL, "'short': data of 0xa bytes is not padded to a whole block");
	CHECK_EQ(rk_vfs_mount_tar(NULL, 0), -RK_EINVAL);
	CHECK_EQ(rk_vfs_mount_tar(NULL, 100), -RK_EINVAL);

	/* Numeric fields. */
	h = tb_entry(&t, USTAR, "n", '0', 0);
	memcpy(t.buf + h + 124, "00000001x00", 12);
	fix_checksum(t.buf + h);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "tar: entry 1 'n': size field '00000001x00' is not an octal number");
	h = tb_entry(&t, USTAR, "n", '0', 0);
	memcpy(t.buf + h + 124, "0000000\0" "1234", 12); /* garbage after the terminator */
	fix_checksum(t.buf + h);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "size field '0000000\\x001234' is not an octal number");
	h = tb_entry(&t, USTAR, "n", '0', 0);
	memset(t.buf + h + 124, 0, 12);
	fix_checksum(t.buf + h);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "size field '' is empty");
	h = tb_entry(&t, USTAR, "n", '0', 0);
	memcpy(t.buf + h + 100, "07-5", 4);
	fix_checksum(t.buf + h);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "mode field '07-5");
	h = tb_entry(&t, USTAR, "n", '0', 0);
	memcpy(t.buf + h + 136, "9", 1);
	fix_checksum(t.buf + h);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "mtime field '9");
	h = tb_entry(&t, USTAR, "n", '0', 0);
	memcpy(t.buf + h + 108, "abc", 3);
	fix_checksum(t.buf + h);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "uid field 'abc");
	/* Empty optional fields read as 0 (some archivers leave uid/gid blank). */
	h = tb_entry(&t, USTAR, "n", '0', 0);
	memset(t.buf + h + 108, 0, 16);
	memset(t.buf + h + 136, ' ', 12);
	fix_checksum(t.buf + h);
	tb_end(&t);
	CHECK(mount_ok(&t));
	tb_free(&t);
	/* Leading spaces and a full field without terminator are fine. */
	h = tb_entry(&t, USTAR, "n", '0', 8);
	memcpy(t.buf + h + 124, "         10 ", 12);
	memcpy(t.buf + h + 100, "00000644", 8);
	fix_checksum(t.buf + h);
	tb_end(&t);
	CHECK(mount_ok(&t));
	struct rk_vfs_stat st;
	CHECK_EQ(rk_vfs_stat("n", &st), 0);
	CHECK_EQ(st.size, 8);
	CHECK_EQ(st.mode, 0644);
	tb_free(&t);
	/* GNU base-256 numbers: positive accepted, negative refused. */
	h = tb_entry(&t, GNU, "b256", '0', 13);
	memset(t.buf + h + 124, 0, 12);
	t.buf[h + 124] = 0x80;
	t.buf[h + 135] = 13;
	fix_checksum(t.buf + h);
	tb_end(&t);
	CHECK(mount_ok(&t));
	CHECK_EQ(rk_vfs_stat("b256", &st), 0);
	CHECK_EQ(st.size, 13);
	tb_free(&t);
	h = tb_entry(&t, GNU, "neg", '0', 0);
	memset(t.buf + h + 136, 0xff, 12);
	fix_checksum(t.buf + h);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "mtime field", "is negative");

	/* Magic and version. */
	h = tb_entry(&t, USTAR, "m", '0', 0);
	memcpy(t.buf + h + 257, "ustaX", 5);
	fix_checksum(t.buf + h);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "tar: entry 1 'm': bad magic 'ustaX\\x0000' (not a tar archive?)");
	h = tb_entry(&t, USTAR, "m", '0', 0);
	memcpy(t.buf + h + 263, "01", 2);
	fix_checksum(t.buf + h);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "bad version '01'");

	/* Names. */
	char name[120];
	memset(name, 'n', 100);
	name[100] = 0;
	tb_entry(&t, V7, name, '0', 0);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "name field is not NUL-terminated");
	tb_entry(&t, USTAR, name, '0', 3); /* ustar may fill all 100 bytes */
	tb_end(&t);
	CHECK(mount_ok(&t));
	CHECK_EQ(rk_vfs_stat(name, &st), 0);
	CHECK_EQ(st.size, 3);
	tb_free(&t);
	tb_entry(&t, USTAR, "a/../../etc/passwd", '0', 0);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "tar: entry 1 'a/../../etc/passwd': '..' in path");
	h = tb_entry(&t, USTAR, "passwd", '0', 0);
	memcpy(t.buf + h + 345, "..", 2); /* in the prefix field */
	fix_checksum(t.buf + h);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "'../passwd': '..' in path");
	h = tb_entry(&t, GNU, "file", '0', 0);
	memcpy(t.buf + h + 345, "..", 2); /* GNU has no prefix: not part of the path */
	fix_checksum(t.buf + h);
	tb_end(&t);
	CHECK(mount_ok(&t));
	CHECK_EQ(rk_vfs_stat("file", &st), 0);
	tb_free(&t);
	h = tb_entry(&t, USTAR, "file", '0', 0);
	memcpy(t.buf + h + 345, "pre/fix", 7);
	fix_checksum(t.buf + h);
	tb_end(&t);
	CHECK(mount_ok(&t));
	CHECK_EQ(rk_vfs_stat("pre/fix/file", &st), 0);
	tb_free(&t);
	tb_entry(&t, USTAR, "evil\x1b[2J", '0', 0);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "'evil\\x1b[2J': control character 0x1b in name");
	/* Quotes and backslashes in the reader's labels are escaped; long
	 * labels are cut with "...". */
	h = tb_entry(&t, USTAR, "it's\\", '0', 0);
	t.buf[h + 150] ^= 1;
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "tar: entry 1 'it\\x27s\\x5c': checksum mismatch");
	h = tb_entry(&t, USTAR, name, '0', 0);
	memset(t.buf + h + 345, 'P', 155);
	t.buf[h + 150] ^= 1;
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "tar: entry 1 'PPPPPPPPPP", "PPP...': checksum mismatch");
	for (int i = 0; i < 2; i++) { /* long paths are cut in the tree's messages too */
		h = tb_entry(&t, USTAR, "dup", '0', 0);
		memset(t.buf + h + 345, 'P', 150);
		fix_checksum(t.buf + h);
	}
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "tar: entry 2 'PPPPP", "PPP...': duplicate file");
	tb_entry(&t, USTAR, "it's", '0', 0);
	tb_entry(&t, USTAR, "it's", '0', 0);
	tb_end(&t);
	/* The tree's own messages name the normalised path, unescaped (the
	 * reader has already refused control characters). */
	expect_refused(&t, -RK_EINVAL, "tar: entry 2 'it's': duplicate file");
	tb_entry(&t, USTAR, "", '5', 0);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "empty name");
	tb_entry(&t, USTAR, ".", '0', 0);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "'.': regular file with an empty path");
	tb_entry(&t, USTAR, "./", '5', 0); /* the root's own entry */
	tb_entry(&t, USTAR, "d/", '0', 0); /* old-style directory */
	tb_entry(&t, USTAR, "d/f", '0', 1);
	tb_end(&t);
	CHECK(mount_ok(&t));
	CHECK_EQ(rk_vfs_stat("d", &st), 0);
	CHECK_EQ(st.type, RK_VFS_DIR);
	CHECK_EQ(rk_vfs_info()->dirs, 2);
	tb_free(&t);
	tb_entry(&t, USTAR, "d/", '0', 1);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "regular file name ends in '/'");

	/* GNU long names. */
	{
		char longname[400];
		memset(longname, 'L', 300);
		strcpy(longname + 300, "/f");
		h = tb_entry(&t, GNU, "././@LongLink", 'L', 303);
		memcpy(t.buf + h + 512, longname, 303);
		tb_entry(&t, GNU, "truncated-name", '0', 0);
		tb_end(&t);
		expect_refused(&t, -RK_EINVAL, "path component of 300 bytes (max 255)");

		h = tb_entry(&t, GNU, "././@LongLink", 'L', 20);
		memcpy(t.buf + h + 512, "dir/a-long-name.txt", 20);
		tb_entry(&t, GNU, "dir/a-long-n", '0', 4);
		tb_end(&t);
		CHECK(mount_ok(&t));
		CHECK_EQ(rk_vfs_stat("dir/a-long-name.txt", &st), 0);
		CHECK_EQ(st.size, 4);
		CHECK_EQ(rk_vfs_stat("dir/a-long-n", &st), -RK_ENOENT);
		tb_free(&t);

		h = tb_entry(&t, GNU, "././@LongLink", 'L', 10);
		memcpy(t.buf + h + 512, "0123456789", 10);
		tb_entry(&t, GNU, "x", '0', 0);
		tb_end(&t);
		expect_refused(&t, -RK_EINVAL, "GNU long name is not NUL-terminated");
		tb_entry(&t, GNU, "././@LongLink", 'L', 2000);
		tb_entry(&t, GNU, "x", '0', 0);
		tb_end(&t);
		expect_refused(&t, -RK_EINVAL, "GNU long name of 2000 bytes (max 1024)");
		h = tb_entry(&t, GNU, "././@LongLink", 'L', 1);
		tb_end(&t);
		t.buf[h + 512] = 0;
		expect_refused(&t, -RK_EINVAL, "empty GNU long name");
		h = tb_entry(&t, GNU, "././@LongLink", 'L', 4);
		memcpy(t.buf + h + 512, "a/b", 4);
		tb_end(&t);
		expect_refused(&t, -RK_EINVAL, "tar: entry 2: GNU long name is not followed by an entry");
		h = tb_entry(&t, GNU, "././@LongLink", 'L', 4);
		memcpy(t.buf + h + 512, "a/b", 4);
		h = tb_entry(&t, GNU, "././@LongLink", 'L', 4);
		memcpy(t.buf + h + 512, "c/d", 4);
		tb_end(&t);
		expect_refused(&t, -RK_EINVAL, "two GNU long-name headers in a row");
		h = tb_entry(&t, GNU, "././@LongLink", 'L', 9);
		memcpy(t.buf + h + 512, "../../up", 9);
		tb_entry(&t, GNU, "up", '0', 0);
		tb_end(&t);
		expect_refused(&t, -RK_EINVAL, "tar: entry 2 '../../up': '..' in path");
	}

	/* Types: links, devices and FIFOs refuse the archive, named; a pax
	 * global header is skipped with a note; '7' is a plain file. */
	static const struct {
		char type;
		const char *what;
	} nonregular[] = {
		{ '1', "hard link" }, { '2', "symbolic link" }, { '3', "character device" },
		{ '4', "block device" }, { '6', "FIFO" }, { 'K', "GNU long link name" },
	};
	for (unsigned i = 0; i < sizeof(nonregular) / sizeof(nonregular[0]); i++) {
		char want[128];
		tb_entry(&t, USTAR, "ok.txt", '0', 3);
		tb_entry(&t, USTAR, "dev/thing", nonregular[i].type, 0);
		tb_end(&t);
		snprintf(want, sizeof(want), "tar: entry 2 'dev/thing': %s (not supported: only "
			 "regular files and directories)", nonregular[i].what);
		expect_refused(&t, -RK_EINVAL, want);
	}
	tb_entry(&t, USTAR, "pax_global_header", 'g', 30);
	tb_entry(&t, USTAR, "contiguous", '7', 2);
	tb_end(&t);
	CHECK(mount_ok(&t));
	CHECK_EQ(rk_vfs_info()->skipped, 1);
	CHECK(!strcmp(rk_vfs_info()->skip_why, "tar: entry 1 'pax_global_header': pax global header "
					       "skipped (metadata of the whole archive, not a file)"));
	CHECK_EQ(rk_vfs_info()->files, 1);
	CHECK_EQ(rk_vfs_info()->dirs, 1);
	tb_free(&t);
	tb_entry(&t, USTAR, "d", '5', 512);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "'d': directory with a non-zero size (0x200)");
	tb_entry(&t, USTAR, "ext", 'x', 20);
	tb_entry(&t, USTAR, "f", '0', 0);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "'ext': pax extended header (not supported");
	tb_entry(&t, GNU, "sparse", 'S', 0);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "GNU sparse file (not supported)");
	tb_entry(&t, USTAR, "z", 'Z', 0);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "'z': unsupported entry type 'Z'");
	tb_entry(&t, USTAR, "z", '\x90', 0);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "unsupported entry type 0x90");

	/* Absolute paths, in the name, the ustar prefix and a GNU long name. */
	tb_entry(&t, USTAR, "ok.txt", '0', 1);
	tb_entry(&t, USTAR, "/etc/passwd", '0', 1);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "tar: entry 2 '/etc/passwd': absolute path (names must be "
				       "relative to the archive root)");
	h = tb_entry(&t, USTAR, "passwd", '0', 1);
	memcpy(t.buf + h + 345, "/etc", 4);
	fix_checksum(t.buf + h);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "tar: entry 1 '/etc/passwd': absolute path");
	h = tb_entry(&t, GNU, "././@LongLink", 'L', 6);
	memcpy(t.buf + h + 512, "//abs", 6);
	tb_entry(&t, GNU, "abs", '0', 0);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "tar: entry 2 '//abs': absolute path");
	tb_entry(&t, USTAR, "./rel/ok", '0', 1); /* "./" is relative */
	tb_end(&t);
	CHECK(mount_ok(&t));
	tb_free(&t);

	/* Tree conflicts. */
	tb_entry(&t, USTAR, "x", '0', 1);
	tb_entry(&t, USTAR, "x/y", '0', 1);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "tar: entry 2 'x/y': 'x' is a file, not a directory");
	tb_entry(&t, USTAR, "x", '5', 0);
	tb_entry(&t, USTAR, "x", '0', 1);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "'x' is both a file and a directory");
	tb_entry(&t, USTAR, "x/y", '0', 1); /* x implied... */
	tb_entry(&t, USTAR, "x", '5', 0);   /* ...then listed: fine */
	tb_entry(&t, USTAR, "x/", '5', 0);  /* and again: fine */
	tb_end(&t);
	CHECK(mount_ok(&t));
	CHECK_EQ(rk_vfs_info()->dirs, 2);
	tb_free(&t);

	/* The end marker. */
	tb_entry(&t, USTAR, "a", '0', 1);
	tb_grow(&t, 512);
	t.len += 512; /* one zero block at the very end: truncated */
	expect_refused(&t, -RK_EINVAL, "tar: archive ends in one zero block at offset 0x400; the "
				       "end-of-archive marker is two (truncated?)");
	tb_entry(&t, USTAR, "a", '0', 1); /* no zero block at all */
	expect_refused(&t, -RK_EINVAL, "tar: archive ends after entry 1 without the "
				       "end-of-archive marker (truncated?)");
	tb_entry(&t, USTAR, "a", '0', 1);
	tb_grow(&t, 512);
	t.len += 512;
	tb_entry(&t, USTAR, "hidden", '0', 1);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "tar: entry 2: data after the end-of-archive block at offset 0x400");
	tb_entry(&t, USTAR, "a", '0', 1);
	tb_end(&t);
	tb_grow(&t, 4096); /* record padding after the end: ignored */
	memset(t.buf + t.len, 0x55, 4096);
	t.len += 4096;
	CHECK(mount_ok(&t));
	tb_free(&t);
	tb_grow(&t, 1024);
	t.len = 1024; /* an empty archive: valid tar, nothing to mount */
	expect_refused(&t, -RK_EINVAL, "tar: empty archive (no file or directory before the "
				       "end-of-archive marker)");
	tb_grow(&t, 1 << 20);
	t.len = 1 << 20; /* 1 MiB of zeros, as a boot loader may pass */
	expect_refused(&t, -RK_EINVAL, "tar: empty archive");
	tb_entry(&t, USTAR, "./", '5', 0); /* only the root itself */
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "tar: empty archive");
	CHECK_EQ(rk_vfs_mount_tar("", 0), -RK_EINVAL);
	CHECK(strstr(rk_vfs_reason(), "without the end-of-archive marker"));

	/* The node table's limit (128 on the host). */
	for (int i = 0; i < 130; i++) {
		char n[16];
		snprintf(n, sizeof(n), "f%03d", i);
		tb_entry(&t, USTAR, n, '0', 0);
	}
	tb_end(&t);
	expect_refused(&t, -RK_ENOSPC, "tar: entry 128 'f127': more than 128 files and directories "
				       "(CONFIG_VFS_MAX_NODES)");
}

/* A refused entry late in an archive leaves nothing mounted, not even the
 * entries before it. */
static void test_refusal_mounts_nothing(void)
{
	struct tb t = { 0 };
	struct rk_vfs_stat st;

	tb_entry(&t, USTAR, "bin/hello", '0', 10);
	tb_entry(&t, USTAR, "dev/null", '3', 0);
	tb_end(&t);
	expect_refused(&t, -RK_EINVAL, "tar: entry 2 'dev/null': character device");
	CHECK(!rk_vfs_info()->mounted);
	CHECK_EQ(rk_vfs_stat("bin/hello", &st), -RK_ENODEV);
}

/* --- Reader API directly ---------------------------------------------------- */

static void test_reader(void)
{
	size_t size;
	uint8_t *tar = load("ustar.tar", &size);
	struct rk_tar t;
	struct rk_tar_entry e;
	char path[300];
	int n = 0, r;

	rk_tar_init(&t, tar, size);
	while ((r = rk_tar_next(&t, &e)) > 0) {
		n++;
		size_t len = rk_tar_path(&e, path, sizeof(path));
		CHECK_EQ(len, strlen(path));
		CHECK(path[0] != '/' && strncmp(path, "./", 2));
		if (!strcmp(path, split_path)) {
			CHECK(e.seg_len[0] > 0); /* really split by tar */
			CHECK_EQ(e.size, 32);
		}
		if (n == 1)
			CHECK(!strcmp(path, "") && e.type == RK_VFS_DIR); /* "./" */
	}
	CHECK_EQ(r, 0);
	CHECK_EQ(n, 14);
	CHECK_EQ(rk_tar_next(&t, &e), 0);
	/* Shortened paths stay terminated. */
	rk_tar_init(&t, tar, size);
	while (rk_tar_next(&t, &e) > 0)
		if (rk_tar_path(&e, path, 8) > 7)
			CHECK_EQ(strlen(path), 7);
	free(tar);
}

/* --- Sweeps ------------------------------------------------------------------- */

static void test_truncation_sweep(void)
{
	size_t size;
	uint8_t *tar = load("ustar.tar", &size);
	struct rk_tar t;
	struct rk_tar_entry e;
	size_t end = 0;
	unsigned ok = 0, refused = 0;

	/* Where the end-of-archive marker starts. */
	rk_tar_init(&t, tar, size);
	while (rk_tar_next(&t, &e) > 0)
		;
	end = t.off;
	/* Each truncated copy ends where the allocation ends, so that ASan sees
	 * any read past it; one allocation keeps the sweep fast. */
	uint8_t *tail = malloc(size + 1);
	for (size_t len = 0; len <= size; len++) {
		uint8_t *copy = tail + (size + 1 - len);
		memcpy(copy, tar, len);
		int r = rk_vfs_mount_tar(copy, len);
		if (r == 0) {
			ok++;
			CHECK(len >= end + 1024); /* both zero blocks */
			rk_vfs_unmount();
		} else {
			refused++;
			CHECK(len < end + 1024);
			CHECK(!strncmp(rk_vfs_reason(), "tar: ", 5));
		}
	}
	free(tail);
	printf("truncation sweep: %zu lengths, %u mounted, %u refused\n", size + 1, ok, refused);
	free(tar);
}

static void test_damage_sweep(void)
{
	size_t size;
	uint8_t *tar = load("ustar.tar", &size);
	uint8_t *copy = malloc(size);
	struct rk_tar t;
	struct rk_tar_entry e;
	size_t headers[64];
	unsigned nh = 0, ok = 0, refused = 0;
	static const uint8_t values[] = { 0x00, 0xff, '/', '.', ' ', '7', '8', 0x80, 'L', '5' };

	rk_tar_init(&t, tar, size);
	while (rk_tar_next(&t, &e) > 0 && nh < 64)
		headers[nh++] = e.offset;
	memcpy(copy, tar, size);
	/* Every byte of every header, set to each value; once as is (the
	 * checksum catches it) and once with the checksum fixed, which drives
	 * the damage into the field parsers. */
	for (unsigned k = 0; k < nh; k++) {
		for (size_t i = 0; i < 512; i++) {
			for (unsigned v = 0; v < sizeof(values); v++) {
				for (int fix = 0; fix < 2; fix++) {
					uint8_t *h = copy + headers[k];
					memcpy(h, tar + headers[k], 512); /* undo the last variant */
					h[i] = values[v];
					if (fix && (i < 148 || i >= 156))
						fix_checksum(h);
					if (rk_vfs_mount_tar(copy, size) == 0) {
						ok++;
						rk_vfs_unmount();
					} else {
						refused++;
						CHECK_MSG(!strncmp(rk_vfs_reason(), "tar: ", 5) &&
							  rk_vfs_reason()[5],
							  "damage sweep: empty reason");
					}
				}
			}
		}
	}
	printf("damage sweep: %u headers, %u variants mounted, %u refused\n", nh, ok, refused);
	free(copy);
	free(tar);
}

int main(void)
{
	test_ustar();
	test_realpath();
	test_handles();
	test_other_formats();
	test_malformed();
	test_refusal_mounts_nothing();
	test_reader();
	test_truncation_sweep();
	test_damage_sweep();
	return check_summary("test_tar");
}
