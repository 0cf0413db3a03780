/* SPDX-License-Identifier: BSD-2-Clause */
/* The initial frame of a fiber: what arch_context_switch (switch.S) pops
 * the first time it switches to it. */
#include <rumpk/arch.h>
#include <arch/context.h>

void x86_fiber_start(void);

void arch_context_init(struct arch_context *ctx, uintptr_t stack_top,
		       void (*entry)(void *), void *arg)
{
	uint64_t *sp = (uint64_t *)stack_top;

	/* Two empty slots put x86_fiber_start's rsp on a 16-byte boundary
	 * after the ret, like a caller's just before a call. */
	*--sp = 0;
	*--sp = 0;
	*--sp = (uintptr_t)x86_fiber_start; /* popped by ret */
	*--sp = 0;                          /* rbp */
	*--sp = 0;                          /* rbx */
	*--sp = (uintptr_t)arg;             /* r12 */
	*--sp = (uintptr_t)entry;           /* r13 */
	*--sp = 0;                          /* r14 */
	*--sp = 0;                          /* r15 */
	ctx->rsp = (uintptr_t)sp;
}
