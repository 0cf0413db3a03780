/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit test of the ELF64 validator and loader (kernel/elf/), under ASan
 * and UBSan.
 *
 * kernel/elf/ktest/prog.c is built at build time for x86_64, riscv64 and
 * aarch64: by gcc as ET_EXEC (linked at 0x40000000) and as a static PIE, and
 * by clang+lld as a static PIE. Each program must be accepted and load
 * correctly (segments copied, BSS zeroed, relocations applied for a chosen
 * address), then each mutation must be refused with its reason. Sweeps
 * damage every header byte and truncate at every length: the check never
 * crashes, every refusal has a reason, and whatever it accepts loads. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sanitizer/asan_interface.h>
#include <rumpk/elf.h>
#include "elf_format.h"
#include "check.h"

static struct rk_elf_image img;

#define MARKER_MAGIC 0x524b454c46544553ull /* kernel/elf/ktest/prog.c */
#define WINDOW_LO 0x10000ull
#define WINDOW_HI 0x800000000000ull
#define DYN_BASE 0x7f1234560000ull /* where PIEs are placed (64 KiB aligned) */

static void w16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void w32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> 8 * i); }

static uint8_t *load_file(const char *name, size_t *size)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", RK_TRUST_DATA, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	*size = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *buf = malloc(*size);
	if (fread(buf, 1, *size, f) != *size)
		exit(1);
	fclose(f);
	return buf;
}

static struct rk_elf_policy policy(uint16_t machine)
{
	struct rk_elf_policy pol = {
		.machine = machine, .window_lo = WINDOW_LO, .window_hi = WINDOW_HI,
		.opts = RK_ELF_ALLOW_DYN | RK_ELF_REFUSE_WX,
	};
	if (machine == RK_EM_RISCV)
		pol.flags_mask = 0x6; /* soft-float ABI, like the kernel */
	return pol;
}

/* Check a copy of file (size bytes, possibly fewer than the buffer) under
 * pol; expect a refusal whose reason contains want. */
static void refused_(int line, const uint8_t *file, size_t size, const struct rk_elf_policy *pol,
		     const char *want)
{
	uint8_t *copy = malloc(size ? size : 1); /* exact size: ASan sees overreads */
	if (size)
		memcpy(copy, file, size);
	int r = rk_elf_check(&img, copy, size, pol);
	check_at(r == -RK_ENOEXEC && strstr(img.why, want) && !strncmp(img.why, "elf: ", 5),
		 __FILE__, line, "check returned %d with '%s', want '%s'", r, img.why, want);
	free(copy);
}
#define refused(file, size, pol, want) refused_(__LINE__, file, size, pol, want)

/* Program header access in a mutable copy. */
struct prog {
	uint8_t *f;
	size_t size;
	uint64_t phoff;
	unsigned phnum;
	int load[RK_ELF_MAX_SEGMENTS]; /* indices of the PT_LOADs */
	int nload, dynamic, other;     /* other: a header that is neither */
	uint64_t load_end;             /* end of the loadable file bytes */
};

static uint8_t *ph(struct prog *p, int i) { return p->f + p->phoff + (uint64_t)i * PH_SIZE; }

static void scan(struct prog *p)
{
	p->phoff = rd64(p->f + E_PHOFF);
	p->phnum = rd16(p->f + E_PHNUM);
	p->nload = 0;
	p->dynamic = p->other = -1;
	p->load_end = 0;
	for (unsigned i = 0; i < p->phnum; i++) {
		uint32_t type = rd32(ph(p, i));
		if (type == PT_LOAD) {
			p->load[p->nload++] = (int)i;
			uint64_t end = rd64(ph(p, i) + P_OFFSET) + rd64(ph(p, i) + P_FILESZ);
			if (end > p->load_end)
				p->load_end = end;
		} else if (type == PT_DYNAMIC) {
			p->dynamic = (int)i;
		} else if (p->other < 0) {
			p->other = (int)i;
		}
	}
}

/* --- Accept and load --------------------------------------------------------- */

