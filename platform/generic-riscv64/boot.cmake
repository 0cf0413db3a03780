# SPDX-License-Identifier: BSD-2-Clause
# Boot images and flows of generic-riscv64: QEMU virt's (its direct run is
# the virt machine), so that the same image also boots as a board's
# firmware would start it: rumpk.img (the RISC-V Image), rumpk.itb,
# boot.scr and disk.img (make disk); flows opensbi (fw_jump.bin + the raw
# Image), opensbi-dynamic, uboot and uboot-fit (U-Boot from the disk, booti
# or bootm), all on virt.
include(${CMAKE_SOURCE_DIR}/platform/qemu-virt-riscv64/boot.cmake)
