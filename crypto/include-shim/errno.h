/* SPDX-License-Identifier: BSD-2-Clause */
/* <errno.h> for libsodium in the kernel. libsodium sets errno only on its
 * own failure paths (ENOSYS from sodium_mlock() and friends, which have no
 * meaning without virtual memory protection; ENOMEM from the allocation
 * wrappers) and never reads it back. The kernel has no errno yet, so those
 * writes land in a variable of the crypto component
 * (crypto/port/sodium_core.c). If include/libc/ grows an errno.h, it is
 * found first and this one is not used. Values are Linux's. */
#ifndef RUMPK_SHIM_ERRNO_H
#define RUMPK_SHIM_ERRNO_H

extern int rk_sodium_errno;
#define errno rk_sodium_errno

#define EPERM 1
#define ENOENT 2
#define ENOMEM 12
#define EINVAL 22
#define ERANGE 34
#define ENOSYS 38

#endif
