# SPDX-License-Identifier: BSD-2-Clause
# raspi3b and generic-aarch64 (docs/boards.md). Included from test/CMakeLists.txt (IMAGES, PY,
# RK_TOP set).
#
#   boot:raspi3b-secondaries-parked  the hello image of the boot matrix,
#       halted: cores 1-3 sit in entry.S's park loop, core 0 ran the kernel
#       (QEMU monitor, test/boot/raspi3b_parked.py).
add_test(NAME boot:raspi3b-secondaries-parked
         COMMAND ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/boot/raspi3b_parked.py
                 ${IMAGES}/hello_raspi3b-aarch64)
set_tests_properties(boot:raspi3b-secondaries-parked PROPERTIES
  FIXTURES_REQUIRED img:hello_raspi3b-aarch64 TIMEOUT 60)
#   flow:raspi3b-secondaries-parked:uboot  the same through U-Boot (the
#       flow image of test/boot_flows.cmake): U-Boot leaves the secondaries
#       in QEMU's spin table, where the kernel finds and parks them.
rk_flow_dir(hello_raspi3b-aarch64 dir)
add_test(NAME flow:raspi3b-secondaries-parked:uboot
         COMMAND ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/boot/raspi3b_parked.py ${dir} uboot)
set_tests_properties(flow:raspi3b-secondaries-parked:uboot PROPERTIES
  FIXTURES_REQUIRED flow:hello_raspi3b-aarch64 TIMEOUT 60)
#   boot:generic-aarch64-secondaries-parked  the same for the one
#       generic-aarch64 image on raspi3b (its boot flow raspi3b): the cores
#       come from the DTB's /cpus spin-table entries, the entry they are
#       sent to is where the image runs (here its link address).
add_test(NAME boot:generic-aarch64-secondaries-parked
         COMMAND ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/boot/raspi3b_parked.py
                 ${IMAGES}/hello_generic-aarch64 raspi3b)
set_tests_properties(boot:generic-aarch64-secondaries-parked PROPERTIES
  FIXTURES_REQUIRED img:hello_generic-aarch64 TIMEOUT 60)
#   boot:generic-aarch64-psci-off  the generic-aarch64 hello on virt
#       without semihosting: PSCI SYSTEM_OFF from the DTB's /psci node ends
#       the run (test/boot/generic_aarch64_psci.expect).
add_test(NAME boot:generic-aarch64-psci-off
         COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py ${IMAGES}/hello_generic-aarch64 --test
                 --boot virt-psci --expect ${CMAKE_CURRENT_SOURCE_DIR}/boot/generic_aarch64_psci.expect
                 --name generic-aarch64-psci-off)
set_tests_properties(boot:generic-aarch64-psci-off PROPERTIES
  FIXTURES_REQUIRED img:hello_generic-aarch64 TIMEOUT 60)
#   flow:generic-aarch64-secondaries-parked:raspi3b-uboot  the same through
#       the Pi's U-Boot, whose booti places the relocatable Image.
rk_flow_dir(hello_generic-aarch64 dir)
add_test(NAME flow:generic-aarch64-secondaries-parked:raspi3b-uboot
         COMMAND ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/boot/raspi3b_parked.py ${dir} raspi3b-uboot)
set_tests_properties(flow:generic-aarch64-secondaries-parked:raspi3b-uboot PROPERTIES
  FIXTURES_REQUIRED flow:hello_generic-aarch64 TIMEOUT 60)
#   boot:clang:shell_generic-aarch64[:raspi3b]  the generic shell image
#       built with Clang and LLD (whose relocation handling differs from
#       GNU ld's), booted at an address other than its link address (virt)
#       and at it (raspi3b, where entry.S applies nothing).
set(GENERIC_CLANG ${CMAKE_CURRENT_BINARY_DIR}/generic-clang)
add_test(NAME build:clang:shell_generic-aarch64 COMMAND make -s -C ${RK_TOP} BUILD=${GENERIC_CLANG}
         RUMPK_NO_INSTALL=1 shell_generic-aarch64_defconfig all CONFIG_TOOLCHAIN_CLANG=y)
set_tests_properties(build:clang:shell_generic-aarch64 PROPERTIES
  FIXTURES_SETUP clang:shell_generic-aarch64 TIMEOUT 300)
foreach(flow direct raspi3b)
  set(name boot:clang:shell_generic-aarch64)
  if(NOT flow STREQUAL "direct")
    set(name ${name}:${flow})
  endif()
  add_test(NAME ${name} COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py
           ${GENERIC_CLANG}/shell_generic-aarch64 --test --boot ${flow} --name ${name})
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED clang:shell_generic-aarch64 TIMEOUT 120)
endforeach()
