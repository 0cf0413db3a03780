/* The list of block devices (include/rumpk/blkdev.h), in registration
 * order. Generic: any block driver registers here. */
#include <stddef.h>
#include <rumpk/blkdev.h>

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
