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

#ifndef INT_MAX
#define INT_MAX __INT_MAX__ /* the one <limits.h> value libfdt uses */
#endif

/* sparse's bitwise annotations: nothing for a compiler. */
#define FDT_FORCE
#define FDT_BITWISE

typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define RK_FDT_SWAP16(x) (x)
#define RK_FDT_SWAP32(x) (x)
#define RK_FDT_SWAP64(x) (x)
#else
#define RK_FDT_SWAP16(x) __builtin_bswap16(x)
#define RK_FDT_SWAP32(x) __builtin_bswap32(x)
#define RK_FDT_SWAP64(x) __builtin_bswap64(x)
#endif

static inline uint16_t fdt16_to_cpu(fdt16_t x) { return RK_FDT_SWAP16(x); }
static inline fdt16_t cpu_to_fdt16(uint16_t x) { return RK_FDT_SWAP16(x); }
static inline uint32_t fdt32_to_cpu(fdt32_t x) { return RK_FDT_SWAP32(x); }
static inline fdt32_t cpu_to_fdt32(uint32_t x) { return RK_FDT_SWAP32(x); }
static inline uint64_t fdt64_to_cpu(fdt64_t x) { return RK_FDT_SWAP64(x); }
static inline fdt64_t cpu_to_fdt64(uint64_t x) { return RK_FDT_SWAP64(x); }

#endif
