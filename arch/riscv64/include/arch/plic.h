/* RISC-V platform-level interrupt controller (drivers/irq/plic.c).
 *
 * Interrupt numbers are the PLIC's source ids, exactly as a device node's
 * "interrupts" property in the DTB names them (1 .. riscv,ndev; 0 means
 * "none"): rk_irq_attach(10, ...) is the virt machine's UART. */
#ifndef ARCH_PLIC_H
#define ARCH_PLIC_H

/* Find the PLIC in the DTB, route every source to nothing, pick the
 * supervisor context of hart 'hartid', register it as the irqchip and
 * enable the supervisor external interrupt. 0, or -1 (reason printed). */
int plic_init(const void *dtb, unsigned long hartid);

#endif
