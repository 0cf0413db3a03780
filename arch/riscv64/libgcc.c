/* SPDX-License-Identifier: BSD-2-Clause */
/* The compiler runtime routines the kernel needs on riscv64.
 *
 * RV64IMAC has no bit-manipulation instructions (that is Zbb), so GCC and
 * clang call out for byte swaps (libfdt's endianness conversions) and
 * count-trailing-zeros (the page and slab allocators' bitmaps, the
 * priority scheduler), and for 128-bit division and variable shifts (the
 * clock's fixed-point set-up). Debian's riscv64 libgcc is built for the lp64d ABI and the
 * linker refuses to mix it into this soft-float (lp64) kernel; clang has
 * no runtime library here at all. So both toolchains get these. */
#include <stdint.h>

uint32_t __bswapsi2(uint32_t x);
uint64_t __bswapdi2(uint64_t x);
int __ctzsi2(uint32_t x);
int __ctzdi2(uint64_t x);
int __clzsi2(uint32_t x);
int __clzdi2(uint64_t x);
unsigned __int128 __udivti3(unsigned __int128 n, unsigned __int128 d);
unsigned __int128 __umodti3(unsigned __int128 n, unsigned __int128 d);
__int128 __divti3(__int128 n, __int128 d);
__int128 __modti3(__int128 n, __int128 d);
__int128 __ashlti3(__int128 v, int shift);
__int128 __ashrti3(__int128 v, int shift);
__int128 __lshrti3(__int128 v, int shift);

/* 128-bit values as two 64-bit halves, so that nothing below needs the
 * 128-bit shifts it implements. */
union u128 {
	unsigned __int128 all;
	struct {
		uint64_t lo, hi; /* little-endian */
	} s;
};

uint32_t __bswapsi2(uint32_t x)
{
	return (x >> 24) | ((x >> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24);
}

uint64_t __bswapdi2(uint64_t x)
{
	return (uint64_t)__bswapsi2((uint32_t)x) << 32 | __bswapsi2((uint32_t)(x >> 32));
}

/* De Bruijn sequence: x & -x isolates the lowest set bit, the multiply
 * moves a unique 6-bit pattern for each position into the top bits. */
static const uint8_t debruijn64_pos[64] = {
	0,  1,  2,  53, 3,  7,  54, 27, 4,  38, 41, 8,  34, 55, 48, 28,
	62, 5,  39, 46, 44, 42, 22, 9,  24, 35, 59, 56, 49, 18, 29, 11,
	63, 52, 6,  26, 37, 40, 33, 47, 61, 45, 43, 21, 23, 58, 17, 10,
	51, 25, 36, 32, 60, 20, 57, 16, 50, 31, 19, 15, 30, 14, 13, 12,
};
#define DEBRUIJN64 0x022fdd63cc95386dull

/* Like the builtins, undefined for 0 (returns 64 here). */
int __ctzdi2(uint64_t x)
{
	if (!x)
		return 64;
	return debruijn64_pos[((x & -x) * DEBRUIJN64) >> 58];
}

int __ctzsi2(uint32_t x)
{
	return x ? __ctzdi2(x) : 32;
}

int __clzdi2(uint64_t x)
{
	int n = 0;

	if (!x)
		return 64;
	for (int shift = 32; shift; shift >>= 1) {
		if (!(x >> (64 - shift))) {
			n += shift;
			x <<= shift;
		}
	}
	return n;
}

int __clzsi2(uint32_t x)
{
	return x ? __clzdi2(x) - 32 : 32;
}

__int128 __ashlti3(__int128 v, int shift)
{
	union u128 u = { .all = (unsigned __int128)v };

	if (shift >= 64) {
		u.s.hi = u.s.lo << (shift - 64);
		u.s.lo = 0;
	} else if (shift > 0) {
		u.s.hi = u.s.hi << shift | u.s.lo >> (64 - shift);
		u.s.lo <<= shift;
	}
	return (__int128)u.all;
}

__int128 __lshrti3(__int128 v, int shift)
{
	union u128 u = { .all = (unsigned __int128)v };

	if (shift >= 64) {
		u.s.lo = u.s.hi >> (shift - 64);
		u.s.hi = 0;
	} else if (shift > 0) {
		u.s.lo = u.s.lo >> shift | u.s.hi << (64 - shift);
		u.s.hi >>= shift;
	}
	return (__int128)u.all;
}

__int128 __ashrti3(__int128 v, int shift)
{
	union u128 u = { .all = (unsigned __int128)v };
	int64_t hi = (int64_t)u.s.hi;

	if (shift >= 64) {
		u.s.lo = (uint64_t)(hi >> (shift - 64));
		u.s.hi = (uint64_t)(hi >> 63);
	} else if (shift > 0) {
		u.s.lo = u.s.lo >> shift | u.s.hi << (64 - shift);
		u.s.hi = (uint64_t)(hi >> shift);
	}
	return (__int128)u.all;
}

/* Shift-and-subtract long division; only boot-time code divides 128-bit
 * numbers, so simplicity wins over speed. Division by 0 returns 0. */
static unsigned __int128 udivmod(unsigned __int128 n, unsigned __int128 d,
				 unsigned __int128 *rem)
{
	union u128 num = { .all = n }, den = { .all = d };
	unsigned __int128 q = 0, r = 0;

	if (d == 0) {
		*rem = 0;
		return 0;
	}
	if (num.s.hi == 0 && den.s.hi == 0) { /* the common case: native */
		*rem = num.s.lo % den.s.lo;
		return num.s.lo / den.s.lo;
	}
	for (int i = 0; i < 128; i++) {
		/* Bring down the top bit of what is left of n. */
		r = r << 1 | (num.s.hi >> 63);
		num.all <<= 1;
		q <<= 1;
		if (r >= d) {
			r -= d;
			q |= 1;
		}
	}
	*rem = r;
	return q;
}

unsigned __int128 __udivti3(unsigned __int128 n, unsigned __int128 d)
{
	unsigned __int128 r;
	return udivmod(n, d, &r);
}

unsigned __int128 __umodti3(unsigned __int128 n, unsigned __int128 d)
{
	unsigned __int128 r;
	udivmod(n, d, &r);
	return r;
}

static unsigned __int128 uabs(__int128 v)
{
	return v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
}

__int128 __divti3(__int128 n, __int128 d)
{
	unsigned __int128 r, q = udivmod(uabs(n), uabs(d), &r);
	return (n < 0) != (d < 0) ? -(__int128)q : (__int128)q;
}

__int128 __modti3(__int128 n, __int128 d)
{
	unsigned __int128 r;
	udivmod(uabs(n), uabs(d), &r);
	return n < 0 ? -(__int128)r : (__int128)r;
}
