/* SPDX-License-Identifier: BSD-2-Clause */
/* <assert.h> for libsodium in the kernel: a failed assertion is a kernel
 * panic with the expression and its place (there is no abort() to call).
 * Deliberately not guarded, as the C standard wants: it may be re-included
 * after NDEBUG changes. */
#include <rumpk/panic.h>

#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) RK_ASSERT(e)
#endif
