/* SPDX-License-Identifier: BSD-2-Clause */
/* Validating reader of tar archives in memory (include/rumpk/vfs.h).
 *
 * Header formats, told apart by the magic and version fields:
 *   POSIX ustar  "ustar\0" "00"   the path may be split as prefix '/' name
 *   GNU          "ustar " " \0"   no prefix field (GNU keeps other data
 *                                 there); longer names come in 'L' entries
 *   V7           all zero         the original format; names NUL-terminated
 *
 * Every header is checked completely (magic, checksum, every numeric field,
 * type, size against the archive, the path) before any of it is used, and
 * the first problem ends the walk with a reason. The archive is signed, but
 * the reader still treats it as hostile: a bug in a signing tool, a stale
 * signature key or a parser differential between the tool that built the
 * archive and this one must not turn into an out-of-bounds read.
 *
 * The archive rule (docs/signing.md, "The initrd archive"): an archive is
 * a sequence of regular files and directories with relative paths, ended by
 * the end-of-archive marker of two zero blocks. Anything else refuses the
 * whole archive, naming the entry, because reading on (or skipping) would
 * give a different file tree than the archive's author meant, or one a
 * later consumer could be tricked by:
 *   absolute paths and '..' components; links, devices and FIFOs (a
 *   read-only tree of files has nothing to make of them, and a skipped link
 *   silently leaves a hole where the author expected a file); pax extended
 *   headers ('x'), which may override the next entry's path and size; sparse
 *   and multi-volume GNU entries; unknown types; directories that claim data
 *   (where does the next header start?); an archive that stops without both
 *   zero blocks (truncated). Only pax global headers ('g', metadata about
 *   the whole archive, not an entry) are skipped, with a note.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <rumpk/printk.h>
#include <rumpk/vfs.h>

#define BLOCK 512u

/* Header fields: offset and width (POSIX.1-2008, "ustar Interchange Format"). */
#define F_NAME 0
#define W_NAME 100
#define F_MODE 100
#define F_UID 108
#define F_GID 116
#define W_SMALL 8
#define F_SIZE 124
#define F_MTIME 136
#define W_LARGE 12
#define F_CHKSUM 148
#define W_CHKSUM 8
#define F_TYPE 156
#define F_MAGIC 257
#define F_VERSION 263
#define F_PREFIX 345
#define W_PREFIX 155

enum format { FMT_USTAR, FMT_GNU, FMT_V7 };

/* What a type flag means to this reader. */
enum kind { K_FILE, K_DIR, K_LONGNAME, K_PAX_GLOBAL, K_REFUSE };

/* Room for an escaped, possibly shortened entry name in a message. */
#define LABEL_MAX 72

/* --- Messages ----------------------------------------------------------- */

/* Append n bytes of s to out[*o], escaping everything but printable ASCII
 * (a name is printed on the console: no terminal control sequences from an
 * archive). When it does not fit, end in "..." and set *o = size, so that
 * later calls append nothing. Keeps *o + 4 <= size while not cut. */
static void show(char *out, size_t size, size_t *o, const uint8_t *s, size_t n)
{
	if (*o >= size)
		return;
	for (size_t i = 0; i < n; i++) {
		char tmp[5];
		size_t k = 1;
		uint8_t c = s[i];

		if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\')
			tmp[0] = (char)c;
		else
			k = (size_t)rk_snprintf(tmp, sizeof(tmp), "\\x%02x", c);
		if (*o + k + 4 > size) {
			memcpy(out + *o, "...", 4);
			*o = size;
			return;
		}
		memcpy(out + *o, tmp, k);
		*o += k;
	}
	out[*o] = '\0';
}

static size_t field_len(const uint8_t *f, size_t w)
{
	size_t n = 0;

	while (n < w && f[n])
		n++;
	return n;
}

/* The entry's name as its header spells it, for messages. */
static void make_label(char *label, const uint8_t *h, enum format fmt, const uint8_t *longname,
		       size_t longlen)
{
	size_t o = 0;

	label[0] = '\0';
	if (longname) {
		show(label, LABEL_MAX, &o, longname, longlen);
		return;
	}
	if (fmt == FMT_USTAR && h[F_PREFIX]) {
		show(label, LABEL_MAX, &o, h + F_PREFIX, field_len(h + F_PREFIX, W_PREFIX));
		show(label, LABEL_MAX, &o, (const uint8_t *)"/", 1);
	}
	show(label, LABEL_MAX, &o, h + F_NAME, field_len(h + F_NAME, W_NAME));
}

