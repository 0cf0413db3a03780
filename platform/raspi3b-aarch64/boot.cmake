# SPDX-License-Identifier: BSD-2-Clause
# Boot images and flows of raspi3b-aarch64 (docs/boards.md). rumpk.img, the
# arm64 Image, comes from images.cmake; this adds rumpk.itb, boot.scr and
# disk.img (make disk), the SD card. The flow besides direct:
#   uboot  U-Boot rpi_arm64 (Debian's u-boot-rpi, -kernel u-boot.bin) ->
#          distro boot from the SD card (mmc) -> boot.scr -> booti rumpk.img
# U-Boot gets the board's DTB (it passes it on to the kernel) with
# /config { bootdelay = <0>; }: its default 2 s countdown would dominate.
include(${CMAKE_SOURCE_DIR}/scripts/cmake/boot_images.cmake)

set(RK_UBOOT_RPI /usr/lib/u-boot/rpi_arm64/u-boot.bin)
find_program(RK_FDTPUT fdtput REQUIRED)

# A 31 MiB partition after the 1 MiB gap: QEMU takes only SD cards whose
# size is a power of two (32 MiB).
rk_uboot_images(ARCH aarch64 IMAGE ${CMAKE_BINARY_DIR}/rumpk.img DISK_MIB 31)
set(uboot_dtb ${RK_BOOT_DIR}/uboot.dtb)
add_custom_command(OUTPUT ${uboot_dtb}
  COMMAND ${CMAKE_COMMAND} -E copy ${RK_RASPI3B_DTB} ${uboot_dtb}
  COMMAND ${RK_FDTPUT} -c ${uboot_dtb} /config
  COMMAND ${RK_FDTPUT} -t i ${uboot_dtb} /config bootdelay 0
  DEPENDS raspi3b_dtb ${RK_RASPI3B_DTB}
  COMMENT "Boot flow uboot: the Pi 3 B device tree with bootdelay 0"
  VERBATIM)
add_custom_target(dtb_uboot DEPENDS ${uboot_dtb})
add_dependencies(disk dtb_uboot)
# snapshot: runs never change the build's disk (QEMU refuses a
# read-only SD card; writes go to a temporary overlay instead).
rk_boot_machine_args(machine)
rk_qemu_flow(uboot ARGS ${machine} -m ${CONFIG_QEMU_MEMORY_MB} -dtb ${uboot_dtb}
  -kernel ${RK_UBOOT_RPI}
  -drive if=sd,format=raw,snapshot=on,file=${CMAKE_BINARY_DIR}/disk.img)
