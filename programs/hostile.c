/* SPDX-License-Identifier: BSD-2-Clause */
/* A signed program that attacks the kernel, one way per argument; each
 * attack must end it with the reason printed while the kernel and the
 * shell run on (apps/shell/app.desc, test/exec_tests.cmake). It prints
 * "hostile: survived" only when an attack was not stopped.
 *
 *   kwrite [ADDR]   store to a kernel address (default: the kernel image)
 *   kread ADDR      load from one (the trusted-key table, in the tests)
 *   kjump [ADDR]    jump into kernel text
 *   dataexec        execute an instruction written into its own data
 *   stack           recurse until the stack overflows
 *   kptr [ADDR]     give the console-write command a kernel pointer
 *   badlen          give it a length far past the program's memory
 *   badop           submit a command that does not exist
 *   tail            move sq_tail far past sq_head (a malformed ring)
 *   flood           submit without ever reaping completions
 *   trap            trap with a number the kernel does not have
 *   spin            loop forever without trapping */
#include "rksys.h"

/* The default kernel address (the tests pass the image's own): QEMU
 * virt's kernel load address on riscv64 (fw_jump). */
#define KERNEL_TEXT 0x80200000ul

static uint64_t hex(const char *s, uint64_t dflt)
{
	uint64_t v = 0;
	if (!s)
		return dflt;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;
		if (d < 0)
			return dflt;
		v = v * 16 + (uint64_t)d;
	}
	return v;
}

static volatile unsigned forever = 1;

static unsigned depth(unsigned n)
{
	volatile char pad[512];
	pad[0] = (char)n;
	return forever ? depth(n + 1) + pad[0] : n;
}

/* A return instruction, in data. */
#if defined(__x86_64__)
static uint32_t code[4] = { 0xc3 };
#elif defined(__aarch64__)
static uint32_t code[4] = { 0xd65f03c0 }; /* ret */
#else
static uint32_t code[4] = { 0x00008067 };
#endif

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	const char *arg = argc > 2 ? argv[2] : 0;
	uint64_t k = hex(arg, KERNEL_TEXT);

	/* One write for the whole line: with SMP another CPU's console line
	 * (the kernel's provenance line of a program started there) must not
	 * land in the middle of it. */
	char line[64];
	size_t n = 0;
	for (const char *p = "hostile: "; *p; p++)
		line[n++] = *p;
	for (const char *p = what; *p && n < sizeof(line) - 1; p++)
		line[n++] = *p;
	line[n++] = '\n';
	rk_write(1, line, n);
	if (rk_streq(what, "kwrite")) {
		*(volatile uint64_t *)k = 0;
	} else if (rk_streq(what, "kread")) {
		volatile uint64_t v = *(volatile uint64_t *)k;
		(void)v;
	} else if (rk_streq(what, "kjump")) {
		((void (*)(void))k)();
	} else if (rk_streq(what, "dataexec")) {
		((void (*)(void))(uintptr_t)code)();
	} else if (rk_streq(what, "stack")) {
		depth(0);
	} else if (rk_streq(what, "kptr")) {
		rk_write(1, (const void *)k, 16);
	} else if (rk_streq(what, "badlen")) {
		rk_write(1, "x", (size_t)1 << 40);
	} else if (rk_streq(what, "badop")) {
		rk_call(999, 0, 0, 0, 0);
	} else if (rk_streq(what, "tail")) {
		rk_ring->sq_tail += 1000;
		rk_enter();
	} else if (rk_streq(what, "flood")) {
		for (;;) {
			for (int i = 0; i < RK_SQ_ENTRIES; i++)
				rk_submit(RK_OP_NOP, 0, 0, 0, 0, 0);
			rk_enter();
		}
	} else if (rk_streq(what, "trap")) {
#if defined(__riscv)
		register long a0 __asm__("a0") = 0;
		register long a7 __asm__("a7") = 77;
		__asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
#elif defined(__x86_64__)
		long r;
		__asm__ volatile("int $0x80" : "=a"(r) : "a"(77L), "D"(0L) : "memory");
#elif defined(__aarch64__)
		register long x0 __asm__("x0") = 0;
		register long x8 __asm__("x8") = 77;
		__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");
#endif
	} else if (rk_streq(what, "spin")) {
		for (volatile unsigned long i = 0;; i++)
			;
	} else {
		rk_puts("hostile: usage: hostile kwrite|kread|kjump|dataexec|stack|kptr|badlen|"
			"badop|tail|flood|trap|spin [ADDR]\n");
		return 2;
	}
	rk_puts("hostile: survived\n");
	return 0;
}
