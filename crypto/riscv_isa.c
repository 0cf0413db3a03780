/* SPDX-License-Identifier: BSD-2-Clause */
/* Looking an extension up in a hart's device-tree ISA description (see
 * riscv_isa.h). The riscv,isa string is "rv64" + single-letter extensions +
 * multi-letter ones, the latter separated by '_' (the first one may also
 * follow the letters directly; no single-letter extension is named 'z', 's'
 * or 'x', which is how it can be told apart). Any name may carry a version
 * such as "2p0", which is ignored here. */
#include "riscv_isa.h"

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* s[0..n) is empty or a version: digits, optionally 'p' and digits. */
static bool is_version(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_digit(s[i]))
		i++;
	if (i == 0)
		return n == 0;
	if (i == n)
		return true;
	if (lower(s[i]) != 'p' || ++i == n)
		return false;
	while (i < n && is_digit(s[i]))
		i++;
	return i == n;
}

/* Token tok[0..n) is ext, possibly with a version after it. */
static bool token_is(const char *tok, size_t n, const char *ext)
{
	size_t i = 0;

	for (; ext[i]; i++)
		if (i == n || lower(tok[i]) != ext[i])
			return false;
	return is_version(tok + i, n - i);
}

bool rk_riscv_isa_has(const char *isa, size_t len, const char *ext)
{
	size_t end = 0;

	while (end < len && isa[end])
		end++;
	/* "rv32"/"rv64"/"rv128": the base, then the single letters. */
	if (end < 4 || lower(isa[0]) != 'r' || lower(isa[1]) != 'v' || !is_digit(isa[2]))
		return false;
	size_t i = 2;
	while (i < end && is_digit(isa[i]))
		i++;
	while (i < end && isa[i] != '_') {
		char c = lower(isa[i]);
		if (c == 'z' || c == 's' || c == 'x')
			break; /* a multi-letter name glued to the letters */
		i++;
	}
	while (i < end) {
		if (isa[i] == '_') {
			i++;
			continue;
		}
		size_t start = i;
		while (i < end && isa[i] != '_')
			i++;
		if (token_is(isa + start, i - start, ext))
			return true;
	}
	return false;
}

bool rk_riscv_isa_ext_list_has(const char *list, size_t len, const char *ext)
{
	size_t i = 0;

	while (i < len) {
		size_t start = i;
		while (i < len && list[i])
			i++;
		size_t n = i - start;
		size_t k = 0;
		while (ext[k] && k < n && lower(list[start + k]) == ext[k])
			k++;
		if (!ext[k] && k == n && n)
			return true;
		i++; /* past the NUL */
	}
	return false;
}
