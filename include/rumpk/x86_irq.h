/* SPDX-License-Identifier: BSD-2-Clause */
/* x86 interrupt delivery: the vector layout shared by arch/x86_64 and the
 * local APIC / I/O APIC drivers (drivers/irq/lapic.c, ioapic.c).
 *
 * Interrupt numbers (what rk_irq_attach takes) are ACPI global system
 * interrupts (GSIs): the I/O APIC input pins numbered across all I/O APICs
 * (each starts at its GSI base). Legacy ISA devices use GSI = ISA IRQ unless
 * the firmware says otherwise (x86_isa_irq_to_gsi); virtio-mmio on QEMU
 * microvm uses the GSI given after the colon of the kernel command line's
 * "virtio_mmio.device=<size>@<addr>:<gsi>" (acpi=off: GSIs 5-12), and with
 * acpi=on the DSDT lists GSIs 16-23 or 24-47. PCI INTx lines are GSIs too.
 *
 * Message-signalled interrupts (PCI MSI-X) have no I/O APIC pin: they take
 * the interrupt numbers after the GSIs (X86_NR_GSI on), handed out by
 * x86_msi_alloc(), and the device writes the vector straight to the local
 * APIC. Masking them is the device's business (its MSI-X table).
 *
 * Vector layout (the CPU's 256 IDT entries):
 *   0x00-0x1f  CPU exceptions
 *   0x20-0x5f  GSI 0-63, vector = X86_VEC_GSI_BASE + GSI (the APIC ranks
 *              pending vectors by vector >> 4: higher GSIs go first)
 *   0x60-0x7f  MSI interrupts 64-95, vector = X86_VEC_GSI_BASE + number
 *   0xf0       local APIC timer (highest class: the clock never waits)
 *   0xf1       inter-processor interrupt (SMP: rk_smp_call's messages)
 *   0xfe       local APIC error
 *   0xff       local APIC spurious interrupt (no EOI)
 * Every other vector has a not-present IDT gate: delivering one is a fault
 * with a register dump, never a silent return. */
#ifndef RUMPK_X86_IRQ_H
#define RUMPK_X86_IRQ_H

#define X86_VEC_GSI_BASE 0x20
#define X86_NR_GSI 64
#define X86_NR_MSI 32
/* Interrupt numbers with a vector: GSIs, then MSIs. */
#define X86_NR_IRQ_VECTORS (X86_NR_GSI + X86_NR_MSI)
#define X86_VEC_TIMER 0xf0
#define X86_VEC_IPI 0xf1
#define X86_VEC_LAPIC_ERROR 0xfe
#define X86_VEC_SPURIOUS 0xff

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/* --- Local APIC (drivers/irq/lapic.c) ------------------------------------ */
/* Enable the boot CPU's local APIC (xAPIC, address from IA32_APIC_BASE):
 * spurious and error vectors, LINT0 masked, task priority 0. */
void lapic_init(void);
/* APIC id of this CPU, the destination of every routed interrupt. */
unsigned lapic_id(void);
/* End of interrupt for the vector in service. */
void lapic_eoi(void);
/* Prepare the one-shot timer on X86_VEC_TIMER: TSC-deadline mode when the
 * CPU has it, else one-shot count mode with the APIC timer's frequency from
 * CPUID or measured against the TSC (tsc_hz). */
void lapic_timer_init(uint64_t tsc_hz);
/* The APIC timer's clock in one-shot count mode; 0 in TSC-deadline mode. */
uint64_t lapic_timer_hz(void);
/* Interrupt when the TSC reaches tsc (past: at once); UINT64_MAX disarms. */
void lapic_timer_set_deadline(uint64_t tsc);
/* X86_VEC_LAPIC_ERROR arrived: report and clear the error status. */
void lapic_error_interrupt(void);
/* SMP (arch/x86_64/smp.c): a secondary CPU's own timer, set up the way
 * lapic_timer_init set up the boot CPU's (after lapic_init on that CPU);
 * a fixed interrupt on vector, or an NMI, to the CPU with APIC id apic_id;
 * INIT and STARTUP (real-mode entry at the 4 KiB page 'page' below 1 MiB). */
void lapic_timer_init_cpu(void);
void lapic_send_ipi(unsigned apic_id, unsigned vector);
void lapic_send_nmi(unsigned apic_id);
void lapic_send_init(unsigned apic_id);
void lapic_send_startup(unsigned apic_id, uintptr_t page);
/* A free MSI interrupt number (X86_NR_GSI..X86_NR_IRQ_VECTORS-1) and the
 * message that raises it on this CPU (fixed delivery, edge, physical
 * destination): what a PCI function writes into its MSI-X table. 0, or -1
 * when all X86_NR_MSI are taken. */
int x86_msi_alloc(unsigned *irq, uint64_t *addr, uint32_t *data);
/* The MSI address that sends a message to the CPU with APIC id apic_id. */
uint64_t x86_msi_addr(unsigned apic_id);

/* --- I/O APIC (drivers/irq/ioapic.c) -------------------------------------- */
/* Trigger mode and polarity of a GSI (ACPI MPS INTI flags semantics). */
#define X86_IRQ_EDGE 0
#define X86_IRQ_LEVEL 1
#define X86_IRQ_ACTIVE_HIGH 0
#define X86_IRQ_ACTIVE_LOW 2

/* Add an I/O APIC at its MMIO base serving GSIs from gsi_base on; masks all
 * its pins. 0, or -1 when nothing answers there or the table is full. */
int ioapic_add(uintptr_t base, unsigned gsi_base);
/* Add the I/O APICs and ISA overrides an ACPI MADT lists; returns how many
 * I/O APICs it added. */
int ioapic_add_from_madt(const void *madt);
/* Register the I/O APICs as the irqchip (after every ioapic_add). */
void ioapic_register(void);
/* How a GSI is wired. Defaults: GSI 0-15 edge/high (ISA), the rest
 * level/high, MADT overrides applied. Call it before rk_irq_attach (it
 * takes effect at the next enable). virtio-mmio on microvm with acpi=off
 * sits at GSIs 5-12, inside the ISA range, but QEMU holds its line high
 * while the interrupt status is set: its driver should ask for level. */
void x86_irq_set_mode(unsigned gsi, unsigned mode);
/* The GSI an ISA IRQ arrives on (the MADT may move it, e.g. the PIT's
 * IRQ 0 to GSI 2). */
unsigned x86_isa_irq_to_gsi(unsigned isa_irq);

/* --- Arch trap path (arch/x86_64/irq.c) ------------------------------------ */
/* The vector being dispatched, for irqchip dispatch(), which the arch calls
 * through rk_irq_external() without arguments. */
extern unsigned x86_irq_vector;
#endif

#endif
