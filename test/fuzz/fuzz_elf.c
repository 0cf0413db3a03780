/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: the ELF64 validator and loader.
 *
 * Properties checked on every input, besides the sanitizers':
 *   - rk_elf_check either refuses with an "elf: " reason or describes an
 *     image whose segments lie inside the file and inside the span;
 *   - an accepted image always loads (placed as the API says) and never
 *     writes outside the destination, which ASan watches; the entry point
 *     lands inside the loaded span.
 * The policy's machine follows the input's e_machine among the three
 * supported ones, so that every machine's relocation type gets exercised. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sanitizer/asan_interface.h>
#include <rumpk/elf.h>

#define REQUIRE(c)                                                             \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "fuzz_elf: %s:%d: %s (%s)\n", __FILE__, __LINE__, #c, img.why); \
			abort();                                               \
		}                                                              \
	} while (0)

static struct rk_elf_image img;

/* Loads larger than this are accepted by the check but not exercised. */
#define MAX_SPAN (16u << 20)
static uint8_t buf[MAX_SPAN];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t m = size >= 20 ? (uint16_t)(data[18] | data[19] << 8) : RK_EM_X86_64;
	struct rk_elf_policy pol = {
		.machine = (m == RK_EM_AARCH64 || m == RK_EM_RISCV) ? m : RK_EM_X86_64,
		.window_lo = 0x10000, .window_hi = 0x800000000000ull,
		.opts = RK_ELF_ALLOW_DYN | (size & 1 ? RK_ELF_REFUSE_WX : 0),
	};
	struct rk_elf_loaded out;

	if (rk_elf_check(&img, data, size, &pol)) {
		REQUIRE(!strncmp(img.why, "elf: ", 5) && img.why[5]);
		return 0;
	}
	REQUIRE(img.nseg > 0 && img.span_lo < img.span_hi);
	REQUIRE(img.span_lo % RK_ELF_PAGE_SIZE == 0 && img.span_hi % RK_ELF_PAGE_SIZE == 0);
	for (unsigned i = 0; i < img.nseg; i++) {
		const struct rk_elf_segment *s = &img.seg[i];
		REQUIRE(s->filesz <= s->memsz && s->offset + s->filesz <= size);
		REQUIRE(s->vaddr >= img.span_lo && s->vaddr + s->memsz <= img.span_hi);
	}
	uint64_t span = rk_elf_span_size(&img);
	if (span > MAX_SPAN)
		return 0;
	/* The destination ends where the buffer ends and everything before it
	 * is poisoned, so ASan reports a write on either side of the span
	 * without a fresh allocation per input. */
	uint8_t *dest = buf + (MAX_SPAN - span);
	ASAN_POISON_MEMORY_REGION(buf, MAX_SPAN - span);
	/* An ET_DYN goes to the first aligned address of the window. */
	uint64_t at = img.type == RK_ET_EXEC ? img.span_lo
					     : (pol.window_lo + img.align - 1) & ~(img.align - 1);
	REQUIRE(rk_elf_load(&img, dest, (size_t)span, at, &out) == -RK_ENOEXEC); /* unsigned */
	img.signature_ok = true;
	REQUIRE(rk_elf_load(&img, dest, (size_t)span, at, &out) == 0);
	REQUIRE(out.entry >= at && out.entry - at < span);
	for (unsigned i = 0; i < img.nseg; i++) { /* the file bytes arrived */
		const struct rk_elf_segment *s = &img.seg[i];
		if (img.type == RK_ET_EXEC)
			REQUIRE(!memcmp(dest + (s->vaddr - img.span_lo), data + s->offset, s->filesz));
	}
	ASAN_UNPOISON_MEMORY_REGION(buf, MAX_SPAN);
	return 0;
}
