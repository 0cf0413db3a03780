# SPDX-License-Identifier: BSD-2-Clause
# Boot images of raspi3b-aarch64: rumpk.img, the raw arm64 Image (the
# header is the first 64 bytes of .text, arch/aarch64/entry.S) that the Pi
# firmware, U-Boot's booti and QEMU -kernel load at 0x80000.
rk_linux_image("arm64 Image")
