/* SPDX-License-Identifier: BSD-2-Clause */
/* What lwIP needs from the platform in every mode: the millisecond clock,
 * random numbers, and assertion failures. */
#include <lwip/sys.h>
#include <rumpk/arch.h>
#include <rumpk/panic.h>
#include <rumpk/time.h>

/* lwIP's timers and TCP's timestamps run on this; the u32_t wraps after
 * 49 days, which lwIP's timer arithmetic handles. */
u32_t sys_now(void)
{
	return (u32_t)(rk_time_ns() / RK_NSEC_PER_MSEC);
}

/* xorshift64* seeded from the cycle counter at first use. lwIP uses it for
 * ephemeral ports, DHCP transaction ids and SLAAC: values must differ
 * between boots so that a restarted guest does not reuse a peer's idea of
 * the previous connection; nothing here needs cryptographic strength. */
uint32_t rk_net_rand(void)
{
	static uint64_t state;

	if (!state)
		state = (arch_cycles() ^ (rk_time_ns() << 17) ^ 0x9e3779b97f4a7c15ull) | 1;
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (uint32_t)((state * 0x2545f4914f6cdd1dull) >> 32);
}

void rk_net_lwip_assert(const char *msg, const char *file, int line)
{
	rk_panic("lwIP assertion \"%s\" failed at %s:%d", msg, file, line);
}
