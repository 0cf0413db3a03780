/* Shared register-dump printer used by arch/<a>/ trap handlers. */
#ifndef RUMPK_TRAP_DUMP_H
#define RUMPK_TRAP_DUMP_H

#include <stdbool.h>
#include <stdint.h>

/* Print n registers, names[i] = vals[i], three to a line. */
void rk_dump_regs(const char *const names[], const uint64_t *vals, unsigned n);

/* Arch trap code calls this for an exception it cannot handle, after the
 * report and register dump, with the faulting pc. True when the fault is
 * contained: it happened in the code of a program rk_exec runs, on that
 * program's fiber, and the trap should return to *resume (kernel code that
 * ends the program and lets the kernel run on) instead of panicking. The
 * caller sets the frame's pc to *resume (x86: and realigns the stack as
 * after a call). Without CONFIG_EXEC nothing is ever contained. */
#ifdef CONFIG_EXEC
bool rk_trap_contain(uintptr_t pc, uintptr_t *resume);
#else
static inline bool rk_trap_contain(uintptr_t pc, uintptr_t *resume)
{
	(void)pc;
	(void)resume;
	return false;
}
#endif

#endif
