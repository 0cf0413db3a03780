/* SPDX-License-Identifier: BSD-2-Clause */
/* fixdep: per-symbol configuration dependencies for Ninja (the scheme of
 * Linux's scripts/basic/fixdep.c, written anew for CMake + Ninja). A host
 * tool: scripts/cmake/fixdep.cmake builds it into <build>/host/fixdep.
 *
 *   fixdep CONFIG_DIR AUTOCONF_H -- [NAME=VALUE...] COMPILER ARGS...
 *
 * NAME=VALUE words before the compiler go into its environment, as with
 * env(1) but without starting env: make test's ccache settings
 * (scripts/cmake/fixdep.cmake), one program less per compile.
 *
 * Every file is compiled with -imacros autoconf.h, so the compiler's
 * depfile names autoconf.h and any configuration change would rebuild
 * everything. fixdep runs the compile command, then rewrites the depfile
 * it wrote (-MF), before Ninja reads it into .ninja_deps: autoconf.h goes,
 * and in its place come CONFIG_DIR/<sym>.h files, one per CONFIG_<SYM> word
 * in the source and in the headers the compiler read. scripts/kconfig.py
 * (Kconfiglib's sync_deps) touches the file of each symbol whose value
 * changed, so a change recompiles exactly the files that mention it.
 *
 * A mentioned symbol without a file yet (never set, or no Kconfig symbol
 * at all) gets an empty one dated 1970: Ninja rebuilds an object whose
 * dependency is missing on every run, and the file counts as changed only
 * once sync_deps touches it. The name mapping is sync_deps': FOO_BAR ->
 * foo/bar.h. In .c and .h files, words in comments do not count (a header
 * that only mentions an option in a comment does not depend on it); words
 * in string literals do. Other files (.S, linker scripts) are read whole.
 *
 * It runs once per compile, so it is C: a Python version cost each compile
 * more CPU time than this whole program's run. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct strings {
	char **v;
	size_t n, cap;
};

static void die(const char *what, const char *path)
{
	fprintf(stderr, "fixdep: %s: %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "fixdep: out of memory\n");
		exit(1);
	}
	return p;
}

static void push(struct strings *s, char *str)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = str;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		die("cannot read", path);
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? 2 * cap : 65536;
			buf = xrealloc(buf, cap + 1);
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		die("cannot read", path);
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

static int ident(int c)
{
	return isalnum(c) || c == '_';
}

/* Add CONFIG_<word> at text[i] (just past "CONFIG_") to syms; returns the
 * index after the word. */
static size_t take_word(const char *text, size_t len, size_t i, struct strings *syms)
{
	size_t start = i;

	while (i < len && ident((unsigned char)text[i]))
		i++;
	if (i > start) {
		char *w = strndup(text + start, i - start);
		for (size_t k = 0; k < syms->n; k++)
			if (!strcmp(syms->v[k], w)) {
				free(w);
				return i;
			}
		push(syms, w);
	}
	return i;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* Collect the CONFIG_ words of one file. */
static void scan(const char *path, struct strings *syms)
{
	size_t len, i = 0;
	char *text = read_file(path, &len);
	int c_file = ends_with(path, ".c") || ends_with(path, ".h");
	char quote = 0; /* inside a "..." or '...' literal */

	while (i < len) {
		char ch = text[i];
		if (c_file && !quote && ch == '/' && i + 1 < len && text[i + 1] == '*') {
			char *end = strstr(text + i + 2, "*/");
			i = end ? (size_t)(end - text) + 2 : len;
			continue;
		}
		if (c_file && !quote && ch == '/' && i + 1 < len && text[i + 1] == '/') {
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		if (c_file && (ch == '"' || ch == '\'')) {
			if (!quote)
				quote = ch;
			else if (quote == ch)
				quote = 0;
		} else if (c_file && quote && ch == '\\') {
			i += 2; /* an escaped character, perhaps a quote */
			continue;
		} else if (c_file && quote && ch == '\n') {
			quote = 0; /* an unterminated literal ends with its line */
		} else if (ch == 'C' && (i == 0 || !ident((unsigned char)text[i - 1])) &&
			   !strncmp(text + i, "CONFIG_", 7)) {
			i = take_word(text, len, i + 7, syms);
			continue;
		}
		i++;
	}
	free(text);
}

/* The words of a make-syntax depfile as GCC and Clang write them:
 * "target: dep dep \<newline> dep", with "\ " and "$$" escapes. */
static void parse_depfile(char *text, struct strings *words)
{
	char *cur = NULL;
	size_t n = 0, cap = 0;

	for (char *p = text;; p++) {
		char ch = *p;
		if (ch == '\\' && p[1] == '\n') {
			p++;
			ch = ' ';
		} else if (ch == '\\' && (p[1] == ' ' || p[1] == '#' || p[1] == '\\')) {
			ch = *++p;
			goto add;
		} else if (ch == '$' && p[1] == '$') {
			p++;
			goto add;
		}
		if (ch == 0 || isspace((unsigned char)ch)) {
			if (n) {
				cur[n] = 0;
				push(words, cur);
				cur = NULL;
				n = cap = 0;
			}
			if (ch == 0)
				return;
			continue;
		}
add:
		if (n + 2 > cap) {
			cap = cap ? 2 * cap : 128;
			cur = xrealloc(cur, cap);
		}
		cur[n++] = ch;
	}
}

static void write_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '#' || *s == '\\')
			fputc('\\', f);
		else if (*s == '$')
			fputc('$', f);
		fputc(*s, f);
	}
}

