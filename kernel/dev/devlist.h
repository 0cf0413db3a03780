/* SPDX-License-Identifier: BSD-2-Clause */
/* The list registries of kernel/dev (netdev, blkdev) are the same code over
 * different types: a device type with `name` and `next` members gets
 * rk_<cls>_register (append, in registration order), rk_<cls>_first and
 * rk_<cls>_find (by name) from RK_DEV_LIST(<cls>). */
#ifndef KERNEL_DEV_DEVLIST_H
#define KERNEL_DEV_DEVLIST_H

#include <stddef.h>
#include <string.h>

#define RK_DEV_LIST(cls)                                                       \
	static struct rk_##cls *head, **tail = &head;                          \
                                                                               \
	void rk_##cls##_register(struct rk_##cls *dev)                         \
	{                                                                      \
		dev->next = NULL;                                              \
		*tail = dev;                                                   \
		tail = &dev->next;                                             \
	}                                                                      \
                                                                               \
	struct rk_##cls *rk_##cls##_first(void)                                \
	{                                                                      \
		return head;                                                   \
	}                                                                      \
                                                                               \
	struct rk_##cls *rk_##cls##_find(const char *name)                     \
	{                                                                      \
		for (struct rk_##cls *d = head; d; d = d->next)                \
			if (d->name && strcmp(d->name, name) == 0)             \
				return d;                                      \
		return NULL;                                                   \
	}

#endif
