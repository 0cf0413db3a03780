/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit test of the PVH start info checks
 * (platform/qemu-microvm-x86_64/pvh_check.c), under ASan and UBSan: tables
 * and strings outside the mapped bytes, absurd counts, wrapping and
 * beyond-physical RAM entries, unterminated strings. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pvh_check.h"
#include "check.h"

static char log_buf[4096];

int printk(const char *fmt, ...)
{
	va_list ap;
	size_t len = strlen(log_buf);

	va_start(ap, fmt);
	int n = vsnprintf(log_buf + len, sizeof(log_buf) - len, fmt, ap);
	va_end(ap);
	return n;
}

static void expect_log(const char *want)
{
	CHECK_MSG(strstr(log_buf, want), "expected \"%s\", got \"%s\"", want, log_buf);
	log_buf[0] = 0;
}

int main(void)
{
	const uint64_t mapped = 1ull << 32;

	/* QEMU's own: 4 entries at 0x7000 (see test/exec: a real boot). */
	CHECK(pvh_table_ok("memmap", 0x7000, 4, 24, PVH_MAX_MEMMAP, mapped));
	CHECK_EQ(log_buf[0], 0);
	CHECK(!pvh_table_ok("memmap", 0x7000, 100000, 24, PVH_MAX_MEMMAP, mapped));
	expect_log("pvh: memmap: 100000 entries (at most 128)");
	CHECK(!pvh_table_ok("memmap", 0, 4, 24, PVH_MAX_MEMMAP, mapped));
	expect_log(
		"pvh: memmap: table at 0, 96 bytes, is not inside the mapped 0x1000-0x100000000");
	CHECK(!pvh_table_ok("memmap", 0xffffffffffffffe0ull, 4, 24, PVH_MAX_MEMMAP, mapped));
	expect_log("table at 0xffffffffffffffe0, 96 bytes");
	CHECK(!pvh_table_ok("memmap", mapped - 95, 4, 24, PVH_MAX_MEMMAP, mapped));
	CHECK(pvh_table_ok("memmap", mapped - 96, 4, 24, PVH_MAX_MEMMAP, mapped));
	log_buf[0] = 0;

	CHECK_EQ(pvh_judge_ram(0, 0x100000, 0x7f00000), 0);
	CHECK_EQ(pvh_judge_ram(0, 0x100000, 0), 1);
	CHECK_EQ(log_buf[0], 0);
	CHECK_EQ(pvh_judge_ram(2, 0x100000, 0xfffffffffff00001ull), 1);
	expect_log(
		"pvh: memory map entry 2: addr 0x100000 + size 0xfffffffffff00001 wraps past 2^64, ignored");
	CHECK_EQ(pvh_judge_ram(3, 0x100000, 0x7ff0000000000000ull), 1);
	expect_log(
		"pvh: memory map entry 3: addr 0x100000 + size 0x7ff0000000000000 ends beyond any "
		"physical address (2^52), ignored");
	CHECK_EQ(pvh_judge_ram(4, (1ull << 52) - 0x1000, 0x1000), 0);

	/* Strings: read in place, bounded by the mapped bytes and 4 KiB. */
	char *buf = malloc(PVH_MAX_STRING + 16);
	strcpy(buf, "console=ttyS0");
	uint64_t at = (uintptr_t)buf;
	CHECK_EQ(pvh_string_len("cmdline", at, UINT64_MAX), 13);
	CHECK_EQ(pvh_string_len("cmdline", at, at + 5), PVH_NO_STRING);
	expect_log("pvh: cmdline: string at 0x");
	memset(buf, 'x', PVH_MAX_STRING + 16);
	CHECK_EQ(pvh_string_len("cmdline", at, UINT64_MAX), PVH_NO_STRING);
	expect_log("has no NUL within 4096 bytes, ignored");
	CHECK_EQ(pvh_string_len("cmdline", 0x10, UINT64_MAX), PVH_NO_STRING);
	expect_log("pvh: cmdline: string at 0x10 is not inside the mapped");
	free(buf);
	return check_summary("test_pvh");
}
