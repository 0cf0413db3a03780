/* SPDX-License-Identifier: BSD-2-Clause */
/* A node index of the DTB rk_fdt_check last accepted.
 *
 * libfdt answers "which node is compatible with X", "which node has
 * phandle P", "what is the parent of N", "what is property X of N" by
 * walking the structure block (and each property name through the
 * strings block, checked) from the start or from the node, and boot asks
 * hundreds of such questions: on QEMU's virt machines they cost millions
 * of instructions before main. One walk after the check records, per
 * node, its parent, depth and the properties boot asks for by name
 * (RK_FDT_P_*); the answers then come from this table, and phandles from
 * a sorted copy.
 *
 * The walk reads the structure block directly, and is at the same time
 * rk_fdt_check's check of it: libfdt's fdt_check_full walks it too, tag
 * by tag through bounds-checked accessors, which cost as much as all the
 * rest of boot. The walk accepts only what fdt_check_full accepts
 * (test/unit/test_fdt.c compares them on thousands of damaged blobs); a
 * blob it refuses, or cannot index, goes to fdt_check_full, whose
 * verdict and error stand. Every answer must equal libfdt's (test/unit/test_fdt.c compares them);
 * anything the index cannot answer exactly is left to libfdt by returning
 * false (another DTB, a tree too big or too deep, a pre-v16 layout, an
 * offset that is not a node, a property name not cached). */
#include <stdbool.h>
#include "fdt_internal.h"

/* Nodes indexed. QEMU's virt machines have 30 (riscv64) and 56 (aarch64)
 * nodes with one CPU, boards a few hundred at most; a bigger tree is not
 * indexed at all (libfdt then answers everything, just more slowly).
 * 256 entries are about 29 KiB of bss, with the offset table. */
#define MAX_NODES 256
/* Nesting followed: rk_fdt_check refuses deeper trees (libfdt's walk then
 * finds and names the node). */
#define MAX_DEPTH (RK_FDT_MAX_DEPTH + 1)

/* 8-byte aligned (128 bytes, not 124): the walk clears each entry as
 * it makes it, and memset clears whole words only from a word boundary. */
struct __attribute__((aligned(8))) node {
	int offset;         /* libfdt node offset */
	uint32_t phandle;   /* as fdt_get_phandle() gives it: 0 = none */
	short parent;       /* entry of the parent, -1 for the root */
	uint8_t depth;      /* the root is 0 */
	bool enabled;       /* as rk_fdt_is_enabled() */
	bool memory;        /* device_type = "memory" */
	uint32_t compat_bits; /* compat_mask() of each compatible string */
	struct rk_fdt_cached prop[RK_FDT_NPROPS]; /* the first of each name, as libfdt */
};

/* Node offsets to entries: open addressing, at most a quarter full. */
#define SLOTS 1024

/* Phandles in increasing order, and among equal ones in tree order: the
 * first of a run is the node libfdt's lookup finds. */
struct by_phandle {
	uint32_t phandle;
	short entry;
};

static struct {
	const void *dtb;    /* the DTB rk_fdt_check last accepted, or NULL */
	int count;          /* entries in node[]; 0 = tree not indexed */
	int last;           /* the entry find() answered last */
	int nphandles;
	struct node node[MAX_NODES];
	struct by_phandle phandle[MAX_NODES];
	uint16_t slot[SLOTS]; /* entry + 1, 0 = empty */
} idx;

static unsigned slot_of(int offset)
{
	return ((unsigned)offset >> 2) % SLOTS;
}

/* Two bits of a hash of a string's length and three of its bytes (the
 * first, middle and last; a hash of every byte cost 5k instructions of
 * boot): a node whose compat_bits lack either cannot list the string,
 * and is passed over without reading its list. Strings that share the
 * bits are told apart by that read. */
static uint32_t compat_mask(const char *s, size_t len)
{
	uint32_t h = (uint32_t)len;

	if (len)
		h = h << 24 ^ (uint8_t)s[0] << 16 ^ (uint8_t)s[len / 2] << 8 ^ (uint8_t)s[len - 1];
	h *= 2654435761u; /* Knuth's multiplicative hash: the high bits mix all */
	return 1u << (h >> 27) | 1u << (h >> 22 & 31);
}

