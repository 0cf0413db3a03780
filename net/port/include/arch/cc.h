/* SPDX-License-Identifier: BSD-2-Clause */
/* lwIP's compiler and platform header (lwip/arch.h includes it first).
 *
 * The image is freestanding: the C library headers lwIP would include
 * (limits.h, inttypes.h, ctype.h, unistd.h, stdio.h) do not exist here, and
 * the cross compilers' limits.h would even reach for the host's glibc one.
 * So every value lwIP takes from them is given here instead. */
#ifndef RUMPK_LWIP_ARCH_CC_H
#define RUMPK_LWIP_ARCH_CC_H

#include <stddef.h>
#include <stdint.h>

#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_LIMITS_H 1
#define LWIP_NO_UNISTD_H 1
#define LWIP_NO_CTYPE_H 1

/* All three architectures are LP64 and little-endian. */
#define BYTE_ORDER LITTLE_ENDIAN
#define INT_MAX __INT_MAX__
#define SSIZE_MAX __LONG_MAX__
typedef long ssize_t;

/* printk conversions for lwIP's types (u32_t is unsigned int on LP64). */
#define X8_F "02x"
#define U16_F "hu"
#define S16_F "hd"
#define X16_F "hx"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "zu"

/* One instruction each instead of lwIP's shift-and-mask fallbacks. */
#define lwip_htons(x) ((u16_t)__builtin_bswap16((u16_t)(x)))
#define lwip_htonl(x) ((u32_t)__builtin_bswap32((u32_t)(x)))

/* Structure packing for protocol headers. */
#define PACK_STRUCT_BEGIN
#define PACK_STRUCT_STRUCT __attribute__((packed))
#define PACK_STRUCT_END
#define PACK_STRUCT_FIELD(x) x

/* Diagnostics go to the console; a failed assertion is a kernel panic
 * naming lwIP's file and line (the panic handler powers off non-zero, so a
 * test sees it at once). */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rk_net_lwip_assert(const char *msg, const char *file, int line) __attribute__((noreturn));
#define LWIP_PLATFORM_DIAG(x) do { printk x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) rk_net_lwip_assert((x), __FILE__, __LINE__)

/* Random numbers for TCP initial ports, DHCP transaction ids and IPv6
 * temporary values: not cryptographic, only unpredictable across boots. */
uint32_t rk_net_rand(void);
#define LWIP_RAND() rk_net_rand()

/* lwIP's single-CPU critical sections (SYS_LIGHTWEIGHT_PROT, sys_arch
 * mode only): mask interrupts, as the kernel's own primitives do. */
typedef unsigned long sys_prot_t;

#endif
