/* SPDX-License-Identifier: BSD-2-Clause */
/* virtiotest: probe the virtio devices QEMU was given (see app.desc:
 * virtio-net on user networking, virtio-blk on a scratch disk file in the
 * build directory, virtio-rng) and exercise each in both completion modes.
 * Exit status: the number of failed checks and tests. */
#include <rumpk/printk.h>
#include <rumpk/test.h>
#include <rumpk/virtio.h>
#include "virtiotest.h"

int main(int argc, char *argv[])
{
	/* The kernel probed the devices at boot. */
	int n = rk_virtio_bound();

	printk("virtiotest: %d devices bound\n", n);
	/* The split ring against a simulated device (no QEMU device needed),
	 * then the real devices. */
	int failures = rk_test_run_all("virtq_");
	failures += test_net() + test_blk() + test_rng();
	rk_virtio_list();
	printk("virtiotest: %d failures\n", failures);
	return failures;
}
