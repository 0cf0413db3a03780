/* The registry of network devices (rumpk/drv/netdev.h, rumpk/netdev.h), in
 * registration order. Device-neutral: any driver registers here. */
#include <stddef.h>
#include <string.h>
#include <rumpk/drv/netdev.h>

static struct rk_netdev *head, **tail = &head;

void rk_netdev_register(struct rk_netdev *dev)
{
	dev->next = NULL;
	*tail = dev;
	tail = &dev->next;
}

struct rk_netdev *rk_netdev_first(void)
{
	return head;
}

struct rk_netdev *rk_netdev_find(const char *name)
{
	for (struct rk_netdev *d = head; d; d = d->next)
		if (d->name && strcmp(d->name, name) == 0)
			return d;
	return NULL;
}
