/* SPDX-License-Identifier: BSD-2-Clause */
/* ELF64 validation (include/rumpk/elf.h): decide whether a file is a
 * program this kernel can load, and where it wants to be.
 *
 * Every offset and size from the file is checked against the file size, and
 * every sum of two file values is checked for wrap-around before use: the
 * loader that runs after this trusts what it records in struct
 * rk_elf_image. The first problem found is the reason given. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <rumpk/elf.h>
#include <rumpk/printk.h>
#include "elf_format.h"

typedef unsigned long long ull;

int rk_elf_refuse(struct rk_elf_image *img, const char *fmt, ...)
{
	va_list ap;

	memcpy(img->why, "elf: ", 6);
	va_start(ap, fmt);
	rk_vsnprintf(img->why + 5, sizeof(img->why) - 5, fmt, ap);
	va_end(ap);
	return -RK_ENOEXEC;
}
#define refuse rk_elf_refuse /* the short name the checks below use */

uint32_t rk_elf_relative_type(uint16_t machine)
{
	switch (machine) {
	case RK_EM_X86_64:
		return 8;    /* R_X86_64_RELATIVE */
	case RK_EM_AARCH64:
		return 1027; /* R_AARCH64_RELATIVE */
	case RK_EM_RISCV:
		return 3;    /* R_RISCV_RELATIVE */
	default:
		return 0;
	}
}

static const char *machine_name(unsigned m)
{
	switch (m) {
	case RK_EM_X86_64:
		return "x86_64";
	case RK_EM_AARCH64:
		return "aarch64";
	case RK_EM_RISCV:
		return "riscv64";
	case 3:
		return "i386";
	case 40:
		return "arm";
	default:
		return "unknown";
	}
}

/* Does [off, off + len) lie inside the file? */
static bool in_file(const struct rk_elf_image *img, uint64_t off, uint64_t len)
{
	return off <= img->file_size && len <= img->file_size - off;
}

static int check_header(struct rk_elf_image *img, const uint8_t *f, const struct rk_elf_policy *pol)
{
	unsigned type = rd16(f + E_TYPE), machine = rd16(f + E_MACHINE);
	uint32_t flags = rd32(f + E_FLAGS);

	if (memcmp(f, "\177ELF", 4))
		return refuse(img, "bad magic %02x %02x %02x %02x (not an ELF file)", f[0], f[1],
			      f[2], f[3]);
	if (f[EI_CLASS] != ELFCLASS64)
		return refuse(img, "class %u: not a 64-bit ELF file", f[EI_CLASS]);
	if (f[EI_DATA] != ELFDATA2LSB)
		return refuse(img, "data encoding %u: not little-endian", f[EI_DATA]);
	if (f[EI_VERSION] != EV_CURRENT)
		return refuse(img, "identification version %u (expected 1)", f[EI_VERSION]);
	if (f[EI_OSABI] != ELFOSABI_SYSV && f[EI_OSABI] != ELFOSABI_GNU)
		return refuse(img, "OS ABI %u is not supported (System V 0 or GNU 3)",
			      f[EI_OSABI]);
	if (type == RK_ET_DYN && !(pol->opts & RK_ELF_ALLOW_DYN))
		return refuse(img, "type ET_DYN (position-independent) is not allowed here");
	if (type != RK_ET_EXEC && type != RK_ET_DYN)
		return refuse(img, "type %u is not an executable (%s)", type,
			      type == 1 ? "ET_REL, an object file" :
			      type == 4 ? "ET_CORE, a core dump" : "unknown type");
	if (machine != pol->machine)
		return refuse(img, "machine %u (%s) does not match this CPU (%u, %s)", machine,
			      machine_name(machine), pol->machine, machine_name(pol->machine));
	if (rd32(f + E_VERSION) != EV_CURRENT)
		return refuse(img, "version %u (expected 1)", (unsigned)rd32(f + E_VERSION));
	if ((flags & pol->flags_mask) != pol->flags_value)
		return refuse(img, "e_flags 0x%x: bits 0x%x must be 0x%x for this kernel",
			      (unsigned)flags, (unsigned)pol->flags_mask,
			      (unsigned)pol->flags_value);
	if (rd16(f + E_EHSIZE) != EH_SIZE)
		return refuse(img, "e_ehsize %u (expected 64)", rd16(f + E_EHSIZE));
	if (type == RK_ET_DYN && !rk_elf_relative_type(machine))
		return refuse(img, "ET_DYN: no relocation support for machine %u", machine);
	img->type = (uint16_t)type;
	img->entry = rd64(f + E_ENTRY);
	return 0;
}

