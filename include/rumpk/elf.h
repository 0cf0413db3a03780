/* SPDX-License-Identifier: BSD-2-Clause */
/* ELF64 program validator and loader core.
 *
 * Rumpk runs only signed code. The order of the steps is the security
 * design; do not reorder them:
 *
 *   1. Have the whole file in memory, where nothing can change it
 *      (rk_vfs_map gives the initrd copy in place).
 *   2. Verify the signature over exactly those bytes (crypto/, not here).
 *      The parser below then only ever sees authenticated input; it is still
 *      written (and fuzzed) as if the input were hostile.
 *   3. rk_elf_check(): validate the ELF header, every program header and,
 *      for position-independent programs, every relocation; compute the
 *      address span the program needs. Refusals carry a reason such as
 *      "elf: segment 2 overlaps segment 1".
 *   4. Set img.signature_ok (rk_elf_load refuses without it, so that a
 *      caller that forgot step 2 fails loudly instead of running code).
 *   5. Get memory for the span: rk_elf_span_size(&img) bytes, and
 *        ET_EXEC: exactly at img.span_lo (the program was linked there;
 *                 with the identity-mapped kernel that is a physical
 *                 address, which must be free RAM inside the policy window);
 *        ET_DYN:  anywhere in the window aligned to img.align (position-
 *                 independent, e.g. gcc -static-pie; the loader applies its
 *                 R_*_RELATIVE relocations for the chosen address).
 *   6. rk_elf_load(): copy the PT_LOAD file bytes, zero the rest (BSS and
 *      gaps), relocate; it gives the entry address.
 *   7. Before jumping there, the caller makes the instruction cache see the
 *      new code (the architecture's I-cache sync); that is arch code.
 *
 * Supported: ELF64, little-endian, one machine (the caller's), ET_EXEC and
 * (optionally) ET_DYN with only R_<arch>_RELATIVE relocations for x86_64,
 * aarch64 and riscv64 - what a static PIE has. Refused with a reason:
 * dynamic linking (PT_INTERP, DT_NEEDED, symbol or PLT relocations), TLS
 * (PT_TLS), relocation kinds other than RELA+RELATIVE, more than
 * RK_ELF_MAX_SEGMENTS loadable segments. Section headers are not used.
 * Initialisers (DT_INIT, .init_array) are not run: the program's entry does
 * that if it needs it, as in any static program.
 *
 * All file reads are bounds-checked byte loads, so the file needs no
 * alignment (the kernel may run with unaligned accesses faulting).
 */
#ifndef RUMPK_ELF_H
#define RUMPK_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef RK_ENOEXEC
#define RK_ENOEXEC 8
#endif

/* e_machine values of the architectures Rumpk runs on. */
#define RK_EM_X86_64 62
#define RK_EM_AARCH64 183
#define RK_EM_RISCV 243

/* The machine this code was compiled for: what a loaded program must be. */
#if defined(__x86_64__)
#define RK_ELF_MACHINE_NATIVE RK_EM_X86_64
#elif defined(__aarch64__)
#define RK_ELF_MACHINE_NATIVE RK_EM_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define RK_ELF_MACHINE_NATIVE RK_EM_RISCV
#endif

#define RK_ET_EXEC 2
#define RK_ET_DYN 3

/* Segment permission bits (p_flags). */
#define RK_ELF_PF_X 1u
#define RK_ELF_PF_W 2u
#define RK_ELF_PF_R 4u

#define RK_ELF_MAX_SEGMENTS 16   /* PT_LOAD entries */
#define RK_ELF_MAX_PHDRS 64      /* program headers of any type */
#define RK_ELF_PAGE_SIZE 4096u   /* span rounding; matches RK_PAGE_SIZE */
#define RK_ELF_MAX_ALIGN 0x200000u /* largest p_align accepted (2 MiB) */
#define RK_ELF_WHY_MAX 160

/* What the caller accepts. */
struct rk_elf_policy {
	uint16_t machine;           /* required e_machine: RK_ELF_MACHINE_NATIVE */
	/* Addresses a program may occupy, [window_lo, window_hi): the link
	 * addresses of an ET_EXEC, the placement of an ET_DYN. */
	uint64_t window_lo, window_hi;
	/* e_flags & flags_mask must equal flags_value; e.g. on riscv64 the
	 * float ABI bits (0x6) must be 0 for the kernel's soft-float lp64. */
	uint32_t flags_mask, flags_value;
	unsigned opts;              /* RK_ELF_ALLOW_DYN | RK_ELF_REFUSE_WX | RK_ELF_ALLOW_TLS */
};
#define RK_ELF_ALLOW_DYN 1u     /* accept position-independent ET_DYN */
#define RK_ELF_REFUSE_WX 2u     /* refuse segments both writable and executable */
/* Accept one PT_TLS whose template lies in a PT_LOAD's file bytes: the
 * program sets up its own thread pointer from it (as a static Linux
 * binary's C library does, programs/rklibc.c); the loader ignores it. */
#define RK_ELF_ALLOW_TLS 4u

struct rk_elf_segment {
	uint64_t vaddr, memsz;      /* link-time address and size in memory */
	uint64_t offset, filesz;    /* the bytes that come from the file */
	uint32_t flags;             /* RK_ELF_PF_* */
	uint16_t phdr;              /* its program header index (for messages) */
};

struct rk_elf_image {
	const uint8_t *file;        /* exactly the bytes whose signature was checked */
	size_t file_size;
	struct rk_elf_policy policy;
	uint16_t type;              /* RK_ET_EXEC or RK_ET_DYN */
	uint64_t entry;             /* link-time entry address */
	uint64_t span_lo, span_hi;  /* page-rounded link-time span of the PT_LOADs */
	uint64_t align;             /* ET_DYN: placement alignment (>= page) */
	unsigned nseg;
	struct rk_elf_segment seg[RK_ELF_MAX_SEGMENTS];
	uint64_t rela_offset;       /* ET_DYN: file offset of the RELA table */
	uint64_t rela_count;        /* its entries (all RELATIVE or NONE) */
	bool signature_ok;          /* the caller sets it after verifying file */
	char why[RK_ELF_WHY_MAX];   /* reason of the last refusal */
};

/* Validate file[0..size) under pol and describe it in *img (about 1 KiB:
 * keep it off small stacks). 0, or -RK_ENOEXEC with img->why set. */
int rk_elf_check(struct rk_elf_image *img, const void *file, size_t size,
		 const struct rk_elf_policy *pol);

static inline uint64_t rk_elf_span_size(const struct rk_elf_image *img)
{
	return img->span_hi - img->span_lo;
}

struct rk_elf_loaded {
	uint64_t base;              /* load_addr: the span's first byte */
	uint64_t size;              /* the span's size */
	uint64_t bias;              /* run-time minus link-time addresses */
	uint64_t entry;             /* where to start it */
};

/* Copy the checked image to dest, which the program will see at load_addr
 * (the same number with the identity-mapped kernel; a host test or a future
 * MMU mapping may differ) and which has dest_size bytes. Refuses (with a
 * reason) an image without signature_ok, a dest smaller than the span, an
 * ET_EXEC at any address but span_lo, a misaligned ET_DYN address and a span
 * outside the policy window. 0 or -RK_ENOEXEC. */
int rk_elf_load(struct rk_elf_image *img, void *dest, size_t dest_size, uint64_t load_addr,
		struct rk_elf_loaded *out);

#endif
