# SPDX-License-Identifier: BSD-2-Clause
# Tests of the crypto component (crypto/, scripts/rumpk-sign, docs/signing.md);
# included from test/CMakeLists.txt after rk_unit_test() is defined.
#
#   unit:test_sig_host               crypto/verify.c + siphash_id.c with ASan+UBSan, over
#                                    the libsodium files and configuration of the image
#   sign:tool:<scenario>             scripts/rumpk-sign: key generation, sign/verify round
#                                    trip, a flipped byte, a wrong key, a truncated file,
#                                    unsigned input, a container under another name, the old
#                                    RKSIG1 format, misuse; each container is also opened
#                                    by the C parser for the same name, which must give the
#                                    same verdict
#   sign:freestanding:<arch>:<cc>    the component cross-compiled as the image compiles
#                                    it: no host header, no symbol the kernel lacks
#   sign:fuzz                        libFuzzer on the container parser, bounded in time
#
# libsodium comes from Debian's source package, fetched at configure time
# like the image does (crypto/libsodium.cmake).
include(${RK_TOP}/crypto/libsodium.cmake)
rk_libsodium_fetch(${RK_TOP} ${CMAKE_CURRENT_BINARY_DIR}/sign)

# --- libsodium for the host -----------------------------------------------------
# The files of the image minus randombytes.c (its default implementation is
# the kernel's generator; the host tests use fixed seeds and never draw random
# bytes), with the image's configuration header. Sanitized as well, so that
# a bad length reaching libsodium is caught inside it.
set(RK_SIGN_HOST_SODIUM ${SODIUM_SOURCES})
list(FILTER RK_SIGN_HOST_SODIUM EXCLUDE REGEX "/randombytes/randombytes\\.c$")
add_library(rk_sodium_host STATIC ${RK_SIGN_HOST_SODIUM})
target_include_directories(rk_sodium_host PRIVATE ${SODIUM_INCLUDE}/sodium ${SODIUM_GENERATED}/sodium)
target_compile_options(rk_sodium_host PRIVATE -g -O1 -w -fno-strict-aliasing -fwrapv ${RK_SANITIZE}
  "SHELL:-include ${RK_TOP}/crypto/port/sodium_config.h")

rk_unit_test(test_sig_host ${RK_TOP}/crypto/test/test_sig_host.c
  ${RK_TOP}/crypto/verify.c ${RK_TOP}/crypto/siphash_id.c)
target_include_directories(test_sig_host PRIVATE ${SODIUM_INCLUDE} ${SODIUM_GENERATED})
target_link_libraries(test_sig_host PRIVATE rk_sodium_host)
set_tests_properties(unit:test_sig_host PROPERTIES TIMEOUT 120)

# --- The host tool ----------------------------------------------------------------
foreach(scenario roundtrip flipped-byte wrong-key truncated unsigned renamed old-format errors)
  add_test(NAME sign:tool:${scenario}
    COMMAND ${PY} ${RK_TOP}/crypto/test/sign_tool_test.py ${scenario}
            --work ${CMAKE_CURRENT_BINARY_DIR}/sign/tool-${scenario}
            --opener $<TARGET_FILE:test_sig_host>)
  set_tests_properties(sign:tool:${scenario} PROPERTIES TIMEOUT 60)
endforeach()

# --- Freestanding cross-compiles ---------------------------------------------------
find_program(RK_SIGN_CLANG NAMES clang clang-14)
foreach(arch riscv64 aarch64 x86_64)
  foreach(cc gcc clang)
    if(cc STREQUAL "gcc")
      find_program(RK_SIGN_GCC_${arch} NAMES ${arch}-linux-gnu-gcc)
      set(found ${RK_SIGN_GCC_${arch}})
    else()
      set(found ${RK_SIGN_CLANG})
    endif()
    if(NOT found)
      message(STATUS "sign: no ${cc} for ${arch}; skipping its freestanding check")
      continue()
    endif()
    add_test(NAME sign:freestanding:${arch}:${cc}
      COMMAND ${PY} ${RK_TOP}/crypto/test/freestanding_check.py --arch ${arch} --cc ${cc}
              --sodium ${SODIUM_DIR} --generated ${SODIUM_GENERATED}
              --work ${CMAKE_CURRENT_BINARY_DIR}/sign/fs-${arch}-${cc})
    set_tests_properties(sign:freestanding:${arch}:${cc} PROPERTIES TIMEOUT 300)
  endforeach()
endforeach()

# --- Fuzzing the container parser -----------------------------------------------------
# libFuzzer ships with clang in Debian's libclang-rt-14-dev. The corpus starts
# from a valid container signed by the harness's fixed key (test_sig_host
# seed), so mutations reach the signature check too.
set(RK_SIGN_FUZZ_TIME 15)
if(RK_SIGN_CLANG)
  execute_process(COMMAND ${RK_SIGN_CLANG} -print-resource-dir
                  OUTPUT_VARIABLE rd OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(libfuzzer ${rd}/lib/linux/libclang_rt.fuzzer-${CMAKE_HOST_SYSTEM_PROCESSOR}.a)
endif()
if(RK_SIGN_CLANG AND EXISTS "${libfuzzer}")
  set(fuzz ${CMAKE_CURRENT_BINARY_DIR}/sign/fuzz_sig_open)
  set(fuzz_src ${RK_TOP}/crypto/test/fuzz_sig_open.c ${RK_TOP}/crypto/verify.c ${RK_SIGN_HOST_SODIUM})
  add_custom_command(OUTPUT ${fuzz}
    COMMAND ${RK_SIGN_CLANG} -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
            -w -fno-strict-aliasing -fwrapv -include ${RK_TOP}/crypto/port/sodium_config.h
            -I${RK_TOP}/include -I${SODIUM_INCLUDE} -I${SODIUM_INCLUDE}/sodium
            -I${SODIUM_GENERATED} -I${SODIUM_GENERATED}/sodium
            ${fuzz_src} -o ${fuzz}
    DEPENDS ${fuzz_src} ${RK_TOP}/crypto/port/sodium_config.h ${RK_TOP}/crypto/test/fuzz_key.h
            ${RK_TOP}/include/rumpk/crypto.h
    COMMENT "Building the RKSIG2 parser fuzzer (libFuzzer)")
  add_custom_target(fuzz_sig_open ALL DEPENDS ${fuzz})
  set(corpus ${CMAKE_CURRENT_BINARY_DIR}/sign/fuzz-corpus)
  add_test(NAME sign:fuzz COMMAND sh -c
    "mkdir -p ${corpus} && $<TARGET_FILE:test_sig_host> seed ${corpus} && \
     ${fuzz} -max_total_time=${RK_SIGN_FUZZ_TIME} -timeout=10 -print_final_stats=1 ${corpus}")
  set_tests_properties(sign:fuzz PROPERTIES TIMEOUT 120)
else()
  message(STATUS "sign: no libFuzzer (Debian package libclang-rt-14-dev); sign:fuzz is skipped")
  add_test(NAME sign:fuzz COMMAND ${CMAKE_COMMAND} -E echo
    "sign:fuzz skipped: install libclang-rt-14-dev for libFuzzer")
  set_tests_properties(sign:fuzz PROPERTIES SKIP_REGULAR_EXPRESSION "skipped")
endif()
