# SPDX-License-Identifier: BSD-2-Clause
# Boot images of qemu-virt-aarch64, included by the top CMakeLists.txt after
# rumpk.elf exists: rumpk.img, the raw arm64 Image (the header is the first
# 64 bytes of .text, see arch/aarch64/entry.S) for QEMU -kernel and booti.
rk_linux_image("arm64 Image")
