/* SPDX-License-Identifier: BSD-2-Clause */
/* ELF64 load step (include/rumpk/elf.h): copy a checked image into the
 * memory the caller provides, zero what the file does not cover, and apply
 * the relocations of a position-independent program.
 *
 * It relies on rk_elf_check() for the meaning of the file, but bounds every
 * write against the destination once more: if the file changed between the
 * check and the load (it must not: the signature was checked over those
 * bytes), the loader still cannot write outside dest. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <rumpk/elf.h>
#include <rumpk/printk.h>
#include "elf_format.h"

typedef unsigned long long ull;

#define refuse rk_elf_refuse /* elf_check.c: one way to say why */

static int check_placement(struct rk_elf_image *img, const void *dest, size_t dest_size,
			   uint64_t load_addr, uint64_t span)
{
	const struct rk_elf_policy *pol = &img->policy;
	uintptr_t d = (uintptr_t)dest, f = (uintptr_t)img->file;

	if (!img->signature_ok)
		return refuse(img, "refusing to load: signature not verified (set signature_ok "
			      "only after checking it over the whole file)");
	if (!img->nseg || !img->file)
		return refuse(img, "refusing to load: the image did not pass rk_elf_check");
	if (!dest || dest_size < span)
		return refuse(img, "destination of 0x%llx bytes is smaller than the span 0x%llx",
			      (ull)(dest ? dest_size : 0), (ull)span);
	/* Zeroing the span first would destroy the source. */
	if (d < f + img->file_size && f < d + span)
		return refuse(img, "destination overlaps the ELF file");
	if (img->type == RK_ET_EXEC && load_addr != img->span_lo)
		return refuse(img, "ET_EXEC must be loaded at its link address 0x%llx, not 0x%llx",
			      (ull)img->span_lo, (ull)load_addr);
	if (img->type == RK_ET_DYN && (load_addr & (img->align - 1)))
		return refuse(img, "load address 0x%llx is not aligned to 0x%llx", (ull)load_addr,
			      (ull)img->align);
	if (load_addr < pol->window_lo || load_addr > pol->window_hi ||
	    span > pol->window_hi - load_addr)
		return refuse(img, "load range [0x%llx, +0x%llx) is outside the load window "
			      "[0x%llx, 0x%llx)", (ull)load_addr, (ull)span, (ull)pol->window_lo,
			      (ull)pol->window_hi);
	return 0;
}

int rk_elf_load(struct rk_elf_image *img, void *dest, size_t dest_size, uint64_t load_addr,
		struct rk_elf_loaded *out)
{
	uint8_t *d = dest;
	uint64_t span = img->span_hi - img->span_lo;
	uint64_t bias = load_addr - img->span_lo; /* modulo 2^64, like the CPU's sums */
	int r;

	if ((r = check_placement(img, dest, dest_size, load_addr, span)))
		return r;

	/* BSS tails, gaps between segments and the page rounding at both
	 * ends: everything the file does not provide reads as zero. */
	memset(d, 0, (size_t)span);
	for (unsigned j = 0; j < img->nseg; j++) {
		const struct rk_elf_segment *s = &img->seg[j];
		uint64_t at = s->vaddr - img->span_lo;

		if (at > span || s->filesz > span - at ||
		    s->offset > img->file_size || s->filesz > img->file_size - s->offset)
			return refuse(img, "segment %u no longer fits (image changed after the check)",
				      s->phdr);
		memcpy(d + at, img->file + s->offset, (size_t)s->filesz);
	}

	/* Static PIE: each R_*_RELATIVE says "store bias + addend here". */
	uint32_t relative = rk_elf_relative_type(img->policy.machine);
	for (uint64_t k = 0; img->type == RK_ET_DYN && k < img->rela_count; k++) {
		uint64_t at_file = img->rela_offset + k * RELA_SIZE;
		if (at_file > img->file_size || RELA_SIZE > img->file_size - at_file)
			return refuse(img, "relocation table no longer fits (image changed after the "
				      "check)");
		const uint8_t *rel = img->file + at_file;
		uint64_t where = rd64(rel) - img->span_lo, info = rd64(rel + 8);

		if ((uint32_t)info == 0)
			continue;
		if ((uint32_t)info != relative || info >> 32 || where > span - 8)
			return refuse(img, "relocation %llu changed after the check", (ull)k);
		wr64(d + where, bias + rd64(rel + 16));
	}

	out->base = load_addr;
	out->size = span;
	out->bias = bias;
	out->entry = img->entry + bias;
	return 0;
}
