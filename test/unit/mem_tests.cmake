# SPDX-License-Identifier: BSD-2-Clause
# Host unit tests of kernel/mem (page allocator, heap) and drivers/fdt (with
# libfdt). Included from test/CMakeLists.txt, so CMAKE_CURRENT_SOURCE_DIR is
# test/ and rk_unit_test() and RK_TOP are defined.

# --- kernel/mem ---------------------------------------------------------------
# The same sources as the image, with the malloc family renamed (see
# unit/mem_rename.h). Built with and without CONFIG_HEAP_POISON.
set(RK_MEM_SOURCES memmap.c page.c slab.c heap.c)
list(TRANSFORM RK_MEM_SOURCES PREPEND ${RK_TOP}/kernel/mem/)
set_source_files_properties(${RK_MEM_SOURCES} PROPERTIES
  COMPILE_OPTIONS "-include;${CMAKE_CURRENT_SOURCE_DIR}/unit/mem_rename.h")
foreach(t test_mem test_mem_nopoison)
  rk_unit_test(${t} unit/test_mem.c ${RK_MEM_SOURCES})
  target_include_directories(${t} PRIVATE ${RK_TOP}/kernel/mem)
  # The image is compiled with -Wno-unused-parameter too.
  target_compile_options(${t} PRIVATE -Wno-unused-parameter)
  set_tests_properties(unit:${t} PROPERTIES TIMEOUT 300)
endforeach()
target_compile_definitions(test_mem PRIVATE CONFIG_HEAP_POISON=1)

# --- drivers/fdt + libfdt ---------------------------------------------------------
include(${RK_TOP}/drivers/fdt/libfdt.cmake)
rk_libfdt_fetch(${RK_TOP})
set_source_files_properties(${LIBFDT_SOURCES} PROPERTIES
  COMPILE_OPTIONS "-w;-include;${RK_TOP}/drivers/fdt/libfdt_env.h")
set(RK_FDT_SOURCES fdt.c index.c reg.c irq.c memory.c sanity.c)
list(TRANSFORM RK_FDT_SOURCES PREPEND ${RK_TOP}/drivers/fdt/)

# The DTBs it parses: one written for the test (every case the helpers
# handle), and QEMU's own for riscv64 and aarch64 virt.
find_program(RK_DTC dtc REQUIRED)
find_program(RK_QEMU_RV64 qemu-system-riscv64 REQUIRED)
find_program(RK_QEMU_A64 qemu-system-aarch64 REQUIRED)
set(FDT_OUT ${CMAKE_CURRENT_BINARY_DIR}/fdt)
file(MAKE_DIRECTORY ${FDT_OUT})
add_custom_command(OUTPUT ${FDT_OUT}/fdt_test.dtb
  COMMAND ${RK_DTC} -I dts -O dtb -o ${FDT_OUT}/fdt_test.dtb ${CMAKE_CURRENT_SOURCE_DIR}/unit/fdt_test.dts
  DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/unit/fdt_test.dts
  COMMENT "dtc unit/fdt_test.dts")
# rk_qemu_dtb(<file> <qemu> <machine> <more qemu arguments>...): QEMU's own
# DTB of a machine, dumped into ${FDT_OUT}/<file>.
function(rk_qemu_dtb file qemu machine)
  add_custom_command(OUTPUT ${FDT_OUT}/${file}
    COMMAND ${qemu} -M ${machine},dumpdtb=${FDT_OUT}/${file} ${ARGN} -display none -nodefaults
    COMMENT "QEMU ${machine} DTB (${file})")
endfunction()
rk_qemu_dtb(qemu-virt-riscv64.dtb ${RK_QEMU_RV64} virt -m 256 -smp 2)
rk_qemu_dtb(qemu-virt-aarch64.dtb ${RK_QEMU_A64} virt -cpu cortex-a53 -m 256)
add_custom_target(fdt_test_dtbs DEPENDS
  ${FDT_OUT}/fdt_test.dtb ${FDT_OUT}/qemu-virt-riscv64.dtb ${FDT_OUT}/qemu-virt-aarch64.dtb)