/* The program header table: where it is and that it is all in the file. */
static int check_phdr_table(struct rk_elf_image *img, const uint8_t *f, uint64_t *phoff,
			    unsigned *phnum)
{
	unsigned entsize = rd16(f + E_PHENTSIZE), n = rd16(f + E_PHNUM);
	uint64_t off = rd64(f + E_PHOFF), len;

	if (entsize != PH_SIZE)
		return refuse(img, "e_phentsize %u (expected 56)", entsize);
	if (n == 0)
		return refuse(img, "no program headers");
	if (n == PN_XNUM)
		return refuse(img, "extended program header count (PN_XNUM) is not supported");
	if (n > RK_ELF_MAX_PHDRS)
		return refuse(img, "%u program headers (max %d)", n, RK_ELF_MAX_PHDRS);
	len = (uint64_t)n * PH_SIZE;
	if (off > UINT64_MAX - len)
		return refuse(img, "program header offset 0x%llx wraps around", (ull)off);
	if (off + len > img->file_size)
		return refuse(img, "truncated: program headers end at 0x%llx beyond file size 0x%llx",
			      (ull)(off + len), (ull)img->file_size);
	if (off < EH_SIZE)
		return refuse(img, "program headers at 0x%llx overlap the ELF header", (ull)off);
	*phoff = off;
	*phnum = n;
	return 0;
}

static int check_load(struct rk_elf_image *img, unsigned i, const uint8_t *p)
{
	const struct rk_elf_policy *pol = &img->policy;
	uint32_t flags = rd32(p + P_FLAGS);
	uint64_t off = rd64(p + P_OFFSET), vaddr = rd64(p + P_VADDR);
	uint64_t filesz = rd64(p + P_FILESZ), memsz = rd64(p + P_MEMSZ), align = rd64(p + P_ALIGN);

	if (filesz > memsz)
		return refuse(img, "segment %u: p_filesz 0x%llx is larger than p_memsz 0x%llx", i,
			      (ull)filesz, (ull)memsz);
	if (off > UINT64_MAX - filesz)
		return refuse(img, "segment %u: p_offset 0x%llx + p_filesz 0x%llx wraps around", i,
			      (ull)off, (ull)filesz);
	if (!in_file(img, off, filesz))
		return refuse(img, "truncated: segment %u needs file bytes up to 0x%llx, file size "
			      "is 0x%llx", i, (ull)(off + filesz), (ull)img->file_size);
	if (vaddr > UINT64_MAX - memsz)
		return refuse(img, "segment %u: p_vaddr 0x%llx + p_memsz 0x%llx wraps around", i,
			      (ull)vaddr, (ull)memsz);
	if (align > 1) {
		if (align & (align - 1))
			return refuse(img, "segment %u: p_align 0x%llx is not a power of two", i,
				      (ull)align);
		if (align > RK_ELF_MAX_ALIGN)
			return refuse(img, "segment %u: p_align 0x%llx is larger than 0x%x", i,
				      (ull)align, RK_ELF_MAX_ALIGN);
		/* gABI: loadable segments satisfy vaddr = offset (mod align). */
		if ((vaddr - off) & (align - 1))
			return refuse(img, "segment %u: p_vaddr 0x%llx and p_offset 0x%llx differ "
				      "modulo p_align 0x%llx", i, (ull)vaddr, (ull)off, (ull)align);
		if (align > img->align)
			img->align = align;
	}
	if ((pol->opts & RK_ELF_REFUSE_WX) && (flags & RK_ELF_PF_W) && (flags & RK_ELF_PF_X))
		return refuse(img, "segment %u is writable and executable", i);
	if (memsz == 0) /* occupies nothing; linkers rarely emit one */
		return 0;
	for (unsigned j = 0; j < img->nseg; j++) {
		const struct rk_elf_segment *s = &img->seg[j];
		if (vaddr < s->vaddr + s->memsz && s->vaddr < vaddr + memsz)
			return refuse(img, "segment %u overlaps segment %u", i, s->phdr);
	}
	if (img->nseg == RK_ELF_MAX_SEGMENTS)
		return refuse(img, "more than %d PT_LOAD segments", RK_ELF_MAX_SEGMENTS);
	img->seg[img->nseg++] = (struct rk_elf_segment){
		.vaddr = vaddr, .memsz = memsz, .offset = off, .filesz = filesz,
		.flags = flags & (RK_ELF_PF_R | RK_ELF_PF_W | RK_ELF_PF_X), .phdr = (uint16_t)i,
	};
	return 0;
}