/* What a compatible value can match (fdt_stringlist_contains compares
 * the NUL-terminated strings it holds). A value that is empty or does
 * not end in NUL is matched by libfdt in ways a hash does not follow:
 * every bit, so that it is always read. */
static uint32_t compat_bits(const char *list, int len)
{
	uint32_t bits = 0;

	if (len <= 0 || list[len - 1])
		return ~0u;
	for (const char *s = list, *end = list + len; s < end;) {
		size_t n = strlen(s);
		bits |= compat_mask(s, n);
		s += n + 1;
	}
	return bits;
}


/* A big-endian cell of the blob; tags and values are 4-byte aligned
 * (rk_fdt_check refuses a misaligned structure block). Inline: the walk
 * reads three per property, and -Os made each a call (riscv64: 8k
 * instructions of boot). */
RK_FDT_INLINE uint32_t be32(const void *p)
{
	return fdt32_to_cpu(*(const fdt32_t *)p);
}

static uint32_t cell_at(const void *dtb, uint32_t off)
{
	return be32((const char *)dtb + off);
}

/* Whether a 32-bit word has a zero byte (whichever the byte order). */
#define HAS_ZERO_BYTE(w) (((w) - 0x01010101u) & ~(w) & 0x80808080u)

/* The offset of the tag after one of 'bytes' (tags are 4-byte aligned). */
#define TAG_END(off, bytes) ((off) + (((uint32_t)(bytes) + 3) & ~3u))

/* What the entry's cached properties say about it, once all are seen. */
static void finish_node(const void *dtb, struct node *n)
{
	const struct rk_fdt_cached *p = n->prop;

	n->enabled = !p[RK_FDT_P_STATUS].value ||
		     rk_fdt_status_okay((const char *)dtb + p[RK_FDT_P_STATUS].value,
					p[RK_FDT_P_STATUS].len);
	n->memory = p[RK_FDT_P_DEVICE_TYPE].len == 7 &&
		    !memcmp((const char *)dtb + p[RK_FDT_P_DEVICE_TYPE].value, "memory", 7);
	/* fdt_get_phandle()'s rule: "phandle" if one cell long, else an
	 * old-style "linux,phandle" if one cell long, else none. */
	if (p[RK_FDT_P_COMPATIBLE].value)
		n->compat_bits = compat_bits((const char *)dtb + p[RK_FDT_P_COMPATIBLE].value,
					     p[RK_FDT_P_COMPATIBLE].len);
	if (p[RK_FDT_P_PHANDLE].value && p[RK_FDT_P_PHANDLE].len == 4)
		n->phandle = cell_at(dtb, p[RK_FDT_P_PHANDLE].value);
	else if (p[RK_FDT_P_LINUX_PHANDLE].value && p[RK_FDT_P_LINUX_PHANDLE].len == 4)
		n->phandle = cell_at(dtb, p[RK_FDT_P_LINUX_PHANDLE].value);
}

/* One pass over the structure block, which checks, as it goes, all that
 * libfdt's fdt_check_full checks, and more strictly (see the top): every
 * tag, node name, property header and value inside the structure block,
 * every property name a NUL-terminated string inside the strings block,
 * one root with an empty name first, nodes properly nested, nothing but
 * FDT_END after the root. Tags advance as in libfdt's fdt_next_tag for
 * version 17: a node name is NUL-terminated, a property value follows
 * its 12-byte header directly, and the next tag is 4-byte aligned. False
 * for whatever it does not accept or cannot index (then libfdt judges). */