/* Record the first error: "tar: entry N 'name': what" or "tar: what". */
static int fail(struct rk_tar *t, const char *label, const char *fmt, ...) rk_printf_like(3, 4);
static int fail(struct rk_tar *t, const char *label, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (label)
		n = rk_snprintf(t->why, sizeof(t->why), "tar: entry %u '%s': ", t->index, label);
	else
		n = rk_snprintf(t->why, sizeof(t->why), "tar: ");
	if (n < 0 || (size_t)n >= sizeof(t->why))
		n = (int)sizeof(t->why) - 1;
	va_start(ap, fmt);
	rk_vsnprintf(t->why + n, sizeof(t->why) - (size_t)n, fmt, ap);
	va_end(ap);
	t->failed = true;
	return -RK_EINVAL;
}

/* --- Header fields ------------------------------------------------------ */

enum num_status { NUM_OK, NUM_EMPTY, NUM_NOT_OCTAL, NUM_NEGATIVE, NUM_RANGE };

/* A numeric field: octal digits after optional spaces, ended by spaces or
 * NULs up to the field end (a field full of digits needs no terminator), or
 * GNU base-256 (first byte 0x80, big-endian remainder) when allowed. */
static enum num_status parse_num(const uint8_t *f, size_t w, bool base256, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0, digits = 0;

	if (base256 && f[0] == 0x80) {
		for (i = 1; i < w; i++) {
			if (v >> 56)
				return NUM_RANGE;
			v = v << 8 | f[i];
		}
		*out = v;
		return NUM_OK;
	}
	if (base256 && f[0] == 0xff)
		return NUM_NEGATIVE;
	while (i < w && f[i] == ' ')
		i++;
	for (; i < w && f[i] >= '0' && f[i] <= '7'; i++, digits++) {
		if (v >> 61)
			return NUM_RANGE;
		v = v << 3 | (uint64_t)(f[i] - '0');
	}
	for (; i < w; i++)
		if (f[i] != ' ' && f[i] != '\0')
			return NUM_NOT_OCTAL;
	if (!digits)
		return NUM_EMPTY;
	*out = v;
	return NUM_OK;
}

static int num_field(struct rk_tar *t, const char *label, const uint8_t *h, size_t off, size_t w,
		     const char *what, bool required, uint64_t *out)
{
	static const char *const why[] = {
		[NUM_EMPTY] = "is empty",
		[NUM_NOT_OCTAL] = "is not an octal number",
		[NUM_NEGATIVE] = "is negative",
		[NUM_RANGE] = "is out of range",
	};
	enum num_status st = parse_num(h + off, w, true, out);
	char text[W_LARGE * 4 + 8];
	size_t o = 0;

	if (st == NUM_OK)
		return 0;
	if (st == NUM_EMPTY && !required) {
		*out = 0;
		return 0;
	}
	while (w && !h[off + w - 1]) /* trailing NULs are padding, not content */
		w--;
	show(text, sizeof(text), &o, h + off, w);
	return fail(t, label, "%s field '%s' %s", what, text, why[st]);
}

static bool is_zero_block(const uint8_t *b)
{
	for (size_t i = 0; i < BLOCK; i++)
		if (b[i])
			return false;
	return true;
}

/* POSIX: the sum of all header bytes as unsigned values, with the checksum
 * field itself counted as eight spaces. Historic tars summed signed chars;
 * like GNU tar, either sum is accepted. */
static void checksums(const uint8_t *h, uint32_t *usum, int32_t *ssum)
{
	uint32_t u = 0;
	int32_t s = 0;

	for (size_t i = 0; i < BLOCK; i++) {
		uint8_t c = (i >= F_CHKSUM && i < F_CHKSUM + W_CHKSUM) ? ' ' : h[i];
		u += c;
		s += (c & 0x80) ? (int32_t)c - 256 : (int32_t)c;
	}
	*usum = u;
	*ssum = s;
}

#define NOT_FILE " (not supported: only regular files and directories)"

