# SPDX-License-Identifier: BSD-2-Clause
# Helpers every component CMakeLists.txt uses.
#
#   rk_library(name)                 start the static library of this directory
#   rk_sources(file...)              add sources to it
#   rk_sources_ifdef(CONFIG_X file...)  add them only when CONFIG_X is set
#   rk_add_subdirectory_ifdef(CONFIG_X dir)
#
# A library is created on its first source, so a component whose options are
# all off produces nothing at all. Every library is linked whole into the
# image (so linker-section registrations survive) and --gc-sections drops
# what is never referenced.

macro(rk_library name)
  set(RK_LIB ${name})
endmacro()

function(rk_sources)
  if(NOT RK_LIB)
    message(FATAL_ERROR "rk_sources() before rk_library() in ${CMAKE_CURRENT_SOURCE_DIR}")
  endif()
  if(NOT TARGET ${RK_LIB})
    add_library(${RK_LIB} STATIC)
    set_property(GLOBAL APPEND PROPERTY RK_LIBRARIES ${RK_LIB})
  endif()
  target_sources(${RK_LIB} PRIVATE ${ARGN})
endfunction()

function(rk_sources_ifdef cond)
  if(${cond})
    rk_sources(${ARGN})
  endif()
endfunction()

# rk_generate(<file> <text>) writes a generated source only when its text
# changed, so that reconfiguring rebuilds nothing it need not.
function(rk_generate file text)
  if(EXISTS ${file})
    file(READ ${file} old)
  endif()
  if(NOT "${old}" STREQUAL "${text}")
    file(WRITE ${file} "${text}")
  endif()
endfunction()

function(rk_add_subdirectory_ifdef cond dir)
  if(${cond})
    add_subdirectory(${dir})
  endif()
endfunction()

# rk_qemu(SYSTEM qemu-system-x ARGS ... EXIT direct|isa-debug-exit [GDB gdb]
#         [VIRTIO_BUS device|pci])
# records how to boot this platform; the run and test scripts read the
# generated qemu.json so that there is one place that knows the command line.
# VIRTIO_BUS is the suffix of QEMU's virtio device models for this machine
# (virtio-net-device on virtio-mmio, the default; virtio-net-pci on PCI):
# app.desc files write -device virtio-net-{virtio}. `none`: the machine
# has no virtio transport (sifive_u), and rk-qemu.py leaves such -device
# arguments out (virtio-net's netdev goes to the on-board NIC).
function(rk_qemu)
  cmake_parse_arguments(Q "" "SYSTEM;EXIT;GDB;VIRTIO_BUS" "ARGS" ${ARGN})
  if(NOT Q_VIRTIO_BUS)
    set(Q_VIRTIO_BUS device)
  elseif(NOT Q_VIRTIO_BUS MATCHES "^(device|pci|none)$")
    message(FATAL_ERROR "rk_qemu: VIRTIO_BUS is device, pci or none, not '${Q_VIRTIO_BUS}'")
  endif()
  set_property(GLOBAL PROPERTY RK_QEMU_VIRTIO_BUS ${Q_VIRTIO_BUS})
  set_property(GLOBAL PROPERTY RK_QEMU_SYSTEM ${Q_SYSTEM})
  set_property(GLOBAL PROPERTY RK_QEMU_ARGS ${Q_ARGS})
  set_property(GLOBAL PROPERTY RK_QEMU_EXIT ${Q_EXIT})
  set_property(GLOBAL PROPERTY RK_QEMU_GDB ${Q_GDB})
endfunction()

# rk_qemu_flow(NAME ARGS ...) records another way to boot the same build:
# `make run BOOT=NAME`, `rk-qemu.py --boot NAME`. ARGS replace rk_qemu()'s
# ARGS (the qemu-system binary stays the platform's); "direct" is rk_qemu()
# itself. The top CMakeLists.txt writes them to qemu.json's "boot_flows".
# VIRTIO_BUS (device, pci, none) when the flow runs on another machine than
# rk_qemu()'s (generic-riscv64: virt, and sifive_u without virtio).
function(rk_qemu_flow name)
  cmake_parse_arguments(F "" "VIRTIO_BUS" "ARGS" ${ARGN})
  get_property(flows GLOBAL PROPERTY RK_QEMU_FLOWS)
  if(NOT name MATCHES "^[a-z0-9][a-z0-9-]*$" OR name STREQUAL "direct" OR name IN_LIST flows)
    message(FATAL_ERROR "rk_qemu_flow: bad or repeated flow name '${name}'")
  endif()
  set_property(GLOBAL APPEND PROPERTY RK_QEMU_FLOWS ${name})
  set_property(GLOBAL PROPERTY RK_QEMU_FLOW_${name} ${F_ARGS})
  if(F_VIRTIO_BUS)
    if(NOT F_VIRTIO_BUS MATCHES "^(device|pci|none)$")
      message(FATAL_ERROR "rk_qemu_flow: VIRTIO_BUS is device, pci or none, not '${F_VIRTIO_BUS}'")
    endif()
    set_property(GLOBAL APPEND PROPERTY RK_QEMU_FLOW_BUSES "\"${name}\": \"${F_VIRTIO_BUS}\"")
  endif()
endfunction()

function(rk_json_list out)
  set(items)
  foreach(a ${ARGN})
    string(REPLACE "\\" "\\\\" a "${a}")
    string(REPLACE "\"" "\\\"" a "${a}")
    list(APPEND items "\"${a}\"")
  endforeach()
  list(JOIN items ", " joined)
  set(${out} "[${joined}]" PARENT_SCOPE)
endfunction()

# rk_static_pie_flags(<out var>): compiler flags that build a freestanding
# static-PIE program with the image's own compiler and the kernel's ABI (no
# FP/SIMD state, which fiber switches do not save; no red zone, since
# interrupts are taken on the same stack). Used for the programs rk_exec runs
# (programs/) and for the ELF loader's in-image test program.
function(rk_static_pie_flags out)
  set(flags -Os -ffreestanding -fno-stack-protector -fno-asynchronous-unwind-tables
      -fno-unwind-tables -nostdlib -fPIE -Wl,--no-dynamic-linker -Wl,--build-id=none)
  if(CONFIG_TOOLCHAIN_CLANG)
    # Clang's bare-metal driver ignores -static-pie: ask LLD directly.
    list(APPEND flags --target=${CMAKE_C_COMPILER_TARGET} -fuse-ld=lld -Wl,-pie)
  else()
    list(APPEND flags -static-pie)
  endif()
  if(CONFIG_ARCH STREQUAL "riscv64")
    list(APPEND flags -march=${CONFIG_RISCV_ISA} -mabi=lp64)
    if(CONFIG_TOOLCHAIN_CLANG)
      list(APPEND flags -mno-relax)
    endif()
  elseif(CONFIG_ARCH STREQUAL "aarch64")
    list(APPEND flags -mgeneral-regs-only)
  elseif(CONFIG_ARCH STREQUAL "x86_64")
    list(APPEND flags -mgeneral-regs-only -mno-red-zone)
  endif()
  set(${out} ${flags} PARENT_SCOPE)
endfunction()
