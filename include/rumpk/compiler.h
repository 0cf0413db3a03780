/* SPDX-License-Identifier: BSD-2-Clause */
/* Compiler attributes used across the tree. */
#ifndef RUMPK_COMPILER_H
#define RUMPK_COMPILER_H

#define rk_noreturn __attribute__((noreturn))
#define rk_printf_like(f, a) __attribute__((format(printf, f, a)))
#define rk_used __attribute__((used))
#define rk_section(s) __attribute__((section(s)))
#define rk_aligned(n) __attribute__((aligned(n)))
#define rk_unused __attribute__((unused))
#define RK_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
