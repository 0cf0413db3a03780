/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit test of the device-tree bus (drivers/fdt/bus.c) over
 * unit/fdt_test.dts: drivers bind by compatible at their own level, nodes
 * whose status is not "okay" are skipped, a node is bound once, resources
 * come from the node (reg through the bus ranges, interrupts through the
 * registered controller, one-cell properties with a default), and a
 * probe's refusal or failure is handled as documented. The driver table
 * is a section of this program (rk_fdt_drivers, see mem_tests.cmake). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rumpk/drv/fdt.h>
#include "check.h"
#include "fdt_load.h"

/* --- What the bus needs from the kernel ------------------------------------ */
#include "printk_capture.h"

void rk_mem_add_ram(uintptr_t base, uint64_t size) { (void)base, (void)size; }
void rk_mem_reserve(uintptr_t base, uint64_t size, const char *why) { (void)base, (void)size, (void)why; }

/* The registered controller's reading of a specifier: PLIC-like, one cell;
 * 0 (not understood) before a controller "registered". */
static int controller_up;
unsigned rk_irq_xlate(const uint32_t *cells, int ncells)
{
	return controller_up && ncells == 1 ? cells[0] : 0;
}

/* --- The drivers ------------------------------------------------------------ */
struct seen {
	int calls;
	char node[32];
	uint64_t base;
	unsigned irq;
	uint32_t shift, width;
};
static struct seen uart, plic, nested;
static int absent_calls, failing_calls;

static void record(struct seen *s, const struct rk_fdt_dev *dev)
{
	uint64_t size;

	s->calls++;
	snprintf(s->node, sizeof s->node, "%s", rk_fdt_name(dev->dtb, dev->node));
	if (rk_fdt_dev_reg(dev, 0, &s->base, &size))
		s->base = 0;
	s->irq = rk_fdt_dev_irq(dev, 0);
	s->shift = rk_fdt_dev_u32(dev, "reg-shift", 0);
	s->width = rk_fdt_dev_u32(dev, "reg-io-width", 1);
}

static int uart_probe(const struct rk_fdt_dev *dev)
{
	record(&uart, dev);
	return 0;
}

static int plic_probe(const struct rk_fdt_dev *dev)
{
	record(&plic, dev);
	controller_up = 1;
	return 0;
}

static int nested_probe(const struct rk_fdt_dev *dev)
{
	record(&nested, dev);
	return 0;
}

/* The isolated bus has nothing this driver can use: not bound, not said. */
static int absent_probe(const struct rk_fdt_dev *dev)
{
	absent_calls++;
	return RK_FDT_ABSENT;
}

static int failing_probe(const struct rk_fdt_dev *dev)
{
	failing_calls++;
	return -RK_ENODEV;
}

static const char *const uart_compat[] = { "vendor,other-uart", "ns16550a", NULL };
static const char *const plic_compat[] = { "riscv,plic0", NULL };
static const char *const nested_compat[] = { "rumpk,nested", NULL };
static const char *const absent_compat[] = { "rumpk,isolated-bus", NULL };
static const char *const failing_compat[] = { "rumpk,unmapped", NULL };

#define DRIVER(dname, compat, fn, lvl)                                         \
	static const struct rk_fdt_driver dname __attribute__((used, section("rk_fdt_drivers"), \
							      aligned(8))) = { #dname, compat, fn, lvl }
DRIVER(drv_uart, uart_compat, uart_probe, RK_INIT_DRIVER);
DRIVER(drv_plic, plic_compat, plic_probe, RK_INIT_PLATFORM);
DRIVER(drv_nested, nested_compat, nested_probe, RK_INIT_DRIVER);
DRIVER(drv_absent, absent_compat, absent_probe, RK_INIT_DRIVER);
DRIVER(drv_failing, failing_compat, failing_probe, RK_INIT_DRIVER);

static void *load(const char *name)
{
	return fdt_load(FDT_TEST_DIR, name, NULL);
}

int main(void)
{
	void *dtb = load("fdt_test.dtb");
	struct rk_bootinfo bi = { .dtb = (uintptr_t)dtb };

	CHECK_EQ(__stop_rk_fdt_drivers - __start_rk_fdt_drivers, 5);
	CHECK_EQ(rk_fdt_check(dtb, 0), 0);

	check_context = "platform level: only the interrupt controller";
	rk_fdt_bind(&bi, RK_INIT_PLATFORM);
	CHECK_EQ(plic.calls, 1);
	CHECK(!strcmp(plic.node, "interrupt-controller@c00000"));
	CHECK_EQ(plic.base, 0x10c00000); /* through soc@0's ranges */
	CHECK_EQ(uart.calls, 0);
	CHECK_EQ(nested.calls, 0);

	check_context = "driver level: enabled nodes only, resources from the node";
	rk_fdt_bind(&bi, RK_INIT_DRIVER);
	CHECK_EQ(uart.calls, 1); /* serial@2000 is status = "disabled" */
	CHECK(!strcmp(uart.node, "serial@1000"));
	CHECK_EQ(uart.base, 0x10001000);
	CHECK_EQ(uart.irq, 10);  /* the plic's xlate */
	CHECK_EQ(uart.shift, 0); /* defaults: the node has neither */
	CHECK_EQ(uart.width, 1);
	CHECK_EQ(nested.calls, 1);
	CHECK_EQ(nested.base, 0x10020100); /* two levels of ranges */
	CHECK_EQ(nested.irq, 11);          /* interrupts-extended entry 0 */
	CHECK_EQ(absent_calls, 1);
	CHECK_EQ(failing_calls, 1);
	CHECK(strstr(log_buf, "dev@0 (rumpk,unmapped): drv_failing failed: -19") != NULL);
	CHECK(strstr(log_buf, "isolated") == NULL); /* RK_FDT_ABSENT is quiet */

	check_context = "bound once; absent and failed nodes are tried again";
	rk_fdt_bind(&bi, RK_INIT_DRIVER);
	CHECK_EQ(uart.calls, 1);
	CHECK_EQ(nested.calls, 1);
	CHECK_EQ(absent_calls, 2);
	CHECK_EQ(failing_calls, 2);

	check_context = "rk_fdt_bind_node";
	int disabled = rk_fdt_path(dtb, "/soc@0/serial@2000");
	int bound_uart = rk_fdt_path(dtb, "/soc@0/serial@1000");
	int no_driver = rk_fdt_path(dtb, "/soc@0/interrupt-controller@800000");
	CHECK(disabled >= 0 && bound_uart >= 0 && no_driver >= 0);
	CHECK_EQ(rk_fdt_bind_node(dtb, disabled, &bi), -RK_ENODEV);
	CHECK_EQ(rk_fdt_bind_node(dtb, bound_uart, &bi), 0);
	CHECK_EQ(uart.calls, 1);
	CHECK_EQ(rk_fdt_bind_node(dtb, no_driver, &bi), -RK_ENODEV);

	check_context = "no valid DTB";
	log_buf[0] = 0;
	struct rk_bootinfo none = { .dtb = 0 };
	rk_fdt_bind(&none, RK_INIT_DRIVER);
	CHECK(strstr(log_buf, "no valid DTB; no device-tree drivers bound") != NULL);
	free(dtb);
	return check_summary("test_fdt_bus");
}
