/* Register dumps for trap handlers: every arch prints the same layout,
 * "name: 0x%016llx" three to a line, so people and tests read one format. */
#include <rumpk/printk.h>
#include <rumpk/trap_dump.h>
#ifdef CONFIG_EXEC
#include <rumpk/exec.h>
#endif

void rk_dump_regs(const char *const names[], const uint64_t *vals, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		bool last_on_line = i % 3 == 2 || i + 1 == n;
		printk("%7s: 0x%016llx%s", names[i], (unsigned long long)vals[i],
		       last_on_line ? "\n" : "  ");
	}
}

#ifdef CONFIG_EXEC
bool rk_trap_contain(uintptr_t pc, uintptr_t *resume)
{
	if (!rk_exec_fault(pc))
		return false;
	*resume = (uintptr_t)rk_exec_fault_exit;
	return true;
}
#endif
