# SPDX-License-Identifier: BSD-2-Clause
# Tests of the tar initrd reader + VFS (kernel/vfs/) and of the ELF64
# validator and loader (kernel/elf/); included from test/CMakeLists.txt after
# rk_unit_test() is defined.
#
#   unit:test_tar   ASan+UBSan. Archives made at build time by the host's tar
#                   (ustar, gnu with long names, v7, pax, one with a symlink),
#                   malformed ones made by the test itself, VFS semantics.
#   unit:test_elf   ASan+UBSan. kernel/elf/ktest/prog.c built at build time
#                   for x86_64, riscv64 and aarch64 (gcc: ET_EXEC and static
#                   PIE; clang+lld: static PIE), each mutated in many ways.
#   fuzz:tar        libFuzzer + ASan + UBSan (clang), bounded runs from seed
#   fuzz:elf        corpora made of the archives and programs above.
set(RK_TRUST_DATA ${CMAKE_CURRENT_BINARY_DIR}/trust-data)
set(RK_VFS_SOURCES ${RK_TOP}/kernel/vfs/tar.c ${RK_TOP}/kernel/vfs/vfs.c)
set(RK_ELF_SOURCES ${RK_TOP}/kernel/elf/elf_check.c ${RK_TOP}/kernel/elf/elf_load.c)
set(RK_TRUST_HEADERS ${RK_TOP}/include/rumpk/vfs.h ${RK_TOP}/include/rumpk/elf.h
    ${RK_TOP}/kernel/elf/elf_format.h)
# The kernel's own formatter writes the reasons, on the host as in the image.
set(RK_FORMAT_SOURCE ${RK_TOP}/kernel/lib/format.c)

# --- ELF test programs ---------------------------------------------------------
set(RK_PROG_SOURCE ${RK_TOP}/kernel/elf/ktest/prog.c)
# Stripped (-s): the tests find what they need by content, and small files
# make better fuzz seeds.
set(RK_PROG_FLAGS -Os -ffreestanding -fno-stack-protector -fno-asynchronous-unwind-tables
    -fno-unwind-tables -nostdlib -s -Wl,--build-id=none)
set(RK_PROG_ABI_riscv64 -march=rv64imac -mabi=lp64) # the kernel's soft-float ABI
find_program(RK_TRUST_CLANG NAMES clang-14 clang)
set(RK_TRUST_PROGRAMS)
foreach(arch x86_64 riscv64 aarch64)
  find_program(RK_TRUST_GCC_${arch} NAMES ${arch}-linux-gnu-gcc)
  if(NOT RK_TRUST_GCC_${arch})
    message(STATUS "trust: no ${arch}-linux-gnu-gcc; test_elf skips its ${arch} programs")
    continue()
  endif()
  set(cc ${RK_TRUST_GCC_${arch}})
  set(out ${RK_TRUST_DATA}/elf-${arch})
  set(cmds
    COMMAND ${cc} ${RK_PROG_FLAGS} ${RK_PROG_ABI_${arch}} -static -fno-pie -no-pie
            -Wl,-Ttext-segment=0x40000000 ${RK_PROG_SOURCE} -o ${out}-exec
    COMMAND ${cc} ${RK_PROG_FLAGS} ${RK_PROG_ABI_${arch}} -static-pie -fPIE
            -Wl,--no-dynamic-linker ${RK_PROG_SOURCE} -o ${out}-pie)
  set(outputs ${out}-exec ${out}-pie)
  if(RK_TRUST_CLANG)
    set(lld_flags --target=${arch}-unknown-elf -fuse-ld=lld -fPIE -Wl,-pie -Wl,--no-dynamic-linker)
    if(arch STREQUAL "riscv64")
      list(APPEND lld_flags -mno-relax)
    endif()
    list(APPEND cmds COMMAND ${RK_TRUST_CLANG} ${RK_PROG_FLAGS} ${RK_PROG_ABI_${arch}} ${lld_flags}
                             ${RK_PROG_SOURCE} -o ${out}-lld)
    list(APPEND outputs ${out}-lld)
  endif()
  add_custom_command(OUTPUT ${outputs} ${cmds} DEPENDS ${RK_PROG_SOURCE}
                     COMMENT "trust: ELF test programs for ${arch}")
  list(APPEND RK_TRUST_PROGRAMS ${outputs})
  if(NOT RK_TAR_PROG)
    set(RK_TAR_PROG ${out}-pie) # the ELF that goes into the archives as bin/prog
  endif()
endforeach()
if(NOT RK_TAR_PROG)
  message(FATAL_ERROR "trust: no <arch>-linux-gnu-gcc at all; run scripts/install-deps.sh")
endif()

