/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 control registers, MSRs, segment selectors and the few privileged
 * instructions the arch code uses. The constants are shared with assembly. */
#ifndef ARCH_X86_H
#define ARCH_X86_H

/* Selectors: the boot GDT in entry.S has the first three, the GDT that
 * cpu.c loads adds the TSS. */
#define X86_KERNEL_CS 0x08
#define X86_KERNEL_DS 0x10
#define X86_TSS_SEL 0x18
/* With SMP every CPU has a TSS, whose descriptors (16 bytes each) follow
 * the ring-3 selectors of arch/user.h; the 0x18 slot stays empty. The task
 * register then names the CPU (arch/smp.h). */
#define X86_TSS_DESC_SIZE 16
#define X86_TSS_SEL_CPU(n) (0x40 + (n) * X86_TSS_DESC_SIZE)

#define X86_CR0_PE (1 << 0)
#define X86_CR0_WP (1 << 16) /* ring 0 obeys read-only pages */
#define X86_CR0_PG (1 << 31)
#define X86_CR4_PAE (1 << 5)
#define X86_MSR_APIC_BASE 0x1b
#define X86_MSR_TSC_DEADLINE 0x6e0
#define X86_MSR_EFER 0xc0000080
#define X86_EFER_LME (1 << 8)
#define X86_EFER_NXE (1 << 11) /* the NX bit of page table entries works */
#define X86_RFLAGS_IF (1 << 9)
/* CPUID leaf 1 ecx feature bits. */
#define X86_CPUID1_ECX_TSC_DEADLINE (1u << 24)
#define X86_CPUID1_ECX_HYPERVISOR (1u << 31)

/* Page table entry bits. */
#define X86_PTE_P 0x001
#define X86_PTE_RW 0x002
#define X86_PTE_PWT 0x008
#define X86_PTE_PCD 0x010
#define X86_PTE_PS 0x080 /* 2 MiB page in a page directory entry */
#define X86_PTE_NX (1ull << 63) /* no-execute, with EFER.NXE */
#define X86_PAGE_SIZE 4096
#define X86_LARGE_PAGE_SIZE 0x200000
/* entry.S identity-maps this much with 2 MiB pages. */
#define X86_MAPPED_BYTES 0x100000000

/* Exception vectors the arch code treats specially. */
#define X86_VEC_NMI 2
#define X86_VEC_DF 8
#define X86_VEC_PF 14
#define X86_VEC_MC 18

/* Interrupt stack table: these exceptions switch to a stack of their own
 * (TSS IST slot n), so they work even when the stack they interrupted is
 * unusable. Each stack has an unmapped guard page below it (stacks.S). */
#define X86_IST_DF 1
#define X86_IST_NMI 2
#define X86_IST_MC 3
#define X86_IST_PF 4
#define X86_NR_IST 4
#define X86_IST_STACK_SIZE 4096
#define X86_IST_SLOT (X86_PAGE_SIZE + X86_IST_STACK_SIZE) /* guard + stack */

/* SMP: the page below 1 MiB where secondary CPUs start in real mode
 * (smp_trampoline.S; STARTUP takes a page number below 0x100). Free on
 * QEMU microvm: its firmware puts the PVH start info, memory map and
 * command line in 0xe0000-0xfffff with ACPI on (seen on 7 Dec: 0xf31e0,
 * 0xefba0, 0xefc30), the memory map at 0x7000 with acpi=off. The kernel
 * keeps the page from the page allocator (smp.c). */
#define X86_SMP_TRAMPOLINE 0x8000

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

static inline void x86_cpuid_sub(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

static inline void x86_cpuid(uint32_t leaf, uint32_t r[4])
{
	x86_cpuid_sub(leaf, 0, r);
}

/* Highest basic (0) or hypervisor (0x40000000) leaf: reading beyond it
 * returns the data of some other leaf, not zeros. */
static inline uint32_t x86_cpuid_max(uint32_t base)
{
	uint32_t r[4];
	x86_cpuid(base, r);
	return r[0];
}

static inline uint64_t x86_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void x86_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
}

/* x86_read_crN / x86_write_crN for the control registers the arch uses. */
#define X86_CR_ACCESSORS(n)                                                 \
	static inline uint64_t x86_read_cr##n(void)                         \
	{                                                                   \
		uint64_t v;                                                 \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));           \
		return v;                                                   \
	}                                                                   \
	static inline void x86_write_cr##n(uint64_t v)                      \
	{                                                                   \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");  \
	}
X86_CR_ACCESSORS(0)
X86_CR_ACCESSORS(3)
X86_CR_ACCESSORS(4)

static inline void x86_invlpg(uintptr_t addr)
{
	__asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory");
}
#endif

#endif