rk_unit_test(test_fdt unit/test_fdt.c ${RK_FDT_SOURCES} ${LIBFDT_SOURCES} ${RK_TOP}/kernel/lib/format.c)
target_include_directories(test_fdt PRIVATE ${LIBFDT_DIR} ${RK_TOP}/drivers/fdt)
target_compile_options(test_fdt PRIVATE -Wno-unused-parameter)
target_compile_definitions(test_fdt PRIVATE FDT_TEST_DIR="${FDT_OUT}" CONFIG_FDT_INDEX=1
  CONFIG_FDT_CHECK_INTERRUPTS=1)
add_dependencies(test_fdt fdt_test_dtbs)

# The device-tree bus (drivers/fdt/bus.c) over the same test DTB. Its driver
# table is the test's own: the section rk_fdt_drivers, whose bounds the host
# linker provides as __start_/__stop_rk_fdt_drivers (the image's linker
# script names them __rk_fdt_drivers_start/_end).
rk_unit_test(test_fdt_bus unit/test_fdt_bus.c ${RK_FDT_SOURCES} ${RK_TOP}/drivers/fdt/bus.c
  ${RK_TOP}/kernel/lib/format.c
  ${LIBFDT_SOURCES})
target_include_directories(test_fdt_bus PRIVATE ${LIBFDT_DIR} ${RK_TOP}/drivers/fdt)
target_compile_options(test_fdt_bus PRIVATE -Wno-unused-parameter)
target_compile_definitions(test_fdt_bus PRIVATE FDT_TEST_DIR="${FDT_OUT}" CONFIG_FDT_INDEX=1
  CONFIG_FDT_CHECK_INTERRUPTS=1
  __rk_fdt_drivers_start=__start_rk_fdt_drivers __rk_fdt_drivers_end=__stop_rk_fdt_drivers)
add_dependencies(test_fdt_bus fdt_test_dtbs)

# Console and power-off discovery (drivers/fdt/discover.c) over a crafted
# DTB and QEMU's riscv64 virt, sifive_u and aarch64 virt DTBs.
add_custom_command(OUTPUT ${FDT_OUT}/fdt_console.dtb
  COMMAND ${RK_DTC} -I dts -O dtb -o ${FDT_OUT}/fdt_console.dtb ${CMAKE_CURRENT_SOURCE_DIR}/unit/fdt_console.dts
  DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/unit/fdt_console.dts
  COMMENT "dtc unit/fdt_console.dts")
rk_qemu_dtb(qemu-sifive-u.dtb ${RK_QEMU_RV64} sifive_u -m 256 -smp 2)
add_custom_target(fdt_discover_dtbs DEPENDS ${FDT_OUT}/fdt_console.dtb ${FDT_OUT}/qemu-sifive-u.dtb)
# Twice: with the node index and the interrupt checks, and without them
# (CONFIG_FDT_INDEX and CONFIG_FDT_CHECK_INTERRUPTS off, as in a
# device-tree-driven hello), where libfdt answers every lookup.
set(RK_FDT_SOURCES_NOINDEX ${RK_FDT_SOURCES})
list(FILTER RK_FDT_SOURCES_NOINDEX EXCLUDE REGEX "/index\\.c$")
foreach(t test_fdt_discover test_fdt_discover_noindex)
  if(t STREQUAL "test_fdt_discover")
    rk_unit_test(${t} unit/test_fdt_discover.c ${RK_FDT_SOURCES}
      ${RK_TOP}/drivers/fdt/discover.c ${RK_TOP}/kernel/lib/format.c ${LIBFDT_SOURCES})
    target_compile_definitions(${t} PRIVATE CONFIG_FDT_INDEX=1 CONFIG_FDT_CHECK_INTERRUPTS=1)
  else()
    rk_unit_test(${t} unit/test_fdt_discover.c ${RK_FDT_SOURCES_NOINDEX}
      ${RK_TOP}/drivers/fdt/discover.c ${RK_TOP}/kernel/lib/format.c ${LIBFDT_SOURCES})
  endif()
  target_include_directories(${t} PRIVATE ${LIBFDT_DIR} ${RK_TOP}/drivers/fdt)
  target_compile_options(${t} PRIVATE -Wno-unused-parameter)
  target_compile_definitions(${t} PRIVATE FDT_TEST_DIR="${FDT_OUT}")
  add_dependencies(${t} fdt_test_dtbs fdt_discover_dtbs)
endforeach()

# Real boards' DTBs (issue 10 part 5).
include(unit/board_dtbs.cmake)
