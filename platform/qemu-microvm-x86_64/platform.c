/* SPDX-License-Identifier: BSD-2-Clause */
/* QEMU microvm (x86_64): COM1 console on port I/O, power-off through
 * isa-debug-exit, which is the one way to leave with a status.
 *
 * Machine discovery: the PVH start info carries the memory map (and the
 * ACPI RSDP when ACPI is on). The run command uses acpi=off: qboot boots
 * faster than the ACPI firmware, there is one I/O APIC at its fixed
 * address, and QEMU lists virtio-mmio devices on the kernel command line
 * ("virtio_mmio.device=512@0xfeb00e00:12", GSI after the colon). With
 * acpi=on (SMP images run so: the MADT lists the CPUs, arch/x86_64/smp.c)
 * the MADT is used instead, and the DSDT lists the virtio-mmio slots
 * (drivers/virtio, arch/x86_64/acpi_dsdt.c). With pcie=on (MICROVM_PCIE)
 * virtio devices are PCI functions behind the host bridge of memmap.h. */
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/init.h>
#include <rumpk/mem.h>
#include <rumpk/panic.h>
#include <rumpk/pci.h>
#include <rumpk/drv/poweroff.h>
#include <rumpk/printk.h>
#include <rumpk/uart.h>
#include <rumpk/x86_irq.h>
#include <arch/acpi.h>
#include <arch/pio.h>
#include <arch/pvh.h>
#include <arch/tsc.h>
#include <arch/x86.h>
#include <platform/memmap.h>
#include "pvh_check.h"

static struct ns16550 com1;


#ifdef CONFIG_HEAP
static const struct hvm_memmap_table_entry *memmap;
static uint32_t memmap_entries;
static bool usable[PVH_MAX_MEMMAP]; /* RAM entries pvh_judge_ram accepted */

/* Keep [base, base + size) from the page allocator if it lies in RAM (the
 * firmware puts most of the boot data in reserved areas already). Only
 * entries pvh_judge_ram accepted count, so nothing here wraps. */
static void keep(uint64_t base, uint64_t size, const char *why)
{
	if (size == 0 || size - 1 > UINT64_MAX - base)
		return;
	for (uint32_t i = 0; i < memmap_entries; i++) {
		const struct hvm_memmap_table_entry *e = &memmap[i];
		if (usable[i] && base <= e->addr + (e->size - 1) && e->addr <= base + (size - 1)) {
			rk_mem_reserve(base, size, why);
			return;
		}
	}
}

static void keep_string(uint64_t paddr, const char *why)
{
	if (!paddr)
		return;
	size_t len = pvh_string_len(why, paddr, X86_MAPPED_BYTES);
	if (len != PVH_NO_STRING)
		keep(paddr, len + 1, why);
}

/* RAM from the PVH memory map; keep what the boot protocol handed over
 * (command line, modules) out of the page allocator. Page 0 and the image
 * are rk_mem_init's to reserve. Every count, address and size is judged
 * (pvh_check.c) before it is read through or used. */
static void report_memory(const struct hvm_start_info *si)
{
	if (!si || si->version < 1 || !si->memmap_paddr || !si->memmap_entries)
		rk_panic("pvh: no memory map in the start info");
	if (!pvh_table_ok("start info memmap_paddr/memmap_entries", si->memmap_paddr,
			  si->memmap_entries, sizeof(*memmap), PVH_MAX_MEMMAP, X86_MAPPED_BYTES))
		rk_panic("pvh: the start info's memory map cannot be read");
	memmap = (const void *)(uintptr_t)si->memmap_paddr;
	memmap_entries = si->memmap_entries;
	int nram = 0;
	for (uint32_t i = 0; i < memmap_entries; i++) {
		usable[i] = memmap[i].type == HVM_MEMMAP_RAM &&
			    !pvh_judge_ram(i, memmap[i].addr, memmap[i].size);
		if (usable[i]) {
			rk_mem_add_ram(memmap[i].addr, memmap[i].size);
			nram++;
		}
	}
	if (!nram)
		rk_panic("pvh: no usable RAM entry in the memory map");
	rk_mem_limit(X86_MAPPED_BYTES);
	keep((uintptr_t)si, sizeof(*si), "PVH start info");
	keep(si->memmap_paddr, memmap_entries * sizeof(*memmap), "PVH memory map");
	keep_string(si->cmdline_paddr, "command line");
	if (si->nr_modules && si->modlist_paddr &&
	    pvh_table_ok("start info modlist_paddr/nr_modules", si->modlist_paddr, si->nr_modules,
			 sizeof(struct hvm_modlist_entry), PVH_MAX_MODULES, X86_MAPPED_BYTES)) {
		const struct hvm_modlist_entry *mod = (const void *)(uintptr_t)si->modlist_paddr;
		keep(si->modlist_paddr, si->nr_modules * sizeof(*mod), "PVH modules");
		uint32_t first = 0;
#ifdef CONFIG_INITRD_BOOTLOADER
		/* QEMU -initrd (and a PVH boot loader's first module) is the
		 * initrd, which rk_boot_initrd_found judges and reserves itself
		 * (a range that wraps is refused there). */
		rk_boot_initrd_found(mod[0].paddr, mod[0].paddr + mod[0].size, "PVH module 0",
				     mod[0].size && mod[0].size - 1 > UINT64_MAX - mod[0].paddr ?
					     "wraps past 2^64" :
					     NULL);
		first = 1;
#endif
		for (uint32_t i = 0; i < si->nr_modules; i++) {
			if (i >= first)
				keep(mod[i].paddr, mod[i].size, "boot module");
			keep_string(mod[i].cmdline_paddr, "module command line");
		}
	}
}
#endif

