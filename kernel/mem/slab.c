/* SPDX-License-Identifier: BSD-2-Clause */
/* Slabs: the small blocks of the heap, in fixed size classes.
 *
 * A slab is a run of 1 to 8 pages holding blocks of one class from its
 * first byte on, so every block is aligned to the largest power of two
 * dividing its size (a 256-byte block to 256, a 48-byte one to 16). The
 * slab's header sits in its last 64 bytes; it holds a bitmap of the blocks
 * handed out, which is what allocation searches and what makes a double
 * free or a pointer into the middle of a block detectable. There are no
 * per-block headers (a 16-byte malloc costs 16 bytes) and nothing in a free
 * block that a use-after-free could corrupt into a wild pointer.
 *
 * Each class keeps its partly used slabs on a list and one empty slab in
 * reserve; further slabs that empty go back to the page allocator. The
 * page counts per class keep the waste at the end of a slab under 6%. */
#include <string.h>
#include <rumpk/panic.h>
#include "mem_internal.h"

#define SLAB_HDR 64
#define SLAB_MAGIC 0x51ab5eedu
#define MAX_BLOCKS 256
/* Freed blocks are filled with this when CONFIG_HEAP_POISON is set, and
 * checked when handed out again: a write after free then panics. */
#define POISON 0x6b

struct slab {
	uint32_t magic;
	uint16_t cls;
	uint16_t nfree;
	struct slab *prev, *next;      /* the class's partial list */
	uint64_t map[MAX_BLOCKS / 64]; /* bit set: block in use (or past the end) */
};
_Static_assert(sizeof(struct slab) <= SLAB_HDR, "slab header outgrew its space");

struct size_class {
	uint16_t size;
	uint16_t pages;
	uint16_t nblocks;
	struct slab *partial; /* some blocks free, some in use */
	struct slab *empty;   /* kept in reserve so a malloc/free pair does not
				 hit the page allocator every time */
};

#define SMALL_MAX 3072 /* the largest class: the table below ends with it */
#define CLASS(sz, pg) { sz, pg, (pg * PAGE_SIZE - SLAB_HDR) / sz, NULL, NULL }
static struct size_class classes[] = {
	CLASS(16, 1),   CLASS(32, 1),   CLASS(48, 1),   CLASS(64, 1),
	CLASS(96, 1),   CLASS(128, 1),  CLASS(192, 1),  CLASS(256, 1),
	CLASS(384, 1),  CLASS(512, 2),  CLASS(768, 2),  CLASS(1024, 4),
	CLASS(1536, 4), CLASS(2048, 8), CLASS(SMALL_MAX, 8),
};
#define NCLASSES ((int)(sizeof(classes) / sizeof(classes[0])))

static uint64_t slab_pages;

/* Class of each size in 16-byte steps, for the usual 16-byte alignment:
 * one load on the malloc path instead of a walk over the classes. Filled
 * on first use. */
static int8_t class_by_size[SMALL_MAX / 16 + 1];
static bool class_table_ready;

static void fill_class_table(void)
{
	unsigned i = 0;

	/* Each class takes the sizes up to its own: a run of stores per
	 * class (comparing each size with the classes cost 2.4k
	 * instructions of boot). */
	for (int c = 0; c < NCLASSES; c++)
		for (; i <= classes[c].size / 16u; i++)
			class_by_size[i] = (int8_t)c;
	class_table_ready = true;
}

int slab_class_for(size_t size, size_t align)
{
	if (align <= 16) {
		if (size > SMALL_MAX)
			return -1;
		if (!class_table_ready)
			fill_class_table();
		return class_by_size[(size + 15) / 16];
	}
	for (int i = 0; i < NCLASSES; i++) {
		size_t s = classes[i].size;
		if (size <= s && (s & -s) >= align)
			return i;
	}
	return -1;
}

size_t slab_class_size(int cls)
{
	return classes[cls].size;
}

uint64_t slab_page_count(void)
{
	return slab_pages;
}

static uintptr_t slab_base(const struct slab *s)
{
	return (uintptr_t)s + SLAB_HDR - classes[s->cls].pages * PAGE_SIZE;
}

static void unlink_partial(struct size_class *c, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		c->partial = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->prev = s->next = NULL;
}

static void push_partial(struct size_class *c, struct slab *s)
{
	s->prev = NULL;
	s->next = c->partial;
	if (c->partial)
		c->partial->prev = s;
	c->partial = s;
}

