# SPDX-License-Identifier: BSD-2-Clause
# Tests of the Zkr entropy source (crypto/zkr.c); included from
# test/CMakeLists.txt after rk_unit_test() is defined.
#
# The Zkr image also proves the fallback policy
# (CONFIG_CRYPTO_RANDOM_ON_MISSING_FALLBACK): chosen Zkr that is missing
# gives way to another registered source, else to timer jitter, each time
# with the warning in the "entropy:" line.
#
#   unit:test_zkr            ASan+UBSan: seed CSR word decoding, the
#                            WAIT/BIST/DEAD/fault policy against a scripted
#                            CSR, device-tree ISA string lookups
#   boot:zkr-riscv64         -cpu rv64,zkr=true with Debian's OpenSBI, which
#                            leaves mseccfg.SSEED clear, and a virtio-rng
#                            device: the one-line reason, then the fallback
#                            to virtio-rng (zkr.expect)
#   boot:zkr-sseed-riscv64   the same with sseed_shim.S setting SSEED before
#                            OpenSBI runs: seeded from 'zkr' (zkr_sseed.expect)
#   boot:zkr-absent-riscv64  a hart without Zkr and no other source: one
#                            note, no probe, no fault, timer jitter with its
#                            warnings
#   boot:zkr-quiet-riscv64   the stock ktest image (virtio-rng chosen) on a
#                            hart without Zkr: not a word about Zkr
set(RK_ZKR_SRC ${RK_TOP}/crypto/zkr_seed.c ${RK_TOP}/crypto/riscv_isa.c)
rk_unit_test(test_zkr unit/test_zkr.c ${RK_ZKR_SRC})
target_include_directories(test_zkr PRIVATE ${RK_TOP}/crypto)

# One image for the first three: ktest with Zkr as the chosen source, the
# fallback policy, and virtio (so that a virtio-rng device can be the other
# source).
set(RK_ZKR_IMG ${CMAKE_CURRENT_BINARY_DIR}/zkr/ktest_coop_qemu-virt-riscv64)
add_test(NAME build:zkr-riscv64 COMMAND make -s -C ${RK_TOP} BUILD=${CMAKE_CURRENT_BINARY_DIR}/zkr
         RUMPK_NO_INSTALL=1 ktest_coop_qemu-virt-riscv64_defconfig all CONFIG_CRYPTO_RANDOM_ZKR=y
         CONFIG_CRYPTO_RANDOM_ON_MISSING_FALLBACK=y CONFIG_VIRTIO=y)
set_tests_properties(build:zkr-riscv64 PROPERTIES FIXTURES_SETUP img:zkr TIMEOUT 300)

function(rk_zkr_boot name expect image fixture)
  add_test(NAME boot:${name} COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test --name ${name}
           --expect ${CMAKE_CURRENT_SOURCE_DIR}/crypto/${expect} ${image} ${ARGN})
  set_tests_properties(boot:${name} PROPERTIES FIXTURES_REQUIRED ${fixture} TIMEOUT 120)
endfunction()
rk_zkr_boot(zkr-riscv64 zkr.expect ${RK_ZKR_IMG} img:zkr)
rk_zkr_boot(zkr-absent-riscv64 zkr_absent.expect ${RK_ZKR_IMG} img:zkr)
rk_zkr_boot(zkr-quiet-riscv64 zkr_quiet.expect ${IMAGES}/ktest_coop_qemu-virt-riscv64
            img:ktest_coop_qemu-virt-riscv64)

# The M-mode shim is raw code loaded near the top of the 128 MiB of RAM the
# riscv64 platform gives QEMU (clear of OpenSBI at the bottom, of the kernel,
# and of the DTB QEMU puts 2 MiB-aligned below the end); the hart starts
# there rather than at the reset vector, to which the shim then jumps.
find_program(RK_ZKR_CC NAMES riscv64-linux-gnu-gcc)
find_program(RK_ZKR_OBJCOPY NAMES riscv64-linux-gnu-objcopy)
if(NOT RK_ZKR_CC OR NOT RK_ZKR_OBJCOPY)
  add_test(NAME boot:zkr-sseed-riscv64 COMMAND sh -c
    "echo 'boot:zkr-sseed-riscv64: riscv64-linux-gnu-gcc/objcopy missing; run scripts/install-deps.sh'; exit 1")
  return()
endif()
set(shim ${CMAKE_CURRENT_BINARY_DIR}/zkr/sseed_shim)
set(shim_src ${CMAKE_CURRENT_SOURCE_DIR}/crypto/sseed_shim.S)
add_custom_command(OUTPUT ${shim}.bin
  COMMAND ${RK_ZKR_CC} -march=rv64i_zicsr -mabi=lp64 -c ${shim_src} -o ${shim}.o
  COMMAND ${RK_ZKR_OBJCOPY} -O binary -j .text ${shim}.o ${shim}.bin
  DEPENDS ${shim_src}
  COMMENT "zkr: M-mode shim that sets mseccfg.SSEED")
add_custom_target(zkr_sseed_shim ALL DEPENDS ${shim}.bin)
set(RK_ZKR_SHIM_ADDR 0x87f00000)
rk_zkr_boot(zkr-sseed-riscv64 zkr_sseed.expect ${RK_ZKR_IMG} img:zkr
            -- -device loader,file=${shim}.bin,addr=${RK_ZKR_SHIM_ADDR}
            -device loader,addr=${RK_ZKR_SHIM_ADDR},cpu-num=0)