static bool walk(const void *dtb)
{
	uint32_t total = fdt_totalsize(dtb);
	uint32_t st_off = fdt_off_dt_struct(dtb), st_size = fdt_size_dt_struct(dtb);
	uint32_t str_off = fdt_off_dt_strings(dtb), str_size = fdt_size_dt_strings(dtb);

	/* Older layouts: full paths as names, 8-aligned values, no block
	 * sizes; another magic: not a finished tree. */
	if (fdt_magic(dtb) != FDT_MAGIC || fdt_version(dtb) < 17 || (st_off & 3) ||
	    (uint64_t)st_off + st_size > total || (uint64_t)str_off + str_size > total ||
	    fdt_num_mem_rsv(dtb) < 0)
		return false;
	const char *st = (const char *)dtb + st_off;
	const char *strs = (const char *)dtb + str_off;
	short open[MAX_DEPTH]; /* the entries of the nodes not yet closed */
	int depth = 0;
	bool closed = false; /* the root ended */
	uint32_t off = 0;
	/* dtc stores each property name once, and a few dozen names serve
	 * hundreds of properties: a name offset already checked and looked
	 * up is remembered (direct-mapped; a miss only costs the lookup). */
	struct {
		uint32_t nameoff_plus1;
		int id;
	} seen[32] = { { 0, 0 } };
	/* A strings block that ends in a NUL (dtc's always do) holds every
	 * name that starts inside it whole: no search for each name's end. */
	const bool strs_end_nul = str_size && !strs[str_size - 1];

	for (;;) {
		if (st_size - off < FDT_TAGSIZE || off > st_size)
			return false;
		uint32_t tag = be32(st + off);
		if (closed && tag != FDT_END)
			return false;
		switch (tag) {
		case FDT_BEGIN_NODE: {
			/* The name starts word aligned, after the tag, and the
			 * next tag follows the word that holds its NUL: find
			 * that word a word a step. A NUL only in a last partial
			 * word leaves no room for a tag (refused either way). */
			uint32_t end = off + FDT_TAGSIZE;
			while (end <= st_size - FDT_TAGSIZE && !HAS_ZERO_BYTE(*(const uint32_t *)(st + end)))
				end += FDT_TAGSIZE;
			if (end > st_size - FDT_TAGSIZE || idx.count == MAX_NODES ||
			    depth == MAX_DEPTH || (depth == 0 && (idx.count || st[off + FDT_TAGSIZE])))
				return false;
			struct node *n = &idx.node[idx.count];
			memset(n, 0, sizeof(*n));
			n->offset = (int)off;
			n->parent = depth ? open[depth - 1] : -1;
			n->depth = (uint8_t)depth;
			unsigned h = slot_of(n->offset);
			while (idx.slot[h])
				h = (h + 1) % SLOTS;
			idx.slot[h] = (uint16_t)(idx.count + 1);
			open[depth++] = (short)idx.count++;
			off = end + FDT_TAGSIZE;
			break;
		}
		case FDT_END_NODE:
			if (depth == 0)
				return false;
			finish_node(dtb, &idx.node[open[--depth]]);
			closed = depth == 0;
			off += FDT_TAGSIZE;
			break;
		case FDT_PROP: {
			const struct fdt_property *p = (const void *)(st + off);
			if (depth == 0 || st_size - off < sizeof(*p))
				return false;
			uint32_t len = be32(&p->len), nameoff = be32(&p->nameoff);
			if (len > st_size - off - sizeof(*p) || len > INT32_MAX)
				return false;
			unsigned slot = nameoff % 32;
			if (seen[slot].nameoff_plus1 != nameoff + 1) {
				if (nameoff >= str_size ||
				    (!strs_end_nul && !memchr(strs + nameoff, 0, str_size - nameoff)))
					return false;
				seen[slot].nameoff_plus1 = nameoff + 1;
				seen[slot].id = rk_fdt_prop_id(strs + nameoff);
			}
			int id = seen[slot].id;
			struct rk_fdt_cached *c = &idx.node[open[depth - 1]].prop[id < 0 ? 0 : id];
			if (id >= 0 && !c->value) {
				c->value = (uint32_t)(p->data - (const char *)dtb);
				c->len = (int)len;
			}
			off = TAG_END(off, sizeof(*p) + len);
			break;
		}
		case FDT_NOP:
			if (depth == 0)
				return false; /* before the root: libfdt judges */
			off += FDT_TAGSIZE;
			break;
		case FDT_END:
			return closed;
		default:
			return false;
		}
	}
}

static bool phandle_less(const struct by_phandle *a, const struct by_phandle *b)
{
	return a->phandle < b->phandle || (a->phandle == b->phandle && a->entry < b->entry);
}

