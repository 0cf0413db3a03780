/* SPDX-License-Identifier: BSD-2-Clause */
/* Device register access for memory-mapped I/O. The compiler barrier keeps
 * accesses in program order; arch/<a>/include/arch/barrier.h orders them
 * against the device where the CPU needs a fence. */
#ifndef RUMPK_MMIO_H
#define RUMPK_MMIO_H

#include <stdint.h>

static inline uint8_t mmio_read8(uintptr_t a) { return *(volatile uint8_t *)a; }
static inline uint16_t mmio_read16(uintptr_t a) { return *(volatile uint16_t *)a; }
static inline uint32_t mmio_read32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_write8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline void mmio_write16(uintptr_t a, uint16_t v) { *(volatile uint16_t *)a = v; }
static inline void mmio_write32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }

#endif
