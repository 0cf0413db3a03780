/* SPDX-License-Identifier: BSD-2-Clause */
/* bench: the groups of figures main.c runs. */
#ifndef APPS_BENCH_H
#define APPS_BENCH_H

/* smp.c (CONFIG_SMP): cross-CPU calls, wake-ups, rings, speed-up. */
void bench_smp(void);

#endif