static void check_loaded(const uint8_t *file, const uint8_t *dest, uint64_t at,
			 const struct rk_elf_loaded *out)
{
	uint64_t span = rk_elf_span_size(&img);

	CHECK_EQ(out->base, at);
	CHECK_EQ(out->size, span);
	CHECK_EQ(out->bias, at - img.span_lo);
	CHECK(out->entry >= at && out->entry < at + span);
	/* Every segment: file bytes (outside relocated words) then zeros. */
	for (unsigned i = 0; i < img.nseg; i++) {
		const struct rk_elf_segment *s = &img.seg[i];
		const uint8_t *d = dest + (s->vaddr - img.span_lo);
		size_t differ = 0;
		for (uint64_t k = 0; k < s->filesz; k++)
			differ += d[k] != file[s->offset + k];
		/* A PIE's relocated words differ: at most 8 bytes each. */
		CHECK(differ <= img.rela_count * 8);
		bool zero = true;
		for (uint64_t k = s->filesz; k < s->memsz; k++)
			zero &= d[k] == 0;
		CHECK(zero);
	}
	/* The marker's pointers, relocated for 'at'. */
	const uint8_t *m = NULL;
	for (uint64_t o = 0; o + 32 <= span; o += 8)
		if (rd64(dest + o) == MARKER_MAGIC)
			m = dest + o;
	CHECK(m != NULL);
	if (!m)
		return;
	uint64_t text = rd64(m + 8), counter = rd64(m + 16), bss = rd64(m + 24);
	CHECK(text >= at && text < at + span && counter >= at && counter + 8 <= at + span);
	CHECK(bss >= at && bss + 8192 <= at + span);
	if (text >= at && text < at + span - 16)
		CHECK(!strcmp((const char *)dest + (text - at), "rumpk elf test"));
	if (counter >= at && counter + 8 <= at + span)
		CHECK_EQ(rd64(dest + (counter - at)), 7);
	if (bss >= at && bss + 8192 <= at + span) {
		bool zero = true;
		for (int k = 0; k < 8192; k++)
			zero &= dest[bss - at + k] == 0;
		CHECK(zero);
	}
}

static void test_accept_and_load(const uint8_t *file, size_t size, uint16_t machine, bool pie)
{
	struct rk_elf_policy pol = policy(machine);
	struct rk_elf_loaded out;

	int r = rk_elf_check(&img, file, size, &pol);
	if (r)
		printf("  %s: %s\n", check_context, img.why);
	CHECK_EQ(r, 0);
	if (r)
		return;
	CHECK_EQ(img.type, pie ? RK_ET_DYN : RK_ET_EXEC);
	CHECK(img.nseg >= 2);
	CHECK(img.span_lo % 4096 == 0 && img.span_hi % 4096 == 0 && img.span_lo < img.span_hi);
	CHECK(pie ? img.rela_count >= 3 : img.rela_count == 0);
	CHECK(!pie || img.span_lo == 0);
	CHECK(pie || img.span_lo == 0x40000000);
	CHECK(img.align >= 4096 && (img.align & (img.align - 1)) == 0);

	uint64_t span = rk_elf_span_size(&img);
	uint64_t at = pie ? DYN_BASE : img.span_lo;
	uint8_t *dest = aligned_alloc(4096, span + 4096);

	memset(dest, 0xa5, span + 4096);
	/* Refusals of the load step. */
	CHECK_EQ(rk_elf_load(&img, dest, span, at, &out), -RK_ENOEXEC);
	CHECK(strstr(img.why, "signature not verified"));
	img.signature_ok = true;
	CHECK_EQ(rk_elf_load(&img, dest, span - 1, at, &out), -RK_ENOEXEC);
	CHECK(strstr(img.why, "is smaller than the span"));
	CHECK_EQ(rk_elf_load(&img, NULL, span, at, &out), -RK_ENOEXEC);
	CHECK_EQ(rk_elf_load(&img, (void *)(uintptr_t)file, span, at, &out), -RK_ENOEXEC);
	CHECK(strstr(img.why, "destination overlaps the ELF file"));
	if (pie) {
		CHECK_EQ(rk_elf_load(&img, dest, span, at + 8, &out), -RK_ENOEXEC);
		CHECK(strstr(img.why, "is not aligned to"));
		CHECK_EQ(rk_elf_load(&img, dest, span, WINDOW_HI - img.align, &out), -RK_ENOEXEC);
		CHECK(strstr(img.why, "is outside the load window"));
		CHECK_EQ(rk_elf_load(&img, dest, span, 0, &out), -RK_ENOEXEC);
		CHECK(strstr(img.why, "is outside the load window"));
	} else {
		CHECK_EQ(rk_elf_load(&img, dest, span, at + 4096, &out), -RK_ENOEXEC);
		CHECK(strstr(img.why, "ET_EXEC must be loaded at its link address 0x40000000"));
	}
	/* None of those wrote anything. */
	bool untouched = true;
	for (uint64_t k = 0; k < span; k++)
		untouched &= dest[k] == 0xa5;
	CHECK(untouched);

	r = rk_elf_load(&img, dest, span, at, &out);
	if (r)
		printf("  %s: %s\n", check_context, img.why);
	CHECK_EQ(r, 0);
	if (!r)
		check_loaded(file, dest, at, &out);
	CHECK(dest[span] == 0xa5); /* nothing past the span */
	/* A PIE works at any aligned address: load again elsewhere. */
	if (pie && !r) {
		at = 0x10000 * 3;
		CHECK_EQ(rk_elf_load(&img, dest, span, at, &out), 0);
		check_loaded(file, dest, at, &out);
	}
	free(dest);

	/* The loader re-checks every write: a file or description changed
	 * after the check (which must not happen) cannot move it outside dest. */
	uint8_t *copy = malloc(size);
	dest = malloc(span);
	memcpy(copy, file, size);
	CHECK_EQ(rk_elf_check(&img, copy, size, &pol), 0);
	img.signature_ok = true;
	if (pie) {
		wr64(copy + img.rela_offset, img.span_hi); /* first relocation's target */
		CHECK_EQ(rk_elf_load(&img, dest, span, at, &out), -RK_ENOEXEC);
		CHECK(strstr(img.why, "relocation 0 changed after the check"));
		img.rela_count = size; /* a table that runs off the file */
		CHECK_EQ(rk_elf_load(&img, dest, span, at, &out), -RK_ENOEXEC);
		CHECK(strstr(img.why, "changed after the check"));
	}
	img.seg[0].filesz = span + 1;
	CHECK_EQ(rk_elf_load(&img, dest, span, at, &out), -RK_ENOEXEC);
	CHECK(strstr(img.why, "no longer fits (image changed after the check)"));
	free(dest);
	free(copy);
}

