/* SPDX-License-Identifier: BSD-2-Clause */
/* The RISC-V Zkr seed CSR as an entropy source (riscv64).
 *
 * Two conditions must hold before S-mode can use it: the hart implements
 * Zkr, and the M-mode firmware has set mseccfg.SSEED; without the latter,
 * every access is an illegal instruction. Neither is visible from S-mode
 * directly, so: the device tree says whether the hart has Zkr (riscv,isa or
 * riscv,isa-extensions of the boot hart's cpu node), and only then is the
 * CSR read once under an exception fixup (arch/fixup.h) to learn whether
 * the firmware opened it. The SBI firmware Debian 12 ships (OpenSBI 1.1)
 * never writes mseccfg, so under QEMU with -cpu rv64,zkr=true the hart
 * lists zkr and the read traps; that case gets one clear line and the
 * generator uses the next source.
 *
 * The CSR must be accessed with a read-write instruction (csrrw rd, seed,
 * x0): a plain read (csrrs with x0) is itself illegal. Each ES16 word is 16
 * bits of raw noise, hashed by entropy.c like every source's output. */
#include <stdbool.h>
#include <rumpk/drv/entropy.h>
#include <rumpk/init.h>
#include <rumpk/printk.h>
#include <arch/fixup.h>
#ifdef CONFIG_FDT
#include <rumpk/fdt.h>
#endif
#include "crypto_internal.h"
#include "riscv_isa.h"
#include "zkr_seed.h"

/* Reads per 16-bit word before WAIT/BIST counts as a failure. A CSR read
 * takes a few ns; this bound is generous for a noise source filling up and
 * still ends a stuck wait within a few ms. */
#define MAX_POLLS (1u << 16)

static bool preferred(void)
{
#ifdef CONFIG_CRYPTO_RANDOM_ZKR
	return true;
#else
	return false;
#endif
}

/* One read of the seed CSR (number 0x015, by number for older
 * assemblers). When the firmware did not open it, the csrrw traps, the
 * fixup resumes at 2:, and ok stays 0. */
static int seed_poll(void *ctx, uint32_t *word)
{
	uint64_t v = 0, ok = 0;

	(void)ctx;
	__asm__ volatile("1:	csrrw	%0, 0x015, x0\n\t"
			 "	li	%1, 1\n\t"
			 "2:\n\t"
			 RV_FIXUP_ASM("1b", "2b")
			 : "+r"(v), "+r"(ok));
	*word = (uint32_t)v;
	return ok ? 0 : -1;
}

static bool dead; /* DEAD seen or access lost: the source stays failed */

static int zkr_read(void *ctx, void *buf, size_t len)
{
	const char *reason;

	if (dead)
		return -1;
	int err = rk_zkr_fill(seed_poll, ctx, buf, len, MAX_POLLS, &reason);
	if (err == 0)
		return 0;
	/* A timeout may pass, so the next seed tries again; DEAD or a fault
	 * will not: say so once and stay failed. */
	dead = err == RK_ZKR_EFATAL;
	printk("crypto: Zkr: %s%s\n", reason, dead ? "; no longer used" : "");
	return -1;
}

static const struct rk_entropy_source zkr_source = {
	.name = "zkr",
	.read = zkr_read,
	/* Raw noise, not conditioned: credited at one bit per byte, so a
	 * 256-bit seed hashes 2048 bits (128 ES16 words). */
	.millibits_per_byte = 1000,
};

/* Whether the boot hart's cpu node lists Zkr (or Zk, which includes it).
 * Cpu nodes carry "riscv" in their compatible list and the hart id in reg. */
static bool hart_lists_zkr(const struct rk_bootinfo *bi)
{
#ifdef CONFIG_FDT
	const void *dtb = (const void *)bi->dtb;

	if (!dtb)
		return false;
	for (int cpu = rk_fdt_compatible(dtb, -1, "riscv"); cpu >= 0;
	     cpu = rk_fdt_compatible(dtb, cpu, "riscv")) {
		uint32_t reg;
		int len;

		if (rk_fdt_prop_u32(dtb, cpu, "reg", &reg) != 0 || reg != bi->cpu_id)
			continue;
		const char *s = rk_fdt_prop(dtb, cpu, "riscv,isa-extensions", &len);
		if (s && len > 0)
			return rk_riscv_isa_ext_list_has(s, (size_t)len, "zkr") ||
			       rk_riscv_isa_ext_list_has(s, (size_t)len, "zk");
		s = rk_fdt_prop(dtb, cpu, "riscv,isa", &len);
		return s && len > 0 &&
		       (rk_riscv_isa_has(s, (size_t)len, "zkr") ||
			rk_riscv_isa_has(s, (size_t)len, "zk"));
	}
#endif
	return false;
}

static int zkr_probe(const struct rk_bootinfo *bi)
{
	uint32_t word;

	if (!hart_lists_zkr(bi)) {
		/* Silent unless the image asked for Zkr: most harts lack it. */
		if (preferred())
			printk("crypto: Zkr: the boot hart's device tree ISA does not list zkr; "
			       "no seed CSR (QEMU: -cpu rv64,zkr=true)\n");
		return 0;
	}
	if (seed_poll(NULL, &word) != 0) {
		printk("crypto: Zkr: the hart has the seed CSR, but S-mode access traps: "
		       "the firmware did not set mseccfg.SSEED; not used\n");
		return 0;
	}
	if (rk_zkr_opst(word) == RK_ZKR_DEAD) {
		printk("crypto: Zkr: the seed CSR reports DEAD (unrecoverable self-test "
		       "failure); not used\n");
		return 0;
	}
	if (rk_entropy_register(&zkr_source) != 0) {
		printk("crypto: Zkr: entropy source table full; not used\n");
		return 0;
	}
	printk("crypto: Zkr: entropy from the seed CSR\n");
	return 0;
}
RK_INIT(zkr_probe, RK_INIT_DRIVER);