/* Insertion sort, stable: a few dozen phandles, mostly in order already. */
static void sort_phandles(void)
{
	idx.nphandles = 0;
	for (int i = 0; i < idx.count; i++) {
		struct by_phandle e = { idx.node[i].phandle, (short)i };
		if (!e.phandle)
			continue;
		int j = idx.nphandles++;
		for (; j > 0 && phandle_less(&e, &idx.phandle[j - 1]); j--)
			idx.phandle[j] = idx.phandle[j - 1];
		idx.phandle[j] = e;
	}
}

bool rk_fdt_index_build(const void *dtb)
{
	idx.dtb = dtb;
	idx.count = 0;
	memset(idx.slot, 0, sizeof(idx.slot));
	if (!walk(dtb)) {
		idx.count = 0;
		return false;
	}
	sort_phandles();
	return true;
}

void rk_fdt_index_drop(void)
{
	idx.dtb = NULL;
	idx.count = 0;
}

bool rk_fdt_index_accepted(const void *dtb)
{
	return dtb && dtb == idx.dtb;
}

/* The entry of node offset 'offset' in the indexed dtb, or -1. */
static int find(const void *dtb, int offset)
{
	if (dtb != idx.dtb || idx.count == 0 || offset < 0)
		return -1;
	/* Boot asks several questions of a node in a row (the check: its
	 * cells, phandle and interrupts): the last answer first. */
	if (idx.last < idx.count && idx.node[idx.last].offset == offset)
		return idx.last;
	for (unsigned h = slot_of(offset); idx.slot[h]; h = (h + 1) % SLOTS)
		if (idx.node[idx.slot[h] - 1].offset == offset)
			return idx.last = idx.slot[h] - 1;
	return -1;
}

/* The entry 'after' starts a search from, as fdt_next_node(after) would:
 * -1 means from the root. False for what the index cannot place (libfdt
 * then gives its own answer, an error for a non-node offset). */
static bool start_after(const void *dtb, int after, int *entry)
{
	if (dtb != idx.dtb || idx.count == 0)
		return false;
	*entry = after == -1 ? 0 : find(dtb, after) + 1;
	return *entry > 0 || after == -1;
}

bool rk_fdt_index_compatible(const void *dtb, int after, const char *compat, bool enabled,
			     int *node)
{
	int i;

	if (!start_after(dtb, after, &i))
		return false;
	/* libfdt matches "" by reading the byte after a list: no filter. */
	uint32_t mask = compat[0] ? compat_mask(compat, strlen(compat)) : 0;
	for (*node = -FDT_ERR_NOTFOUND; i < idx.count; i++) {
		const struct node *n = &idx.node[i];
		const struct rk_fdt_cached *c = &n->prop[RK_FDT_P_COMPATIBLE];
		if (c->value && (n->compat_bits & mask) == mask && (n->enabled || !enabled) &&
		    fdt_stringlist_contains((const char *)dtb + c->value, c->len, compat)) {
			*node = n->offset;
			break;
		}
	}
	return true;
}

bool rk_fdt_index_memory(const void *dtb, int after, int *node)
{
	int i;

	if (!start_after(dtb, after, &i))
		return false;
	for (*node = -FDT_ERR_NOTFOUND; i < idx.count; i++) {
		if (idx.node[i].memory) {
			*node = idx.node[i].offset;
			break;
		}
	}
	return true;
}

bool rk_fdt_index_phandle(const void *dtb, uint32_t phandle, int *node)
{
	/* 0 and ~0 are libfdt's "invalid phandle" answers: leave them to it. */
	if (dtb != idx.dtb || idx.count == 0 || phandle == 0 || phandle == ~0u)
		return false;
	/* The first entry whose phandle is not below the one asked for. */
	int lo = 0, hi = idx.nphandles;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (idx.phandle[mid].phandle < phandle)
			lo = mid + 1;
		else
			hi = mid;
	}
	*node = lo < idx.nphandles && idx.phandle[lo].phandle == phandle ?
			idx.node[idx.phandle[lo].entry].offset :
			-FDT_ERR_NOTFOUND;
	return true;
}

bool rk_fdt_index_parent(const void *dtb, int node, int *parent)
{
	int i = find(dtb, node);

	if (i < 0)
		return false;
	int p = idx.node[i].parent;
	*parent = p < 0 ? -FDT_ERR_NOTFOUND : idx.node[p].offset;
	return true;
}

