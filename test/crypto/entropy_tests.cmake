# SPDX-License-Identifier: BSD-2-Clause
# Tests of the entropy configuration (crypto/Kconfig CRYPTO_RANDOM_*,
# crypto/entropy.c); included from test/CMakeLists.txt after the boot
# matrix, whose ktest images they boot again. The matrix itself checks that
# every image with entropy seeds from what its architecture has
# (rk-qemu.py --entropy); the fallback policy is tested with Zkr
# (zkr_tests.cmake).
#
#   kconfig:entropy-rdrand-aarch64     RDRAND chosen for aarch64 and
#   kconfig:entropy-virtio-rng-sifive-u  virtio-rng on a platform without
#                                      virtio: refused by Kconfig, naming
#                                      the unmet dependency
#   boot:entropy-missing-rdrand-x86_64 the x86_64 ktest image (RDRAND) on
#                                      QEMU's default CPU, which has none
#   boot:entropy-missing-virtio-rng-<arch>  the riscv64 and aarch64 ktest
#                                      images (virtio-rng) without the device
#   boot:entropy-jitter-sifive-u       the default where there is no hardware
#                                      source: timer jitter, announced
# The missing-source boots must stop before main() with a panic that names
# the source and how to provide it (CONFIG_CRYPTO_RANDOM_ON_MISSING_PANIC).
add_test(NAME kconfig:entropy-rdrand-aarch64 COMMAND ${EXPECT_FAIL}
  "command line: CONFIG_CRYPTO_RANDOM_RDRAND was set to 'y' but is 'n' \\(defined at crypto/Kconfig:[0-9]+\\)\n +unmet dependencies: needs CONFIG_ARCH_X86_64=y"
  -- make -s -C ${RK_TOP} BUILD=${KT}/entropy RUMPK_NO_INSTALL=1
     ktest_coop_qemu-virt-aarch64_defconfig CONFIG_CRYPTO_RANDOM_RDRAND=y)
add_test(NAME kconfig:entropy-virtio-rng-sifive-u COMMAND ${EXPECT_FAIL}
  "command line: CONFIG_CRYPTO_RANDOM_VIRTIO_RNG was set to 'y' but is 'n' \\(defined at crypto/Kconfig:[0-9]+\\)\n +unmet dependencies: needs CONFIG_PLATFORM_HAS_VIRTIO=y"
  -- make -s -C ${RK_TOP} BUILD=${KT}/entropy RUMPK_NO_INSTALL=1
     hello_sifive-u-riscv64_defconfig CONFIG_CRYPTO_SODIUM=y CONFIG_CRYPTO_RANDOM_VIRTIO_RNG=y)

function(rk_entropy_missing name config expect)
  add_test(NAME boot:entropy-missing-${name} COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
           --expect ${CMAKE_CURRENT_SOURCE_DIR}/crypto/${expect}
           --name entropy-missing-${name} ${IMAGES}/${config})
  set_tests_properties(boot:entropy-missing-${name} PROPERTIES
    FIXTURES_REQUIRED img:${config} TIMEOUT 120)
endfunction()
rk_entropy_missing(rdrand-x86_64 ktest_coop_qemu-microvm-x86_64 missing_rdrand.expect)
rk_entropy_missing(virtio-rng-riscv64 ktest_coop_qemu-virt-riscv64 missing_virtio_rng.expect)
rk_entropy_missing(virtio-rng-aarch64 ktest_coop_qemu-virt-aarch64 missing_virtio_rng.expect)

# A platform with no hardware source at all (sifive_u: no virtio, no Zkr on
# the U54): the crypto component defaults to timer jitter there, seeded
# before main() without a scheduler, with its warning (jitter_sifive_u.expect).
add_test(NAME build:entropy-jitter-sifive-u COMMAND make -s -C ${RK_TOP}
         BUILD=${CMAKE_CURRENT_BINARY_DIR}/entropy RUMPK_NO_INSTALL=1
         hello_sifive-u-riscv64_defconfig all CONFIG_CRYPTO_SODIUM=y)
set_tests_properties(build:entropy-jitter-sifive-u PROPERTIES
  FIXTURES_SETUP img:entropy-jitter TIMEOUT 300)
add_test(NAME boot:entropy-jitter-sifive-u COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
         --expect ${CMAKE_CURRENT_SOURCE_DIR}/crypto/jitter_sifive_u.expect
         ${CMAKE_CURRENT_BINARY_DIR}/entropy/hello_sifive-u-riscv64)
set_tests_properties(boot:entropy-jitter-sifive-u PROPERTIES
  FIXTURES_REQUIRED img:entropy-jitter TIMEOUT 120)