# --- Tar archives ----------------------------------------------------------------
# The trees are written at configure time; bin/prog (an ELF) is copied in at
# build time. test_tar.c knows these names, sizes and contents.
set(tree ${RK_TRUST_DATA}/tree)
file(REMOVE_RECURSE ${tree} ${RK_TRUST_DATA}/longtree ${RK_TRUST_DATA}/linktree)
file(WRITE ${tree}/hello.txt "hello, rumpk\n")
file(WRITE ${tree}/empty "")
string(REPEAT "0123456789" 100 pattern)
file(WRITE ${tree}/data/pattern.bin "${pattern}")
file(WRITE ${tree}/a/b/c/deep.txt "deep\n")
# 141 bytes of directories: ustar stores this path as prefix '/' name.
string(REPEAT "p" 80 p80)
string(REPEAT "q" 60 q60)
file(WRITE ${tree}/${p80}/${q60}/split.txt "split by the ustar prefix field\n")
file(MAKE_DIRECTORY ${tree}/bin)
# 407 bytes: only GNU 'L' headers (or pax) can name it.
string(REPEAT "x" 200 x200)
string(REPEAT "y" 200 y200)
file(WRITE ${RK_TRUST_DATA}/longtree/${x200}/${y200}/z.txt "long name\n")
file(WRITE ${RK_TRUST_DATA}/linktree/target.txt "target\n")
file(CREATE_LINK target.txt ${RK_TRUST_DATA}/linktree/link SYMBOLIC)

set(RK_TAR tar --sort=name --mtime=@1700000000 --owner=0 --group=0 --numeric-owner
    --mode=u=rwX,go=rX)
set(RK_TRUST_ARCHIVES ${RK_TRUST_DATA}/ustar.tar ${RK_TRUST_DATA}/gnu.tar ${RK_TRUST_DATA}/v7.tar
    ${RK_TRUST_DATA}/pax.tar ${RK_TRUST_DATA}/symlink.tar)
# Small archives (one 512-byte record per block: -b 1) for the fuzzer's seeds.
set(RK_TINY_ARCHIVES ${RK_TRUST_DATA}/tiny-ustar.tar ${RK_TRUST_DATA}/tiny-gnu.tar
    ${RK_TRUST_DATA}/tiny-v7.tar ${RK_TRUST_DATA}/tiny-pax.tar)
add_custom_command(OUTPUT ${RK_TRUST_ARCHIVES}
  COMMAND ${CMAKE_COMMAND} -E copy ${RK_TAR_PROG} ${tree}/bin/prog
  COMMAND ${RK_TAR} --format=ustar -cf ${RK_TRUST_DATA}/ustar.tar -C ${tree} .
  COMMAND ${RK_TAR} --format=gnu -cf ${RK_TRUST_DATA}/gnu.tar -C ${RK_TRUST_DATA}/longtree .
  COMMAND ${RK_TAR} --format=v7 -cf ${RK_TRUST_DATA}/v7.tar -C ${tree} hello.txt data bin
  COMMAND ${RK_TAR} --format=pax -cf ${RK_TRUST_DATA}/pax.tar -C ${RK_TRUST_DATA}/longtree .
  COMMAND ${RK_TAR} --format=ustar -cf ${RK_TRUST_DATA}/symlink.tar -C ${RK_TRUST_DATA}/linktree .
  DEPENDS ${RK_TAR_PROG} ${CMAKE_CURRENT_LIST_FILE}
  COMMENT "trust: tar archives")
add_custom_command(OUTPUT ${RK_TINY_ARCHIVES}
  COMMAND ${RK_TAR} -b 1 --format=ustar -cf ${RK_TRUST_DATA}/tiny-ustar.tar -C ${tree}
          hello.txt a ${p80}
  COMMAND ${RK_TAR} -b 1 --format=gnu -cf ${RK_TRUST_DATA}/tiny-gnu.tar
          -C ${RK_TRUST_DATA}/longtree . -C ${RK_TRUST_DATA}/linktree .
  COMMAND ${RK_TAR} -b 1 --format=v7 -cf ${RK_TRUST_DATA}/tiny-v7.tar -C ${tree} hello.txt a
  COMMAND ${RK_TAR} -b 1 --format=pax -cf ${RK_TRUST_DATA}/tiny-pax.tar -C ${tree} hello.txt
  DEPENDS ${CMAKE_CURRENT_LIST_FILE}
  COMMENT "trust: small archives for fuzzing")
add_custom_target(trust_data ALL DEPENDS ${RK_TRUST_PROGRAMS} ${RK_TRUST_ARCHIVES}
                  ${RK_TINY_ARCHIVES})

# --- Unit tests -------------------------------------------------------------------
rk_unit_test(test_tar unit/test_tar.c ${RK_VFS_SOURCES} ${RK_FORMAT_SOURCE})
rk_unit_test(test_elf unit/test_elf.c ${RK_ELF_SOURCES} ${RK_FORMAT_SOURCE})
foreach(t test_tar test_elf)
  add_dependencies(${t} trust_data)
  target_compile_definitions(${t} PRIVATE RK_TRUST_DATA="${RK_TRUST_DATA}")
  target_include_directories(${t} PRIVATE ${RK_TOP}/kernel/elf)
  set_tests_properties(unit:${t} PROPERTIES TIMEOUT 120)