/* --- Mutations ---------------------------------------------------------------- */

static void test_mutations(const uint8_t *file, size_t size, uint16_t machine, bool pie)
{
	struct rk_elf_policy pol = policy(machine), p2;
	struct prog p = { .f = malloc(size), .size = size };
	char want[128];

#define RESET() (memcpy(p.f, file, size), scan(&p))
	RESET();
	if (p.nload < 2 || p.other < 0) {
		CHECK(!"program has the expected headers");
		free(p.f);
		return;
	}
	int l0 = p.load[0], l1 = p.load[1];

	/* ELF header. */
	p.f[0] ^= 1;
	refused(p.f, size, &pol, "elf: bad magic 7e 45 4c 46 (not an ELF file)");
	RESET();
	p.f[EI_CLASS] = 1;
	refused(p.f, size, &pol, "class 1: not a 64-bit ELF file");
	RESET();
	p.f[EI_DATA] = 2;
	refused(p.f, size, &pol, "data encoding 2: not little-endian");
	RESET();
	p.f[EI_VERSION] = 0;
	refused(p.f, size, &pol, "identification version 0");
	RESET();
	p.f[EI_OSABI] = 9;
	refused(p.f, size, &pol, "OS ABI 9 is not supported");
	RESET();
	w16(p.f + E_TYPE, 1);
	refused(p.f, size, &pol, "type 1 is not an executable (ET_REL, an object file)");
	w16(p.f + E_TYPE, 4);
	refused(p.f, size, &pol, "ET_CORE");
	RESET();
	p2 = pol;
	p2.opts &= ~RK_ELF_ALLOW_DYN;
	if (pie)
		refused(p.f, size, &p2, "type ET_DYN (position-independent) is not allowed here");
	p2 = pol;
	p2.machine = machine == RK_EM_X86_64 ? RK_EM_RISCV : RK_EM_X86_64;
	snprintf(want, sizeof(want), "machine %u (%s) does not match this CPU (%u, %s)", machine,
		 machine == RK_EM_X86_64 ? "x86_64" : machine == RK_EM_RISCV ? "riscv64" : "aarch64",
		 p2.machine, p2.machine == RK_EM_X86_64 ? "x86_64" : "riscv64");
	refused(p.f, size, &p2, want);
	w32(p.f + E_VERSION, 0);
	refused(p.f, size, &pol, "version 0 (expected 1)");
	RESET();
	p2 = pol;
	p2.flags_mask = 0xffffffff;
	p2.flags_value = 0x12345;
	refused(p.f, size, &p2, "bits 0xffffffff must be 0x12345 for this kernel");
	if (machine == RK_EM_RISCV) { /* a hard-float program on the soft-float kernel */
		w32(p.f + E_FLAGS, rd32(p.f + E_FLAGS) | 0x4);
		refused(p.f, size, &pol, "bits 0x6 must be 0x0");
		RESET();
	}
	w16(p.f + E_EHSIZE, 52);
	refused(p.f, size, &pol, "e_ehsize 52 (expected 64)");
	RESET();
	w16(p.f + E_PHENTSIZE, 32);
	refused(p.f, size, &pol, "e_phentsize 32 (expected 56)");
	RESET();
	w16(p.f + E_PHNUM, 0);
	refused(p.f, size, &pol, "no program headers");
	w16(p.f + E_PHNUM, 0xffff);
	refused(p.f, size, &pol, "(PN_XNUM) is not supported");
	w16(p.f + E_PHNUM, 65);
	refused(p.f, size, &pol, "65 program headers (max 64)");
	RESET();
	wr64(p.f + E_PHOFF, size - 8);
	snprintf(want, sizeof(want), "elf: truncated: program headers end at 0x%llx beyond file size 0x%llx",
		 (unsigned long long)(size - 8 + p.phnum * 56ull), (unsigned long long)size);
	refused(p.f, size, &pol, want);
	wr64(p.f + E_PHOFF, UINT64_MAX - 8);
	refused(p.f, size, &pol, "program header offset 0xfffffffffffffff7 wraps around");
	wr64(p.f + E_PHOFF, 8);
	refused(p.f, size, &pol, "overlap the ELF header");
	RESET();
	refused(p.f, 63, &pol, "elf: truncated: file is 0x3f bytes, the ELF header needs 0x40");
	refused(p.f, 0, &pol, "truncated: file is 0x0 bytes");
	refused(p.f, p.phoff + p.phnum * 56 - 1, &pol, "truncated: program headers end at");
	snprintf(want, sizeof(want), "truncated: segment %d needs file bytes up to 0x%llx, file size is 0x%llx",
		 p.load[p.nload - 1], (unsigned long long)p.load_end, (unsigned long long)p.load_end - 1);
	refused(p.f, p.load_end - 1, &pol, want);

	/* Program headers. */
	wr64(ph(&p, l1) + P_FILESZ, rd64(ph(&p, l1) + P_MEMSZ) + 1);
	snprintf(want, sizeof(want), "segment %d: p_filesz 0x%llx is larger than p_memsz", l1,
		 (unsigned long long)rd64(ph(&p, l1) + P_FILESZ));
	refused(p.f, size, &pol, want);
	RESET();
	wr64(ph(&p, l0) + P_OFFSET, UINT64_MAX - 4);
	refused(p.f, size, &pol, "p_offset 0xfffffffffffffffb + p_filesz");
	RESET();
	wr64(ph(&p, l1) + P_VADDR, UINT64_MAX - 16);
	refused(p.f, size, &pol, "p_vaddr 0xffffffffffffffef + p_memsz");
	RESET();
	wr64(ph(&p, l0) + P_ALIGN, 0x3000);
	snprintf(want, sizeof(want), "segment %d: p_align 0x3000 is not a power of two", l0);
	refused(p.f, size, &pol, want);
	wr64(ph(&p, l0) + P_ALIGN, 0x400000);
	refused(p.f, size, &pol, "p_align 0x400000 is larger than 0x200000");
	RESET();
	wr64(ph(&p, l1) + P_VADDR, rd64(ph(&p, l1) + P_VADDR) + 8);
	refused(p.f, size, &pol, "differ modulo p_align");
	RESET();
	/* The second segment moved onto the first (its offset too, to stay
	 * congruent): the message names both. */
	memcpy(ph(&p, l1) + P_VADDR, ph(&p, l0) + P_VADDR, 8);
	memcpy(ph(&p, l1) + P_OFFSET, ph(&p, l0) + P_OFFSET, 8);
	snprintf(want, sizeof(want), "elf: segment %d overlaps segment %d", l1, l0);
	refused(p.f, size, &pol, want);
	RESET();
	w32(ph(&p, l0) + P_FLAGS, RK_ELF_PF_R | RK_ELF_PF_W | RK_ELF_PF_X);
	snprintf(want, sizeof(want), "segment %d is writable and executable", l0);
	refused(p.f, size, &pol, want);
	p2 = pol;
	p2.opts &= ~RK_ELF_REFUSE_WX;
	CHECK_EQ(rk_elf_check(&img, p.f, size, &p2), 0);
	RESET();
	for (int i = 0; i < p.nload; i++)
		w32(ph(&p, p.load[i]), 0); /* PT_NULL */
	refused(p.f, size, &pol, "no PT_LOAD segment");
	RESET();
	w32(ph(&p, p.other), PT_INTERP);
	snprintf(want, sizeof(want), "segment %d: PT_INTERP: needs a dynamic linker", p.other);
	refused(p.f, size, &pol, want);
	w32(ph(&p, p.other), PT_TLS);
	refused(p.f, size, &pol, "PT_TLS: thread-local storage is not supported");
	/* Accepted with RK_ELF_ALLOW_TLS when its template is in a segment's
	 * file bytes (the program copies it from there). */
	p2 = pol;
	p2.opts |= RK_ELF_ALLOW_TLS;
	uint8_t *t = ph(&p, p.other);
	memcpy(t + P_VADDR, ph(&p, l1) + P_VADDR, 8);
	wr64(t + P_FILESZ, rd64(ph(&p, l1) + P_FILESZ) < 16 ? rd64(ph(&p, l1) + P_FILESZ) : 16);
	wr64(t + P_MEMSZ, 64);
	wr64(t + P_ALIGN, 8);
	CHECK_EQ(rk_elf_check(&img, p.f, size, &p2), 0);
	wr64(t + P_FILESZ, 65);
	refused(p.f, size, &p2, "PT_TLS p_filesz 0x41 is larger than p_memsz 0x40");
	wr64(t + P_FILESZ, 16);
	wr64(t + P_ALIGN, 0x2000);
	refused(p.f, size, &p2, "PT_TLS p_align 0x2000 is not a power of two up to 0x1000");
	wr64(t + P_ALIGN, 8);
	wr64(t + P_VADDR, rd64(ph(&p, l1) + P_VADDR) + rd64(ph(&p, l1) + P_FILESZ));
	refused(p.f, size, &p2, "PT_TLS template [0x");
	wr64(t + P_FILESZ, 0); /* only .tbss: nothing to copy, any address */
	CHECK_EQ(rk_elf_check(&img, p.f, size, &p2), 0);
	wr64(t + P_FILESZ, 16);
	memcpy(t + P_VADDR, ph(&p, l1) + P_VADDR, 8);
	for (unsigned i = 0; i < p.phnum; i++) { /* a second one */
		uint32_t type = rd32(ph(&p, (int)i));
		if ((int)i != p.other && type != PT_LOAD && type != PT_DYNAMIC) {
			w32(ph(&p, (int)i), PT_TLS);
			snprintf(want, sizeof(want), "segment %u: a second PT_TLS",
				 i > (unsigned)p.other ? i : (unsigned)p.other);
			refused(p.f, size, &p2, want);
			break;
		}
	}
	RESET();
	w32(ph(&p, p.other), PT_SHLIB);
	refused(p.f, size, &pol, "PT_SHLIB");
	RESET();
	if (!pie) {
		w32(ph(&p, p.other), PT_DYNAMIC);
		refused(p.f, size, &pol, "PT_DYNAMIC in an ET_EXEC");
		RESET();
	}

	/* Layout: entry point and window. */
	wr64(p.f + E_ENTRY, rd64(ph(&p, p.load[p.nload - 1]) + P_VADDR) + 0x100000);
	refused(p.f, size, &pol, "elf: entry point 0x");
	for (int i = 0; i < p.nload; i++) { /* into a segment without X */
		if (!(rd32(ph(&p, p.load[i]) + P_FLAGS) & RK_ELF_PF_X)) {
			memcpy(p.f + E_ENTRY, ph(&p, p.load[i]) + P_VADDR, 8);
			refused(p.f, size, &pol, "is not inside the file bytes of an executable segment");
			break;
		}
	}
	RESET();
	p2 = pol;
	p2.window_hi = p2.window_lo;
	refused(p.f, size, &p2, "empty load window");
	if (pie) {
		p2.window_hi = p2.window_lo + 0x1000;
		refused(p.f, size, &p2, "bytes does not fit the load window of 0x1000 bytes");
	} else {
		p2.window_lo = 0x40001000;
		p2.window_hi = WINDOW_HI;
		refused(p.f, size, &p2, "program span [0x40000000, 0x");
		refused(p.f, size, &p2, ") is outside the load window [0x40001000, 0x800000000000)");
	}

	/* Dynamic section and relocations of a PIE. */
	if (pie && p.dynamic >= 0) {
		uint64_t doff = rd64(ph(&p, p.dynamic) + P_OFFSET);
		uint64_t dsz = rd64(ph(&p, p.dynamic) + P_FILESZ);
		int rela = -1, relasz = -1, relaent = -1;
		for (uint64_t k = 0; k + 16 <= dsz; k += 16) {
			uint64_t tag = rd64(p.f + doff + k);
			if (tag == DT_RELA)
				rela = (int)k;
			if (tag == DT_RELASZ)
				relasz = (int)k;
			if (tag == DT_RELAENT)
				relaent = (int)k;
			if (tag == DT_NULL)
				break;
		}
		CHECK(rela >= 0 && relasz >= 0 && relaent >= 0);
		if (rela < 0 || relasz < 0 || relaent < 0)
			goto out;
		uint8_t *dyn = p.f + doff;
		/* The table's file offset, through the segment that holds it. */
		CHECK_EQ(rk_elf_check(&img, p.f, size, &pol), 0);
		uint64_t roff = img.rela_offset;

		wr64(dyn + rela, 1); /* any entry: it becomes DT_NEEDED */
		wr64(dyn + rela, DT_NEEDED);
		refused(p.f, size, &pol, "needs a shared library (DT_NEEDED)");
		wr64(dyn + rela, DT_REL);
		refused(p.f, size, &pol, "REL relocations (DT_REL) are not supported");
		wr64(dyn + rela, DT_JMPREL);
		refused(p.f, size, &pol, "PLT relocations (DT_JMPREL) are not supported");
		wr64(dyn + rela, DT_RELR);
		refused(p.f, size, &pol, "packed relocations (DT_RELR) are not supported");
		RESET();
		wr64(dyn + relaent + 8, 16);
		refused(p.f, size, &pol, "DT_RELAENT 16 (expected 24)");
		RESET();
		wr64(dyn + relasz + 8, rd64(dyn + relasz + 8) + 1);
		refused(p.f, size, &pol, "is not a multiple of 24");
		RESET();
		wr64(dyn + rela + 8, 0x7fff0000);
		refused(p.f, size, &pol, "relocation table [0x7fff0000, +0x");
		RESET();
		wr64(dyn + rela, 21); /* DT_DEBUG: no DT_RELA left */
		refused(p.f, size, &pol, "DT_RELASZ without DT_RELA");
		RESET();
		for (uint64_t k = 0; k + 16 <= dsz; k += 16)
			if (rd64(dyn + k) == DT_NULL)
				wr64(dyn + k, 21);
		refused(p.f, size, &pol, "has no DT_NULL terminator");
		RESET();
		uint8_t *r0 = p.f + roff;
		w32(r0 + 8, 1); /* R_X86_64_64 / R_AARCH64_NONE+1 / R_RISCV_32: not RELATIVE */
		refused(p.f, size, &pol, "relocation 0: type 1 is not supported (only R_");
		RESET();
		w32(r0 + 12, 5); /* a symbol index */
		refused(p.f, size, &pol, "relocation 0: RELATIVE with symbol 5");
		RESET();
		wr64(r0, 0x7fff0000);
		refused(p.f, size, &pol, "relocation 0: target 0x7fff0000 is outside every segment");
		RESET();
		wr64(r0 + 8, 0); /* R_*_NONE: fine */
		CHECK_EQ(rk_elf_check(&img, p.f, size, &pol), 0);
		RESET();
		wr64(ph(&p, p.dynamic) + P_OFFSET, size);
		refused(p.f, size, &pol, "PT_DYNAMIC (segment");
		RESET();
		w32(ph(&p, p.other), PT_DYNAMIC);
		refused(p.f, size, &pol, "a second PT_DYNAMIC");
		RESET();
		p2 = pol;
		p2.machine = 40; /* arm */
		w16(p.f + E_MACHINE, 40);
		refused(p.f, size, &p2, "ET_DYN: no relocation support for machine 40");
	}
out:
	free(p.f);
#undef RESET
}

