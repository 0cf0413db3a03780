/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio-rng: 32 bytes that are not all the same value, per mode. */
#include <string.h>
#include <rumpk/printk.h>
#include <rumpk/virtio.h>
#include "virtiotest.h"

static int check(bool polled)
{
	unsigned char buf[32];

	rk_virtio_rng_set_polled(polled);
	memset(buf, 0, sizeof(buf));
	int err = rk_virtio_rng_read(buf, sizeof(buf));
	if (err) {
		printk("virtio-rng: FAIL read error %d [%s]\n", err, MODE_NAME(polled));
		return 1;
	}
	bool varied = false;
	for (size_t i = 1; i < sizeof(buf); i++)
		varied |= buf[i] != buf[0];
	if (!varied) {
		printk("virtio-rng: FAIL 32 bytes all equal to %#x [%s]\n", buf[0], MODE_NAME(polled));
		return 1;
	}
	printk("virtio-rng: 32 bytes %02x%02x%02x%02x... not all equal [%s]\n", buf[0], buf[1],
	       buf[2], buf[3], MODE_NAME(polled));
	return 0;
}

int test_rng(void)
{
	return check(false) + check(true);
}
