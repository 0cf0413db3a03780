/* SPDX-License-Identifier: BSD-2-Clause */
/* <unistd.h>: sodium/utils.c includes it for sysconf(_SC_PAGESIZE), which
 * it calls only with guarded allocations (HAVE_ALIGNED_MALLOC), not built
 * here. Empty on purpose. */
#ifndef RUMPK_SHIM_UNISTD_H
#define RUMPK_SHIM_UNISTD_H
#endif
