/* SPDX-License-Identifier: BSD-2-Clause */
/* Formatted output: printk to the console, snprintf into buffers.
 * Supported conversions: %d %i %u %x %X %o %p %s %c %% with the flags
 * '-', '0', ' ', '+', '#', a width, a precision (also '*') and the length
 * modifiers hh h l ll z j t. No floating point. */
#ifndef RUMPK_PRINTK_H
#define RUMPK_PRINTK_H

#include <stdarg.h>
#include <stddef.h>
#include <rumpk/compiler.h>

int rk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int rk_snprintf(char *buf, size_t size, const char *fmt, ...) rk_printf_like(3, 4);

/* Write to the console; returns the number of characters formatted. */
int printk(const char *fmt, ...) rk_printf_like(1, 2);
int vprintk(const char *fmt, va_list ap);

/* The public application name of printk. */
#define rk_printf printk

#endif