bool rk_fdt_index_enabled(const void *dtb, int node, int *enabled)
{
	int i = find(dtb, node);

	if (i < 0)
		return false;
	*enabled = idx.node[i].enabled;
	return true;
}

bool rk_fdt_index_prop(const void *dtb, int node, int id, const void **val, int *len)
{
	int i = find(dtb, node);

	if (i < 0)
		return false;
	const struct rk_fdt_cached *p = &idx.node[i].prop[id];
	*val = p->value ? (const char *)dtb + p->value : NULL;
	*len = p->value ? p->len : -FDT_ERR_NOTFOUND;
	return true;
}

bool rk_fdt_index_next_child(const void *dtb, int parent, int after, int *child)
{
	int p = find(dtb, parent);

	if (p < 0)
		return false;
	int i = p + 1;
	if (after >= 0) {
		i = find(dtb, after);
		if (i < 0 || idx.node[i].parent != p)
			return false;
		i++;
	}
	/* The subtree of p is the run of entries deeper than it. */
	for (*child = -FDT_ERR_NOTFOUND; i < idx.count && idx.node[i].depth > idx.node[p].depth; i++) {
		if (idx.node[i].parent == p) {
			*child = idx.node[i].offset;
			break;
		}
	}
	return true;
}

bool rk_fdt_index_name(const void *dtb, int node, const char **name)
{
	if (find(dtb, node) < 0)
		return false;
	/* Version 17 (the only one indexed): the name follows the tag. */
	*name = (const char *)dtb + fdt_off_dt_struct(dtb) + node + FDT_TAGSIZE;
	return true;
}

/* fdt_subnode_offset's rule for a name: equal, or equal up to the '@' of
 * the node's unit address when the name asked for has none. */
static bool name_matches(const char *node_name, const char *s, size_t len)
{
	return !strncmp(node_name, s, len) &&
	       (node_name[len] == '\0' || (node_name[len] == '@' && !memchr(s, '@', len)));
}

bool rk_fdt_index_path(const void *dtb, const char *path, size_t len, int *node)
{
	/* An alias (no leading '/') is libfdt's to resolve. */
	if (dtb != idx.dtb || idx.count == 0 || len == 0 || path[0] != '/')
		return false;
	const char *st = (const char *)dtb + fdt_off_dt_struct(dtb);
	const char *p = path, *end = path + len;
	int cur = 0; /* the root */

	/* fdt_path_offset_namelen's walk: each component names a child of
	 * the node so far (the first in tree order that matches), and runs
	 * of '/' separate components. */
	while (p < end) {
		while (*p == '/') {
			if (++p == end) {
				*node = idx.node[cur].offset;
				return true;
			}
		}
		const char *q = memchr(p, '/', (size_t)(end - p));
		if (!q)
			q = end;
		int i = cur + 1;
		/* The subtree of cur is the run of entries deeper than it. */
		for (; i < idx.count && idx.node[i].depth > idx.node[cur].depth; i++)
			if (idx.node[i].parent == cur &&
			    name_matches(st + idx.node[i].offset + FDT_TAGSIZE, p, (size_t)(q - p)))
				break;
		if (i == idx.count || idx.node[i].depth <= idx.node[cur].depth) {
			*node = -FDT_ERR_NOTFOUND;
			return true;
		}
		cur = i;
		p = q;
	}
	*node = idx.node[cur].offset;
	return true;
}

bool rk_fdt_index_view_next(const void *dtb, struct rk_fdt_view *v, int *err)
{
	int i;

	/* The entry after v's: where the last answer left it, as a rule. */
	if (dtb != idx.dtb || idx.count == 0)
		return false;
	if (v->node == -1)
		i = 0;
	else if (v->entry >= 0 && v->entry < idx.count && idx.node[v->entry].offset == v->node)
		i = v->entry + 1;
	else if ((i = find(dtb, v->node) + 1) == 0)
		return false;
	if (i == idx.count) {
		*err = -FDT_ERR_NOTFOUND;
		return true;
	}
	const struct node *n = &idx.node[i];
	v->entry = i;
	v->node = n->offset;
	v->depth = n->depth;
	v->parent = n->parent < 0 ? -1 : idx.node[n->parent].offset;
	v->phandle = n->phandle;
	v->prop = n->prop;
	*err = 0;
	return true;
}