static struct slab *slab_new(int cls)
{
	struct size_class *c = &classes[cls];
	uint8_t *base = pages_alloc(c->pages, 1, PG_SLAB);
	if (!base)
		return NULL;
	struct slab *s = (struct slab *)(base + c->pages * PAGE_SIZE - SLAB_HDR);
	s->magic = SLAB_MAGIC;
	s->cls = (uint16_t)cls;
	s->nfree = c->nblocks;
	s->prev = s->next = NULL;
	/* Bits for blocks past the end read as in use, so no search finds them. */
	for (unsigned w = 0; w < MAX_BLOCKS / 64; w++) {
		unsigned first = w * 64;
		s->map[w] = c->nblocks <= first ? ~0ull
			  : c->nblocks >= first + 64 ? 0 : ~0ull << (c->nblocks - first);
	}
#ifdef CONFIG_HEAP_POISON
	memset(base, POISON, (size_t)c->nblocks * c->size);
#endif
	slab_pages += c->pages;
	return s;
}

static void slab_release(struct slab *s)
{
	size_t pages = classes[s->cls].pages;

	s->magic = 0; /* stale pointers into it must not find a slab */
	pages_free((void *)slab_base(s), pages, PG_SLAB, "free");
	slab_pages -= pages;
}

#ifdef CONFIG_HEAP_POISON
static void check_poison(const uint8_t *p, size_t size)
{
	for (size_t i = 0; i < size; i++)
		if (p[i] != POISON)
			rk_panic("heap: %zu-byte block at %p was written after it was freed "
				 "(byte %zu is %#x)", size, (const void *)p, i, p[i]);
}
#endif

void *slab_alloc(int cls)
{
	struct size_class *c = &classes[cls];
	struct slab *s = c->partial;

	if (!s) {
		s = c->empty ? c->empty : slab_new(cls);
		if (!s)
			return NULL;
		c->empty = NULL;
		push_partial(c, s);
	}
	unsigned idx = 0;
	for (unsigned w = 0; w < MAX_BLOCKS / 64; w++) {
		if (~s->map[w]) {
			unsigned b = (unsigned)__builtin_ctzll(~s->map[w]);
			s->map[w] |= 1ull << b;
			idx = w * 64 + b;
			break;
		}
	}
	if (--s->nfree == 0)
		unlink_partial(c, s);
	uint8_t *p = (uint8_t *)slab_base(s) + (size_t)idx * c->size;
#ifdef CONFIG_HEAP_POISON
	check_poison(p, c->size);
#endif
	return p;
}

bool slab_find(uintptr_t p, const struct page_info *pi, const char *fn, struct slab_block *b)
{
	if (pi->head_kind != PG_SLAB)
		return false;
	struct slab *s = (struct slab *)(pi->head + pi->run_pages * PAGE_SIZE - SLAB_HDR);
	if (s->magic != SLAB_MAGIC || s->cls >= NCLASSES || classes[s->cls].pages != pi->run_pages)
		rk_panic("%s(%p): the heap slab at %p is corrupt", fn, (void *)p, (void *)pi->head);
	const struct size_class *c = &classes[s->cls];
	size_t off = p - pi->head;
	if (off % c->size || off / c->size >= c->nblocks)
		rk_panic("%s(%p): not the start of a heap block (%u-byte blocks from %p)", fn,
			 (void *)p, c->size, (void *)pi->head);
	unsigned idx = (unsigned)(off / c->size);
	if (!(s->map[idx / 64] >> (idx % 64) & 1))
		rk_panic("%s(%p): double free (the %u-byte block is not in use)", fn, (void *)p,
			 c->size);
	b->slab = s;
	b->index = idx;
	b->cls = s->cls;
	b->size = c->size;
	return true;
}

void slab_free(const struct slab_block *b)
{
	struct slab *s = b->slab;
	struct size_class *c = &classes[b->cls];

	s->map[b->index / 64] &= ~(1ull << (b->index % 64));
#ifdef CONFIG_HEAP_POISON
	memset((uint8_t *)slab_base(s) + (size_t)b->index * c->size, POISON, c->size);
#endif
	if (s->nfree++ == 0)
		push_partial(c, s);
	if (s->nfree < c->nblocks)
		return;
	unlink_partial(c, s);
	if (!c->empty)
		c->empty = s;
	else
		slab_release(s);
}
