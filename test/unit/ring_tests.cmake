# SPDX-License-Identifier: BSD-2-Clause
# Tests of the Disruptor ring (kernel/ring/ring.c); included from
# test/CMakeLists.txt after rk_unit_test() is defined.
#
#   unit:test_ring              ASan+UBSan: single-thread semantics, threaded
#                               stress, and the in-image tests run on the host
#   unit:test_ring_tsan         the same source under ThreadSanitizer
#   ring:freestanding:<arch>:<cc>  ring.c cross-compiled as the kernel compiles
#                               it; fails if any atomic needs a library call
#   bench_ring                  host benchmark (built, not run: ./bench_ring)
find_package(Threads REQUIRED)
set(RK_RING_SRC ${RK_TOP}/kernel/ring/ring.c)

# The in-image tests (kernel/ring/ring_tests.c) are linked in and run too,
# so that a broken test shows up here rather than only in a boot. They
# register in the ".rk_tests" section, which a host linker does not bracket
# with __start_/__stop_ symbols (the name is not a C identifier): a header
# forced in front of that file renames the section to "rk_tests".
set(RK_RING_KTESTS ${RK_TOP}/kernel/ring/ring_tests.c)
file(CONFIGURE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/rk_tests_host.h CONTENT
"#include <rumpk/compiler.h>
#undef rk_section
#define rk_section(s) __attribute__((section(\"rk_tests\")))
")
set_source_files_properties(${RK_RING_KTESTS} PROPERTIES
  COMPILE_OPTIONS "-include;${CMAKE_CURRENT_BINARY_DIR}/rk_tests_host.h")

rk_unit_test(test_ring unit/test_ring.c ${RK_RING_SRC} ${RK_RING_KTESTS})
target_link_libraries(test_ring PRIVATE Threads::Threads)
# The stress cases spin threads against each other: on a loaded 2-core host
# they run ten times slower than alone. A hang is caught by their own
# watchdog (no progress for STRESS_TIMEOUT_S); this bound is only the last
# resort, so it leaves room for a slow but progressing run.
set_tests_properties(unit:test_ring PROPERTIES TIMEOUT 240)

# ThreadSanitizer cannot be combined with ASan, hence a second binary. It
# checks that every slot access is ordered by an acquire/release pair of the
# ring, which no amount of passing on x86 (a strongly ordered CPU) proves.
set(RK_TSAN -fsanitize=thread -fno-omit-frame-pointer)
function(rk_unit_test_tsan name)
  add_executable(${name} ${ARGN})
  target_include_directories(${name} PRIVATE ${RK_TOP}/include ${CMAKE_CURRENT_SOURCE_DIR}/unit)
  target_compile_options(${name} PRIVATE -g -O1 -Wall -Wextra -Werror ${RK_TSAN})
  target_link_options(${name} PRIVATE ${RK_TSAN})
  target_link_libraries(${name} PRIVATE Threads::Threads)
  add_test(NAME unit:${name} COMMAND ${name})
  set_tests_properties(unit:${name} PROPERTIES TIMEOUT 60
    ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1")
endfunction()
rk_unit_test_tsan(test_ring_tsan unit/test_ring.c ${RK_RING_SRC} ${RK_RING_KTESTS})
# TSan runs the threaded cases several times slower; fewer messages keep
# the run short while still crossing the ring thousands of times.
target_compile_definitions(test_ring_tsan PRIVATE RING_TEST_SCALE=4)

# --- Freestanding cross-compiles ---------------------------------------------
# The flags mirror arch/<a>/arch.cmake (keep them in step). Any undefined
# symbol other than memcpy (used by try_push/try_pop) means the compiler
# turned an atomic into a library call (__atomic_*, __sync_*, or GCC's
# __aarch64_* outline atomics) that the freestanding image does not have.
# Other libgcc helpers (e.g. __ctzdi2 for __builtin_ctz on rv64 without Zbb)
# are refused too: the ring must not depend on how an image links libgcc.
find_program(RK_RING_NM NAMES llvm-nm llvm-nm-14 nm)
find_program(RK_RING_CLANG NAMES clang clang-14)
set(RK_RING_CFLAGS -ffreestanding -fno-pic -Wall -Wextra -Werror -std=gnu11
    -I${RK_TOP}/include -I${RK_TOP}/include/libc)
set(RK_RING_gcc_riscv64 riscv64-linux-gnu-gcc -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany)
set(RK_RING_gcc_aarch64 aarch64-linux-gnu-gcc -march=armv8-a -mgeneral-regs-only
    -mno-outline-atomics)
set(RK_RING_gcc_x86_64 x86_64-linux-gnu-gcc -mgeneral-regs-only -mno-red-zone -mcmodel=small
    -fno-asynchronous-unwind-tables)
set(RK_RING_clang_riscv64 --target=riscv64-unknown-elf -march=rv64imac -mabi=lp64 -mcmodel=medany
    -mno-relax)
set(RK_RING_clang_aarch64 --target=aarch64-unknown-elf -march=armv8-a -mgeneral-regs-only
    -mno-outline-atomics)
set(RK_RING_clang_x86_64 --target=x86_64-unknown-elf -mgeneral-regs-only -mno-red-zone
    -mcmodel=small -fno-asynchronous-unwind-tables)
foreach(arch riscv64 aarch64 x86_64)
  foreach(cc gcc clang)
    set(cmd ${RK_RING_${cc}_${arch}})
    if(cc STREQUAL "clang")
      set(compiler ${RK_RING_CLANG})
    else()
      list(POP_FRONT cmd name)
      find_program(RK_RING_CC_${arch} NAMES ${name})
      set(compiler ${RK_RING_CC_${arch}})
    endif()
    if(NOT compiler OR NOT RK_RING_NM)
      message(STATUS "ring: no ${cc} for ${arch}; skipping its freestanding check")
      continue()
    endif()
    list(JOIN cmd " " flags)
    list(JOIN RK_RING_CFLAGS " " common)
    set(obj ${CMAKE_CURRENT_BINARY_DIR}/ring-${arch}-${cc})
    # -Os is what images use by default, -O2 the speed option.
    add_test(NAME ring:freestanding:${arch}:${cc} COMMAND sh -c
      "set -e; for o in Os O2; do \
         ${compiler} ${flags} ${common} -$o -c ${RK_RING_SRC} -o ${obj}-$o.o; \
         u=$(${RK_RING_NM} -u ${obj}-$o.o | awk '{print $NF}' | grep -vx memcpy || true); \
         if [ -n \"$u\" ]; then echo \"-$o: library calls: $u\"; exit 1; fi; \
         echo \"-$o: ok, $(${RK_RING_NM} -u ${obj}-$o.o | awk '{print $NF}' | tr '\\n' ' ')\"; \
       done")
  endforeach()
endforeach()

# --- Host benchmark -------------------------------------------------------------
add_executable(bench_ring ${RK_TOP}/bench/ring/bench_ring.c ${RK_RING_SRC})
target_include_directories(bench_ring PRIVATE ${RK_TOP}/include)
target_compile_options(bench_ring PRIVATE -O2 -Wall -Wextra -Werror)
target_link_libraries(bench_ring PRIVATE Threads::Threads)