/* The segment holding [addr, addr + len) in memory, or NULL. */
static const struct rk_elf_segment *segment_at(const struct rk_elf_image *img, uint64_t addr,
					       uint64_t len, bool file_bytes)
{
	for (unsigned j = 0; j < img->nseg; j++) {
		const struct rk_elf_segment *s = &img->seg[j];
		uint64_t size = file_bytes ? s->filesz : s->memsz;
		if (addr >= s->vaddr && len <= size && addr - s->vaddr <= size - len)
			return s;
	}
	return 0;
}

static int check_relocations(struct rk_elf_image *img, uint64_t rela, uint64_t relasz)
{
	const struct rk_elf_segment *s = segment_at(img, rela, relasz, true);
	uint32_t relative = rk_elf_relative_type((uint16_t)rd16(img->file + E_MACHINE));

	if (relasz % RELA_SIZE)
		return refuse(img, "DT_RELASZ 0x%llx is not a multiple of 24", (ull)relasz);
	if (!s)
		return refuse(img, "relocation table [0x%llx, +0x%llx) is not inside a segment's "
			      "file bytes", (ull)rela, (ull)relasz);
	img->rela_offset = s->offset + (rela - s->vaddr);
	img->rela_count = relasz / RELA_SIZE;
	for (uint64_t k = 0; k < img->rela_count; k++) {
		const uint8_t *r = img->file + img->rela_offset + k * RELA_SIZE;
		uint64_t where = rd64(r), info = rd64(r + 8);
		uint32_t type = (uint32_t)info, sym = (uint32_t)(info >> 32);

		if (type == 0) /* R_*_NONE */
			continue;
		if (type != relative)
			return refuse(img, "relocation %llu: type %u is not supported (only "
				      "R_%s_RELATIVE: link with -static-pie)", (ull)k, (unsigned)type,
				      relative == 8 ? "X86_64" : relative == 3 ? "RISCV" : "AARCH64");
		if (sym)
			return refuse(img, "relocation %llu: RELATIVE with symbol %u", (ull)k,
				      (unsigned)sym);
		if (!segment_at(img, where, 8, false))
			return refuse(img, "relocation %llu: target 0x%llx is outside every segment",
				      (ull)k, (ull)where);
	}
	return 0;
}

/* PT_DYNAMIC of an ET_DYN: find the RELA table; refuse anything that needs
 * a dynamic linker. */
