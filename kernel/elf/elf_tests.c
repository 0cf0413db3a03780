/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image tests of the ELF loader: ktest/prog.c, built at build time by the
 * image's compiler as a static PIE for this CPU and embedded as
 * rk_ktest_prog, is checked, loaded into pages from the page allocator at
 * whatever address they have, relocated and inspected (never run). The host
 * test test/unit/test_elf.c covers every refusal on all three machines. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <rumpk/elf.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include <rumpk/test.h>
#include "elf_format.h"

extern const uint8_t rk_ktest_prog[];
extern const size_t rk_ktest_prog_size;

#define MARKER_MAGIC 0x524b454c46544553ull /* ktest/prog.c */

struct marker {
	uint64_t magic;
	uint64_t text, counter, bss; /* run-time addresses after relocation */
};

/* Keep the image description off the fiber stack. */
static struct rk_elf_image img;

static void policy(struct rk_elf_policy *pol)
{
	*pol = (struct rk_elf_policy){
		.machine = RK_ELF_MACHINE_NATIVE,
		.window_lo = RK_PAGE_SIZE, .window_hi = UINT64_MAX,
		.opts = RK_ELF_ALLOW_DYN | RK_ELF_REFUSE_WX,
	};
#if defined(__riscv)
	pol->flags_mask = 0x6; /* EF_RISCV_FLOAT_ABI: the kernel is soft-float */
#endif
}

RK_TEST(elf_loads_static_pie)
{
	struct rk_elf_policy pol;
	struct rk_elf_loaded out;

	policy(&pol);
	int r = rk_elf_check(&img, rk_ktest_prog, rk_ktest_prog_size, &pol);
	if (r)
		printk("\n  %s\n", img.why);
	RK_EXPECT_EQ(r, 0);
	RK_EXPECT_EQ(img.type, RK_ET_DYN);
	RK_EXPECT(img.nseg >= 2);
	RK_EXPECT(img.rela_count >= 3); /* the marker's three pointers */
	if (r)
		return;

	/* Over-allocate so the start can be aligned to what the program asks. */
	uint64_t span = rk_elf_span_size(&img);
	size_t pages = (size_t)((span + img.align) / RK_PAGE_SIZE);
	uint8_t *mem = rk_page_alloc(pages);
	RK_EXPECT(mem != 0);
	if (!mem)
		return;
	uintptr_t at = ((uintptr_t)mem + img.align - 1) & ~(uintptr_t)(img.align - 1);
	uint8_t *dest = (uint8_t *)at;
	memset(dest, 0xa5, (size_t)span); /* the loader must zero what is not file */

	RK_EXPECT(strstr(rk_elf_load(&img, dest, (size_t)span, at, &out) ? img.why : "",
			   "signature not verified"));
	img.signature_ok = true; /* stands in for the Ed25519 check */
	r = rk_elf_load(&img, dest, (size_t)span, at, &out);
	if (r)
		printk("\n  %s\n", img.why);
	RK_EXPECT_EQ(r, 0);
	RK_EXPECT_EQ(out.base, at);
	RK_EXPECT(out.entry >= at && out.entry < at + span);

	/* Find the marker and follow its relocated pointers. */
	const struct marker *m = 0;
	for (uint64_t o = 0; o + sizeof(*m) <= span; o += 8)
		if (rd64(dest + o) == MARKER_MAGIC)
			m = (const struct marker *)(void *)(dest + o);
	RK_EXPECT(m != 0);
	if (m) {
		RK_EXPECT(m->text >= at && m->text < at + span);
		RK_EXPECT(!strcmp((const char *)(uintptr_t)m->text, "rumpk elf test"));
		RK_EXPECT_EQ(*(const long *)(uintptr_t)m->counter, 7);
		const long *bss = (const long *)(uintptr_t)m->bss;
		bool zero = true;
		for (int i = 0; i < 1024; i++)
			zero &= bss[i] == 0;
		RK_EXPECT(zero);
	}
	rk_page_free(mem, pages);
}

/* Each mutation of a copy must be refused with its reason. */
static void expect_refused(uint8_t *copy, size_t size, const char *reason)
{
	struct rk_elf_policy pol;

	policy(&pol);
	RK_EXPECT_EQ(rk_elf_check(&img, copy, size, &pol), -RK_ENOEXEC);
	if (!strstr(img.why, reason)) {
		printk("\n  want '%s', got '%s'\n", reason, img.why);
		RK_EXPECT(strstr(img.why, reason));
	}
	memcpy(copy, rk_ktest_prog, rk_ktest_prog_size);
}

RK_TEST(elf_refuses_damaged_programs)
{
	size_t size = rk_ktest_prog_size;
	size_t pages = (size + RK_PAGE_SIZE - 1) / RK_PAGE_SIZE;
	uint8_t *copy = rk_page_alloc(pages);

	RK_EXPECT(copy != 0);
	if (!copy)
		return;
	memcpy(copy, rk_ktest_prog, size);
	uint64_t phoff = rd64(copy + E_PHOFF);
	unsigned phnum = rd16(copy + E_PHNUM), first = phnum, second = phnum;
	uint64_t file_end = 0; /* of the loadable bytes; section headers may follow */
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *p = copy + phoff + i * PH_SIZE;
		if (rd32(p + P_TYPE) != PT_LOAD)
			continue;
		if (rd64(p + P_OFFSET) + rd64(p + P_FILESZ) > file_end)
			file_end = rd64(p + P_OFFSET) + rd64(p + P_FILESZ);
		if (first == phnum)
			first = i;
		else if (second == phnum)
			second = i;
	}
	RK_EXPECT(second < phnum);

	copy[1] = 'X';
	expect_refused(copy, size, "bad magic");
	copy[E_MACHINE] ^= 0x01;
	expect_refused(copy, size, "does not match this CPU");
	expect_refused(copy, 100, "truncated: program headers end at");
	expect_refused(copy, (size_t)file_end - 1, "truncated: segment");
	copy[E_ENTRY + 7] = 0x7f;
	expect_refused(copy, size, "entry point");
	if (second < phnum) {
		/* Move the second loadable segment onto the first. */
		memcpy(copy + phoff + second * PH_SIZE + P_VADDR,
		       copy + phoff + first * PH_SIZE + P_VADDR, 8);
		memcpy(copy + phoff + second * PH_SIZE + P_OFFSET,
		       copy + phoff + first * PH_SIZE + P_OFFSET, 8);
		expect_refused(copy, size, "overlaps segment");
	}
	rk_page_free(copy, pages);
}
