/* SPDX-License-Identifier: BSD-2-Clause */
/* The registry of entropy sources (rumpk/drv/entropy.h, rumpk/entropy.h),
 * in registration order. Written at boot by the code that finds the
 * hardware, one registration at a time; read by the generator when it
 * seeds. Device-neutral: it knows no source and no policy. */
#include <stddef.h>
#include <string.h>
#include <rumpk/drv/entropy.h>

static const struct rk_entropy_source *sources[RK_ENTROPY_MAX_SOURCES];
static unsigned nsources;
static volatile unsigned generation;

int rk_entropy_register(const struct rk_entropy_source *src)
{
	if (!src || !src->name || !src->read || src->millibits_per_byte == 0 ||
	    src->millibits_per_byte > 8000 || nsources == RK_ENTROPY_MAX_SOURCES)
		return -1;
	sources[nsources++] = src;
	generation++;
	return 0;
}

const struct rk_entropy_source *rk_entropy_source_at(unsigned i)
{
	return i < nsources ? sources[i] : NULL;
}

const struct rk_entropy_source *rk_entropy_find(const char *name)
{
	for (unsigned i = 0; i < nsources; i++)
		if (strcmp(sources[i]->name, name) == 0)
			return sources[i];
	return NULL;
}

unsigned rk_entropy_generation(void)
{
	return generation;
}
