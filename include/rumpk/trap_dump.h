/* Shared register-dump printer used by arch/<a>/ trap handlers. */
#ifndef RUMPK_TRAP_DUMP_H
#define RUMPK_TRAP_DUMP_H

#include <stdbool.h>
#include <stdint.h>

/* Print n registers, names[i] = vals[i], three to a line. */
void rk_dump_regs(const char *const names[], const uint64_t *vals, unsigned n);

#endif
