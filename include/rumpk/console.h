/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel console, the user side: one output device registered by a
 * driver (rumpk/drv/console.h); everybody writes to it. */
#ifndef RUMPK_CONSOLE_H
#define RUMPK_CONSOLE_H

#include <stddef.h>

/* Write len bytes, turning "\n" into "\r\n" for serial terminals. */
void rk_console_write(const char *s, size_t len);
/* The next input byte (0..255) without waiting, or -1 when none is waiting
 * or the console cannot receive. */
int rk_console_getc(void);
/* Wait (bounded) until the output written so far has left the device. */
void rk_console_flush(void);

#endif