static int check_dynamic(struct rk_elf_image *img, unsigned i, const uint8_t *p)
{
	uint64_t off = rd64(p + P_OFFSET), filesz = rd64(p + P_FILESZ);
	uint64_t rela = 0, relasz = 0, relaent = RELA_SIZE;
	bool have_rela = false, terminated = false;

	if (!in_file(img, off, filesz))
		return refuse(img, "truncated: PT_DYNAMIC (segment %u) is not inside the file", i);
	for (uint64_t k = 0; k + DYN_SIZE <= filesz && !terminated; k += DYN_SIZE) {
		const uint8_t *d = img->file + off + k;
		uint64_t tag = rd64(d), val = rd64(d + 8);

		switch (tag) {
		case DT_NULL:
			terminated = true;
			break;
		case DT_NEEDED:
			return refuse(img, "needs a shared library (DT_NEEDED): dynamic linking is "
				      "not supported");
		case DT_RELA:
			rela = val;
			have_rela = true;
			break;
		case DT_RELASZ:
			relasz = val;
			break;
		case DT_RELAENT:
			relaent = val;
			break;
		case DT_REL:
		case DT_RELSZ:
			return refuse(img, "REL relocations (DT_REL) are not supported");
		case DT_JMPREL:
		case DT_PLTRELSZ:
			if (tag == DT_JMPREL || val)
				return refuse(img, "PLT relocations (DT_JMPREL) are not supported");
			break;
		case DT_RELR:
		case DT_RELRSZ:
			return refuse(img, "packed relocations (DT_RELR) are not supported");
		default: /* symbol tables, flags, init arrays: not used by this loader */
			break;
		}
	}
	if (!terminated)
		return refuse(img, "PT_DYNAMIC (segment %u) has no DT_NULL terminator", i);
	if (relaent != RELA_SIZE)
		return refuse(img, "DT_RELAENT %llu (expected 24)", (ull)relaent);
	if (relasz && !have_rela)
		return refuse(img, "DT_RELASZ without DT_RELA");
	return relasz ? check_relocations(img, rela, relasz) : 0;
}

static int check_layout(struct rk_elf_image *img)
{
	const struct rk_elf_policy *pol = &img->policy;
	uint64_t lo = UINT64_MAX, hi = 0;

	if (!img->nseg)
		return refuse(img, "no PT_LOAD segment");
	for (unsigned j = 0; j < img->nseg; j++) {
		const struct rk_elf_segment *s = &img->seg[j];
		if (s->vaddr < lo)
			lo = s->vaddr;
		if (s->vaddr + s->memsz > hi)
			hi = s->vaddr + s->memsz;
	}
	if (hi > UINT64_MAX - (RK_ELF_PAGE_SIZE - 1))
		return refuse(img, "segments end at 0x%llx, too close to the top of the address "
			      "space", (ull)hi);
	img->span_lo = lo & ~(uint64_t)(RK_ELF_PAGE_SIZE - 1);
	img->span_hi = (hi + RK_ELF_PAGE_SIZE - 1) & ~(uint64_t)(RK_ELF_PAGE_SIZE - 1);
	if (pol->window_hi <= pol->window_lo)
		return refuse(img, "empty load window [0x%llx, 0x%llx)", (ull)pol->window_lo,
			      (ull)pol->window_hi);
	if (img->type == RK_ET_EXEC &&
	    (img->span_lo < pol->window_lo || img->span_hi > pol->window_hi))
		return refuse(img, "program span [0x%llx, 0x%llx) is outside the load window "
			      "[0x%llx, 0x%llx)", (ull)img->span_lo, (ull)img->span_hi,
			      (ull)pol->window_lo, (ull)pol->window_hi);
	if (img->type == RK_ET_DYN &&
	    img->span_hi - img->span_lo > pol->window_hi - pol->window_lo)
		return refuse(img, "program span of 0x%llx bytes does not fit the load window of "
			      "0x%llx bytes", (ull)(img->span_hi - img->span_lo),
			      (ull)(pol->window_hi - pol->window_lo));
	/* Entering zero-filled memory would execute zeros: the entry point must
	 * be in the file bytes of an executable segment. */
	for (unsigned j = 0; j < img->nseg; j++) {
		const struct rk_elf_segment *s = &img->seg[j];
		if ((s->flags & RK_ELF_PF_X) && img->entry >= s->vaddr &&
		    img->entry - s->vaddr < s->filesz)
			return 0;
	}
	return refuse(img, "entry point 0x%llx is not inside the file bytes of an executable "
		      "segment", (ull)img->entry);
}

/* PT_TLS (with RK_ELF_ALLOW_TLS), after the layout: the program copies
 * its template from memory, so that must be in a segment's file bytes
 * (one without initial data, only .tbss, may have its address anywhere:
 * LLD puts it past the end of the data). */
