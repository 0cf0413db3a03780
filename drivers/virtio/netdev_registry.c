/* The list of network devices (include/rumpk/netdev.h). Generic: it lives
 * with the virtio drivers only until the network stack component takes it. */
#include <stddef.h>
#include <rumpk/netdev.h>

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