/* --- Synthetic programs: limits no compiler output reaches ------------------- */

static size_t synth(uint8_t *f, unsigned nload)
{
	size_t size = 0x1000 * (nload + 1);
	memset(f, 0, size);
	memcpy(f, "\177ELF\2\1\1", 7);
	w16(f + E_TYPE, RK_ET_EXEC);
	w16(f + E_MACHINE, RK_EM_X86_64);
	w32(f + E_VERSION, 1);
	wr64(f + E_ENTRY, 0x400010);
	wr64(f + E_PHOFF, 64);
	w16(f + E_EHSIZE, 64);
	w16(f + E_PHENTSIZE, 56);
	w16(f + E_PHNUM, (uint16_t)nload);
	for (unsigned i = 0; i < nload; i++) {
		uint8_t *p = f + 64 + i * 56;
		w32(p + P_TYPE, PT_LOAD);
		w32(p + P_FLAGS, i == 0 ? RK_ELF_PF_R | RK_ELF_PF_X : RK_ELF_PF_R | RK_ELF_PF_W);
		wr64(p + P_OFFSET, 0x1000 * (i + 1));
		wr64(p + P_VADDR, 0x400000 + 0x1000 * i);
		wr64(p + P_FILESZ, 0x100);
		wr64(p + P_MEMSZ, 0x800);
		wr64(p + P_ALIGN, 0x1000);
	}
	return size;
}

