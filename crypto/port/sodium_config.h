/* SPDX-License-Identifier: BSD-2-Clause */
/* What libsodium's configure script would have found, for a freestanding
 * Rumpk kernel. Force-included (-include) in front of every libsodium source
 * (crypto/CMakeLists.txt), and in front of the host-test build of the same
 * files, so that the image and the tests compile one configuration.
 *
 * The rule is: portable C only. Nothing below enables an assembly file, an
 * SSE/AVX/NEON intrinsic or a CPUID probe: the aarch64 and x86_64 kernels
 * are built with -mgeneral-regs-only and must never touch FP/SIMD state.
 * So none of HAVE_AMD64_ASM, HAVE_AVX_ASM, HAVE_CPUID, HAVE_*INTRIN_H is
 * defined, and no OS facility (HAVE_MMAP, HAVE_MLOCK, HAVE_POSIX_MEMALIGN,
 * HAVE_PTHREAD, HAVE_GETRANDOM...) is claimed either. */
#ifndef RUMPK_SODIUM_CONFIG_H
#define RUMPK_SODIUM_CONFIG_H

/* We do stand in for configure (deliberately, with the values below), so
 * private/common.h's "compiled using an undocumented method" warning does
 * not apply. */
#define CONFIGURED 1

/* Static library: no symbol visibility games. */
#define SODIUM_STATIC 1

/* Byte order: the LOAD/STORE helpers of private/common.h become memcpy. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE_LITTLE_ENDIAN 1
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define NATIVE_BIG_ENDIAN 1
#endif

/* 64-bit targets have a 64x64->128 multiply in integer registers (mulhu,
 * umulh, mul): the ed25519 field code then uses 5 x 51-bit limbs (fe_51),
 * about twice as fast as the 10 x 25.5-bit variant. The multiplies stay
 * inline; the freestanding compile check in test/unit/sign_tests.cmake fails
 * if one ever becomes a libgcc/compiler-rt call (__multi3). */
#if defined(__SIZEOF_INT128__)
#define HAVE_TI_MODE 1
#endif

/* sodium_memzero: memset followed by a call to a weak no-op and an empty asm
 * with a memory clobber, so the compiler cannot drop the clearing as a dead
 * store. Both are plain C/GNU C, valid on every arch. */
#define HAVE_WEAK_SYMBOLS 1
#define HAVE_INLINE_ASM 1

/* sodium_stackzero clears a variable-length array. */
#define HAVE_C_VARARRAYS 1

/* ed25519_ref10.c calls abort() (on an impossible state in the
 * hash-to-curve code, which sign/verify never reach) without including
 * <stdlib.h>, and Rumpk's <stdlib.h> does not declare it yet: declare it
 * here so that the call is checked against a prototype. Defined (weak) in
 * port/sodium_core.c until kernel/lib provides it. */
void abort(void) __attribute__((noreturn));

/* randombytes.c: no /dev/urandom or getrandom() here. Its default
 * implementation (used when randombytes_* runs before sodium_init()) is
 * Rumpk's ChaCha20 generator of crypto/random.c, never a NULL pointer. */
#define RANDOMBYTES_CUSTOM_IMPLEMENTATION 1
struct randombytes_implementation;
extern struct randombytes_implementation rk_randombytes_implementation;
#define RANDOMBYTES_DEFAULT_IMPLEMENTATION (&rk_randombytes_implementation)

#endif
