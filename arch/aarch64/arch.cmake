# CPU flags for aarch64. The kernel runs with the MMU off, so every data
# access is to Device memory, where unaligned accesses fault: -mstrict-align
# keeps the compiler from merging or widening accesses past their alignment.
# -mgeneral-regs-only keeps FP/SIMD registers out of the kernel (no lazy FP
# context to save, and memcpy/varargs stay integer-only).
# These are C-only flags: Clang warns (-Werror) when they reach an assembler run.
add_compile_options(
  "$<$<COMPILE_LANGUAGE:C>:-march=armv8-a;-mgeneral-regs-only;-mstrict-align>")
