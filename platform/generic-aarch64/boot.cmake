# SPDX-License-Identifier: BSD-2-Clause
# Boot images and flows of generic-aarch64 (docs/boards.md): rumpk.itb,
# boot.scr and disk.img (make disk) for U-Boot, on each machine the image
# runs on. Flows besides direct (QEMU virt, -kernel) and raspi3b
# (CMakeLists.txt):
#   uboot          QEMU virt: U-Boot qemu_arm64 (-bios) -> distro boot from
#                  virtio-blk -> boot.scr -> booti rumpk.img
#   raspi3b-uboot  QEMU raspi3b: U-Boot rpi_arm64 from the SD card
#                  (platform/raspi3b-aarch64/uboot_rpi.cmake)
# booti places the relocatable Image at a 2 MiB boundary of its choice +
# text_offset, where the kernel relocates itself.
include(${CMAKE_SOURCE_DIR}/scripts/cmake/boot_images.cmake)
include(${CMAKE_SOURCE_DIR}/platform/raspi3b-aarch64/uboot_rpi.cmake)

# One disk for both machines, sized for the SD card (a power of two).
rk_uboot_images(ARCH aarch64 IMAGE ${CMAKE_BINARY_DIR}/rumpk.img DISK_MIB 31)
# qemu_arm64's environment puts ramdisk_addr_r at RAM + 64 MiB, and U-Boot
# relocates itself to the top of RAM: keep 128 MiB at least.
rk_uboot_flow(NAME uboot MIN_MEMORY_MB 128 FIRMWARE -bios /usr/lib/u-boot/qemu_arm64/u-boot.bin)
rk_rpi_uboot_flow(NAME raspi3b-uboot DTB ${RK_RASPI3B_DTB} DTB_TARGET raspi3b_dtb
  MACHINE ${RK_RASPI3B_MACHINE})
