# Sample programs for rk_exec (kernel/exec), built at build time by the
# image's own compiler as freestanding static PIEs, signed with the build's
# keys (CONFIG_EXEC_BUILD_KEY, kernel/exec/CMakeLists.txt) and packed with a
# README into a ustar archive by programs/mkinitrd.py:
#
#   /README                 programs/README
#   /bin/hello              hello.c, signed with the trusted build key
#   /bin/hello-flipped      the same container with one payload byte flipped
#   /bin/hello-wrongkey     hello.c signed with the untrusted key
#   /bin/hello-truncated    the signed container cut short
#   /bin/unsigned           hello.c without a signature
#   /bin/ticker             ticker.c (yield, sleep, time), signed
#
# rk_programs_initrd(<dir> <out var>) sets <out var> to the archive's path.
set(RK_PROGRAMS_DIR ${CMAKE_CURRENT_LIST_DIR})

function(rk_programs_initrd dir out)
  set(flags -Os -ffreestanding -fno-stack-protector -fno-asynchronous-unwind-tables
      -fno-unwind-tables -nostdlib -fPIE -fno-plt -Wall -Wextra -Werror
      -I${CMAKE_SOURCE_DIR}/include -I${RK_PROGRAMS_DIR}
      -Wl,--no-dynamic-linker -Wl,--build-id=none -Wl,-z,norelro -Wl,-z,noexecstack
      -Wl,-z,max-page-size=4096 -Wl,-z,common-page-size=4096)
  if(CONFIG_TOOLCHAIN_CLANG)
    list(APPEND flags --target=${CMAKE_C_COMPILER_TARGET} -fuse-ld=lld -Wl,-pie)
  else()
    list(APPEND flags -static-pie)
  endif()
  # The kernel's ABI: no FP/SIMD state (fiber switches do not save it), no
  # red zone (interrupts are taken on the same stack).
  if(CONFIG_ARCH STREQUAL "riscv64")
    list(APPEND flags -march=${CONFIG_RISCV_ISA} -mabi=lp64)
    if(CONFIG_TOOLCHAIN_CLANG)
      list(APPEND flags -mno-relax)
    endif()
  elseif(CONFIG_ARCH STREQUAL "aarch64")
    list(APPEND flags -mgeneral-regs-only)
  elseif(CONFIG_ARCH STREQUAL "x86_64")
    list(APPEND flags -mgeneral-regs-only -mno-red-zone)
  endif()

  set(hdrs ${CMAKE_SOURCE_DIR}/include/rumpk/syscall.h ${RK_PROGRAMS_DIR}/rksys.h)
  set(elfs)
  foreach(p hello ticker)
    add_custom_command(OUTPUT ${dir}/${p}.elf
      COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
      COMMAND ${CMAKE_C_COMPILER} ${flags} ${RK_PROGRAMS_DIR}/${p}.c -o ${dir}/${p}.elf
      DEPENDS ${RK_PROGRAMS_DIR}/${p}.c ${hdrs}
      COMMENT "programs: ${p} (static PIE)"
      VERBATIM)
    list(APPEND elfs ${dir}/${p}.elf)
  endforeach()
  set(tar ${dir}/initrd.tar)
  add_custom_command(OUTPUT ${tar}
    COMMAND /usr/bin/python3 ${RK_PROGRAMS_DIR}/mkinitrd.py
            --sign ${CMAKE_SOURCE_DIR}/scripts/rumpk-sign
            --key ${RK_EXEC_KEYS}/build.key --wrong-key ${RK_EXEC_KEYS}/untrusted.key
            --readme ${RK_PROGRAMS_DIR}/README --dir ${dir} --out ${tar} ${elfs}
    DEPENDS ${elfs} ${RK_PROGRAMS_DIR}/mkinitrd.py ${RK_PROGRAMS_DIR}/README
            ${CMAKE_SOURCE_DIR}/scripts/rumpk-sign
    COMMENT "programs: signing and packing the initrd"
    VERBATIM)
  add_custom_target(rk_initrd DEPENDS ${tar})
  set(${out} ${tar} PARENT_SCOPE)
endfunction()