static enum kind classify(char type, const char **what)
{
	switch (type) {
	case '0': case '\0': case '7': /* '7': contiguous file, a plain file to us */
		*what = "regular file";
		return K_FILE;
	case '5':
		*what = "directory";
		return K_DIR;
	case '1':
		*what = "hard link" NOT_FILE;
		return K_REFUSE;
	case '2':
		*what = "symbolic link" NOT_FILE;
		return K_REFUSE;
	case '3':
		*what = "character device" NOT_FILE;
		return K_REFUSE;
	case '4':
		*what = "block device" NOT_FILE;
		return K_REFUSE;
	case '6':
		*what = "FIFO" NOT_FILE;
		return K_REFUSE;
	case 'L':
		*what = "GNU long name";
		return K_LONGNAME;
	case 'K': /* only ever names a link target */
		*what = "GNU long link name" NOT_FILE;
		return K_REFUSE;
	case 'g':
		*what = "pax global header";
		return K_PAX_GLOBAL;
	case 'x':
		*what = "pax extended header (not supported: it may change the next entry's "
			"path and size; create the archive with tar --format=ustar or gnu)";
		return K_REFUSE;
	case 'S':
		*what = "GNU sparse file (not supported)";
		return K_REFUSE;
	case 'M':
		*what = "GNU multi-volume continuation (not supported)";
		return K_REFUSE;
	default:
		*what = 0;
		return K_REFUSE;
	}
}

/* --- Paths ---------------------------------------------------------------- */

/* Every component as written, "" and "." included. */
static bool raw_next(const struct rk_tar_entry *e, struct rk_tar_cursor *c, const char **comp,
		     size_t *len)
{
	while (c->seg < 2) {
		const char *s = e->seg[c->seg];
		size_t n = e->seg_len[c->seg], start = c->pos, end = start;

		if (start >= n) {
			c->seg++;
			c->pos = 0;
			continue;
		}
		while (end < n && s[end] != '/')
			end++;
		c->pos = end + 1;
		*comp = s + start;
		*len = end - start;
		return true;
	}
	return false;
}

bool rk_tar_path_next(const struct rk_tar_entry *e, struct rk_tar_cursor *c, const char **comp,
		      size_t *len)
{
	while (raw_next(e, c, comp, len))
		if (*len && !(*len == 1 && (*comp)[0] == '.'))
			return true;
	return false;
}

static void put(char *buf, size_t size, size_t *total, char c)
{
	if (*total + 1 < size)
		buf[*total] = c;
	(*total)++;
}

size_t rk_tar_path(const struct rk_tar_entry *e, char *buf, size_t size)
{
	struct rk_tar_cursor c = { 0, 0 };
	const char *comp;
	size_t len, total = 0;

	while (rk_tar_path_next(e, &c, &comp, &len)) {
		if (total)
			put(buf, size, &total, '/');
		for (size_t i = 0; i < len; i++)
			put(buf, size, &total, comp[i]);
	}
	if (size)
		buf[total < size ? total : size - 1] = '\0';
	return total;
}

/* Relative, without ".." (the tree must not reach outside its root,
 * whatever a consumer later does with the names), no control characters (names get printed),
 * components the ustar limit long. Returns the number of components. */
static int check_path(struct rk_tar *t, const char *label, const struct rk_tar_entry *e,
		      unsigned *ncomp)
{
	struct rk_tar_cursor c = { 0, 0 };
	const char *comp;
	size_t len;

	*ncomp = 0;
	if (!e->seg_len[0] && !e->seg_len[1])
		return fail(t, label, "empty name");
	/* The first segment that has bytes says where the path starts. */
	unsigned first = e->seg_len[0] ? 0 : 1;
	if (e->seg[first][0] == '/')
		return fail(t, label, "absolute path (names must be relative to the archive root)");
	while (raw_next(e, &c, &comp, &len)) {
		if (len == 2 && comp[0] == '.' && comp[1] == '.')
			return fail(t, label, "'..' in path");
		if (len > RK_VFS_NAME_MAX)
			return fail(t, label, "path component of %zu bytes (max %d)", len,
				    RK_VFS_NAME_MAX);
		for (size_t i = 0; i < len; i++) {
			uint8_t ch = (uint8_t)comp[i];
			if (ch < 0x20 || ch == 0x7f)
				return fail(t, label, "control character 0x%02x in name", ch);
		}
		if (len && !(len == 1 && comp[0] == '.'))
			(*ncomp)++;
	}
	return 0;
}

static bool ends_in_slash(const struct rk_tar_entry *e)
{
	unsigned s = e->seg_len[1] ? 1 : 0;

	return e->seg_len[s] && e->seg[s][e->seg_len[s] - 1] == '/';
}

