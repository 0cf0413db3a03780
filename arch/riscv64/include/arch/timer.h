/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 timer: the time CSR as the clock, one-shot deadlines through the
 * SBI TIME extension or, where the firmware enables it, Sstc's stimecmp. */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

#include <stdint.h>

/* Platform: the time CSR counts at hz (DTB /cpus timebase-frequency).
 * Disarms the timer and enables the supervisor timer interrupt. */
void riscv_timer_init(uint64_t hz);

#endif
