/* SPDX-License-Identifier: BSD-2-Clause */
/* Discovery: which node of the DTB is the console and which nodes can power
 * the machine off. Portable (libfdt, the rk_fdt_* lookups over it, and
 * printk): the kernel's early binding (drivers/fdt/early.c) uses it at
 * boot, and the host tests run it over QEMU's and real boards' DTBs
 * (test/unit/test_fdt_discover.c). Paths are resolved through
 * rk_fdt_path, from the node index that early.c's rk_fdt_check builds:
 * libfdt's walk to the console's node and back cost generic-riscv64
 * about 250k instructions of boot, twice (the UART's probe asks for the
 * speed the path gives).
 * Which nodes the image can drive is the caller's answer (rk_fdt_match_fn),
 * so nothing here names a driver. */
#include <rumpk/printk.h>
#include "fdt_internal.h"

const char *rk_fdt_node_path(const void *dtb, int node, char *buf, int len)
{
	if (fdt_get_path(dtb, node, buf, len))
		rk_snprintf(buf, (size_t)len, ".../%s", rk_fdt_name(dtb, node));
	return buf;
}

/* /chosen/stdout-path, or the older linux,stdout-path; NULL when absent.
 * The value must be a NUL-terminated string. */
static const char *stdout_path(const void *dtb)
{
	static const char *const names[] = { "stdout-path", "linux,stdout-path" };
	int chosen = rk_fdt_path(dtb, "/chosen");

	if (chosen < 0)
		return NULL;
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int len;
		const char *p = fdt_getprop(dtb, chosen, names[i], &len);

		if (p && len > 1 && p[len - 1] == '\0')
			return p;
	}
	return NULL;
}

/* The decimal number the options start with ("115200n8": 115200), or 0. */
static uint32_t parse_baud(const char *opt)
{
	uint32_t v = 0;

	for (; *opt >= '0' && *opt <= '9'; opt++) {
		if (v > 100000000u) /* no line is that fast: a corrupt value */
			return 0;
		v = v * 10 + (uint32_t)(*opt - '0');
	}
	return v;
}

/* Fill c's stdout-path fields. */
static void find_stdout(const void *dtb, struct rk_fdt_console *c)
{
	const char *p = stdout_path(dtb);

	c->path = p;
	c->pathlen = 0;
	c->baud = 0;
	if (!p) {
		c->stdout_node = -FDT_ERR_NOTFOUND;
		return;
	}
	const char *colon = strchr(p, ':');
	c->pathlen = colon ? (int)(colon - p) : (int)strlen(p);
	if (colon)
		c->baud = parse_baud(colon + 1);
	/* libfdt resolves an alias when the path does not start with '/'. */
	c->stdout_node = rk_fdt_path_namelen(dtb, p, c->pathlen);
	if (c->stdout_node < 0)
		c->stdout_node = -FDT_ERR_BADPATH;
}

int rk_fdt_console_find(const void *dtb, rk_fdt_match_fn supported, void *arg,
			struct rk_fdt_console *c)
{
	find_stdout(dtb, c);
	c->node = -FDT_ERR_NOTFOUND;
	if (c->stdout_node >= 0 && rk_fdt_is_enabled(dtb, c->stdout_node) &&
	    supported(dtb, c->stdout_node, arg))
		return c->node = c->stdout_node;
	/* Any console at all is better than none: the report says why it is
	 * not the one the DTB named. */
	for (int n = fdt_next_node(dtb, -1, NULL); n >= 0; n = fdt_next_node(dtb, n, NULL))
		if (n != c->stdout_node && fdt_getprop(dtb, n, "compatible", NULL) &&
		    rk_fdt_is_enabled(dtb, n) && supported(dtb, n, arg))
			return c->node = n;
	return c->node;
}

void rk_fdt_console_report(const void *dtb, const struct rk_fdt_console *c)
{
	char path[128], used[128];

	if (c->node >= 0 && c->node == c->stdout_node)
		return;
	if (c->node >= 0)
		rk_snprintf(used, sizeof(used), "using %s", rk_fdt_node_path(dtb, c->node, path, sizeof(path)));
	else
		rk_snprintf(used, sizeof(used), "no console this image can drive");
	if (c->stdout_node == -FDT_ERR_NOTFOUND) {
		printk("console: no /chosen/stdout-path in the DTB; %s\n", used);
	} else if (c->stdout_node < 0) {
		printk("console: /chosen/stdout-path \"%.*s\" names no node; %s\n", c->pathlen, c->path,
		       used);
	} else {
		const char *compat = fdt_getprop(dtb, c->stdout_node, "compatible", NULL);

		rk_fdt_node_path(dtb, c->stdout_node, path, sizeof(path));
		printk("console: %s (compatible %s): %s; %s\n", path, compat ? compat : "none",
		       rk_fdt_is_enabled(dtb, c->stdout_node) ? "no driver in this image"
							      : "disabled in the DTB",
		       used);
	}
}

uint32_t rk_fdt_console_baud(const void *dtb, int node)
{
	struct rk_fdt_console c;
	uint32_t speed;

	find_stdout(dtb, &c);
	if (node == c.stdout_node && c.baud)
		return c.baud;
	return rk_fdt_prop_u32(dtb, node, "current-speed", &speed) ? 0 : speed;
}

/* The bindings that describe a way off (Linux's
 * Documentation/devicetree/bindings/power/reset and arm/psci). */
static const char *const poweroff_compat[] = {
	"sifive,test1", "sifive,test0", "syscon-poweroff", "gpio-poweroff",
	"arm,psci-1.0", "arm,psci-0.2", "arm,psci",
};

int rk_fdt_foreach_poweroff(const void *dtb, rk_fdt_node_fn fn, void *arg)
{
	int count = 0;

	for (int n = fdt_next_node(dtb, -1, NULL); n >= 0; n = fdt_next_node(dtb, n, NULL)) {
		if (!rk_fdt_is_enabled(dtb, n))
			continue;
		for (unsigned i = 0; i < sizeof(poweroff_compat) / sizeof(poweroff_compat[0]); i++)
			if (!fdt_node_check_compatible(dtb, n, poweroff_compat[i])) {
				if (fn)
					fn(dtb, n, poweroff_compat[i], arg);
				count++;
				break;
			}
	}
	return count;
}
