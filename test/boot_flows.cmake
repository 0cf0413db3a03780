# SPDX-License-Identifier: BSD-2-Clause
# Boot flows besides each defconfig's direct one (docs/boot.md): OpenSBI
# with the raw Image (fw_jump), with fw_dynamic (also with its boot prints
# off), and U-Boot from the
# SD-card disk image via boot.scr, with booti and with a FIT. fault_* checks
# that a failing status still comes out through U-Boot.
#
# A configuration of the boot matrix is not built twice: its flows boot the
# matrix's own image (${IMAGES}/<config>, the same .config), to which
# flow-build:<config> adds the disk image (`make O=<dir> disk`, after
# build:<config>; the directory is locked as make debug's tests lock it, so
# that two ninja runs never share it). Any other configuration gets a build
# directory of its own (`make <config>_defconfig disk` in ${FLOW_IMAGES}).
set(FLOW_IMAGES ${CMAKE_CURRENT_BINARY_DIR}/flow-images)

# rk_flow_dir(<config> <var>): where the flow tests of <config> find it.
function(rk_flow_dir config var)
  if(config IN_LIST RK_MATRIX)
    set(${var} ${IMAGES}/${config} PARENT_SCOPE)
  else()
    set(${var} ${FLOW_IMAGES}/${config} PARENT_SCOPE)
  endif()
endfunction()

# rk_disk_image(<config>): flow-build:<config>, the disk image of <config>
# (fixture flow:<config>, in the directory rk_flow_dir names), once.
function(rk_disk_image config)
  if(TEST flow-build:${config})
    return()
  endif()
  rk_flow_dir(${config} dir)
  if(config IN_LIST RK_MATRIX)
    add_test(NAME flow-build:${config} COMMAND make -s -C ${RK_TOP} O=${dir}
             RUMPK_NO_INSTALL=1 disk)
    set_tests_properties(flow-build:${config} PROPERTIES FIXTURES_REQUIRED img:${config}
                         RESOURCE_LOCK ${dir})
  else()
    add_test(NAME flow-build:${config} COMMAND make -s -C ${RK_TOP} BUILD=${FLOW_IMAGES}
             RUMPK_NO_INSTALL=1 ${config}_defconfig disk)
  endif()
  set_tests_properties(flow-build:${config} PROPERTIES FIXTURES_SETUP flow:${config} TIMEOUT 300)
endfunction()

function(rk_boot_flow_tests config)
  rk_disk_image(${config})
  rk_flow_dir(${config} dir)
  foreach(flow ${ARGN})
    add_test(NAME flow:${config}:${flow}
             COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py ${dir} --test --boot ${flow}
                     --junit ${CMAKE_CURRENT_BINARY_DIR}/junit-flow-${config}-${flow}.xml)
    set_tests_properties(flow:${config}:${flow} PROPERTIES FIXTURES_REQUIRED flow:${config} TIMEOUT 60)
  endforeach()
endfunction()

rk_boot_flow_tests(hello_qemu-virt-riscv64 opensbi opensbi-dynamic opensbi-quiet uboot uboot-fit)
rk_boot_flow_tests(hello_qemu-virt-aarch64 uboot uboot-fit)
rk_boot_flow_tests(hello_sifive-u-riscv64 opensbi opensbi-dynamic)
# The device-tree-driven image as firmware and U-Boot start it (on virt).
rk_boot_flow_tests(hello_generic-riscv64 opensbi opensbi-dynamic uboot uboot-fit)
# raspi3b: U-Boot rpi_arm64 from Debian's u-boot-rpi, the SD card.
rk_boot_flow_tests(hello_raspi3b-aarch64 uboot)
rk_boot_flow_tests(ktest_coop_raspi3b-aarch64 uboot)
rk_boot_flow_tests(shell_raspi3b-aarch64 uboot)
# generic-aarch64: the one image through U-Boot's booti, which places the
# relocatable Image where it likes, on each machine (the direct runs on
# virt and raspi3b are the boot matrix's: RK_MACHINES in CMakeLists.txt).
rk_boot_flow_tests(hello_generic-aarch64 uboot raspi3b-uboot)
rk_boot_flow_tests(ktest_coop_generic-aarch64 raspi3b-uboot)
rk_boot_flow_tests(shell_generic-aarch64 raspi3b-uboot)
rk_boot_flow_tests(fault_qemu-virt-riscv64 uboot)
rk_boot_flow_tests(fault_qemu-virt-aarch64 uboot-fit)

# The image tools on their own: Image header checks (and that a broken
# header is caught), the disk's partition table and files, a FIT with a
# device tree in it.
rk_flow_dir(hello_qemu-virt-riscv64 riscv64_dir)
rk_flow_dir(hello_qemu-virt-aarch64 aarch64_dir)
rk_flow_dir(hello_generic-aarch64 generic_dir)
add_test(NAME flow:image-tools COMMAND ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/boot/check_images.py
         ${RK_TOP} ${riscv64_dir} ${aarch64_dir} ${generic_dir})
set_tests_properties(flow:image-tools PROPERTIES
  FIXTURES_REQUIRED "flow:hello_qemu-virt-riscv64;flow:hello_qemu-virt-aarch64;flow:hello_generic-aarch64"
  TIMEOUT 60)
