/* SPDX-License-Identifier: BSD-2-Clause */
/* Compiler attributes used across the tree. */
#ifndef RUMPK_COMPILER_H
#define RUMPK_COMPILER_H

#define rk_noreturn __attribute__((noreturn))
#define rk_printf_like(f, a) __attribute__((format(printf, f, a)))
#define rk_used __attribute__((used))
#define rk_section(s) __attribute__((section(s)))
#define rk_aligned(n) __attribute__((aligned(n)))
/* Static memory boot does not zero (RK_BSS in sections.ld.h): for buffers
 * whose owner writes them before reading, and that are never touched
 * before the MMU is on. Its contents at start are undefined. */
#define rk_noinit __attribute__((section(".bss.rk_noinit")))
#define rk_unused __attribute__((unused))
#define RK_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
