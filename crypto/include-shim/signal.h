/* SPDX-License-Identifier: BSD-2-Clause */
/* <signal.h>: sodium/utils.c includes it for raise(), which it calls only
 * with guarded allocations (HAVE_ALIGNED_MALLOC), not built here. Empty on
 * purpose: a call to anything it would declare fails to compile. */
#ifndef RUMPK_SHIM_SIGNAL_H
#define RUMPK_SHIM_SIGNAL_H
#endif
