/* QEMU virt (aarch64): PL011 console; RAM, GIC, timer and PSCI conduit from
 * the DTB; power-off through semihosting SYS_EXIT, the one way to leave
 * with a status, or PSCI SYSTEM_OFF. */
#include <stdbool.h>
#include <stdint.h>
#include <rumpk/arch.h>
#include <rumpk/panic.h>
#include <rumpk/platform.h>
#include <rumpk/uart.h>
#include <arch/psci.h>
#include <platform/memmap.h>

#if defined(CONFIG_HEAP) || defined(CONFIG_TIME)
#ifndef CONFIG_FDT
#error "qemu-virt-aarch64 reads RAM and devices from the DTB: enable CONFIG_FDT"
#endif
#include <string.h>
#include <rumpk/fdt.h>
#include <rumpk/mem.h>
#include <rumpk/pci.h>
#include <rumpk/printk.h>
#include <arch/gic.h>
#include <arch/mmu.h>
#include <arch/timer.h>
#endif

static struct pl011 uart0;

void platform_early_init(const struct rk_bootinfo *bi)
{
	pl011_console_init(&uart0, PLAT_UART0_BASE);
}

#if defined(CONFIG_HEAP) || defined(CONFIG_TIME)

#ifdef CONFIG_HEAP
/* The boot map covers only the GiB of the image and the DTB: map the rest
 * of RAM, and keep the allocator below what cannot be mapped. */
static void map_ram(uint64_t base, uint64_t size, const char *name, void *arg)
{
	uint64_t end = base + size;

	if (end > A64_VA_LIMIT) {
		printk("mmu: RAM above 0x%llx is beyond the address space, not used\n",
		       (unsigned long long)A64_VA_LIMIT);
		rk_mem_limit(A64_VA_LIMIT);
		end = A64_VA_LIMIT;
	}
	if (base < end && aarch64_mmu_map_ram(base, end - base))
		rk_panic("qemu-virt-aarch64: cannot map RAM at 0x%llx", (unsigned long long)base);
}

static void memory_init(const void *dtb)
{
	int n = rk_fdt_scan_memory(dtb);

	if (n <= 0)
		rk_panic("qemu-virt-aarch64: no RAM in the DTB (%s)", rk_fdt_strerror(n));
	rk_fdt_foreach_memory(dtb, map_ram, NULL);
}
#endif

/* hvc or smc, as the DTB says (the entry-EL guess stands otherwise). */
static void psci_init(const void *dtb)
{
	int node = rk_fdt_compatible_enabled(dtb, -1, "arm,psci-0.2");
	if (node < 0)
		node = rk_fdt_compatible_enabled(dtb, -1, "arm,psci");
	const char *method = node >= 0 ? rk_fdt_prop(dtb, node, "method", NULL) : NULL;

	if (method && !strcmp(method, "smc"))
		psci_set_conduit(PSCI_SMC);
	else if (method && !strcmp(method, "hvc"))
		psci_set_conduit(PSCI_HVC);
}

#ifdef CONFIG_TIME
static void reg_or_panic(const void *dtb, int node, int index, uint64_t *base, uint64_t *size)
{
	int err = rk_fdt_reg(dtb, node, index, base, size);

	if (err)
		rk_panic("qemu-virt-aarch64: GIC reg %d: %s", index, rk_fdt_strerror(err));
	if (aarch64_mmu_map_device(*base, *size)) {
		rk_fdt_report(dtb, node, "reg",
			      "entry %d: %#llx + %#llx cannot be mapped (beyond "
			      "%#llx)",
			      index, (unsigned long long)*base, (unsigned long long)*size,
			      (unsigned long long)A64_VA_LIMIT);
		rk_panic("qemu-virt-aarch64: GIC at 0x%llx cannot be mapped", (unsigned long long)*base);
	}
}

static bool is_compatible(const void *dtb, int node, const char *compat)
{
	int len;
	const char *list = rk_fdt_prop(dtb, node, "compatible", &len);

	for (int i = 0; list && i < len; i += (int)strlen(list + i) + 1)
		if (!strcmp(list + i, compat))
			return true;
	return false;
}

/* The GIC at DTB node 'node': "arm,gic-v3" (reg: GICD, then the
 * redistributor regions, of which the first is searched) or one of the
 * GICv2 compatibles (reg: GICD, GICC). */
