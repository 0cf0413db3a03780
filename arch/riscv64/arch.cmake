# SPDX-License-Identifier: BSD-2-Clause
# CPU flags for riscv64: integer-only kernel, medium-any code model so the
# image can sit anywhere in the address space (0x80200000 on virt).
add_compile_options(-march=${CONFIG_RISCV_ISA} -mabi=lp64 -mcmodel=medany)
if(CONFIG_TOOLCHAIN_CLANG)
  add_compile_options(-mno-relax)
endif()
# The smallest images save and restore registers through shared routines
# (save_restore.S).
if(CONFIG_OPTIMIZE_SMALLEST)
  add_compile_options(-msave-restore)
endif()
