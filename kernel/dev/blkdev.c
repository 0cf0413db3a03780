/* The registry of block devices (rumpk/drv/blkdev.h, rumpk/blkdev.h), in
 * registration order. Device-neutral: any driver registers here. */
#include <stddef.h>
#include <string.h>
#include <rumpk/drv/blkdev.h>

static struct rk_blkdev *head, **tail = &head;

void rk_blkdev_register(struct rk_blkdev *dev)
{
	dev->next = NULL;
	*tail = dev;
	tail = &dev->next;
}

struct rk_blkdev *rk_blkdev_first(void)
{
	return head;
}

struct rk_blkdev *rk_blkdev_find(const char *name)
{
	for (struct rk_blkdev *d = head; d; d = d->next)
		if (d->name && strcmp(d->name, name) == 0)
			return d;
	return NULL;
}
