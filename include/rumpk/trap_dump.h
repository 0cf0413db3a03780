/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared register-dump printer used by arch/<a>/ trap handlers. */
#ifndef RUMPK_TRAP_DUMP_H
#define RUMPK_TRAP_DUMP_H

#include <stdbool.h>
#include <stdint.h>

/* Print registers three to a line: names holds their names one after the
 * other, each NUL-terminated, and ends with an empty one ("ra\0" "sp\0":
 * a string literal adds the last NUL); vals[i] is the i-th name's value.
 * Packed rather than an array of pointers: no 8-byte pointer per name. */
void rk_dump_regs(const char *names, const uint64_t *vals);

/* Arch trap code calls this for an exception it cannot handle, after the
 * report and register dump, with the faulting pc. True when a registered
 * container claims the fault (kernel/exec: it happened in the code of a
 * program rk_exec runs, on that program's fiber) and the trap should return
 * to *resume (kernel code that ends the program and lets the kernel run
 * on) instead of panicking. The caller sets the frame's pc to *resume (x86:
 * and realigns the stack as after a call). With no container registered
 * nothing is ever contained. */
bool rk_trap_contain(uintptr_t pc, uintptr_t *resume);

/* A fault container: true, with *resume set, when it takes the fault at pc. */
typedef bool (*rk_trap_container_fn)(uintptr_t pc, uintptr_t *resume);
/* Add fn to the containers asked in order; -1 when RK_TRAP_CONTAINERS are
 * registered already. */
int rk_trap_container_register(rk_trap_container_fn fn);
#define RK_TRAP_CONTAINERS 2

#endif
