/* SPDX-License-Identifier: BSD-2-Clause */
/* Stand-in for M-mode firmware that opens the Zkr seed CSR to S-mode: the
 * test (boot:zkr-sseed-riscv64) loads this at the top of RAM and starts the
 * hart here instead of at QEMU's reset vector (-device loader,cpu-num=0).
 * It sets mseccfg.SSEED (bit 9; mseccfg needs -cpu ...,x-epmp=true on QEMU
 * 7.2) and jumps on to the reset vector, which boots OpenSBI and the kernel
 * as usual. Debian's OpenSBI 1.1 never writes mseccfg and leaves other bits
 * alone, so the kernel then sees exactly what a firmware that sets SSEED
 * would give it. a0-a2 are untouched: the reset vector sets them. */
	.option norvc
	.text
	.globl _start
_start:
	li	t0, 1 << 9		/* MSECCFG_SSEED */
	csrw	0x747, t0		/* mseccfg, by number for older assemblers */
	li	t0, 0x1000		/* QEMU virt's reset vector (mrom) */
	jr	t0
