/* SPDX-License-Identifier: BSD-2-Clause */
/* <sys/types.h>: libsodium's randombytes.h and SHA-512 code include it but
 * use only size_t, which <stddef.h> provides. */
#ifndef RUMPK_SHIM_SYS_TYPES_H
#define RUMPK_SHIM_SYS_TYPES_H
#include <stddef.h>
#endif
