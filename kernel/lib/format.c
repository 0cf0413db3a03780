/* SPDX-License-Identifier: BSD-2-Clause */
/* printf-style formatting without floating point. Portable: it is built
 * into the image and into the host unit tests (test/unit/test_format.c). */
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>
#include <rumpk/printk.h>

struct out {
	char *buf;
	size_t size;
	size_t len; /* characters produced, even past size */
};

/* Inlined: called per character, it was a third of printk's cost. */
static inline __attribute__((always_inline)) void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

enum { F_LEFT = 1, F_ZERO = 2, F_PLUS = 4, F_SPACE = 8, F_ALT = 16 };

static void put_number(struct out *o, uintmax_t v, bool neg, unsigned base,
		       bool upper, int flags, int width, int prec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[sizeof(uintmax_t) * 3 + 1];
	int n = 0;

	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (prec < 0)
		prec = 1; /* at least one digit unless precision 0 and value 0 */
	else
		flags &= ~F_ZERO;
	int ndigits = n > prec ? n : prec;

	char sign = 0;
	if (neg)
		sign = '-';
	else if (flags & F_PLUS)
		sign = '+';
	else if (flags & F_SPACE)
		sign = ' ';
	const char *prefix = "";
	if ((flags & F_ALT) && n > 0) {
		if (base == 16)
			prefix = upper ? "0X" : "0x";
		else if (base == 8 && ndigits <= n)
			prefix = "0";
	}
	int plen = (sign ? 1 : 0) + (int)__builtin_strlen(prefix);
	int fill = width - ndigits - plen;

	if (!(flags & (F_LEFT | F_ZERO)))
		pad(o, ' ', fill);
	if (sign)
		put(o, sign);
	for (const char *p = prefix; *p; p++)
		put(o, *p);
	if (flags & F_ZERO)
		pad(o, '0', fill);
	pad(o, '0', ndigits - n);
	while (n > 0)
		put(o, tmp[--n]);
	if (flags & F_LEFT)
		pad(o, ' ', fill);
}

enum len { L_INT, L_CHAR, L_SHORT, L_LONG, L_LLONG, L_SIZE, L_MAX, L_PTRDIFF };

static uintmax_t get_unsigned(va_list *ap, enum len l)
{
	switch (l) {
	case L_CHAR: return (unsigned char)va_arg(*ap, unsigned int);
	case L_SHORT: return (unsigned short)va_arg(*ap, unsigned int);
	case L_LONG: return va_arg(*ap, unsigned long);
	case L_LLONG: return va_arg(*ap, unsigned long long);
	case L_SIZE: return va_arg(*ap, size_t);
	case L_MAX: return va_arg(*ap, uintmax_t);
	case L_PTRDIFF: return (uintmax_t)va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, unsigned int);
	}
}

static intmax_t get_signed(va_list *ap, enum len l)
{
	switch (l) {
	case L_CHAR: return (signed char)va_arg(*ap, int);
	case L_SHORT: return (short)va_arg(*ap, int);
	case L_LONG: return va_arg(*ap, long);
	case L_LLONG: return va_arg(*ap, long long);
	case L_SIZE: return (intmax_t)va_arg(*ap, size_t);
	case L_MAX: return va_arg(*ap, intmax_t);
	case L_PTRDIFF: return va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int);
	}
}

int rk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct out o = { buf, size, 0 };
	va_list ap;

	va_copy(ap, ap_in);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		int flags = 0;
		for (;; fmt++) {
			if (*fmt == '-') flags |= F_LEFT;
			else if (*fmt == '0') flags |= F_ZERO;
			else if (*fmt == '+') flags |= F_PLUS;
			else if (*fmt == ' ') flags |= F_SPACE;
			else if (*fmt == '#') flags |= F_ALT;
			else break;
		}
		int width = 0;
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		int prec = -1;
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				if (prec < 0)
					prec = -1;
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		if (flags & F_LEFT)
			flags &= ~F_ZERO;
		enum len l = L_INT;
		switch (*fmt) {
		case 'h':
			l = L_SHORT;
			if (*++fmt == 'h') { l = L_CHAR; fmt++; }
			break;
		case 'l':
			l = L_LONG;
			if (*++fmt == 'l') { l = L_LLONG; fmt++; }
			break;
		case 'z': l = L_SIZE; fmt++; break;
		case 'j': l = L_MAX; fmt++; break;
		case 't': l = L_PTRDIFF; fmt++; break;
		}
		char c = *fmt;
		if (c == '\0')
			break; /* a lone '%' at the end prints nothing */
		fmt++;
		switch (c) {
		case 'd':
		case 'i': {
			intmax_t v = get_signed(&ap, l);
			uintmax_t mag = v < 0 ? -(uintmax_t)v : (uintmax_t)v;
			put_number(&o, mag, v < 0, 10, false, flags, width, prec);
			break;
		}
		case 'u':
			put_number(&o, get_unsigned(&ap, l), false, 10, false, flags, width, prec);
			break;
		case 'x':
		case 'X':
			put_number(&o, get_unsigned(&ap, l), false, 16, c == 'X', flags, width, prec);
			break;
		case 'o':
			put_number(&o, get_unsigned(&ap, l), false, 8, false, flags, width, prec);
			break;
		case 'p': {
			uintptr_t p = (uintptr_t)va_arg(ap, void *);
			put_number(&o, p, false, 16, false, flags | F_ALT, width, prec);
			break;
		}
		case 'c': {
			char ch = (char)va_arg(ap, int);
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - 1);
			put(&o, ch);
			if (flags & F_LEFT)
				pad(&o, ' ', width - 1);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			int n = 0;
			while (s[n] && (prec < 0 || n < prec))
				n++;
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - n);
			for (int i = 0; i < n; i++)
				put(&o, s[i]);
			if (flags & F_LEFT)
				pad(&o, ' ', width - n);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		default:
			/* Unknown conversion: show it rather than guess. */
			put(&o, '%');
			put(&o, c);
			break;
		}
	}
	va_end(ap);
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > (size_t)INT32_MAX ? INT32_MAX : (int)o.len;
}

int rk_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = rk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
