# SPDX-License-Identifier: BSD-2-Clause
# CPU flags for aarch64 (C only: Clang warns, and -Werror fails, when they
# reach an assembler run).
# -mgeneral-regs-only keeps FP/SIMD registers out of the kernel (no FP
# context to save on traps and switches; memcpy/varargs stay integer-only).
# -mno-outline-atomics: GCC's default for Linux targets turns C11 atomics
# into calls to libgcc's __aarch64_* helpers, which probe for LSE through
# the Linux auxiliary vector; inline LDXR/STXR loops need nothing.
# The MMU (arch/aarch64/mmu.c) makes RAM normal memory, so unaligned
# accesses are fine; only the code that runs before it is on is built
# -mstrict-align (arch/aarch64/CMakeLists.txt).
add_compile_options(
  "$<$<COMPILE_LANGUAGE:C>:-march=armv8-a;-mgeneral-regs-only;-mno-outline-atomics>")
# Stack clash protection, as on x86_64: a frame over a page touches each
# page on the way down, so it cannot step over a stack's 4 KiB guard page.
# GCC assumes a 64 KiB guard and probes only frames beyond it unless told
# the real size (2^12 bytes). Clang 14 does not implement it for AArch64.
if(NOT CONFIG_TOOLCHAIN_CLANG)
  add_compile_options(
    "$<$<COMPILE_LANGUAGE:C>:-fstack-clash-protection;SHELL:--param stack-clash-protection-guard-size=12>")
endif()
# A relocatable image (ARM64_RELOCATABLE): a static PIE. The code is
# position-independent as compiled (the small code model reaches symbols
# PC-relative, ADRP/ADD); -pie makes ld keep an R_AARCH64_RELATIVE
# relocation for each absolute address in data (pointer tables, the init
# and driver tables), which entry.S applies. -z notext: those tables are
# read-only data, which entry.S writes before the MMU makes it read-only
# (a literal pool in text would be relocated the same way, and the MMU
# switch-on drops the instruction cache after it).
# The relocated words keep their link-time values (GNU ld does that for
# RELA; LLD must be asked), so an image loaded at its link address has
# nothing to apply and gdb reads the ELF's tables right.
# The Cortex-A53 erratum 843419 fix (GCC's default for aarch64-linux-gnu)
# turns an ADRP at the end of a page into an ADR where the target is in
# reach, which in an image this size it always is: its other way, a veneer
# in a stub section, costs a page of padding in a PIE link.
if(CONFIG_ARM64_RELOCATABLE)
  add_link_options(-Wl,-pie -Wl,--no-dynamic-linker -Wl,-z,notext -Wl,-z,norelro)
  if(NOT CONFIG_TOOLCHAIN_CLANG)
    add_link_options(-Wl,--fix-cortex-a53-843419=adr)
  endif()
  if(CONFIG_TOOLCHAIN_CLANG)
    add_link_options(-Wl,--apply-dynamic-relocs)
  endif()
endif()
