# SPDX-License-Identifier: BSD-2-Clause
# CPU flags for x86_64. The kernel never touches SSE/x87 state (its context
# switch saves integer registers only, and the nested KVM here faults on SSE
# in guest kernels), interrupts and exceptions arrive on the kernel stack
# (so no red zone), and the image sits at 1 MiB, identity mapped: the small
# code model with absolute addresses fits and needs no GOT.
add_compile_options(-mgeneral-regs-only -mno-red-zone -mcmodel=small
                    -fno-asynchronous-unwind-tables)
# Stack clash protection: a function whose frame spans more than a page
# touches each page on the way down, so it cannot step over a stack's guard
# page into the memory below without faulting. Clang's driver passes the
# flag on only for Linux targets, hence straight to its front end.
if(CONFIG_TOOLCHAIN_CLANG)
  add_compile_options("$<$<COMPILE_LANGUAGE:C>:SHELL:-Xclang -fstack-clash-protection>")
else()
  add_compile_options($<$<COMPILE_LANGUAGE:C>:-fstack-clash-protection>)
endif()
