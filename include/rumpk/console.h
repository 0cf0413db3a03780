/* The kernel console: one output device registered by the platform. */
#ifndef RUMPK_CONSOLE_H
#define RUMPK_CONSOLE_H

#include <stddef.h>

struct rk_console {
	const char *name;
	void (*putc)(const struct rk_console *con, char c);
	/* Polled receive: the next input byte, or -1 when none is waiting.
	 * NULL for an output-only console. */
	int (*getc)(const struct rk_console *con);
	void *priv;
};

/* Make con the console. Output before any console exists is dropped. */
void rk_console_register(const struct rk_console *con);
/* Write len bytes, turning "\n" into "\r\n" for serial terminals. */
void rk_console_write(const char *s, size_t len);
/* The next input byte (0..255) without waiting, or -1 when none is waiting
 * or the console cannot receive. */
int rk_console_getc(void);

#endif
