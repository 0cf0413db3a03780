# SPDX-License-Identifier: BSD-2-Clause
# Boot images and flows of raspi3b-aarch64 (docs/boards.md). rumpk.img, the
# arm64 Image, comes from images.cmake; this adds rumpk.itb, boot.scr and
# disk.img (make disk), the SD card. The flow besides direct:
#   uboot  U-Boot rpi_arm64 from the SD card (uboot_rpi.cmake)
include(${CMAKE_SOURCE_DIR}/scripts/cmake/boot_images.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/uboot_rpi.cmake)

# A 31 MiB partition after the 1 MiB gap: QEMU takes only SD cards whose
# size is a power of two (32 MiB).
rk_uboot_images(ARCH aarch64 IMAGE ${CMAKE_BINARY_DIR}/rumpk.img DISK_MIB 31)
rk_boot_machine_args(machine)
rk_rpi_uboot_flow(NAME uboot DTB ${RK_RASPI3B_DTB} DTB_TARGET raspi3b_dtb MACHINE ${machine})
