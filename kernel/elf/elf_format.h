/* SPDX-License-Identifier: BSD-2-Clause */
/* ELF64 on-disk layout (System V gABI, 4.2) as byte offsets, read with
 * bounds-checked little-endian byte loads: no structure casts, so neither
 * the file's alignment nor the reader's byte order matter. Private to
 * kernel/elf/. */
#ifndef RK_ELF_FORMAT_H
#define RK_ELF_FORMAT_H

#include <stdint.h>

/* ELF header */
#define EH_SIZE 64
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define EI_OSABI 7
#define E_TYPE 16
#define E_MACHINE 18
#define E_VERSION 20
#define E_ENTRY 24
#define E_PHOFF 32
#define E_FLAGS 48
#define E_EHSIZE 52
#define E_PHENTSIZE 54
#define E_PHNUM 56

#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ELFOSABI_SYSV 0
#define ELFOSABI_GNU 3
#define PN_XNUM 0xffff

/* Program header */
#define PH_SIZE 56
#define P_TYPE 0
#define P_FLAGS 4
#define P_OFFSET 8
#define P_VADDR 16
#define P_FILESZ 32
#define P_MEMSZ 40
#define P_ALIGN 48

#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_SHLIB 5
#define PT_TLS 7

/* Dynamic section entries: d_tag, d_val */
#define DYN_SIZE 16
#define DT_NULL 0
#define DT_NEEDED 1
#define DT_PLTRELSZ 2
#define DT_RELA 7
#define DT_RELASZ 8
#define DT_RELAENT 9
#define DT_REL 17
#define DT_RELSZ 18
#define DT_JMPREL 23
#define DT_RELRSZ 35
#define DT_RELR 36

/* Elf64_Rela: r_offset, r_info (symbol << 32 | type), r_addend */
#define RELA_SIZE 24

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static inline void wr64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The one relocation kind a static PIE needs, per machine (0: none known). */
uint32_t rk_elf_relative_type(uint16_t machine);

/* The one refusal path of kernel/elf (elf_check.c): "elf: " and the
 * formatted reason into img->why; returns -RK_ENOEXEC. */
struct rk_elf_image;
int rk_elf_refuse(struct rk_elf_image *img, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
