/* SPDX-License-Identifier: BSD-2-Clause */
/* Real boards' device trees, which nobody here wrote (compiled from the
 * board DTS files of Debian's u-boot source: test/unit/board_dtbs.cmake),
 * through the platform discovery: for each, the console, the interrupt
 * controller, the timer, the memory and the power-off Rumpk would use, or
 * exactly which device it has no driver for. "Has a driver" is the
 * RK_FDT_DRIVER tables of the source tree (scripts/fdt_drivers.py), so the
 * answer follows the drivers. The output is the table of docs/boards.md;
 * the test compares it with test/unit/board_dtbs.expect and prints both
 * on a difference; with RK_UPDATE_EXPECT=1 in the environment it writes
 * the table there instead (after adding a driver: the table changes, and
 * docs/boards.md with it). usage: test_board_dtbs EXPECT NAME=FILE.dtb... */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fdt_internal.h"
#include "check.h"
#include "fdt_load.h"
#include "printk_capture.h"

void rk_mem_add_ram(uintptr_t base, uint64_t size) { (void)base, (void)size; }
void rk_mem_reserve(uintptr_t base, uint64_t size, const char *why) { (void)base, (void)size, (void)why; }
unsigned rk_irq_xlate(const uint32_t *cells, int ncells) { (void)cells, (void)ncells; return 0; }

struct driver {
	const char *compat, *name, *file, *level;
};
static const struct driver drivers[] = {
#include "fdt_drivers.h"
};

