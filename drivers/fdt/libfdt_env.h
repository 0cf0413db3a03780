/* SPDX-License-Identifier: BSD-2-Clause */
/* The environment libfdt expects, for a freestanding kernel and for the host.
 *
 * libfdt's own libfdt_env.h includes <stdlib.h> and <limits.h>; with the
 * Debian cross compilers, GCC's <limits.h> chains to the host glibc header,
 * which does not build freestanding. This header takes its place: it uses the
 * same include guard and is force-included (-include) in front of every
 * libfdt source, so libfdt's copy becomes empty. Kernel code that includes
 * <libfdt.h> includes this file first for the same reason.
 *
 * The device tree is big-endian; every conversion below is a byte swap on
 * our little-endian targets and the identity on big-endian ones. */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Version 17 DTBs only (libfdt's FDT_ASSUME_LATEST, 1 << 1 in its
 * libfdt_internal.h): every firmware and dtc since 2007 writes 17, and
 * libfdt's code for the older header layouts is 450 bytes of an image.
 * This is no check dropped: rk_fdt_check refuses any other version
 * (FDT_ERR_BADVERSION) before libfdt reads the tree. */
#define FDT_ASSUME_MASK 2

#ifndef INT_MAX
#define INT_MAX __INT_MAX__ /* the one <limits.h> value libfdt uses */
#endif

/* sparse's bitwise annotations: nothing for a compiler. */
#define FDT_FORCE
#define FDT_BITWISE

typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

/* Always inline: a call per conversion costs more than the conversion
 * (GCC's -Os keeps them out of line otherwise). */
#define RK_FDT_INLINE static inline __attribute__((always_inline))

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define RK_FDT_SWAP16(x) (x)
#define RK_FDT_SWAP32(x) (x)
#define RK_FDT_SWAP64(x) (x)
#elif defined(__riscv) && !defined(__riscv_zbb) && defined(CONFIG_FDT_INLINE_SWAPS)
/* RV64 without Zbb has no byte-swap instruction, and GCC calls libgcc's
 * __bswapsi2 for __builtin_bswap32; libfdt swaps every header field,
 * tag and length it reads, so at boot those calls were a third of the
 * instructions of the DTB check. The same shifts, inline: faster, and
 * about 1.2 KiB larger (CONFIG_FDT_INLINE_SWAPS says which is chosen). */
RK_FDT_INLINE uint32_t rk_fdt_swap32(uint32_t x)
{
	return (x >> 24) | ((x >> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24);
}
#define RK_FDT_SWAP16(x) ((uint16_t)((uint16_t)(x) >> 8 | (uint16_t)(x) << 8))
#define RK_FDT_SWAP32(x) rk_fdt_swap32(x)
#define RK_FDT_SWAP64(x) \
	((uint64_t)rk_fdt_swap32((uint32_t)(x)) << 32 | rk_fdt_swap32((uint32_t)((uint64_t)(x) >> 32)))
#else
#define RK_FDT_SWAP16(x) __builtin_bswap16(x)
#define RK_FDT_SWAP32(x) __builtin_bswap32(x)
#define RK_FDT_SWAP64(x) __builtin_bswap64(x)
#endif

RK_FDT_INLINE uint16_t fdt16_to_cpu(fdt16_t x) { return RK_FDT_SWAP16(x); }
RK_FDT_INLINE fdt16_t cpu_to_fdt16(uint16_t x) { return RK_FDT_SWAP16(x); }
RK_FDT_INLINE uint32_t fdt32_to_cpu(fdt32_t x) { return RK_FDT_SWAP32(x); }
RK_FDT_INLINE fdt32_t cpu_to_fdt32(uint32_t x) { return RK_FDT_SWAP32(x); }
RK_FDT_INLINE uint64_t fdt64_to_cpu(fdt64_t x) { return RK_FDT_SWAP64(x); }
RK_FDT_INLINE fdt64_t cpu_to_fdt64(uint64_t x) { return RK_FDT_SWAP64(x); }

#endif