endforeach()

# --- Fuzzing ------------------------------------------------------------------------
# libFuzzer needs clang and its runtime (Debian: libclang-rt-14-dev). Without
# them the fuzz tests still exist and fail with the reason, so that a missing
# runtime never passes for a clean fuzz run.
set(RK_FUZZ_DIR ${CMAKE_CURRENT_BINARY_DIR}/fuzz)
set(RK_FUZZ_TIME 15 CACHE STRING "Seconds each fuzz:* test runs")
set(RK_FUZZ_FLAGS -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
    -fno-omit-frame-pointer -I${RK_TOP}/include -I${RK_TOP}/kernel/elf)
set(RK_FUZZ_OK FALSE)
if(RK_TRUST_CLANG)
  file(WRITE ${RK_FUZZ_DIR}/probe.c
    "int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n")
  execute_process(COMMAND ${RK_TRUST_CLANG} -fsanitize=fuzzer ${RK_FUZZ_DIR}/probe.c
                          -o ${RK_FUZZ_DIR}/probe
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(rc EQUAL 0)
    set(RK_FUZZ_OK TRUE)
  endif()
endif()

# rk_fuzz_target(name SOURCES file... SEEDS file... [DICT file] [MAX_LEN bytes])
function(rk_fuzz_target name)
  cmake_parse_arguments(F "" "DICT;MAX_LEN" "SOURCES;SEEDS" ${ARGN})
  if(NOT F_MAX_LEN)
    set(F_MAX_LEN 65536)
  endif()
  if(NOT RK_FUZZ_OK)
    add_test(NAME fuzz:${name} COMMAND sh -c
      "echo 'fuzz:${name}: clang with the libFuzzer runtime is missing (apt-get install clang-14 libclang-rt-14-dev)'; exit 1")
    return()
  endif()
  set(bin ${RK_FUZZ_DIR}/fuzz_${name})
  set(seeds ${RK_FUZZ_DIR}/${name}-seeds)
  set(corpus ${RK_FUZZ_DIR}/${name}-corpus)
  file(MAKE_DIRECTORY ${seeds} ${corpus})
  add_custom_command(OUTPUT ${bin}
    COMMAND ${RK_TRUST_CLANG} ${RK_FUZZ_FLAGS} ${F_SOURCES} -o ${bin}
    DEPENDS ${F_SOURCES} ${RK_TRUST_HEADERS}
    COMMENT "fuzz: building fuzz_${name} (libFuzzer, ASan, UBSan)")
  add_custom_command(OUTPUT ${seeds}/.stamp
    COMMAND ${CMAKE_COMMAND} -E copy ${F_SEEDS} ${seeds}
    COMMAND ${CMAKE_COMMAND} -E touch ${seeds}/.stamp
    DEPENDS ${F_SEEDS}
    COMMENT "fuzz: seed corpus for ${name}")
  add_custom_target(fuzz_${name} ALL DEPENDS ${bin} ${seeds}/.stamp)
  set(dict)
  if(F_DICT)
    set(dict -dict=${F_DICT})
  endif()
  # New inputs go to the first directory (kept between runs, so coverage
  # accumulates); the seeds are read only. A crash, leak, sanitizer report
  # or timeout fails the test and leaves the input as crash-*/leak-*/timeout-*.
  add_test(NAME fuzz:${name} COMMAND ${bin} -max_total_time=${RK_FUZZ_TIME} -timeout=10
           -rss_limit_mb=2048 -max_len=${F_MAX_LEN} -print_final_stats=1
           -artifact_prefix=${RK_FUZZ_DIR}/${name}- ${dict} ${corpus} ${seeds})
  set_tests_properties(fuzz:${name} PROPERTIES TIMEOUT 120)
endfunction()

rk_fuzz_target(tar
  SOURCES ${RK_TOP}/test/fuzz/fuzz_tar.c ${RK_VFS_SOURCES} ${RK_FORMAT_SOURCE}
  SEEDS ${RK_TINY_ARCHIVES} # small inputs: many more runs per second
  DICT ${RK_TOP}/test/fuzz/tar.dict
  MAX_LEN 16384)
rk_fuzz_target(elf
  SOURCES ${RK_TOP}/test/fuzz/fuzz_elf.c ${RK_ELF_SOURCES} ${RK_FORMAT_SOURCE}
  SEEDS ${RK_TRUST_PROGRAMS}
  DICT ${RK_TOP}/test/fuzz/elf.dict
  MAX_LEN 131072) # aarch64 programs pad to 64 KiB pages
