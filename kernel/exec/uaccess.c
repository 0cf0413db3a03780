/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel's only way to a program's memory (include/rumpk/uspace.h):
 * every page of the range is checked in the program's own tables first
 * (arch_uspace_page_ok), then the bytes are copied with user access open
 * only for the copy (arch_uspace_open/close: interrupts masked, the space
 * active, SUM set / stac / PAN off). Nothing is copied when any page
 * fails, so a program cannot make the kernel fault. */
#include <string.h>
#include <rumpk/uspace.h>

#ifdef ARCH_HAS_USER
bool rk_user_range_ok(struct rk_uspace *s, uintptr_t uva, size_t len, unsigned prot)
{
	if (!len)
		return true;
	if (!rk_user_in_window(uva, len))
		return false;
	for (uintptr_t p = uva & ~(uintptr_t)4095; p < uva + len; p += 4096)
		if (!arch_uspace_page_ok(s, p, prot))
			return false;
	return true;
}

static int copy(struct rk_uspace *s, void *dst, const void *src, uintptr_t uva, size_t len,
		unsigned prot)
{
	if (!rk_user_range_ok(s, uva, len, prot))
		return -RK_EFAULT;
	if (len) {
		unsigned long flags = arch_uspace_open(s);
		memcpy(dst, src, len);
		arch_uspace_close(s, flags);
	}
	return 0;
}

int rk_copy_from_user(struct rk_uspace *s, void *dst, uintptr_t uva, size_t len)
{
	return copy(s, dst, (const void *)uva, uva, len, RK_UPROT_R);
}

int rk_copy_to_user(struct rk_uspace *s, uintptr_t uva, const void *src, size_t len)
{
	return copy(s, (void *)uva, src, uva, len, RK_UPROT_W);
}
#endif