static void test_synthetic(void)
{
	static uint8_t f[0x1000 * 20];
	struct rk_elf_policy pol = policy(RK_EM_X86_64);
	size_t size;

	check_context = "synthetic";
	size = synth(f, 16);
	CHECK_EQ(rk_elf_check(&img, f, size, &pol), 0);
	CHECK_EQ(img.nseg, 16);
	CHECK_EQ(img.span_lo, 0x400000);
	CHECK_EQ(img.span_hi, 0x410000);
	size = synth(f, 17);
	refused(f, size, &pol, "more than 16 PT_LOAD segments");
	/* Empty segments occupy nothing and are skipped. */
	size = synth(f, 3);
	wr64(f + 64 + 56 * 2 + P_MEMSZ, 0);
	wr64(f + 64 + 56 * 2 + P_FILESZ, 0);
	CHECK_EQ(rk_elf_check(&img, f, size, &pol), 0);
	CHECK_EQ(img.nseg, 2);
	/* p_align 0 and 1 mean "no constraint". */
	size = synth(f, 2);
	wr64(f + 64 + P_ALIGN, 0);
	wr64(f + 64 + 56 + P_ALIGN, 1);
	wr64(f + 64 + 56 + P_VADDR, 0x401234);
	CHECK_EQ(rk_elf_check(&img, f, size, &pol), 0);
	/* A segment one byte short of the top of the address space. */
	size = synth(f, 2);
	wr64(f + 64 + 56 + P_VADDR, UINT64_MAX - 0x800);
	wr64(f + 64 + 56 + P_ALIGN, 1);
	refused(f, size, &pol, "too close to the top of the address space");
	/* Entry in the file bytes, not the zero-filled rest. */
	size = synth(f, 2);
	wr64(f + E_ENTRY, 0x400100);
	refused(f, size, &pol, "entry point 0x400100 is not inside");
	wr64(f + E_ENTRY, 0x4000ff);
	CHECK_EQ(rk_elf_check(&img, f, size, &pol), 0);
	/* Load: the gap between the segments and the BSS read as zero. */
	size = synth(f, 2);
	memset(f + 0x1000, 0x11, 0x100);
	memset(f + 0x2000, 0x22, 0x100);
	CHECK_EQ(rk_elf_check(&img, f, size, &pol), 0);
	img.signature_ok = true;
	uint8_t *dest = malloc(0x2000);
	struct rk_elf_loaded out;
	memset(dest, 0xa5, 0x2000);
	CHECK_EQ(rk_elf_load(&img, dest, 0x2000, 0x400000, &out), 0);
	CHECK(dest[0] == 0x11 && dest[0xff] == 0x11 && dest[0x100] == 0 && dest[0xfff] == 0);
	CHECK(dest[0x1000] == 0x22 && dest[0x10ff] == 0x22 && dest[0x1100] == 0 && dest[0x1fff] == 0);
	/* An image whose check failed cannot be loaded. */
	f[0] = 0;
	CHECK_EQ(rk_elf_check(&img, f, size, &pol), -RK_ENOEXEC);
	img.signature_ok = true;
	CHECK_EQ(rk_elf_load(&img, dest, 0x2000, 0x400000, &out), -RK_ENOEXEC);
	CHECK(strstr(img.why, "did not pass rk_elf_check"));
	free(dest);
	refused(NULL, 0, &pol, "truncated: file is 0x0 bytes");
}

