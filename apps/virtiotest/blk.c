/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio-blk: write sectors, read them back, compare; then several fibers
 * with requests in flight on the device at once. Per mode. */
#include <string.h>
#include <rumpk/blkdev.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include <rumpk/time.h>
#include "virtiotest.h"

#define SECTORS 8    /* per transfer */
#define WORKERS 4

static void fill(uint8_t *buf, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(seed * 131u + i * 7u + (i >> 9));
}

/* Write a pattern at lba, read it back into a different buffer. 0 or -1. */
static int roundtrip(struct rk_blkdev *bd, uint64_t lba, unsigned seed)
{
	size_t len = SECTORS * bd->sector_size;
	uint8_t *out = malloc(len), *in = malloc(len);
	int ok = -1;

	if (!out || !in)
		goto done;
	fill(out, len, seed);
	memset(in, 0, len);
	if (bd->write(bd, lba, out, SECTORS) || bd->flush(bd) || bd->read(bd, lba, in, SECTORS))
		goto done;
	ok = memcmp(in, out, len) == 0 ? 0 : -1;
done:
	free(out);
	free(in);
	return ok;
}

struct worker {
	struct rk_blkdev *bd;
	unsigned id;
	int failures;
};

static void worker_fn(void *arg)
{
	struct worker *w = arg;
	for (unsigned round = 0; round < 4; round++)
		if (roundtrip(w->bd, 64 + (w->id * 4 + round) * SECTORS, w->id * 16 + round))
			w->failures++;
}

/* Latency of sequential 4 KiB reads in the current mode (a figure, not a
 * check: TCG timing varies too much to assert on). */
static void measure(struct rk_blkdev *bd, bool polled)
{
	enum { N = 200, COUNT = 8 };
	uint8_t *buf = malloc(COUNT * bd->sector_size);
	if (!buf)
		return;
	uint64_t t0 = rk_time_ns();
	for (unsigned i = 0; i < N; i++)
		bd->read(bd, (i * COUNT) % (bd->capacity - COUNT), buf, COUNT);
	uint64_t per = (rk_time_ns() - t0) / N;
	printk("virtio-blk: %d x 4 KiB reads: %llu us each [%s]\n", N,
	       (unsigned long long)(per / 1000), MODE_NAME(polled));
	free(buf);
}

static int check(struct rk_blkdev *bd, bool polled)
{
	const char *mode = MODE_NAME(polled);
	uint64_t lba = polled ? 16 : 8;
	int failures = 0;

	bd->set_polled(bd, polled);
	measure(bd, polled);
	if (roundtrip(bd, lba, polled ? 2 : 1)) {
		printk("virtio-blk: FAIL %s sectors %llu-%llu read back differently [%s]\n", bd->name,
		       (unsigned long long)lba, (unsigned long long)(lba + SECTORS - 1), mode);
		failures++;
	} else {
		printk("virtio-blk: %s wrote and read back sectors %llu-%llu [%s]\n", bd->name,
		       (unsigned long long)lba, (unsigned long long)(lba + SECTORS - 1), mode);
	}

	struct worker w[WORKERS];
	struct rk_fiber *f[WORKERS];
	for (unsigned i = 0; i < WORKERS; i++) {
		w[i] = (struct worker){ bd, i, 0 };
		f[i] = rk_fiber_create("blkworker", worker_fn, &w[i], NULL);
	}
	int bad = 0;
	for (unsigned i = 0; i < WORKERS; i++) {
		if (!f[i] || rk_fiber_join(f[i]))
			bad++;
		else
			bad += w[i].failures;
	}
	if (bad) {
		printk("virtio-blk: FAIL %d of %d concurrent round trips [%s]\n", bad, WORKERS * 4, mode);
		failures++;
	} else {
		printk("virtio-blk: %d fibers x 4 concurrent round trips ok [%s]\n", WORKERS, mode);
	}
	return failures;
}

/* A read past the end must be refused, not sent. */
static int check_bounds(struct rk_blkdev *bd)
{
	uint8_t buf[512];
	if (bd->read(bd, bd->capacity, buf, 1) != -RK_EINVAL) {
		printk("virtio-blk: FAIL read past the end was not refused\n");
		return 1;
	}
	return 0;
}

int test_blk(void)
{
	struct rk_blkdev *bd = rk_blkdev_first();

	if (!bd) {
		printk("virtio-blk: FAIL no block device\n");
		return 1;
	}
	printk("virtio-blk: %s capacity %llu sectors of %u bytes\n", bd->name,
	       (unsigned long long)bd->capacity, bd->sector_size);
	int failures = check(bd, false) + check(bd, true) + check_bounds(bd);
	bd->set_polled(bd, false);
	printk("virtio-blk: %llu reads, %llu writes, %llu irqs\n",
	       (unsigned long long)bd->stats.reads, (unsigned long long)bd->stats.writes,
	       (unsigned long long)bd->stats.irqs);
	return failures;
}
