/* SPDX-License-Identifier: BSD-2-Clause */
/* Register dumps for trap handlers: every arch prints the same layout,
 * "name: 0x%016llx" three to a line, so people and tests read one format.
 * And the fault containers components register (kernel/exec). */
#include <stddef.h>
#include <rumpk/printk.h>
#include <rumpk/trap_dump.h>

static rk_trap_container_fn containers[RK_TRAP_CONTAINERS];

void rk_dump_regs(const char *names, const uint64_t *vals)
{
	for (unsigned i = 0; *names; i++, names += __builtin_strlen(names) + 1) {
		bool last_on_line = i % 3 == 2 || !names[__builtin_strlen(names) + 1];
		printk("%7s: 0x%016llx%s", names, (unsigned long long)vals[i],
		       last_on_line ? "\n" : "  ");
	}
}

int rk_trap_container_register(rk_trap_container_fn fn)
{
	for (unsigned i = 0; i < RK_TRAP_CONTAINERS; i++)
		if (!containers[i]) {
			containers[i] = fn;
			return 0;
		}
	return -1;
}

bool rk_trap_contain(uintptr_t pc, uintptr_t *resume)
{
	for (unsigned i = 0; i < RK_TRAP_CONTAINERS && containers[i]; i++)
		if (containers[i](pc, resume))
			return true;
	return false;
}
