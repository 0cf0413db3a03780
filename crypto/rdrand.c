/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 RDSEED/RDRAND as an entropy source, when the CPU has them
 * (CPUID.7.0:EBX[18] RDSEED, CPUID.1:ECX[30] RDRAND). RDSEED is preferred:
 * it returns conditioned entropy straight from the noise source, while
 * RDRAND is a DRBG output reseeded from it. Both can fail transiently
 * (carry clear); a bounded retry then gives up so the generator falls back
 * to the next source instead of spinning. */
#include <stdbool.h>
#include <string.h>
#include <arch/x86.h>
#include <rumpk/drv/entropy.h>
#include <rumpk/init.h>
#include "crypto_internal.h"

#define RETRIES 128

static bool use_rdseed;

static bool step(uint64_t *v)
{
	unsigned char ok;

	if (use_rdseed)
		__asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok) :: "cc");
	else
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) :: "cc");
	return ok;
}

static int rdrand_read(void *ctx, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		uint64_t v;
		int tries = 0;
		while (!step(&v))
			if (++tries == RETRIES)
				return -1;
		size_t n = len < sizeof(v) ? len : sizeof(v);
		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
	return 0;
}

static const struct rk_entropy_source rdrand_source = {
	.name = "rdrand",
	.read = rdrand_read,
	/* Conservative: RDRAND output is credited at half a bit per bit. */
	.millibits_per_byte = 4000,
};

static int rdrand_probe(const struct rk_bootinfo *bi)
{
	uint32_t r[4];

	x86_cpuid(1, r);
	bool rdrand = r[2] & (1u << 30);
	bool rdseed = false;
	if (x86_cpuid_max(0) >= 7) {
		x86_cpuid_sub(7, 0, r);
		rdseed = r[1] & (1u << 18);
	}
	if (!rdrand && !rdseed)
		return 0;
	use_rdseed = rdseed;
	rk_entropy_register(&rdrand_source);
	return 0;
}
RK_INIT(rdrand_probe, RK_INIT_DRIVER);
