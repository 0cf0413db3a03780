/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 user mode: not yet (issue 12). Without ARCH_HAS_USER, kernel/exec
 * runs programs in kernel mode with the command ring but no isolation
 * (kernel/exec/kmode.c, docs/syscall.md). An implementation defines
 * ARCH_HAS_USER, the window RK_USER_BASE/RK_USER_SIZE and the functions
 * of include/rumpk/uspace.h in arch/x86_64/user.c. */
#ifndef ARCH_USER_H
#define ARCH_USER_H
#endif