static void irqchip_init(const void *dtb, int node)
{
	static const char *const v2_compat[] = { "arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic" };
	struct gic_desc d = { 0 };
	uint64_t base, size;

	if (is_compatible(dtb, node, "arm,gic-v3")) {
		d.version = 3;
		reg_or_panic(dtb, node, 0, &base, &size);
		d.dist = base;
		reg_or_panic(dtb, node, 1, &base, &size);
		d.redist = base;
		d.redist_size = size;
	} else {
		for (unsigned i = 0; !d.version && i < RK_ARRAY_SIZE(v2_compat); i++)
			if (is_compatible(dtb, node, v2_compat[i]))
				d.version = 2;
		if (!d.version)
			rk_panic("qemu-virt-aarch64: interrupt controller '%s' is not a GIC",
				 rk_fdt_name(dtb, node));
		reg_or_panic(dtb, node, 0, &base, &size);
		d.dist = base;
		reg_or_panic(dtb, node, 1, &base, &size);
		d.cpu = base;
	}
	if (gic_init(&d))
		rk_panic("qemu-virt-aarch64: GICv%u bring-up failed", d.version);
}

/* The timer node leads to the interrupt controller too, through its
 * interrupt parent: one search of the tree for both (each costs some
 * 300k instructions on QEMU's DTB, a noticeable part of the boot). Its
 * interrupts are the secure physical, non-secure physical, virtual and
 * hypervisor PPIs, in that order: the kernel uses the virtual one. */
static void irq_timer_init(const void *dtb)
{
	int node = rk_fdt_compatible_enabled(dtb, -1, "arm,armv8-timer");
	struct rk_fdt_irq irq;
	uint32_t hz = 0;

	if (node < 0 || rk_fdt_irq(dtb, node, 2, &irq))
		rk_panic("qemu-virt-aarch64: no arm,armv8-timer with a virtual timer interrupt in the DTB");
	irqchip_init(dtb, irq.controller);
	int intid = gic_fdt_intid(irq.cells, irq.ncells);
	if (intid < 0) {
		rk_fdt_report(dtb, node, "interrupts",
			      "entry 2: type %u number %u is no GIC SPI "
			      "(0-987) or PPI (0-15)",
			      irq.cells[0], irq.ncells > 1 ? irq.cells[1] : 0);
		rk_panic("qemu-virt-aarch64: bad virtual timer interrupt in the DTB");
	}
	rk_fdt_prop_u32(dtb, node, "clock-frequency", &hz); /* optional */
	if (aarch64_timer_init((unsigned)intid, hz))
		rk_panic("qemu-virt-aarch64: no timer");
}
#endif

void platform_init(const struct rk_bootinfo *bi)
{
	const void *dtb = (const void *)bi->dtb;

	/* An ELF booted by QEMU -kernel gets no DTB: boot rumpk.bin/.img. */
	if (!dtb)
		rk_panic(
			"qemu-virt-aarch64: no valid DTB (x0 = 0: boot the arm64 Image, not the ELF)");
	if (rk_fdt_check(dtb, 0))
		rk_panic("qemu-virt-aarch64: no valid DTB at %p (the lines above say why)", dtb);
	psci_init(dtb);
#ifdef CONFIG_HEAP
	memory_init(dtb);
#endif
#ifdef CONFIG_TIME
	irq_timer_init(dtb);
#endif
#ifdef CONFIG_PCI
	/* ECAM may lie above the boot device window (highmem puts it at
	 * 0x4010000000): the bridge's ranges get mapped as device memory. */
	if (rk_pci_probe_fdt(dtb, aarch64_mmu_map_device) == 0)
		printk("qemu-virt-aarch64: no usable PCIe host bridge in the DTB\n");
#endif
}
#endif /* CONFIG_HEAP || CONFIG_TIME */

#ifdef CONFIG_ARM64_SEMIHOSTING_EXIT
#define SEMIHOSTING_SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/* AArch64 semihosting: operation in w0, x1 -> {reason, subcode}, trap by
 * HLT #0xf000. QEMU (run with -semihosting) exits with subcode. */
static void semihosting_exit(int status)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint64_t)status };
	register uint64_t x0 __asm__("x0") = SEMIHOSTING_SYS_EXIT;
	register uint64_t x1 __asm__("x1") = (uintptr_t)block;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}
#endif

void platform_poweroff(int status)
{
#ifdef CONFIG_ARM64_SEMIHOSTING_EXIT
	/* Without -semihosting the HLT is an undefined instruction: the trap
	 * handler panics and the panic lands here again. Go on to PSCI then. */
	static bool tried;

	if (!tried) {
		tried = true;
		semihosting_exit(status);
	}
#endif
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0); /* carries no status */
	arch_halt();
}
