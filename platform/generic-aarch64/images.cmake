# SPDX-License-Identifier: BSD-2-Clause
# Boot images of generic-aarch64: rumpk.img, the raw arm64 Image (the
# header is the first 64 bytes of .text, arch/aarch64/entry.S), which QEMU
# -kernel and U-Boot's booti load at any 2 MiB boundary + text_offset.
rk_linux_image("arm64 Image, relocatable")
