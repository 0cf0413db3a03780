/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 fiber context. arch_context_switch (switch.S) pushes the
 * callee-saved registers of the System V ABI (rbx, rbp, r12-r15) on the
 * outgoing fiber's own stack and keeps only the stack pointer here, so a
 * switch is six pushes, two moves, six pops and a ret. The interrupt flag
 * is not part of it (callers mask around a switch), nor is any x87/SSE
 * state: the whole image is built with -mgeneral-regs-only. */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#include <stdint.h>

struct arch_context {
	uintptr_t rsp;
};

#endif