/* --- Sweeps ------------------------------------------------------------------- */

static unsigned sweep_ok, sweep_refused;
static uint8_t *sweep_buf; /* one destination for a whole sweep */
static size_t sweep_cap;

/* Check file; if accepted, it must load at the place the API describes.
 * The destination is the end of sweep_buf with everything before it
 * poisoned, so ASan reports a write on either side of the span. */
static void check_and_load(uint8_t *f, size_t size, const struct rk_elf_policy *pol)
{
	struct rk_elf_loaded out;

	if (rk_elf_check(&img, f, size, pol)) {
		sweep_refused++;
		CHECK_MSG(!strncmp(img.why, "elf: ", 5) && img.why[5],
			  "sweep: refusal without a reason");
		return;
	}
	sweep_ok++;
	uint64_t span = rk_elf_span_size(&img);
	if (span > sweep_cap)
		return; /* a damaged size made it huge: checked, not loaded */
	uint8_t *dest = sweep_buf + (sweep_cap - span);
	uint64_t at = img.type == RK_ET_EXEC ? img.span_lo
					     : (WINDOW_LO + img.align - 1) & ~(img.align - 1);
	ASAN_POISON_MEMORY_REGION(sweep_buf, sweep_cap - span);
	img.signature_ok = true;
	CHECK_MSG(rk_elf_load(&img, dest, span, at, &out) == 0,
		  "sweep: accepted but not loaded: %s", img.why);
	ASAN_UNPOISON_MEMORY_REGION(sweep_buf, sweep_cap);
}

