/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit test of the console and power-off discovery
 * (drivers/fdt/discover.c) over a crafted DTB (unit/fdt_console.dts, whose
 * /chosen/stdout-path each case rewrites) and QEMU's own DTBs of riscv64
 * virt and sifive_u and aarch64 virt: the stdout-path node with an alias
 * resolved and options stripped, the line speed, the fallback and the line
 * that says why, power-off candidates in tree order. The "image" here
 * drives ns16550a, snps,dw-apb-uart and sifive,uart0 (a riscv64 one). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libfdt_env.h"
#include <libfdt.h>
#include <rumpk/fdt.h>
#include "check.h"
#include "fdt_load.h"
#include "printk_capture.h"

void rk_mem_add_ram(uintptr_t base, uint64_t size) { (void)base, (void)size; }
void rk_mem_reserve(uintptr_t base, uint64_t size, const char *why) { (void)base, (void)size, (void)why; }
unsigned rk_irq_xlate(const uint32_t *cells, int ncells) { (void)cells, (void)ncells; return 0; }

static const char *const drivable[] = { "ns16550a", "snps,dw-apb-uart", "sifive,uart0", NULL };

static int supported(const void *dtb, int node, void *arg)
{
	const char *const *list = arg ? arg : drivable;

	for (; *list; list++)
		if (!fdt_node_check_compatible(dtb, node, *list))
			return 1;
	return 0;
}

static void *load(const char *name)
{
	return fdt_load(FDT_TEST_DIR, name, NULL);
}

static char path[128];

static const char *node_path(const void *dtb, int node)
{
	return node < 0 ? "(none)" : rk_fdt_node_path(dtb, node, path, sizeof path);
}

/* Set stdout-path (NULL: remove it), find the console, and check the node
 * picked, the speed and what the report says ("" when nothing). */
static void console_case(void *dtb, const char *prop, const char *value, const char *expect_node,
			 uint32_t expect_baud, const char *expect_report, int line)
{
	int chosen = fdt_path_offset(dtb, "/chosen");
	struct rk_fdt_console c;

	fdt_delprop(dtb, chosen, "stdout-path");
	fdt_delprop(dtb, chosen, "linux,stdout-path");
	if (value)
		check_at(fdt_setprop_string(dtb, chosen, prop, value) == 0, __FILE__, line, "setprop %s", prop);
	CHECK_EQ(rk_fdt_check(dtb, 0), 0); /* changed in place: checked again */
	log_buf[0] = '\0';
	rk_fdt_console_find(dtb, supported, NULL, &c);
	rk_fdt_console_report(dtb, &c);
	check_context = value ? value : "(no stdout-path)";
	check_at(!strcmp(node_path(dtb, c.node), expect_node), __FILE__, line, "console %s", node_path(dtb, c.node));
	check_eq_at(c.baud, expect_baud, __FILE__, line, "baud");
	check_at(!strcmp(log_buf, expect_report), __FILE__, line, "report \"%s\"", log_buf);
}
#define CONSOLE(prop, value, node, baud, report) \
	console_case(dtb, prop, value, node, baud, report, __LINE__)

struct found {
	int n;
	char lines[512];
};

static void collect(const void *dtb, int node, const char *compat, void *arg)
{
	struct found *f = arg;
	size_t len = strlen(f->lines);

	f->n++;
	snprintf(f->lines + len, sizeof f->lines - len, "%s %s;", node_path(dtb, node), compat);
}

