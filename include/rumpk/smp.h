/* SPDX-License-Identifier: BSD-2-Clause */
/* SMP, LWKT-style (docs/smp.md): every CPU runs its own scheduler over its
 * own fibers; a fiber stays on the CPU it was created on. CPUs cooperate by
 * messages: rk_smp_call puts a function call in the target CPU's ring
 * (kernel/ring) and interrupts it; the target runs the call in its
 * interrupt context, where it may touch that CPU's fibers, wait queues and
 * timers as if it were local. There is no global run queue and no lock on
 * any run queue.
 *
 * Per-CPU variables: RK_PERCPU(type, name) declares one instance per CPU,
 * RK_THIS(name) is this CPU's and RK_ON(name, cpu) another's. Without
 * CONFIG_SMP they are plain variables and rk_cpu_id() is 0, so that an
 * image built without SMP is exactly what it was before SMP existed. */
#ifndef RUMPK_SMP_H
#define RUMPK_SMP_H

#include <stdbool.h>
#include <stdint.h>
#include <rumpk/compiler.h>
#include <rumpk/bootinfo.h>

#ifdef CONFIG_SMP
#include <arch/smp.h>
#define RK_NR_CPUS CONFIG_NR_CPUS
/* This CPU's index: 0 is the boot CPU, the others follow in DTB order. */
static inline unsigned rk_cpu_id(void) { return arch_cpu_id(); }
#define RK_PERCPU(type, name) type name[RK_NR_CPUS]
/* Initializer giving every CPU's instance the same value. */
#define RK_PERCPU_INIT(...) = { [0 ... RK_NR_CPUS - 1] = __VA_ARGS__ }
#define RK_THIS(name) (name[rk_cpu_id()])
#define RK_ON(name, cpu) (name[cpu])
#else
#define RK_NR_CPUS 1
static inline unsigned rk_cpu_id(void) { return 0; }
#define RK_PERCPU(type, name) type name
#define RK_PERCPU_INIT(...) = __VA_ARGS__
#define RK_THIS(name) (name)
#define RK_ON(name, cpu) (name)
#endif

/* CPUs running their scheduler (1 until the secondaries come up). */
unsigned rk_cpus_online(void);
bool rk_cpu_online(unsigned cpu);

/* Run fn(arg) on cpu, in its interrupt context (interrupts masked, may wake
 * that CPU's fibers, must not block). On the calling CPU itself it runs at
 * once. Messages from one CPU to another run in the order sent. Waits for
 * room while the target's ring is full, running this CPU's own messages
 * meanwhile (so two CPUs sending to each other do not deadlock). Returns 0,
 * or -RK_EINVAL for a CPU that is not online. */
int rk_smp_call(unsigned cpu, void (*fn)(void *), void *arg);

#ifdef CONFIG_SMP
/* rk_smp_call, and return once fn(arg) has run on cpu: the calling fiber
 * sleeps meanwhile (a fiber only, not an interrupt handler). 0, or
 * -RK_EINVAL for a CPU that is not online. */
int rk_smp_call_wait(unsigned cpu, void (*fn)(void *), void *arg);
#endif

#ifdef CONFIG_SMP
/* Kernel-internal. */
/* The IPI handler: run the calls queued for this CPU. Interrupts masked;
 * f is the interrupted context (a stop request dumps it). */
struct rk_trap_frame;
void rk_smp_ipi(const struct rk_trap_frame *f);
/* Stop every other CPU (panic): each prints where it was, with its
 * registers, and halts. Waits a bounded time for them. */
void rk_smp_stop_others(void);
/* The CPU that panicked first + 1, or 0 (kernel/panic.c). */
extern unsigned rk_smp_panic_cpu;
/* kernel/smp: a secondary CPU that finished its arch start-up, on its
 * first stack [stack_low, stack_high); it becomes that CPU's idle fiber
 * and never returns. */
rk_noreturn void rk_smp_cpu_up(unsigned cpu, uintptr_t stack_low, uintptr_t stack_high);
/* kernel/smp: a secondary CPU's first (idle) stack, with a guard page
 * below it: its top, and its bottom in *low; 0 when out of memory. */
uintptr_t rk_smp_idle_stack(uintptr_t *low);
/* Arch: start every usable secondary CPU (at most RK_NR_CPUS - 1); each
 * calls rk_smp_cpu_up. Returns how many were started. */
unsigned arch_smp_start(const struct rk_bootinfo *bi);
/* Arch: interrupt cpu (its IPI calls rk_smp_ipi). */
void arch_send_ipi(unsigned cpu);
/* Arch: drop the translation of the page at va from every CPU's TLB (a
 * guard page was made or removed in the shared kernel page table). */
void arch_smp_flush_page(uintptr_t va);
/* Arch: this CPU's hardware id (hart id, MPIDR, APIC id) for messages. */
unsigned long arch_cpu_hwid(unsigned cpu);
#endif

#endif
