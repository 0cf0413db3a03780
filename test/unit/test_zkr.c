/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit test of the hardware-independent Zkr code: the seed CSR's word
 * decoding and polling policy (crypto/zkr_seed.c) against a simulated CSR
 * that plays back a script of words, and the device-tree ISA lookups
 * (crypto/riscv_isa.c). QEMU only ever answers ES16, so WAIT, BIST, DEAD
 * and faults are exercised here. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "check.h"
#include "riscv_isa.h"
#include "zkr_seed.h"

/* Word builders, from the spec's field layout rather than the code's. */
#define OPST(s) ((uint32_t)(s) << 30)
#define ES16(v) (OPST(2) | (uint16_t)(v))
#define WAIT OPST(1)
#define BIST OPST(0)
#define DEAD OPST(3)
#define FAULT 0xffffffffu /* script marker: this read traps */

/* A scripted CSR: returns script[i] for read i; past the end it repeats
 * the last entry. Counts reads. */
struct sim {
	const uint32_t *script;
	unsigned n, reads;
};

static int sim_poll(void *ctx, uint32_t *word)
{
	struct sim *s = ctx;
	uint32_t w = s->script[s->reads < s->n ? s->reads : s->n - 1];

	s->reads++;
	if (w == FAULT)
		return -1;
	*word = w;
	return 0;
}

static int run(const uint32_t *script, unsigned n, uint8_t *buf, size_t len, unsigned max,
	       const char **reason, unsigned *reads)
{
	struct sim s = { script, n, 0 };
	int r = rk_zkr_fill(sim_poll, &s, buf, len, max, reason);

	*reads = s.reads;
	return r;
}

static void test_decode(void)
{
	CHECK(rk_zkr_opst(0x00000000u) == RK_ZKR_BIST);
	CHECK(rk_zkr_opst(0x40000000u) == RK_ZKR_WAIT);
	CHECK(rk_zkr_opst(0x80000000u) == RK_ZKR_ES16);
	CHECK(rk_zkr_opst(0xc0000000u) == RK_ZKR_DEAD);
	/* Reserved/custom bits 29:16 change neither field. */
	CHECK(rk_zkr_opst(0xbfff1234u) == RK_ZKR_ES16);
	CHECK(rk_zkr_entropy(0xbfff1234u) == 0x1234);
	CHECK(rk_zkr_entropy(0x8000ffffu) == 0xffff);
}

static void test_fill(void)
{
	uint8_t buf[8];
	const char *reason = NULL;
	unsigned reads;

	/* ES16 words go out little-endian; an odd length uses a low half. */
	static const uint32_t es[] = { ES16(0xbbaa), ES16(0xddcc), ES16(0x00ee) };
	memset(buf, 0x5a, sizeof buf);
	CHECK(run(es, 3, buf, 5, 4, &reason, &reads) == 0);
	CHECK(reads == 3);
	CHECK(memcmp(buf, "\xaa\xbb\xcc\xdd\xee\x5a", 6) == 0);

	/* Nothing asked, nothing read. */
	CHECK(run(es, 3, buf, 0, 4, &reason, &reads) == 0 && reads == 0);

	/* WAIT and BIST are polled through within the bound (per word). */
	static const uint32_t slow[] = { BIST, BIST, WAIT, ES16(0x2211), WAIT, WAIT, WAIT,
					 ES16(0x4433) };
	CHECK(run(slow, 8, buf, 4, 4, &reason, &reads) == 0);
	CHECK(reads == 8);
	CHECK(memcmp(buf, "\x11\x22\x33\x44", 4) == 0);

	/* ...but not past it: the bound is per word and exact. */
	CHECK(run(slow, 8, buf, 4, 3, &reason, &reads) == RK_ZKR_ETIMEOUT);
	CHECK(reads == 3); /* BIST, BIST, WAIT: the ES16 would have been the 4th */
	static const uint32_t wait_forever[] = { WAIT };
	reason = NULL;
	CHECK(run(wait_forever, 1, buf, 2, 100, &reason, &reads) == RK_ZKR_ETIMEOUT);
	CHECK(reads == 100);
	CHECK(reason && strstr(reason, "WAIT"));
	static const uint32_t bist_forever[] = { WAIT, BIST };
	reason = NULL;
	CHECK(run(bist_forever, 2, buf, 2, 50, &reason, &reads) == RK_ZKR_ETIMEOUT);
	CHECK(reads == 50);
	CHECK(reason && strstr(reason, "BIST"));

	/* DEAD is final: no further polling, whatever the bound. */
	static const uint32_t dies[] = { ES16(1), WAIT, DEAD, ES16(2) };
	reason = NULL;
	CHECK(run(dies, 4, buf, 4, 1000, &reason, &reads) == RK_ZKR_EFATAL);
	CHECK(reads == 3);
	CHECK(reason && strstr(reason, "DEAD"));

	/* A trapping read (firmware did not set mseccfg.SSEED) is final too. */
	static const uint32_t traps[] = { FAULT };
	reason = NULL;
	CHECK(run(traps, 1, buf, 2, 1000, &reason, &reads) == RK_ZKR_EFATAL);
	CHECK(reads == 1);
	CHECK(reason && strstr(reason, "faulted"));
}

