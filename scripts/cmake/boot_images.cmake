# SPDX-License-Identifier: BSD-2-Clause
# Boot-loader images and boot flows shared by the platform/<p>/boot.cmake
# files (included from the top CMakeLists.txt after rumpk.elf and the
# platform's rk_qemu() exist; see docs/boot.md).
#
#   rk_boot_machine_args(OUT)   the platform's QEMU options minus what loads
#                               code (-bios, -kernel, -dtb...) and minus -m
#   rk_uboot_images(ARCH a IMAGE file [FIT_DTB file] [DISK_MIB n])
#                               rumpk.itb and boot.scr with every build,
#                               disk.img with the `disk` target
#   rk_uboot_flow(NAME n FIRMWARE args... [MIN_MEMORY_MB n] [CONFIG p=v...])
#                               a flow that boots disk.img through U-Boot
#   rk_firmware_flow(NAME n ARGS args...)
#                               a flow that boots the image without U-Boot

set(RK_BOOT_DIR ${CMAKE_BINARY_DIR}/boot)
file(MAKE_DIRECTORY ${RK_BOOT_DIR})
set(RK_PYTHON /usr/bin/python3)
set(RK_UBOOT_SCRIPTS ${CMAKE_SOURCE_DIR}/scripts/uboot)

function(rk_boot_machine_args out)
  get_property(args GLOBAL PROPERTY RK_QEMU_ARGS)
  set(result)
  set(skip FALSE)
  foreach(a ${args})
    if(skip)
      set(skip FALSE)
    elseif(a MATCHES "^-(bios|kernel|initrd|append|dtb|m)$")
      set(skip TRUE) # and its value
    else()
      list(APPEND result ${a})
    endif()
  endforeach()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

# A flow that boots the image with firmware only (OpenSBI): ARGS are what
# loads code; the machine options and -m are the platform's.
function(rk_firmware_flow)
  cmake_parse_arguments(F "" "NAME" "ARGS" ${ARGN})
  rk_boot_machine_args(machine)
  rk_qemu_flow(${F_NAME} ARGS ${machine} -m ${CONFIG_QEMU_MEMORY_MB} ${F_ARGS})
endfunction()

function(rk_uboot_images)
  cmake_parse_arguments(U "" "ARCH;IMAGE;FIT_DTB;DISK_MIB" "" ${ARGN})
  if(NOT U_DISK_MIB)
    set(U_DISK_MIB 16)
  endif()
  set(fit ${CMAKE_BINARY_DIR}/rumpk.itb)
  set(scr ${CMAKE_BINARY_DIR}/boot.scr)
  set(disk ${CMAKE_BINARY_DIR}/disk.img)
  get_filename_component(image_name ${U_IMAGE} NAME)

  set(dtb_args)
  set(fit_fdt_args "\${rumpk_initrd} \${rumpk_fdt}") # no DTB in the FIT: hand over U-Boot's
  if(U_FIT_DTB)
    set(dtb_args --dtb ${U_FIT_DTB})
    set(fit_fdt_args "\${rumpk_initrd}")
  endif()
  # The FIT wraps rumpk.bin, which the rumpk.elf target writes after each link.
  add_custom_command(OUTPUT ${fit}
    COMMAND ${RK_PYTHON} ${RK_UBOOT_SCRIPTS}/mkfit.py --elf rumpk.elf --bin rumpk.bin
            --out ${fit} ${dtb_args}
            --description "Rumpk ${CONFIG_APP} (${CONFIG_PLATFORM})"
    DEPENDS rumpk.elf ${U_FIT_DTB} ${RK_UBOOT_SCRIPTS}/mkfit.py ${RK_UBOOT_SCRIPTS}/elf.py
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
    COMMENT "Images: rumpk.itb (U-Boot FIT)"
    VERBATIM)
  add_custom_command(OUTPUT ${scr}
    COMMAND ${RK_PYTHON} ${RK_UBOOT_SCRIPTS}/mkscr.py --arch ${U_ARCH} --out ${scr}
            --set IMAGE=${image_name} --set FIT=rumpk.itb --set "FIT_FDT_ARGS=${fit_fdt_args}"
            ${RK_UBOOT_SCRIPTS}/boot.cmd
    DEPENDS ${RK_UBOOT_SCRIPTS}/boot.cmd ${RK_UBOOT_SCRIPTS}/mkscr.py
    COMMENT "Images: boot.scr (U-Boot script)"
    VERBATIM)
  add_custom_target(uboot_images ALL DEPENDS ${fit} ${scr})

  # An initrd for the boot loader (CONFIG_INITRD_BOOTLOADER, kernel/exec)
  # goes on the disk too: boot.scr hands it to booti/bootm when it is there.
  get_property(initrd GLOBAL PROPERTY RK_BOOT_INITRD)
  set(disk_what "${image_name}, rumpk.itb, boot.scr")
  if(initrd)
    string(APPEND disk_what ", initrd.tar")
  endif()

  # The disk is what U-Boot boots from, so the Image header is checked here:
  # booti trusts it blindly.
  add_custom_command(OUTPUT ${disk}
    COMMAND ${RK_PYTHON} ${RK_UBOOT_SCRIPTS}/imgcheck.py --elf rumpk.elf ${U_IMAGE}
    COMMAND ${RK_PYTHON} ${CMAKE_SOURCE_DIR}/scripts/mkdisk.py ${disk} --size-mib ${U_DISK_MIB}
            ${U_IMAGE} ${fit} ${scr} ${initrd}
    DEPENDS rumpk.elf ${fit} ${scr} ${initrd} ${CMAKE_SOURCE_DIR}/scripts/mkdisk.py
            ${RK_UBOOT_SCRIPTS}/imgcheck.py
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
    COMMENT "Images: disk.img (MBR + FAT: ${disk_what})"
    VERBATIM)
  add_custom_target(disk DEPENDS ${disk})
