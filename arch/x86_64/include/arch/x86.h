/* x86_64 control registers, MSRs, segment selectors and the few privileged
 * instructions the arch code uses. The constants are shared with entry.S. */
#ifndef ARCH_X86_H
#define ARCH_X86_H

/* Selectors of the GDT in entry.S. */
#define X86_KERNEL_CS 0x08
#define X86_KERNEL_DS 0x10

#define X86_CR0_PE (1 << 0)
#define X86_CR0_PG (1 << 31)
#define X86_CR4_PAE (1 << 5)
#define X86_MSR_EFER 0xc0000080
#define X86_EFER_LME (1 << 8)

/* Page table entry bits. */
#define X86_PTE_P 0x001
#define X86_PTE_RW 0x002
#define X86_PTE_PS 0x080 /* 2 MiB page in a page directory entry */

/* struct hvm_start_info.magic at [ebx] on PVH entry: "xEn3", 0x80 set in "E". */
#define X86_PVH_MAGIC 0x336ec578

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline uint64_t x86_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void x86_cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(0));
}
#endif

#endif
