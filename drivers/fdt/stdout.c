/* SPDX-License-Identifier: BSD-2-Clause */
/* The console the DTB chooses: /chosen/stdout-path (Devicetree
 * specification 3.6), a full path or an alias, optionally followed by
 * ":<options>" (the UART's settings, e.g. "serial0:115200n8"), which the
 * kernel leaves to the firmware. */
#include <string.h>
#include <rumpk/drv/fdt.h>
#include "fdt_internal.h"

int rk_fdt_stdout_node(const void *dtb)
{
	int chosen = fdt_path_offset(dtb, "/chosen");
	int len;

	if (chosen < 0)
		return chosen;
	const char *path = fdt_getprop(dtb, chosen, "stdout-path", &len);
	if (!path) /* the name before the specification had one */
		path = fdt_getprop(dtb, chosen, "linux,stdout-path", &len);
	if (!path)
		return len;
	const char *colon = memchr(path, ':', (size_t)len);
	size_t n = colon ? (size_t)(colon - path) : strnlen(path, (size_t)len);
	/* fdt_path_offset_namelen resolves an alias (no leading '/') too. */
	return fdt_path_offset_namelen(dtb, path, (int)n);
}

bool rk_fdt_dev_is_stdout(const struct rk_fdt_dev *dev)
{
	return rk_fdt_stdout_node(dev->dtb) == dev->node;
}
