/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel console, the user side: one output device registered by a
 * driver (rumpk/drv/console.h); everybody writes to it. */
#ifndef RUMPK_CONSOLE_H
#define RUMPK_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <rumpk/arch.h>

/* Write len bytes, turning "\n" into "\r\n" for serial terminals, as one
 * piece: nothing another fiber or CPU writes lands inside it. */
void rk_console_write(const char *s, size_t len);
/* Hold the console across several writes (interrupts masked; with SMP a
 * spinlock, re-entrant on one CPU). Returns whether this call took it; pass
 * that and flags to rk_console_unlock. */
#ifdef CONFIG_SMP
bool rk_console_lock(unsigned long *flags);
void rk_console_unlock(bool taken, unsigned long flags);
#else
static inline bool rk_console_lock(unsigned long *flags)
{
	*flags = arch_irq_save();
	return true;
}

static inline void rk_console_unlock(bool taken, unsigned long flags)
{
	(void)taken;
	arch_irq_restore(flags);
}
#endif
/* The next input byte (0..255) without waiting, or -1 when none is waiting
 * or the console cannot receive. */
int rk_console_getc(void);
/* Wait (bounded) until the output written so far has left the device. */
void rk_console_flush(void);

#endif
