/* SPDX-License-Identifier: BSD-2-Clause */
/* Calls into the SBI firmware (OpenSBI), per the RISC-V SBI specification. */
#ifndef ARCH_SBI_H
#define ARCH_SBI_H

#include <stdint.h>

#define SBI_EXT_BASE 0x10
#define SBI_BASE_PROBE_EXTENSION 3 /* value != 0: implemented */
#define SBI_EXT_TIME 0x54494d45 /* "TIME": set_timer */
#define SBI_TIME_SET_TIMER 0
#define SBI_EXT_SRST 0x53525354 /* "SRST": system reset */
#define SBI_SRST_SHUTDOWN 0
#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_FAILURE 1
#define SBI_EXT_IPI 0x735049 /* "sPI": send_ipi(hart_mask, hart_mask_base) */
#define SBI_IPI_SEND 0
#define SBI_EXT_HSM 0x48534d /* "HSM": hart state management */
#define SBI_HSM_HART_START 0   /* (hartid, start_addr, opaque) */
#define SBI_HSM_HART_STATUS 2  /* (hartid): 0 started, 1 stopped, ... */
#define SBI_HSM_STOPPED 1
#define SBI_EXT_RFENCE 0x52464e43 /* "RFNC": remote fences */
#define SBI_RFENCE_SFENCE_VMA 1     /* (hart_mask, hart_mask_base, start, size) */

struct sbiret {
	long error;
	long value;
};

static inline struct sbiret sbi_call(long ext, long fid, unsigned long a0,
				     unsigned long a1, unsigned long a2)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register long r6 __asm__("a6") = fid;
	register long r7 __asm__("a7") = ext;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
	return (struct sbiret){ (long)r0, (long)r1 };
}

/* The same with a fourth argument (RFENCE's size). */
static inline struct sbiret sbi_call4(long ext, long fid, unsigned long a0, unsigned long a1,
				      unsigned long a2, unsigned long a3)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register long r6 __asm__("a6") = fid;
	register long r7 __asm__("a7") = ext;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){ (long)r0, (long)r1 };
}

#endif