static void test_sweeps(const uint8_t *file, size_t size, uint16_t machine)
{
	struct rk_elf_policy pol = policy(machine);
	struct prog p = { .f = malloc(size), .size = size };
	static const uint8_t values[] = { 0x00, 0xff, 0x01, 0x80, 0x7f, 0x10 };

	memcpy(p.f, file, size);
	scan(&p);
	uint64_t hdr_end = p.phoff + p.phnum * 56ull;
	sweep_cap = 4u << 20;
	sweep_buf = malloc(sweep_cap);
	sweep_ok = sweep_refused = 0;
	/* Every byte of the ELF and program headers, several values each. */
	for (uint64_t i = 0; i < hdr_end; i++) {
		for (unsigned v = 0; v < sizeof(values); v++) {
			uint8_t keep = p.f[i];
			p.f[i] = values[v] == 0x01 ? keep ^ 0x01 : values[v];
			check_and_load(p.f, size, &pol);
			p.f[i] = keep;
		}
	}
	/* The dynamic section and relocation table of a PIE. */
	if (p.dynamic >= 0 && rk_elf_check(&img, p.f, size, &pol) == 0) {
		uint64_t d0 = rd64(ph(&p, p.dynamic) + P_OFFSET), d1 = d0 + rd64(ph(&p, p.dynamic) + P_FILESZ);
		uint64_t r0 = img.rela_offset, r1 = r0 + img.rela_count * 24;
		for (uint64_t i = 0; i < size; i++) {
			if (!((i >= d0 && i < d1) || (i >= r0 && i < r1)))
				continue;
			for (unsigned v = 0; v < sizeof(values); v++) {
				uint8_t keep = p.f[i];
				p.f[i] = values[v];
				check_and_load(p.f, size, &pol);
				p.f[i] = keep;
			}
		}
	}
	/* Every length up to the end of the loadable bytes is refused. Each
	 * truncated copy ends where the allocation ends, so that ASan sees any
	 * read past it; one allocation keeps the sweep fast. */
	uint8_t *tail = malloc(p.load_end);
	for (size_t len = 0; len < p.load_end; len++) {
		uint8_t *copy = tail + (p.load_end - len);
		memcpy(copy, file, len);
		CHECK_MSG(rk_elf_check(&img, copy, len, &pol) == -RK_ENOEXEC,
			  "accepted when truncated to %zu bytes", len);
	}
	free(tail);
	free(sweep_buf);
	printf("  %s: sweep %u variants accepted (and loaded), %u refused; %llu truncations refused\n",
	       check_context, sweep_ok, sweep_refused, (unsigned long long)p.load_end);
	free(p.f);
}

int main(void)
{
	static const struct { const char *arch; uint16_t machine; } arches[] = {
		{ "x86_64", RK_EM_X86_64 }, { "riscv64", RK_EM_RISCV }, { "aarch64", RK_EM_AARCH64 },
	};
	static const char *const kinds[] = { "exec", "pie", "lld" };
	int tested = 0;

	for (unsigned a = 0; a < 3; a++) {
		for (unsigned k = 0; k < 3; k++) {
			char name[64];
			size_t size;
			snprintf(name, sizeof(name), "elf-%s-%s", arches[a].arch, kinds[k]);
			uint8_t *f = load_file(name, &size);
			if (!f) {
				printf("skip %s (not built: no compiler for it)\n", name);
				continue;
			}
			check_context = name;
			tested++;
			test_accept_and_load(f, size, arches[a].machine, k != 0);
			test_mutations(f, size, arches[a].machine, k != 0);
			test_sweeps(f, size, arches[a].machine);
			free(f);
		}
	}
	check_context = NULL; /* name is gone */
	CHECK(tested >= 2); /* at least the host's own programs */
	test_synthetic();
	printf("test_elf: %d programs\n", tested);
	return check_summary("test_elf");
}