/* --- The walk ----------------------------------------------------------- */

void rk_tar_init(struct rk_tar *t, const void *base, size_t len)
{
	memset(t, 0, sizeof(*t));
	t->base = base;
	t->len = base ? len : 0;
}

static int format_of(struct rk_tar *t, const uint8_t *h, enum format *fmt)
{
	char label[LABEL_MAX], text[40];
	size_t o = 0;

	if (!memcmp(h + F_MAGIC, "ustar\0", 6))
		*fmt = FMT_USTAR;
	else if (!memcmp(h + F_MAGIC, "ustar ", 6))
		*fmt = FMT_GNU;
	else {
		for (size_t i = F_MAGIC; i < F_VERSION + 2; i++) {
			if (h[i]) {
				make_label(label, h, FMT_V7, 0, 0);
				show(text, sizeof(text), &o, h + F_MAGIC, 8);
				return fail(t, label, "bad magic '%s' (not a tar archive?)", text);
			}
		}
		*fmt = FMT_V7;
		return 0;
	}
	if ((*fmt == FMT_USTAR && memcmp(h + F_VERSION, "00", 2)) ||
	    (*fmt == FMT_GNU && memcmp(h + F_VERSION, " \0", 2))) {
		make_label(label, h, *fmt, 0, 0);
		show(text, sizeof(text), &o, h + F_VERSION, 2);
		return fail(t, label, "bad version '%s' for magic '%s'", text,
			    *fmt == FMT_USTAR ? "ustar\\x00" : "ustar ");
	}
	return 0;
}