static void crafted(void)
{
	void *dtb = load("fdt_console.dtb");
	struct found f = { 0 };

	CHECK_EQ(fdt_open_into(dtb, dtb, 64 * 1024), 0); /* room for the rewrites */

	CONSOLE("stdout-path", "serial0:115200n8", "/soc/serial@2000", 115200, "");
	CHECK_EQ(rk_fdt_console_baud(dtb, fdt_path_offset(dtb, "/soc/serial@2000")), 115200);
	CHECK_EQ(rk_fdt_console_baud(dtb, fdt_path_offset(dtb, "/soc/serial@3000")), 57600);
	CHECK_EQ(rk_fdt_console_baud(dtb, fdt_path_offset(dtb, "/soc/serial@1000")), 0);
	CONSOLE("stdout-path", "serial0", "/soc/serial@2000", 0, "");
	/* Without options the node's own current-speed. */
	CHECK_EQ(rk_fdt_console_baud(dtb, fdt_path_offset(dtb, "/soc/serial@2000")), 9600);
	CONSOLE("stdout-path", "/soc/serial@3000", "/soc/serial@3000", 0, "");
	CONSOLE("stdout-path", "/soc/serial@3000:9600n8", "/soc/serial@3000", 9600, "");
	CONSOLE("stdout-path", "serial1:38400", "/soc/serial@3000", 38400, "");
	CONSOLE("linux,stdout-path", "/soc/serial@3000", "/soc/serial@3000", 0, "");
	CONSOLE("stdout-path", "serial0:fast", "/soc/serial@2000", 0, "");
	CONSOLE("stdout-path", "serial0:99999999999", "/soc/serial@2000", 0, "");

	check_context = "falling back, and saying why";
	CONSOLE("stdout-path", "serial3:115200n8", "/soc/serial@2000", 115200,
		"console: /soc/serial@1000 (compatible vendor,unknown-uart): no driver in this image; "
		"using /soc/serial@2000\n");
	CONSOLE("stdout-path", "serial2", "/soc/serial@2000", 0,
		"console: /soc/serial@4000 (compatible ns16550a): disabled in the DTB; "
		"using /soc/serial@2000\n");
	CONSOLE("stdout-path", "serial9:115200", "/soc/serial@2000", 115200,
		"console: /chosen/stdout-path \"serial9\" names no node; using /soc/serial@2000\n");
	CONSOLE("stdout-path", "/soc/serial@9000", "/soc/serial@2000", 0,
		"console: /chosen/stdout-path \"/soc/serial@9000\" names no node; "
		"using /soc/serial@2000\n");
	CONSOLE("stdout-path", NULL, "/soc/serial@2000", 0,
		"console: no /chosen/stdout-path in the DTB; using /soc/serial@2000\n");
	CONSOLE("stdout-path", "", "/soc/serial@2000", 0,
		"console: no /chosen/stdout-path in the DTB; using /soc/serial@2000\n");

	check_context = "a value that is not a string is no stdout-path";
	int chosen = fdt_path_offset(dtb, "/chosen");
	CHECK_EQ(fdt_setprop(dtb, chosen, "stdout-path", "serial0", 7), 0); /* no NUL */
	struct rk_fdt_console c;
	CHECK_EQ(rk_fdt_console_find(dtb, supported, NULL, &c), fdt_path_offset(dtb, "/soc/serial@2000"));
	CHECK_EQ(c.stdout_node, -FDT_ERR_NOTFOUND);

	check_context = "nothing this image drives";
	static const char *const none[] = { "vendor,other", NULL };
	CHECK_EQ(fdt_setprop_string(dtb, chosen, "stdout-path", "serial3"), 0);
	log_buf[0] = '\0';
	CHECK(rk_fdt_console_find(dtb, supported, (void *)none, &c) < 0);
	rk_fdt_console_report(dtb, &c);
	CHECK(!strcmp(log_buf, "console: /soc/serial@1000 (compatible vendor,unknown-uart): no driver "
			       "in this image; no console this image can drive\n"));

	check_context = "power-off candidates: enabled, tree order, once per node";
	CHECK_EQ(rk_fdt_foreach_poweroff(dtb, collect, &f), 2);
	CHECK(!strcmp(f.lines, "/soc/test@5000 sifive,test1;/soc/poweroff syscon-poweroff;"));
	CHECK_EQ(rk_fdt_foreach_poweroff(dtb, NULL, NULL), 2);
	free(dtb);
}

/* A DTB as QEMU makes it: the console and power-off its image would use. */
static void qemu(const char *file, const char *console, const char *report, int npoweroff,
		 const char *poweroff)
{
	void *dtb = load(file);
	struct rk_fdt_console c;
	struct found f = { 0 };

	check_context = file;
	CHECK_EQ(rk_fdt_check(dtb, 0), 0);
	log_buf[0] = '\0';
	rk_fdt_console_find(dtb, supported, NULL, &c);
	rk_fdt_console_report(dtb, &c);
	CHECK_MSG(!strcmp(node_path(dtb, c.node), console), "console %s", node_path(dtb, c.node));
	CHECK_MSG(!strcmp(log_buf, report), "report \"%s\"", log_buf);
	CHECK_EQ(rk_fdt_foreach_poweroff(dtb, collect, &f), npoweroff);
	CHECK_MSG(!strcmp(f.lines, poweroff), "power-off \"%s\"", f.lines);
	free(dtb);
}

int main(void)
{
	crafted();
	/* The syscon-poweroff comes first in the tree: the registry puts the
	 * finisher, which carries the status, before it (kernel/dev/power.c). */
	qemu("qemu-virt-riscv64.dtb", "/soc/serial@10000000", "", 2,
	     "/poweroff syscon-poweroff;/soc/test@100000 sifive,test1;");
	/* sifive_u: no power-off device at all (a GPIO restart line only). */
	qemu("qemu-sifive-u.dtb", "/soc/serial@10010000", "", 0, "");
	/* An Arm DTB seen by this riscv64 "image": its PL011 is named. */
	qemu("qemu-virt-aarch64.dtb", "(none)",
	     "console: /pl011@9000000 (compatible arm,pl011): no driver in this image; "
	     "no console this image can drive\n",
	     1, "/psci arm,psci-1.0;");
	return check_summary("test_fdt_discover");
}