static int check_tls(struct rk_elf_image *img, unsigned i, const uint8_t *p)
{
	uint64_t vaddr = rd64(p + P_VADDR), filesz = rd64(p + P_FILESZ);
	uint64_t memsz = rd64(p + P_MEMSZ), align = rd64(p + P_ALIGN);

	if (filesz > memsz)
		return refuse(img, "segment %u: PT_TLS p_filesz 0x%llx is larger than p_memsz 0x%llx",
			      i, (ull)filesz, (ull)memsz);
	if ((align & (align - 1)) || align > RK_ELF_PAGE_SIZE)
		return refuse(img, "segment %u: PT_TLS p_align 0x%llx is not a power of two up to "
			      "0x%x", i, (ull)align, RK_ELF_PAGE_SIZE);
	if (filesz && !segment_at(img, vaddr, filesz, true))
		return refuse(img, "segment %u: PT_TLS template [0x%llx, +0x%llx) is not inside a "
			      "segment's file bytes", i, (ull)vaddr, (ull)filesz);
	return 0;
}

static int check(struct rk_elf_image *img, const void *file, size_t size,
		 const struct rk_elf_policy *pol)
{
	const uint8_t *f = file;
	uint64_t phoff = 0;
	unsigned phnum = 0, dynamic = 0, tls = 0;
	bool have_dynamic = false, have_tls = false;
	int r;

	memset(img, 0, sizeof(*img));
	img->file = f;
	img->file_size = f ? size : 0;
	img->policy = *pol;
	img->align = RK_ELF_PAGE_SIZE;
	if (!f || size < EH_SIZE)
		return refuse(img, "truncated: file is 0x%llx bytes, the ELF header needs 0x40",
			      (ull)img->file_size);
	if ((r = check_header(img, f, pol)) || (r = check_phdr_table(img, f, &phoff, &phnum)))
		return r;

	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *p = f + phoff + (uint64_t)i * PH_SIZE;

		switch (rd32(p + P_TYPE)) {
		case PT_LOAD:
			if ((r = check_load(img, i, p)))
				return r;
			break;
		case PT_DYNAMIC:
			if (img->type == RK_ET_EXEC)
				return refuse(img, "segment %u: PT_DYNAMIC in an ET_EXEC (dynamically "
					      "linked? link with -static)", i);
			if (have_dynamic)
				return refuse(img, "segment %u: a second PT_DYNAMIC", i);
			have_dynamic = true;
			dynamic = i;
			break;
		case PT_INTERP:
			return refuse(img, "segment %u: PT_INTERP: needs a dynamic linker (link with "
				      "-static or -static-pie)", i);
		case PT_TLS:
			if (!(pol->opts & RK_ELF_ALLOW_TLS))
				return refuse(img, "segment %u: PT_TLS: thread-local storage is not "
					      "supported", i);
			if (have_tls)
				return refuse(img, "segment %u: a second PT_TLS", i);
			have_tls = true;
			tls = i;
			break;
		case PT_SHLIB:
			return refuse(img, "segment %u: PT_SHLIB (reserved) is not supported", i);
		default: /* PT_NULL, PT_NOTE, PT_PHDR, PT_GNU_STACK, PT_GNU_RELRO, ... */
			break;
		}
	}
	if ((r = check_layout(img)))
		return r;
	/* After the layout: relocation targets are checked against the segments. */
	if (have_dynamic && (r = check_dynamic(img, dynamic, f + phoff + (uint64_t)dynamic * PH_SIZE)))
		return r;
	if (have_tls && (r = check_tls(img, tls, f + phoff + (uint64_t)tls * PH_SIZE)))
		return r;
	img->why[0] = '\0';
	return 0;
}

int rk_elf_check(struct rk_elf_image *img, const void *file, size_t size,
		 const struct rk_elf_policy *pol)
{
	int r = check(img, file, size, pol);
	if (r)
		img->nseg = 0; /* an image that failed the check cannot be loaded */
	return r;
}
