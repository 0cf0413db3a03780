/* SPDX-License-Identifier: BSD-2-Clause */
/* The C string and memory functions the compiler may call on its own
 * (memcpy, memset, memmove, memcmp) and the few the kernel uses.
 * No C library is linked into the image, so these are the definitions. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & (sizeof(long) - 1)) == 0) {
		for (; n >= sizeof(long); n -= sizeof(long), d += sizeof(long), s += sizeof(long))
			*(long *)(void *)d = *(const long *)(const void *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	/* Bytes up to a word boundary first: a structure only 4-byte
	 * aligned (an array of them) would otherwise be cleared a byte a
	 * step, as the DTB index's entries were. */
	for (; n && ((uintptr_t)d & (sizeof(long) - 1)); n--)
		*d++ = (unsigned char)c;
	if (n >= sizeof(long)) {
		unsigned long v = (unsigned char)c;
		v |= v << 8;
		v |= v << 16;
		v |= (v << 16) << 16;
		/* Four words a step: boot clears page-table pages, rings and
		 * the allocator's maps, and the loop was most of the cost. */
		for (; n >= 4 * sizeof(long); n -= 4 * sizeof(long), d += 4 * sizeof(long)) {
			unsigned long *w = (unsigned long *)(void *)d;
			w[0] = v;
			w[1] = v;
			w[2] = v;
			w[3] = v;
		}
		for (; n >= sizeof(long); n -= sizeof(long), d += sizeof(long))
			*(unsigned long *)(void *)d = v;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	}
	return 0;
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (;; haystack++) {
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
		if (!*haystack)
			return 0;
	}
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/* strrchr and memchr: libfdt's path and string-list parsing needs them. */
char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}
