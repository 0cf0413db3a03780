# SPDX-License-Identifier: BSD-2-Clause
# Boot images and flows of qemu-virt-riscv64 (docs/boot.md).
#   rumpk.img  the raw binary, a RISC-V Linux-style Image thanks to the
#              header linked first (arch/riscv64/image_header.S): for booti
#              and for firmware that jumps to a raw binary
#   rumpk.itb  U-Boot FIT; boot.scr; disk.img (make disk)
# Flows besides direct (fw_jump.elf + the ELF):
#   opensbi          fw_jump.bin + the raw Image at 0x80200000, as OpenSBI
#                    fw_jump starts a kernel on a board
#   opensbi-dynamic  fw_dynamic + the ELF: QEMU 7.2 hands OpenSBI the ELF's
#                    lowest address (0x80200000), the header's jump
#   opensbi-quiet    fw_dynamic.elf + the ELF with OpenSBI's boot prints
#                    off (a stub passes fw_dynamic_info options)
#   uboot            OpenSBI -> U-Boot (S-mode) -> distro boot -> boot.scr ->
#                    booti rumpk.img
#   uboot-fit        the same, boot.scr -> bootm rumpk.itb
include(${CMAKE_SOURCE_DIR}/scripts/cmake/boot_images.cmake)

set(RK_UBOOT_SMODE /usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin)

rk_riscv_opensbi_flows()
rk_riscv_opensbi_quiet_flow()

rk_uboot_images(ARCH riscv64 IMAGE ${CMAKE_BINARY_DIR}/rumpk.img)
# U-Boot's qemu-riscv64_smode environment loads boot.scr at 0x8c100000 and
# the kernel at 0x84000000: RAM must reach past 0x8c200000.
set(RK_UBOOT_FIRMWARE -bios ${RK_OPENSBI}/fw_jump.elf -kernel ${RK_UBOOT_SMODE})
rk_uboot_flow(NAME uboot MIN_MEMORY_MB 256 FIRMWARE ${RK_UBOOT_FIRMWARE})
rk_uboot_flow(NAME uboot-fit MIN_MEMORY_MB 256 FIRMWARE ${RK_UBOOT_FIRMWARE}
  CONFIG "bootcmd=setenv rumpk_format fit && run distro_bootcmd")
