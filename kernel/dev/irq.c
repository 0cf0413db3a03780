/* SPDX-License-Identifier: BSD-2-Clause */
/* Device interrupt dispatch: one irqchip, a handler table indexed by the
 * controller's interrupt number. */
#include <stddef.h>
#include <rumpk/arch.h>
#include <rumpk/drv/irqchip.h>
#include <rumpk/init.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <rumpk/sync.h>

static const struct rk_irqchip *chip;
static struct {
	rk_irq_handler_t fn;
	void *arg;
	uint64_t count;
#ifdef CONFIG_SMP
	unsigned cpu; /* where the controller delivers it (rk_irq_set_cpu) */
	uint64_t count_on[RK_NR_CPUS]; /* delivered to each CPU */
#endif
} handlers[RK_IRQ_MAX];

void rk_irqchip_register(const struct rk_irqchip *c)
{
	chip = c;
}

#ifdef CONFIG_TIME
/* Device interrupts need a controller, and the platform level is where it
 * binds (from the DTB, or the platform's own, as the I/O APIC): a machine
 * whose controller was refused stops here, after the lines that said why,
 * rather than running with interrupts that can never arrive. */
static int irqchip_required(const struct rk_bootinfo *bi)
{
	if (!chip)
		rk_panic("irq: no interrupt controller was bound (the lines above say why)");
	return 0;
}
RK_INIT(irqchip_required, RK_INIT_BUS);
#endif

unsigned rk_irq_xlate(const uint32_t *cells, int ncells)
{
	return chip && chip->xlate ? chip->xlate(cells, ncells) : 0;
}

int rk_irq_attach(unsigned irq, rk_irq_handler_t fn, void *arg)
{
	if (irq >= RK_IRQ_MAX || !fn || !chip)
		return -1;
	unsigned long flags = arch_irq_save();
	if (handlers[irq].fn) {
		arch_irq_restore(flags);
		return -1;
	}
	handlers[irq].fn = fn;
	handlers[irq].arg = arg;
	chip->enable(irq);
	arch_irq_restore(flags);
	return 0;
}

void rk_irq_detach(unsigned irq)
{
	if (irq >= RK_IRQ_MAX || !chip)
		return;
	unsigned long flags = arch_irq_save();
	chip->disable(irq);
	handlers[irq].fn = NULL;
	arch_irq_restore(flags);
}

#ifdef CONFIG_SMP
struct route_req {
	unsigned irq, cpu;
	int rc;
};

/* On the CPU that takes the irq now, interrupts masked: it is not between
 * claiming the irq and completing it, which a controller may not let it
 * finish once the irq has moved (a PLIC ignores a completion from a
 * context the source is no longer enabled in, and the source never
 * interrupts again). */
static void route_here(void *arg)
{
	struct route_req *r = arg;

	r->rc = chip->route(r->irq, r->cpu) ? -RK_ENODEV : 0;
	if (r->rc == 0)
		handlers[r->irq].cpu = r->cpu;
}

int rk_irq_set_cpu(unsigned irq, unsigned cpu)
{
	if (irq >= RK_IRQ_MAX || !chip || !handlers[irq].fn || !rk_cpu_online(cpu))
		return -RK_EINVAL;
	if (handlers[irq].cpu == cpu)
		return 0;
	if (!chip->route)
		return -RK_ENODEV;
	struct route_req r = { .irq = irq, .cpu = cpu };
	rk_smp_call_wait(handlers[irq].cpu, route_here, &r);
	return r.rc;
}
#else
int rk_irq_set_cpu(unsigned irq, unsigned cpu)
{
	if (irq >= RK_IRQ_MAX || !chip || !handlers[irq].fn || cpu != 0)
		return -RK_EINVAL;
	return 0;
}
#endif

void rk_irq_handle(unsigned irq)
{
	if (irq < RK_IRQ_MAX && handlers[irq].fn) {
		handlers[irq].count++;
#ifdef CONFIG_SMP
		handlers[irq].count_on[rk_cpu_id()]++;
#endif
		handlers[irq].fn(irq, handlers[irq].arg);
		return;
	}
	/* Nobody asked for it: mask it so it cannot storm. */
	printk("irq: spurious interrupt %u, masking it\n", irq);
	if (chip)
		chip->disable(irq);
}

void rk_irq_external(void)
{
	if (chip)
		chip->dispatch();
}

uint64_t rk_irq_count(unsigned irq)
{
	return irq < RK_IRQ_MAX ? handlers[irq].count : 0;
}

#ifdef CONFIG_SMP
uint64_t rk_irq_count_on(unsigned irq, unsigned cpu)
{
	return irq < RK_IRQ_MAX && cpu < RK_NR_CPUS ? handlers[irq].count_on[cpu] : 0;
}
#endif

#ifndef CONFIG_SCHED
/* Without fibers nothing can be preempted: only track the nesting, which
 * rk_in_irq reports. (With CONFIG_SCHED, kernel/fiber.c provides these.) */
static int irq_depth;

void rk_irq_enter(void)
{
	irq_depth++;
}

void rk_irq_exit(void)
{
	irq_depth--;
}

int rk_in_irq(void)
{
	return irq_depth > 0;
}
#endif
