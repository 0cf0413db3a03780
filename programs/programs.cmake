# SPDX-License-Identifier: BSD-2-Clause
# Sample programs for rk_exec (kernel/exec), built at build time by the
# image's own compiler as freestanding static PIEs, signed with the build's
# keys (CONFIG_EXEC_BUILD_KEY, kernel/exec/CMakeLists.txt) and packed with a
# README into a ustar archive by programs/mkinitrd.py:
#
#   /README                 programs/README
#   /bin/hello              hello.c, signed with the trusted build key for
#                           the name /bin/hello (every program is signed for
#                           its own path)
#   /bin/hello-flipped      the same container with one payload byte flipped
#   /bin/hello-wrongkey     hello.c signed with the untrusted key
#   /bin/hello-truncated    the signed container cut short
#   /bin/hello-renamed      /bin/hello's container under another name
#   /bin/hello-rksig1       hello.c signed with the build key in the old
#                           RKSIG1 format (no name)
#   /bin/unsigned           hello.c without a signature
#   /bin/ticker             ticker.c (yield, sleep, time), signed
#   /bin/crash              crash.c (faults in its own code), signed
#   /bin/hostile            hostile.c: attacks on the kernel, one per argument
#   /bin/spawner            spawner.c: starts children with exec, collects statuses
#   /bin/readfile           readfile.c: files, a batch, the heap, through the ring
#   /bin/ringbench          ringbench.c: round trip and batch cost (figures only)
#
# Every program is rkcrt.c (its _start) plus its own file, against
# rksys.h and include/rumpk/syscall.h.
#
# rk_programs_initrd(<dir> <out var>) sets <out var> to the archive's path.
set(RK_PROGRAMS_DIR ${CMAKE_CURRENT_LIST_DIR})

function(rk_programs_initrd dir out)
  rk_static_pie_flags(flags)
  list(APPEND flags -fno-plt -Wall -Wextra -Werror
      -I${CMAKE_SOURCE_DIR}/include -I${RK_PROGRAMS_DIR}
      -Wl,-z,norelro -Wl,-z,noexecstack
      -Wl,-z,max-page-size=4096 -Wl,-z,common-page-size=4096)

  # -z separate-code: no page shares code with data, so each page of a
  # program can be mapped writable or executable, never both (W^X).
  list(APPEND flags -Wl,-z,separate-code)
  set(hdrs ${CMAKE_SOURCE_DIR}/include/rumpk/syscall.h ${RK_PROGRAMS_DIR}/rksys.h
      ${RK_PROGRAMS_DIR}/rkcrt.c)
  set(elfs)
  foreach(p hello ticker crash hostile spawner readfile ringbench)
    add_custom_command(OUTPUT ${dir}/${p}.elf
      COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
      COMMAND ${CMAKE_C_COMPILER} ${flags} ${RK_PROGRAMS_DIR}/rkcrt.c ${RK_PROGRAMS_DIR}/${p}.c
              -o ${dir}/${p}.elf
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