/* The driver of that level for node, or NULL. */
static const struct driver *driver_for(const void *dtb, int node, const char *level)
{
	for (size_t i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (!strcmp(drivers[i].level, level) && !fdt_node_check_compatible(dtb, node, drivers[i].compat))
			return &drivers[i];
	return NULL;
}

static int console_driver(const void *dtb, int node, void *arg)
{
	return driver_for(dtb, node, "RK_FDT_CONSOLE") != NULL;
}

static char out[1 << 15];

static void put(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void put(const char *fmt, ...)
{
	size_t len = strlen(out);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out + len, sizeof(out) - len, fmt, ap);
	va_end(ap);
}

static const char *path_of(const void *dtb, int node)
{
	static char buf[4][160];
	static int next;
	char *b = buf[next++ % 4];

	return rk_fdt_node_path(dtb, node, b, sizeof(buf[0]));
}

static const char *first_compat(const void *dtb, int node)
{
	const char *c = fdt_getprop(dtb, node, "compatible", NULL);

	return c ? c : "none";
}

/* "`path` (driver)" or "no driver: `path` (compatible X)". */
static void node_cell(const void *dtb, int node, const char *level)
{
	const struct driver *d = driver_for(dtb, node, level);

	if (d)
		put("`%s` (%s, `%s`)", path_of(dtb, node), d->compat, d->file);
	else
		put("**no driver**: `%s` (compatible %s)", path_of(dtb, node), first_compat(dtb, node));
}

static void console(const void *dtb, int *irq_from)
{
	struct rk_fdt_console c;

	log_buf[0] = '\0';
	rk_fdt_console_find(dtb, console_driver, NULL, &c);
	*irq_from = c.stdout_node >= 0 ? c.stdout_node : c.node;
	if (c.node >= 0 && c.node == c.stdout_node) {
		node_cell(dtb, c.node, "RK_FDT_CONSOLE");
		if (c.baud)
			put(", %" PRIu32 " baud", c.baud);
		return;
	}
	/* The boot's own words, without its newline. */
	rk_fdt_console_report(dtb, &c);
	log_buf[strcspn(log_buf, "\n")] = '\0';
	put("**%s**", log_buf + strlen("console: "));
}

static bool is_cpu_intc(const void *dtb, int node)
{
	return !fdt_node_check_compatible(dtb, node, "riscv,cpu-intc");
}

/* The controllers the console's interrupt goes through, to the root one
 * (the hart-local riscv,cpu-intc is the CPU's, not a driver's). */
static void irqchip(const void *dtb, int from)
{
	int ctrl = from >= 0 ? rk_fdt_interrupt_parent(dtb, from) : -1;

	if (ctrl < 0) {
		put("**none found** (the console has no interrupt parent)");
		return;
	}
	for (int hops = 0; ctrl >= 0 && hops < 4; hops++) {
		if (hops)
			put(" on ");
		node_cell(dtb, ctrl, "RK_INIT_PLATFORM");
		if (!fdt_getprop(dtb, ctrl, "interrupts", NULL) &&
		    !fdt_getprop(dtb, ctrl, "interrupts-extended", NULL))
			break;
		int up = rk_fdt_interrupt_parent(dtb, ctrl);
		if (up == ctrl || up < 0 || is_cpu_intc(dtb, up))
			break;
		ctrl = up;
	}
}

static bool is_riscv(const void *dtb)
{
	int cpus = fdt_path_offset(dtb, "/cpus");

	for (int n = fdt_first_subnode(dtb, cpus); n >= 0; n = fdt_next_subnode(dtb, n))
		if (!fdt_node_check_compatible(dtb, n, "riscv"))
			return true;
	return false;
}

static void timer(const void *dtb, bool riscv)
{
	static const char *const arm[] = { "arm,armv8-timer", "arm,armv7-timer" };
	uint64_t hz;

	if (riscv) {
		if (rk_fdt_timebase_frequency(dtb, &hz) == 0)
			put("SBI timer (or Sstc), timebase %" PRIu64 " Hz", hz);
		else
			put("**no usable /cpus timebase-frequency**");
		return;
	}
	for (unsigned i = 0; i < 2; i++) {
		int n = rk_fdt_compatible_enabled(dtb, -1, arm[i]);
		if (n >= 0) {
			node_cell(dtb, n, "RK_INIT_PLATFORM");
			return;
		}
	}
	put("**no Arm generic timer node**");
}

static void memory_range(uint64_t base, uint64_t size, const char *name, void *arg)
{
	int *n = arg;

	put("%s0x%" PRIx64 " +%" PRIu64 " MiB", (*n)++ ? ", " : "", base, size >> 20);
}

static void memory(const void *dtb)
{
	int n = 0;

	log_buf[0] = '\0';
	int err = rk_fdt_foreach_memory(dtb, memory_range, &n);
	if (err < 0)
		put("**refused**: %s", rk_fdt_strerror(err));
	else if (err == 0)
		put("none in the DTB (the firmware fills `/memory` in)");
}

static void poweroff_node(const void *dtb, int node, const char *compat, void *arg)
{
	int *n = arg;

	put("%s", (*n)++ ? "; " : "");
	node_cell(dtb, node, "RK_INIT_EARLY");
}

static void poweroff(const void *dtb, bool riscv)
{
	int n = 0;

	rk_fdt_foreach_poweroff(dtb, poweroff_node, &n);
	if (riscv)
		put("%sSBI SRST if the firmware has it", n ? "; " : "none in the DTB; ");
	else if (!n)
		put("**none** in the DTB");
}

static void board(const char *name, const char *file)
{
	size_t len;
	void *dtb = fdt_load(NULL, file, &len);
	int irq_from;

	check_context = name;
	log_buf[0] = '\0';
	put("| %s | ", name);
	if (rk_fdt_check(dtb, len)) {
		log_buf[strcspn(log_buf, "\n")] = '\0';
		put("**DTB refused**: %s | | | | |\n", log_buf);
		free(dtb);
		return;
	}
	bool riscv = is_riscv(dtb);
	console(dtb, &irq_from);
	put(" | ");
	irqchip(dtb, irq_from);
	put(" | ");
	timer(dtb, riscv);
	put(" | ");
	memory(dtb);
	put(" | ");
	poweroff(dtb, riscv);
	put(" |\n");
	free(dtb);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s EXPECT NAME=FILE.dtb...\n", argv[0]);
		return 2;
	}
	put("| board | console | interrupt controller | timer | memory | power-off |\n");
	put("|-------|---------|----------------------|-------|--------|-----------|\n");
	for (int i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq)
			return 2;
		*eq = '\0';
		board(argv[i], eq + 1);
	}
	fputs(out, stdout);

	if (getenv("RK_UPDATE_EXPECT")) {
		FILE *w = fopen(argv[1], "w");
		if (!w || fputs(out, w) < 0 || fclose(w))
			return 2;
		printf("wrote %s\n", argv[1]);
		return 0;
	}
	FILE *f = fopen(argv[1], "r");
	static char want[sizeof(out)];
	size_t n = f ? fread(want, 1, sizeof(want) - 1, f) : 0;
	if (f)
		fclose(f);
	want[n] = '\0';
	check_context = argv[1];
	if (!CHECK_MSG(!strcmp(out, want), "the table differs from %s (above: what the DTBs say now)",
		       argv[1]))
		printf("--- %s:\n%s", argv[1], want);
	return check_summary("test_board_dtbs");
}
