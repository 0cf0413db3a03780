# SPDX-License-Identifier: BSD-2-Clause
# Programs against a C library: Debian's picolibc (the tinystdio build)
# with programs/rklibc.c as its system layer on the command ring
# (docs/syscall.md, "C library"). Debian ships it for riscv64
# (picolibc-riscv64-unknown-elf) and aarch64 (picolibc-aarch64-linux-gnu),
# not for x86_64, whose programs stay on rksys.h alone. Without the
# package the C-library programs are left out of the initrd, with a
# warning that names it (scripts/install-deps.sh installs it).
#
#   /bin/libctest           libctest.c: printf, malloc, string functions,
#                           stdio on the initrd
#
# rk_picolibc_programs(<dir> <flags> <elfs var>) appends the programs it
# builds into <dir> to <elfs var>; <flags> are those of the other programs.
set(RK_PICOLIBC_ROOT /usr/lib/picolibc CACHE PATH
    "Where Debian's picolibc packages put each target's include/ and lib/")
set(RK_LIBC_PROGRAMS libctest)

# Sets <inc> to picolibc's include directory and <libs> to its libc.a and
# the libgcc that goes with it, or both to "" (with the reason printed).
function(rk_picolibc_find inc libs)
  set(${inc} "" PARENT_SCOPE)
  set(${libs} "" PARENT_SCOPE)
  if(CONFIG_ARCH STREQUAL "riscv64")
    # picolibc's multilib for the programs' -march/-mabi (rv64imac/lp64),
    # and libgcc's: Debian's riscv64-unknown-elf-gcc, which the package
    # depends on, knows both (the riscv64-linux-gnu one is lp64d only).
    set(triple riscv64-unknown-elf)
    find_program(RK_PICOLIBC_GCC riscv64-unknown-elf-gcc)
    string(REGEX REPLACE "_.*" "" isa "${CONFIG_RISCV_ISA}")
    set(ml -march=${isa} -mabi=lp64)
  elseif(CONFIG_ARCH STREQUAL "aarch64")
    set(triple aarch64-linux-gnu)
    find_program(RK_PICOLIBC_GCC aarch64-linux-gnu-gcc)
    find_program(RK_PICOLIBC_OBJDUMP aarch64-linux-gnu-objdump)
    set(ml)
  else()
    message(STATUS "programs: no C-library programs on ${CONFIG_ARCH}: Debian ships no "
                   "picolibc for it (docs/syscall.md)")
    return()
  endif()
  set(root ${RK_PICOLIBC_ROOT}/${triple})
  set(pkg "Debian's picolibc-${triple} (scripts/install-deps.sh)")
  if(NOT EXISTS ${root}/include/picolibc.h)
    message(WARNING "programs: picolibc for ${CONFIG_ARCH} not found in ${root}: "
                    "/bin/libctest is left out of the initrd; install ${pkg}")
    return()
  endif()
  if(NOT RK_PICOLIBC_GCC)
    message(WARNING "programs: ${triple}-gcc not found (its libgcc goes with picolibc): "
                    "/bin/libctest is left out of the initrd; install ${pkg}")
    return()
  endif()
  if(CONFIG_ARCH STREQUAL "aarch64" AND NOT RK_PICOLIBC_OBJDUMP)
    message(WARNING "programs: aarch64-linux-gnu-objdump not found (check_nofp.py needs it): "
                    "/bin/libctest is left out of the initrd; install binutils-aarch64-linux-gnu")
    return()
  endif()
  set(libdir ${root}/lib)
  if(ml)
    execute_process(COMMAND ${RK_PICOLIBC_GCC} ${ml} -print-multi-directory
                    OUTPUT_VARIABLE multi OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(multi STREQUAL "." OR NOT EXISTS ${libdir}/${multi}/libc.a)
      message(WARNING "programs: picolibc has no library for ${ml} (CONFIG_RISCV_ISA): "
                      "/bin/libctest is left out of the initrd")
      return()
    endif()
    set(libdir ${libdir}/${multi})
  endif()
  execute_process(COMMAND ${RK_PICOLIBC_GCC} ${ml} -print-libgcc-file-name
                  OUTPUT_VARIABLE libgcc OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(${inc} ${root}/include PARENT_SCOPE)
  set(${libs} ${libdir}/libc.a ${libgcc} PARENT_SCOPE)
endfunction()

function(rk_picolibc_programs dir flags elfs_var)
  rk_picolibc_find(inc libs)
  if(NOT inc)
    return()
  endif()
  # Hosted C with picolibc's headers; errno is thread-local in picolibc
  # (rklibc.c sets the thread pointer up); its archive carries debug
  # information the initrd does not need.
  list(REMOVE_ITEM flags -ffreestanding)
  list(APPEND flags -isystem ${inc} -ftls-model=local-exec -Wl,--strip-debug)
  set(srcs ${RK_PROGRAMS_DIR}/rklibc.c)
  set(check)
  if(CONFIG_ARCH STREQUAL "aarch64")
    # No FP/SIMD at EL0: the printf family of rklibc_nofp.c on the
    # integer-only vfprintf, and a check that nothing else uses it.
    list(APPEND srcs ${RK_PROGRAMS_DIR}/rklibc_nofp.c)
    set(check /usr/bin/python3 ${RK_PROGRAMS_DIR}/check_nofp.py ${RK_PICOLIBC_OBJDUMP})
  endif()
  set(elfs ${${elfs_var}})
  foreach(p ${RK_LIBC_PROGRAMS})
    # Linked under a temporary name: a program the check refuses is not
    # left behind as if it were built.
    set(tmp ${dir}/${p}.elf.tmp)
    if(check)
      set(run_check COMMAND ${check} ${tmp})
    else()
      set(run_check)
    endif()
    add_custom_command(OUTPUT ${dir}/${p}.elf
      COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
      COMMAND ${CMAKE_C_COMPILER} ${flags} ${srcs} ${RK_PROGRAMS_DIR}/${p}.c ${libs} -o ${tmp}
      ${run_check}
      COMMAND ${CMAKE_COMMAND} -E rename ${tmp} ${dir}/${p}.elf
      DEPENDS ${srcs} ${RK_PROGRAMS_DIR}/${p}.c ${RK_PROGRAMS_DIR}/check_nofp.py
              ${CMAKE_SOURCE_DIR}/include/rumpk/syscall.h ${RK_PROGRAMS_DIR}/rksys.h ${libs}
      COMMENT "programs: ${p} (static PIE, picolibc)"
      VERBATIM)
    list(APPEND elfs ${dir}/${p}.elf)
  endforeach()
  set(${elfs_var} ${elfs} PARENT_SCOPE)
endfunction()
