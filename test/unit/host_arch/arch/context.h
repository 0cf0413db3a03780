/* SPDX-License-Identifier: BSD-2-Clause */
/* The host's arch/context.h for unit tests that include rumpk/fiber.h
 * without running fibers: the type only. */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H
#include <stdint.h>
struct arch_context {
	uintptr_t sp;
};
#endif