static void mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0755) && errno != EEXIST)
			die("cannot create", path);
		*p = '/';
	}
}

/* CONFIG_DIR/foo/bar.h for FOO_BAR, created empty and dated 1970 if absent. */
static char *config_file(const char *dir, const char *sym)
{
	size_t n = strlen(dir);
	char *path = xrealloc(NULL, n + strlen(sym) + 4);

	memcpy(path, dir, n);
	path[n++] = '/';
	for (const char *s = sym; *s; s++)
		path[n++] = *s == '_' ? '/' : (char)tolower((unsigned char)*s);
	strcpy(path + n, ".h");
	if (access(path, F_OK)) {
		mkdirs(path);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd >= 0) {
			struct timeval epoch[2] = { { 1, 0 }, { 1, 0 } };
			close(fd);
			if (utimes(path, epoch))
				die("cannot date", path);
		} else if (errno != EEXIST) { /* EEXIST: a parallel compile made it */
			die("cannot create", path);
		}
	}
	return path;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void fix(const char *depfile, const char *config_dir, const char *autoconf)
{
	size_t len;
	char *text = read_file(depfile, &len);
	struct strings words = { 0 }, syms = { 0 };
	char auto_real[PATH_MAX], real[PATH_MAX];

	parse_depfile(text, &words);
	if (words.n == 0 || !ends_with(words.v[0], ":")) {
		fprintf(stderr, "fixdep: %s: not a depfile\n", depfile);
		exit(1);
	}
	if (!realpath(autoconf, auto_real))
		die("cannot resolve", autoconf);
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%s.tmp", depfile);
	FILE *out = fopen(tmp, "w");
	if (!out)
		die("cannot write", tmp);
	write_escaped(out, words.v[0]);
	for (size_t i = 1; i < words.n; i++) {
		if (realpath(words.v[i], real) && !strcmp(real, auto_real))
			continue;
		scan(words.v[i], &syms);
		fputs(" \\\n  ", out);
		write_escaped(out, words.v[i]);
	}
	qsort(syms.v, syms.n, sizeof(*syms.v), cmp);
	for (size_t i = 0; i < syms.n; i++) {
		char *path = config_file(config_dir, syms.v[i]);
		fputs(" \\\n  ", out);
		write_escaped(out, path);
		free(path);
	}
	fputc('\n', out);
	if (fclose(out) || rename(tmp, depfile))
		die("cannot write", depfile);
}

int main(int argc, char **argv)
{
	if (argc < 5 || strcmp(argv[3], "--")) {
		fprintf(stderr, "usage: fixdep CONFIG_DIR AUTOCONF_H -- [NAME=VALUE...] COMPILER ARGS...\n");
		return 2;
	}
	char **cmd = argv + 4;
	for (; *cmd && strchr(*cmd, '=') && (isalpha((unsigned char)**cmd) || **cmd == '_'); cmd++)
		if (putenv(*cmd))
			die("cannot set", *cmd);
	if (!*cmd) {
		fprintf(stderr, "fixdep: no compiler after the assignments\n");
		return 2;
	}
	pid_t pid;
	int status, err = posix_spawnp(&pid, cmd[0], NULL, NULL, cmd, environ);
	if (err) {
		fprintf(stderr, "fixdep: %s: %s\n", cmd[0], strerror(err));
		return 127;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("cannot wait for", cmd[0]);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	if (WEXITSTATUS(status))
		return WEXITSTATUS(status);
	for (int i = 4; i + 1 < argc; i++)
		if (!strcmp(argv[i], "-MF")) {
			fix(argv[i + 1], argv[1], argv[2]);
			break;
		}
	return 0;
}