static bool isa(const char *s, const char *ext)
{
	return rk_riscv_isa_has(s, strlen(s) + 1, ext);
}

static void test_isa(void)
{
	/* QEMU 7.2 virt, -cpu rv64,zkr=true and plain -cpu rv64. */
	const char *with = "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_zkr_sstc";
	const char *without = "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc";
	CHECK(isa(with, "zkr"));
	CHECK(!isa(without, "zkr"));
	CHECK(isa(with, "sstc") && isa(with, "zicsr"));
	/* Whole names only. */
	CHECK(!isa("rv64imac_zkrx", "zkr"));
	CHECK(!isa("rv64imac_zkr", "zk"));
	CHECK(!isa("rv64imac_xzkr", "zkr"));
	/* Versions, upper case, the first name glued to the letters. */
	CHECK(isa("rv64imac_zkr1p0", "zkr"));
	CHECK(isa("rv64imac_zkr2", "zkr"));
	CHECK(!isa("rv64imac_zkr1p", "zkr"));
	CHECK(isa("RV64IMAC_ZKR", "zkr"));
	CHECK(isa("rv64imaczkr_zicsr", "zkr"));
	CHECK(isa("rv64imaczicsr_zkr", "zkr"));
	CHECK(isa("rv64gc_zk", "zk"));
	/* Single letters are not multi-letter names, however they line up. */
	CHECK(!isa("rv64imafdcsu", "zkr"));
	CHECK(isa("rv64zkr", "zkr"));
	/* Not an ISA string, or cut short by len or a NUL. */
	CHECK(!isa("", "zkr"));
	CHECK(!isa("zkr", "zkr"));
	CHECK(!isa("rvx_zkr", "zkr"));
	CHECK(!rk_riscv_isa_has("rv64imac_zkr", 11, "zkr"));
	CHECK(rk_riscv_isa_has("rv64imac_zkr", 12, "zkr"));
	CHECK(!rk_riscv_isa_has("rv64imac\0_zkr", 14, "zkr"));
	CHECK(!rk_riscv_isa_has("rv64imac_zkr", 0, "zkr"));

	/* riscv,isa-extensions: NUL-separated, exact entries. */
	static const char list[] = "i\0m\0a\0zicsr\0zkr\0sstc";
	CHECK(rk_riscv_isa_ext_list_has(list, sizeof list, "zkr"));
	CHECK(rk_riscv_isa_ext_list_has(list, sizeof list, "sstc"));
	CHECK(rk_riscv_isa_ext_list_has(list, sizeof list, "i"));
	CHECK(!rk_riscv_isa_ext_list_has(list, sizeof list, "zk"));
	CHECK(!rk_riscv_isa_ext_list_has(list, sizeof list, "zicsrx"));
	CHECK(!rk_riscv_isa_ext_list_has(list, sizeof list - 2, "sstc")); /* cut */
	static const char nozkr[] = "i\0zkrx\0zk";
	CHECK(!rk_riscv_isa_ext_list_has(nozkr, sizeof nozkr, "zkr"));
	CHECK(rk_riscv_isa_ext_list_has(nozkr, sizeof nozkr, "zk"));
	CHECK(!rk_riscv_isa_ext_list_has("\0\0", 2, "zkr"));
}

int main(void)
{
	test_decode();
	test_fill();
	test_isa();
	return check_summary("test_zkr");
}
