/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image test of aarch64 user mode on every CPU (KTEST with EXEC): two
 * programs at EL0 at the same time, one on the first CPU and one on the
 * last (the same CPU without SMP), each trapping thousands of times. A
 * trap must come back to the program that made it, with its own registers:
 * the context an exception from EL0 is saved into is found per CPU
 * (user_entry.S, the trap block), and a secondary must have its own TTBR1
 * walks and table (user.c, aarch64_user_cpu_init) or its program faults. */
#include <stdint.h>
#include <string.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/smp.h>
#include <rumpk/test.h>
#include <rumpk/uspace.h>

#define PAGE 4096u
#define TRAPS 3000

/* 1: add x1, x1, #1; mov x0, x1; mov x8, x2; svc #0; b 1b -- each trap
 * has the program's tag (x2) as its number and its count as argument. */
static const uint32_t program[] = { 0x91000421, 0xaa0103e0, 0xaa0203e8, 0xd4000001, 0x17fffffc };

struct run {
	unsigned cpu;
	uint64_t tag;
	unsigned traps;        /* traps seen as expected */
	unsigned wrong_cpu;    /* the fiber found itself elsewhere */
	uint64_t bad_kind, bad_trap, bad_arg; /* the first unexpected exit */
};

static void run_program(void *arg)
{
	struct run *r = arg;
	struct rk_uspace *s = arch_uspace_create();
	uint32_t *code = rk_page_alloc(1);

	RK_EXPECT(s && code);
	if (!s || !code)
		goto out;
	memcpy(code, program, sizeof(program));
	/* Written as data, fetched as instructions at EL0: to the point of
	 * unification, the stale instruction line dropped (one line holds it
	 * all: it starts the page and is 20 bytes). */
	__asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb" ::"r"(code)
			 : "memory");
	RK_EXPECT_EQ(arch_uspace_map(s, RK_USER_BASE, (uintptr_t)code, PAGE, RK_UPROT_R | RK_UPROT_X),
		     0);
	arch_uspace_start(s, RK_USER_BASE, RK_USER_BASE + PAGE, 0, 0, r->tag);
	while (r->traps < TRAPS) {
		struct rk_uexit why;

		arch_uspace_run(s, &why);
		if (rk_cpu_id() != r->cpu)
			r->wrong_cpu++;
		if (why.kind == RK_UEXIT_TICK)
			continue;
		if (why.kind != RK_UEXIT_TRAP || why.trap != r->tag || why.arg != r->traps + 1u) {
			r->bad_kind = why.kind;
			r->bad_trap = why.trap;
			r->bad_arg = why.arg;
			break;
		}
		r->traps++;
		if (r->traps % 500 == 0)
			rk_yield(); /* let the other fiber of a shared CPU run */
	}
	arch_uspace_unmap(s, RK_USER_BASE);
out:
	if (s)
		arch_uspace_destroy(s);
	if (code)
		rk_page_free(code, 1);
}

RK_TEST(aarch64_user_programs_on_every_cpu)
{
	struct run runs[2] = {
		{ .cpu = 0, .tag = 0x1111 },
		{ .cpu = RK_NR_CPUS - 1, .tag = 0x2222 },
	};
	struct rk_fiber *f[2];

	for (int i = 0; i < 2; i++) {
		f[i] = rk_fiber_create_on(runs[i].cpu, "user-test", run_program, &runs[i], 0);
		RK_EXPECT(f[i]);
	}
	for (int i = 0; i < 2; i++) {
		if (!f[i])
			continue;
		rk_fiber_join(f[i]);
		RK_EXPECT_EQ(runs[i].traps, TRAPS);
		RK_EXPECT_EQ(runs[i].wrong_cpu, 0);
		RK_EXPECT_EQ(runs[i].bad_kind, 0); /* RK_UEXIT_TRAP */
		RK_EXPECT_EQ(runs[i].bad_trap, 0);
		RK_EXPECT_EQ(runs[i].bad_arg, 0);
	}
}
