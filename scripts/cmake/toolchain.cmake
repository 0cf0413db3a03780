# SPDX-License-Identifier: BSD-2-Clause
# Picks the compiler from the Kconfig result before project() runs.
# GCC: the Debian cross compiler named by CONFIG_CROSS_COMPILE.
# Clang: one clang for every architecture, with --target and LLD.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR ${CONFIG_ARCH})
# Freestanding compilers cannot link a test program without our linker script.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(RK_CLANG_TARGET_riscv64 riscv64-unknown-elf)
set(RK_CLANG_TARGET_aarch64 aarch64-unknown-elf)
set(RK_CLANG_TARGET_x86_64 x86_64-unknown-elf)

if(CONFIG_TOOLCHAIN_CLANG)
  find_program(RK_CC NAMES clang clang-14 REQUIRED)
  set(CMAKE_C_COMPILER ${RK_CC})
  set(CMAKE_ASM_COMPILER ${RK_CC})
  set(CMAKE_C_COMPILER_TARGET ${RK_CLANG_TARGET_${CONFIG_ARCH}})
  set(CMAKE_ASM_COMPILER_TARGET ${RK_CLANG_TARGET_${CONFIG_ARCH}})
  find_program(RK_OBJCOPY NAMES llvm-objcopy llvm-objcopy-14 REQUIRED)
  find_program(RK_NM NAMES llvm-nm llvm-nm-14 REQUIRED)
  find_program(RK_SIZE NAMES llvm-size llvm-size-14 REQUIRED)
  set(RK_TOOLCHAIN_LINK_OPTIONS -fuse-ld=lld)
  # Compiler support routines (e.g. 128-bit division): clang has no
  # freestanding runtime for these targets in Debian, so borrow the Debian
  # cross GCC's libgcc when it is installed.
  set(RK_GCC_PREFIX_riscv64 riscv64-linux-gnu-)
  set(RK_GCC_PREFIX_aarch64 aarch64-linux-gnu-)
  set(RK_GCC_PREFIX_x86_64 x86_64-linux-gnu-)
  find_program(RK_CROSS_GCC ${RK_GCC_PREFIX_${CONFIG_ARCH}}gcc)
  if(RK_CROSS_GCC)
    execute_process(COMMAND ${RK_CROSS_GCC} -print-libgcc-file-name
                    OUTPUT_VARIABLE RK_LIBGCC OUTPUT_STRIP_TRAILING_WHITESPACE)
  endif()
else()
  find_program(RK_CC NAMES ${CONFIG_CROSS_COMPILE}gcc)
  if(NOT RK_CC)
    message(FATAL_ERROR "rumpk: ${CONFIG_CROSS_COMPILE}gcc not found (CONFIG_CROSS_COMPILE); "
                        "run scripts/install-deps.sh or pick another toolchain in menuconfig")
  endif()
  set(CMAKE_C_COMPILER ${RK_CC})
  set(CMAKE_ASM_COMPILER ${RK_CC})
  find_program(RK_OBJCOPY NAMES ${CONFIG_CROSS_COMPILE}objcopy REQUIRED)
  find_program(RK_NM NAMES ${CONFIG_CROSS_COMPILE}nm REQUIRED)
  find_program(RK_SIZE NAMES ${CONFIG_CROSS_COMPILE}size REQUIRED)
  # Archives through GCC's wrappers, which name GCC's LTO plugin: a plain
  # ar or ranlib loads every plugin in /usr/lib/bfd-plugins, and with
  # clang installed that is LLVMgold and libLLVM, about 0.1 s of CPU per
  # call, twice per library (a third of a cached image build's time).
  find_program(RK_AR NAMES ${CONFIG_CROSS_COMPILE}gcc-ar REQUIRED)
  find_program(RK_RANLIB NAMES ${CONFIG_CROSS_COMPILE}gcc-ranlib REQUIRED)
  set(CMAKE_AR ${RK_AR} CACHE FILEPATH "archiver (GCC's wrapper)" FORCE)
  set(CMAKE_RANLIB ${RK_RANLIB} CACHE FILEPATH "ranlib (GCC's wrapper)" FORCE)
  set(RK_TOOLCHAIN_LINK_OPTIONS)
endif()
# A library in one archiver call that writes its index too (s), instead of
# CMake's `cmake -E rm`, `ar qc` and `ranlib`: each program started costs
# more than the archiving (make test builds some 2,500 libraries).
foreach(lang C ASM)
  set(CMAKE_${lang}_CREATE_STATIC_LIBRARY "rm -f <TARGET>" "<CMAKE_AR> qcs <TARGET> <LINK_FLAGS> <OBJECTS>")
endforeach()
