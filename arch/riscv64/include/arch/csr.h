/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 control and status register access and the bits the kernel uses
 * (RISC-V privileged specification, supervisor level). */
#ifndef ARCH_CSR_H
#define ARCH_CSR_H

#include <stdint.h>

#define csr_read(csr) ({ uint64_t v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"rK"((uint64_t)(v)) : "memory")
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" ::"rK"((uint64_t)(v)) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" ::"rK"((uint64_t)(v)) : "memory")

/* sstatus */
#define SSTATUS_SIE (1ull << 1)
#define SSTATUS_SPIE (1ull << 5)
#define SSTATUS_SPP (1ull << 8)

/* sie / sip: supervisor software, timer and external interrupts */
#define SIE_SSIE (1ull << 1)
#define SIE_STIE (1ull << 5)
#define SIE_SEIE (1ull << 9)

/* scause: interrupt bit, and the codes the kernel handles */
#define SCAUSE_INTERRUPT (1ull << 63)
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9
#define EXC_ILLEGAL_INSN 2
#define EXC_INSN_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15

/* satp: translation mode and root page number */
#define SATP_MODE_SV39 (8ull << 60)

/* Sstc's supervisor timer compare; by number, as older assemblers lack the name. */
#define CSR_STIMECMP 0x14d

#endif