#ifdef CONFIG_TIME
static void start_interrupts_and_timer(const struct hvm_start_info *si)
{
	/* The 8259s (pic=on by default) would only deliver through LINT0,
	 * which lapic_init masks; mask them at the source too. */
	outb(PLAT_PIC1_DATA, 0xff);
	outb(PLAT_PIC2_DATA, 0xff);

	uint64_t tsc_hz = x86_tsc_init();
	lapic_init();
	lapic_timer_init(tsc_hz);
	if (lapic_timer_hz())
		printk("x86: TSC %llu kHz (%s), APIC timer one-shot at %llu kHz\n",
		       (unsigned long long)(tsc_hz / 1000), x86_tsc_source(),
		       (unsigned long long)(lapic_timer_hz() / 1000));
	else
		printk("x86: TSC %llu kHz (%s), APIC timer in TSC-deadline mode\n",
		       (unsigned long long)(tsc_hz / 1000), x86_tsc_source());

	const struct acpi_sdt_header *madt = x86_acpi_find_table(si ? si->rsdp_paddr : 0, "APIC");
	if (!madt || ioapic_add_from_madt(madt) == 0)
		if (ioapic_add(PLAT_IOAPIC, 0) != 0)
			rk_panic("microvm: no I/O APIC at 0x%x", PLAT_IOAPIC);
	ioapic_register();
}
#endif

#if defined(CONFIG_HEAP) || defined(CONFIG_TIME)
static int platform_init(const struct rk_bootinfo *bi)
{
	const struct hvm_start_info *si rk_unused = (const void *)bi->pvh_start;

#ifdef CONFIG_HEAP
	report_memory(si);
#endif
#ifdef CONFIG_TIME
	start_interrupts_and_timer(si);
#endif
	return 0;
}
RK_INIT(platform_init, RK_INIT_PLATFORM);
#endif

#ifdef CONFIG_PCI
/* The PCIe host bridge, at the bus level. Without pcie=on the window reads
 * as no devices; an unusable description is reported by rk_pci_add_host and
 * leaves the image without PCI, as a machine without the bridge. */
static int pci_init(const struct rk_bootinfo *bi)
{
	rk_pci_add_host(0, PLAT_PCIE_ECAM_BASE, 0, PLAT_PCIE_ECAM_BUSES - 1, PLAT_PCIE_MMIO_BASE,
			PLAT_PCIE_MMIO_SIZE);
	return 0;
}
RK_INIT(pci_init, RK_INIT_BUS);
#endif

/* QEMU exits with (status << 1) | 1; the run script maps it back. Without
 * an isa-debug-exit device this returns and the CPU halts. */
static void debug_exit_off(const struct rk_poweroff *p, int status)
{
	outl(CONFIG_X86_DEBUG_EXIT_PORT, (uint32_t)status);
}

static const struct rk_poweroff debug_exit = { "isa-debug-exit", debug_exit_off, 0 };

/* The console, first of all, and the way out. */
static int early_init(const struct rk_bootinfo *bi)
{
	ns16550_console_init(&com1, PLAT_COM1, 0, true);
	rk_poweroff_register(&debug_exit);
	return 0;
}
RK_INIT(early_init, RK_INIT_EARLY);
