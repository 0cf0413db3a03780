# SPDX-License-Identifier: BSD-2-Clause
# Boot images and flows of sifive-u-riscv64 (docs/boot.md).
#   rumpk.img  RISC-V Linux-style Image (arch/riscv64/image_header.S)
#   rumpk.itb, boot.scr, disk.img (make disk): for the SD card of a real
#              HiFive Unleashed, whose U-Boot runs boot.scr like the QEMU
#              virt flows do. Debian ships no U-Boot for this board, so no
#              U-Boot flow runs in QEMU here.
# Flows besides direct (fw_jump.elf + the ELF):
#   opensbi          fw_jump.bin + the raw Image at 0x80200000
#   opensbi-dynamic  fw_dynamic (QEMU's own default firmware for sifive_u)
include(${CMAKE_SOURCE_DIR}/scripts/cmake/boot_images.cmake)

rk_riscv_opensbi_flows()
rk_uboot_images(ARCH riscv64 IMAGE ${CMAKE_BINARY_DIR}/rumpk.img)
