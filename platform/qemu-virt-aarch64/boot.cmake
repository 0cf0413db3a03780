# SPDX-License-Identifier: BSD-2-Clause
# Boot images and flows of qemu-virt-aarch64 (docs/boot.md). rumpk.img, the
# arm64 Image, comes from images.cmake; this adds rumpk.itb (U-Boot FIT),
# boot.scr and disk.img (make disk). Flows besides direct (-kernel Image):
#   uboot      U-Boot (-bios) -> distro boot -> boot.scr -> booti rumpk.img
#   uboot-fit  the same, boot.scr -> bootm rumpk.itb
# -semihosting stays in the machine options, so the exit status still
# comes through U-Boot (the kernel runs at EL1 either way).
include(${CMAKE_SOURCE_DIR}/scripts/cmake/boot_images.cmake)

set(RK_UBOOT_ARM64 /usr/lib/u-boot/qemu_arm64/u-boot.bin)

rk_uboot_images(ARCH aarch64 IMAGE ${CMAKE_BINARY_DIR}/rumpk.img)
# qemu_arm64's environment puts ramdisk_addr_r at RAM + 64 MiB, and U-Boot
# relocates itself to the top of RAM: keep 128 MiB at least.
rk_uboot_flow(NAME uboot MIN_MEMORY_MB 128 FIRMWARE -bios ${RK_UBOOT_ARM64})
rk_uboot_flow(NAME uboot-fit MIN_MEMORY_MB 128 FIRMWARE -bios ${RK_UBOOT_ARM64}
  CONFIG "bootcmd=setenv rumpk_format fit && run distro_bootcmd")
