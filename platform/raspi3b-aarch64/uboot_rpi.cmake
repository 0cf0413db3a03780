# SPDX-License-Identifier: BSD-2-Clause
# The Raspberry Pi 3 U-Boot flow, shared by the boards whose image boots on
# QEMU raspi3b (raspi3b-aarch64, generic-aarch64):
#   U-Boot rpi_arm64 (Debian's u-boot-rpi, -kernel u-boot.bin) -> distro
#   boot from the SD card (mmc) -> boot.scr -> booti rumpk.img
# U-Boot gets the board's DTB (it passes it on to the kernel) with
# /config { bootdelay = <0>; }: its default 2 s countdown would dominate.
# Call after rk_uboot_images(... DISK_MIB 31): QEMU takes only SD cards
# whose size is a power of two (32 MiB with the 1 MiB gap).
#
# rk_rpi_uboot_flow(NAME <flow> DTB <board dtb> DTB_TARGET <its target>
#                   MACHINE <QEMU machine options, without -m/-dtb/-kernel>)
set(RK_UBOOT_RPI /usr/lib/u-boot/rpi_arm64/u-boot.bin)
find_program(RK_FDTPUT fdtput REQUIRED)

function(rk_rpi_uboot_flow)
  cmake_parse_arguments(R "" "NAME;DTB;DTB_TARGET" "MACHINE" ${ARGN})
  set(uboot_dtb ${RK_BOOT_DIR}/${R_NAME}.dtb)
  add_custom_command(OUTPUT ${uboot_dtb}
    COMMAND ${CMAKE_COMMAND} -E copy ${R_DTB} ${uboot_dtb}
    COMMAND ${RK_FDTPUT} -c ${uboot_dtb} /config
    COMMAND ${RK_FDTPUT} -t i ${uboot_dtb} /config bootdelay 0
    DEPENDS ${R_DTB_TARGET} ${R_DTB}
    COMMENT "Boot flow ${R_NAME}: the Pi 3 B device tree with bootdelay 0"
    VERBATIM)
  add_custom_target(dtb_${R_NAME} DEPENDS ${uboot_dtb})
  add_dependencies(disk dtb_${R_NAME})
  # snapshot: runs never change the build's disk (QEMU refuses a
  # read-only SD card; writes go to a temporary overlay instead). No
  # virtio on the Pi, whatever the build's direct machine has.
  rk_qemu_flow(${R_NAME} VIRTIO_BUS none ARGS ${R_MACHINE} -m 1024 -dtb ${uboot_dtb}
    -kernel ${RK_UBOOT_RPI}
    -drive if=sd,format=raw,snapshot=on,file=${CMAKE_BINARY_DIR}/disk.img)
endfunction()
