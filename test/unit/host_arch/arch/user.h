/* SPDX-License-Identifier: BSD-2-Clause */
/* The host's arch/user.h for unit tests of kernel/exec: no user mode, so
 * program addresses are host addresses (test_cmd.c stubs the copies). */
#ifndef ARCH_USER_H
#define ARCH_USER_H
#endif