endfunction()

# A flow through U-Boot from disk.img: FIRMWARE loads U-Boot (-bios ...,
# -kernel u-boot.bin). U-Boot gets a copy of QEMU's own device tree for the
# same machine options with /config { bootdelay = <0>; CONFIG... } (its
# default 2 s countdown would dominate every run), built with `disk`.
# MIN_MEMORY_MB: U-Boot's fixed load addresses (scriptaddr...) must be RAM.
function(rk_uboot_flow)
  cmake_parse_arguments(U "" "NAME;MIN_MEMORY_MB" "FIRMWARE;CONFIG" ${ARGN})
  if(NOT TARGET disk)
    message(FATAL_ERROR "rk_uboot_flow(${U_NAME}) before rk_uboot_images()")
  endif()
  set(mem ${CONFIG_QEMU_MEMORY_MB})
  if(U_MIN_MEMORY_MB AND mem LESS U_MIN_MEMORY_MB)
    set(mem ${U_MIN_MEMORY_MB})
  endif()
  rk_boot_machine_args(machine)
  get_property(system GLOBAL PROPERTY RK_QEMU_SYSTEM)
  set(dtb ${RK_BOOT_DIR}/${U_NAME}.dtb)
  set(config --config bootdelay=0)
  foreach(c ${U_CONFIG})
    list(APPEND config --config ${c})
  endforeach()
  add_custom_command(OUTPUT ${dtb}
    COMMAND ${RK_PYTHON} ${CMAKE_SOURCE_DIR}/scripts/dtb.py ${dtb} ${config}
            -- ${system} ${machine} -m ${mem} ${U_FIRMWARE}
    DEPENDS ${CMAKE_SOURCE_DIR}/scripts/dtb.py
    COMMENT "Boot flow ${U_NAME}: U-Boot device tree (QEMU's, bootdelay 0)"
    VERBATIM)
  add_custom_target(dtb_${U_NAME} DEPENDS ${dtb})
  add_dependencies(disk dtb_${U_NAME})
  # readonly: runs never change the build's disk, and may share it.
  rk_qemu_flow(${U_NAME} ARGS ${machine} -m ${mem} ${U_FIRMWARE} -dtb ${dtb}
    -drive file=${CMAKE_BINARY_DIR}/disk.img,format=raw,if=none,id=disk0,readonly=on
    -device virtio-blk-device,drive=disk0)
endfunction()

# rk_riscv_opensbi_flows(): what every riscv64 platform booted by Debian's
# OpenSBI shares: rumpk.img (the raw image, whose first bytes are the RISC-V
# Image header of arch/riscv64/image_header.S), and the flows
#   opensbi          fw_jump.bin + the raw Image at 0x80200000
#   opensbi-dynamic  fw_dynamic.bin + the ELF
# It sets RK_OPENSBI (the firmware directory) for the caller's U-Boot flows.
macro(rk_riscv_opensbi_flows)
  set(RK_OPENSBI /usr/lib/riscv64-linux-gnu/opensbi/generic)
  rk_linux_image("RISC-V Image")
  rk_firmware_flow(NAME opensbi
    ARGS -bios ${RK_OPENSBI}/fw_jump.bin -kernel ${CMAKE_BINARY_DIR}/rumpk.img)
  rk_firmware_flow(NAME opensbi-dynamic
    ARGS -bios ${RK_OPENSBI}/fw_dynamic.bin -kernel ${CMAKE_BINARY_DIR}/rumpk.elf)
endmacro()

# rk_riscv_opensbi_quiet_flow(): flow opensbi-quiet on virt: Debian's
# fw_dynamic.elf with the ELF, but with OpenSBI's boot prints off (its
# banner and platform/domain/hart report: about 1,500 console bytes, each a
# trapped UART write and a host write() under TCG, which was most of the
# time between QEMU's start and the kernel's first line). fw_dynamic reads
# its options from the struct fw_dynamic_info a2 points to; QEMU 7.2 writes
# that struct into its reset ROM with options 0, so hart 0 starts instead at
# a four-instruction stub that QEMU's generic loader writes to RAM (data=:
# 8 bytes each, no file) with a struct of its own right after it:
#   lui t0, 0x1; auipc a2, 0; addi a2, a2, 12    a2 = the struct below
#   jalr zero, 8(t0)      QEMU's reset vector at 0x1008: a0 = mhartid,
#                         a1 = QEMU's DTB, then jump to the firmware
#   fw_dynamic_info { magic "OSBI", version 2, next_addr 0x80200000,
#     next_mode 1 (S), options 1 (SBI_SCRATCH_NO_BOOT_PRINTS), boot_hart 0 }
# The stub sits at 0x80100000, between OpenSBI's 512 KiB and the kernel; by
# the time the kernel runs it is free RAM. Other harts (SMP) start at the
# reset vector as usual and wait for hart 0, which sets every hart's options.
function(rk_riscv_opensbi_quiet_flow)
  set(addr 0x80100000)
  set(stub -device loader,addr=${addr},cpu-num=0)
  foreach(word 0x00000617000012b7 0x0082806700c60613
               0x4942534f 2 0x80200000 1 1 0)
    list(APPEND stub -device loader,addr=${addr},data=${word},data-len=8)
    math(EXPR addr "${addr} + 8" OUTPUT_FORMAT HEXADECIMAL)
  endforeach()
  rk_firmware_flow(NAME opensbi-quiet
    ARGS -bios ${RK_OPENSBI}/fw_dynamic.elf -kernel ${CMAKE_BINARY_DIR}/rumpk.elf ${stub})
endfunction()
