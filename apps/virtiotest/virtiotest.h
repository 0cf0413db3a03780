/* SPDX-License-Identifier: BSD-2-Clause */
/* virtiotest: one check per device kind, each run with interrupt and with
 * polled completion. Every check prints fixed lines and returns the number
 * of failures. */
#ifndef VIRTIOTEST_H
#define VIRTIOTEST_H

#include <stdbool.h>

#define MODE_NAME(polled) ((polled) ? "polled" : "irq")

int test_net(void);
int test_blk(void);
int test_rng(void);

#endif