int rk_tar_next(struct rk_tar *t, struct rk_tar_entry *e)
{
	const uint8_t *longname = 0;
	size_t longlen = 0;

	if (t->failed)
		return -RK_EINVAL;
	if (t->ended)
		return 0;
	for (;;) {
		const uint8_t *h = t->base + t->off;
		size_t left = t->len - t->off;
		char label[LABEL_MAX];
		const char *what;
		enum format fmt = FMT_V7;
		enum kind kind;
		uint64_t size, mode, mtime, id;
		uint32_t usum;
		int32_t ssum;
		unsigned ncomp;

		if (left == 0)
			return fail(t, 0, "archive ends after entry %u without the end-of-archive "
				    "marker (truncated?)", t->index);
		t->index++;
		if (left < BLOCK)
			return fail(t, 0, "entry %u: truncated header (%zu of 512 bytes at offset 0x%zx)",
				    t->index, left, t->off);
		if (is_zero_block(h)) {
			/* Two zero blocks end the archive; tar pads the record after
			 * them, so what follows is not looked at. One zero block
			 * alone is a truncated archive (GNU tar only warns; the rule
			 * here is the POSIX one). A zero block followed by more
			 * headers could hide entries from readers that stop at the
			 * first one: refused too. */
			if (longname)
				return fail(t, 0, "entry %u: GNU long name is not followed by an entry",
					    t->index);
			if (left < 2 * BLOCK)
				return fail(t, 0,
					    "archive ends in one zero block at offset 0x%zx; the "
					    "end-of-archive marker is two (truncated?)",
					    t->off);
			if (!is_zero_block(h + BLOCK))
				return fail(t, 0, "entry %u: data after the end-of-archive block at "
					    "offset 0x%zx", t->index, t->off);
			t->index--;
			t->ended = true;
			return 0;
		}
		if (format_of(t, h, &fmt))
			return -RK_EINVAL;
		make_label(label, h, fmt, longname, longlen);

		/* The checksum before any other field: a damaged header is
		 * reported as damaged, not by whichever of its fields broke. */
		{
			uint64_t stored;
			if (parse_num(h + F_CHKSUM, W_CHKSUM, false, &stored) != NUM_OK) {
				char text[W_CHKSUM * 4 + 8];
				size_t o = 0, w = W_CHKSUM;
				while (w && !h[F_CHKSUM + w - 1])
					w--;
				show(text, sizeof(text), &o, h + F_CHKSUM, w);
				return fail(t, label, "checksum field '%s' is not an octal number", text);
			}
			checksums(h, &usum, &ssum);
			if (stored != usum && !(ssum >= 0 && stored == (uint64_t)ssum))
				return fail(t, label, "checksum mismatch (stored 0x%llx, computed 0x%x)",
					    (unsigned long long)stored, (unsigned)usum);
		}

		kind = classify((char)h[F_TYPE], &what);
		if (kind == K_REFUSE) {
			if (what)
				return fail(t, label, "%s", what);
			uint8_t c = h[F_TYPE];
			if (c >= 0x20 && c < 0x7f)
				return fail(t, label, "unsupported entry type '%c'", c);
			return fail(t, label, "unsupported entry type 0x%02x", c);
		}

		if (num_field(t, label, h, F_SIZE, W_LARGE, "size", true, &size) ||
		    num_field(t, label, h, F_MODE, W_SMALL, "mode", false, &mode) ||
		    num_field(t, label, h, F_UID, W_SMALL, "uid", false, &id) ||
		    num_field(t, label, h, F_GID, W_SMALL, "gid", false, &id) ||
		    num_field(t, label, h, F_MTIME, W_LARGE, "mtime", false, &mtime))
			return -RK_EINVAL;

		/* Where the next header starts must not depend on who reads the
		 * archive: only entries that carry data may have a size. */
		bool has_data = kind == K_FILE || kind == K_LONGNAME || kind == K_PAX_GLOBAL;
		size_t data_off = t->off + BLOCK;
		left -= BLOCK;
		if (!has_data && size)
			return fail(t, label, "%s with a non-zero size (0x%llx)", what,
				    (unsigned long long)size);
		if (size > left)
			return fail(t, label, "size 0x%llx runs past the end of the archive (0x%zx "
				    "bytes left)", (unsigned long long)size, left);
		size_t pad = (BLOCK - (size_t)size % BLOCK) % BLOCK;
		if (pad > left - (size_t)size)
			return fail(t, label, "data of 0x%llx bytes is not padded to a whole block "
				    "(archive truncated?)", (unsigned long long)size);
		size_t next = data_off + (size_t)size + pad;

		/* The path: a pending GNU long name replaces the name field. */
		memset(e, 0, sizeof(*e));
		if (longname) {
			e->seg[0] = "";
			e->seg[1] = (const char *)longname;
			e->seg_len[1] = longlen;
		} else {
			size_t nlen = field_len(h + F_NAME, W_NAME);
			/* ustar and GNU may fill all 100 bytes; V7 always ended in NUL. */
			if (fmt == FMT_V7 && nlen == W_NAME)
				return fail(t, label, "name field is not NUL-terminated");
			e->seg[0] = "";
			if (fmt == FMT_USTAR) {
				e->seg[0] = (const char *)h + F_PREFIX;
				e->seg_len[0] = field_len(h + F_PREFIX, W_PREFIX);
			}
			e->seg[1] = (const char *)h + F_NAME;
			e->seg_len[1] = nlen;
		}
		if (check_path(t, label, e, &ncomp))
			return -RK_EINVAL;

		switch (kind) {
		case K_LONGNAME:
			if (longname)
				return fail(t, label, "two GNU long-name headers in a row");
			if (size > RK_VFS_PATH_MAX)
				return fail(t, label, "GNU long name of %llu bytes (max %d)",
					    (unsigned long long)size, RK_VFS_PATH_MAX);
			longname = t->base + data_off;
			longlen = field_len(longname, (size_t)size);
			if (longlen == 0)
				return fail(t, label, "empty GNU long name");
			if (longlen == size)
				return fail(t, label, "GNU long name is not NUL-terminated");
			t->off = next;
			continue;
		case K_PAX_GLOBAL:
			if (!t->skipped++)
				rk_snprintf(t->skip_why, sizeof(t->skip_why),
					    "tar: entry %u '%s': %s skipped (metadata of the whole "
					    "archive, not a file)",
					    t->index, label, what);
			longname = 0;
			t->off = next;
			continue;
		case K_FILE:
			/* Old archives mark directories by a trailing '/'. */
			if (ends_in_slash(e)) {
				if (size)
					return fail(t, label, "regular file name ends in '/'");
				kind = K_DIR;
			}
			break;
		default:
			break;
		}
		if (kind == K_FILE && ncomp == 0)
			return fail(t, label, "regular file with an empty path");

		e->index = t->index;
		e->offset = t->off;
		e->type = kind == K_DIR ? RK_VFS_DIR : RK_VFS_FILE;
		e->data = t->base + data_off;
		e->size = size;
		e->mode = (uint32_t)(mode & 07777);
		e->mtime = mtime;
		t->off = next;
		return 1;
	}
}
