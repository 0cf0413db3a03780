/* SPDX-License-Identifier: BSD-2-Clause */
/* A program against the C library (picolibc on the command ring,
 * programs/rklibc.c): printf, malloc/free, string functions, and stdio on
 * the initrd. It checks what it can itself and exits with the number of
 * failed checks; the test (test/exec/libc.expect) checks the lines.
 *
 *     libctest [FILE | -]...
 *
 * Each FILE is read with fgets (its lines and first line printed); "-"
 * reads one line from the console instead. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failed;

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "libctest: FAILED: %s\n", what);
		failed++;
	}
}

static void at_exit(void)
{
	printf("libctest: atexit handler ran, %d failed\n", failed);
}

static void test_printf(const char *name)
{
	char buf[64];

	printf("libctest: printf: %d %u %x %o %c %s|%-6s|%5s| %05d %lld %#lx %%\n", -42, 42u, 42u,
	       8u, 'r', "ring", "left", "right", 42, -9000000000LL, 0xdeadbeefUL);
	int n = snprintf(buf, 5, "%s", name);
	printf("libctest: snprintf of \"%s\" into 5 bytes: \"%s\", returned %d\n", name, buf, n);
	check(n == (int)strlen(name) && strlen(buf) == 4 && !strncmp(buf, name, 4),
	      "snprintf truncation");
}

/* Blocks of many sizes, each filled with its own pattern, checked and
 * freed out of order; realloc keeps contents; calloc zeroes; an
 * impossible size fails with ENOMEM. */
static void test_malloc(void)
{
	enum { N = 200 };
	static unsigned char *blk[N];
	size_t total = 0;

	for (int i = 0; i < N; i++) {
		size_t len = 1 + (size_t)(i * 37 % 3000);
		blk[i] = malloc(len);
		check(blk[i] != NULL, "malloc");
		if (!blk[i])
			return;
		memset(blk[i], i, len);
		total += len;
	}
	int bad = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int i = pass; i < N; i += 2) {
			size_t len = 1 + (size_t)(i * 37 % 3000);
			for (size_t k = 0; k < len; k++)
				bad += blk[i][k] != (unsigned char)i;
			free(blk[i]);
		}
	check(bad == 0, "malloc'd blocks kept their contents");
	printf("libctest: malloc: %d blocks, %zu bytes, checked and freed\n", N, total);

	char *p = malloc(10);
	strcpy(p, "123456789");
	p = realloc(p, 100000);
	check(p && strcmp(p, "123456789") == 0, "realloc keeps the contents");
	free(p);
	unsigned char *z = calloc(4096, 1);
	int nonzero = 0;
	for (int i = 0; z && i < 4096; i++)
		nonzero += z[i] != 0;
	check(z && !nonzero, "calloc zeroes");
	free(z);
	printf("libctest: realloc to 100000 bytes kept the contents, calloc zeroed 4096\n");

	char *big = malloc(1 << 20);
	check(big != NULL, "1 MiB block");
	if (big) {
		memset(big, 0x5a, 1 << 20);
		check(big[(1 << 20) - 1] == 0x5a, "1 MiB block usable");
		free(big);
	}
	/* Through a volatile: a compiler may drop a malloc whose result is
	 * only tested, taking it as successful; and Clang takes malloc as
	 * leaving errno alone, so the barrier makes it read errno again. */
	static void *volatile huge;
	errno = 0;
	huge = malloc((size_t)1 << 40);
	__asm__ volatile("" ::: "memory");
	printf("libctest: malloc of 1 TiB: %s (errno %d, %s)\n", huge ? "a block?" : "NULL", errno,
	       strerror(errno));
	check(!huge && errno == ENOMEM, "an impossible malloc fails with ENOMEM");
}

static void test_string(void)
{
	char line[] = "one two  three";
	const char *words[4];
	int n = 0;

	for (char *w = strtok(line, " "); w && n < 4; w = strtok(NULL, " "))
		words[n++] = w;
	check(n == 3 && !strcmp(words[2], "three"), "strtok");
	const char *s = "the command ring";
	long v = strtol("0x7f", NULL, 0);
	printf("libctest: string: strlen %zu, strchr \"%s\", strrchr \"%s\", strstr \"%s\", "
	       "strtok %d words, strtol 0x7f = %ld, memcmp %d\n",
	       strlen(s), strchr(s, 'c'), strrchr(s, ' ') + 1, strstr(s, "ring"), n, v,
	       memcmp("abc", "abd", 3) < 0 ? -1 : 1);
	check(strlen(s) == 16 && v == 127 && strncmp(s, "the", 3) == 0, "string functions");
	char *d = strdup(s);
	check(d && !strcmp(d, s), "strdup");
	free(d);
}

/* FILE's lines through fgets: how many, and the first one. */
static void count_lines(const char *path)
{
	char line[128], first[128] = "";
	int lines = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		printf("libctest: %s: %s\n", path, strerror(errno));
		failed++;
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		if (!lines++)
			strcpy(first, line);
	}
	check(!ferror(f), "fgets to the end");
	fclose(f);
	first[strcspn(first, "\n")] = 0;
	printf("libctest: %s: %d lines, the first: %s\n", path, lines, first);
}

static void test_stdio(void)
{
	struct stat st;
	char buf[32];

	count_lines("/README");
	FILE *f = fopen("/README", "r");
	check(f != NULL, "fopen /README");
	if (f) {
		check(fseek(f, 6, SEEK_SET) == 0, "fseek");
		long at = ftell(f);
		size_t n = fread(buf, 1, 6, f);
		buf[n] = 0;
		check(fseek(f, 0, SEEK_END) == 0, "fseek to the end");
		long end = ftell(f);
		check(stat("/README", &st) == 0 && end == (long)st.st_size, "ftell at the end = size");
		printf("libctest: /README: at %ld fread \"%s\"; %ld bytes, stat says %lld\n", at, buf,
		       end, (long long)st.st_size);
		fclose(f);
	}
	/* Binary: the signed container's magic. */
	f = fopen("/bin/hello", "rb");
	size_t n = f ? fread(buf, 1, 6, f) : 0;
	buf[n] = 0;
	printf("libctest: /bin/hello starts with %s\n", buf);
	check(n == 6 && !memcmp(buf, "RKSIG2", 6), "fread of /bin/hello");
	if (f)
		fclose(f);

	errno = 0;
	f = fopen("/nothere", "r");
	printf("libctest: fopen /nothere: %s (errno %d)\n", f ? "opened?" : strerror(errno), errno);
	check(!f && errno == ENOENT, "fopen of a missing file");
	errno = 0;
	f = fopen("/README", "w");
	printf("libctest: fopen /README for writing: %s (errno %d)\n",
	       f ? "opened?" : strerror(errno), errno);
	check(!f && errno == EROFS, "fopen for writing");
	check(stat("/bin", &st) == 0 && S_ISDIR(st.st_mode), "stat of a directory");
	fprintf(stderr, "libctest: to stderr, after stdout\n");
}

int main(int argc, char **argv)
{
	atexit(at_exit);
	printf("libctest: pid %d, %d arguments\n", (int)getpid(), argc - 1);
	test_printf(argv[0]);
	test_malloc();
	test_string();
	test_stdio();
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			char line[80];
			printf("libctest: type a line\n");
			if (fgets(line, sizeof(line), stdin)) {
				line[strcspn(line, "\r\n")] = 0;
				printf("libctest: read \"%s\" from the console\n", line);
			} else {
				check(0, "fgets from stdin");
			}
		} else {
			count_lines(argv[i]);
		}
	}
	return failed;
}
