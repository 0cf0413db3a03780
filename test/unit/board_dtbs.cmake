# SPDX-License-Identifier: BSD-2-Clause
# Real boards' device trees through the platform discovery (issue 10 part 5):
# the board DTS files of Debian's u-boot source, compiled as the raspi3b
# platform compiles its own (scripts/cmake/board_dtb.cmake), and
# test_board_dtbs, which names the console, interrupt controller, timer,
# memory and power-off Rumpk would use on each, or the device it has no
# driver for, and compares the table with board_dtbs.expect (the table of
# docs/boards.md). Included from mem_tests.cmake (RK_FDT_SOURCES, libfdt).
include(${RK_TOP}/scripts/cmake/board_dtb.cmake)
set(board_out ${CMAKE_CURRENT_BINARY_DIR}/board-dtbs)
file(MAKE_DIRECTORY ${board_out})
set(boards
  hifive-unleashed-a00 arch/riscv/dts/hifive-unleashed-a00.dts
  hifive-unmatched-a00 arch/riscv/dts/hifive-unmatched-a00.dts
  microchip-mpfs-icicle-kit arch/riscv/dts/microchip-mpfs-icicle-kit.dts
  bcm2837-rpi-3-b arch/arm/dts/bcm2837-rpi-3-b.dts
  bcm2711-rpi-4-b arch/arm/dts/bcm2711-rpi-4-b.dts)
set(board_args)
set(board_targets)
while(boards)
  list(POP_FRONT boards name dts)
  rk_board_dtb(board_dtb_${name} ${dts} ${board_out}/${name}.dtb)
  list(APPEND board_args ${name}=${board_out}/${name}.dtb)
  list(APPEND board_targets board_dtb_${name})
endwhile()

# What Rumpk has drivers for: the RK_FDT_DRIVER tables of the tree.
file(GLOB_RECURSE driver_sources ${RK_TOP}/drivers/*.c ${RK_TOP}/arch/*.c ${RK_TOP}/platform/*.c)
add_custom_command(OUTPUT ${board_out}/fdt_drivers.h
  COMMAND ${PY} ${RK_TOP}/scripts/fdt_drivers.py ${RK_TOP} ${board_out}/fdt_drivers.h
  DEPENDS ${RK_TOP}/scripts/fdt_drivers.py ${driver_sources}
  COMMENT "RK_FDT_DRIVER tables of the tree")
add_custom_target(fdt_drivers_table DEPENDS ${board_out}/fdt_drivers.h)

rk_unit_test(test_board_dtbs unit/test_board_dtbs.c ${RK_FDT_SOURCES}
  ${RK_TOP}/drivers/fdt/discover.c ${RK_TOP}/kernel/lib/format.c ${LIBFDT_SOURCES}
  ARGS ${CMAKE_CURRENT_SOURCE_DIR}/unit/board_dtbs.expect ${board_args})
target_include_directories(test_board_dtbs PRIVATE ${LIBFDT_DIR} ${RK_TOP}/drivers/fdt ${board_out})
target_compile_options(test_board_dtbs PRIVATE -Wno-unused-parameter)
target_compile_definitions(test_board_dtbs PRIVATE CONFIG_FDT_INDEX=1 CONFIG_FDT_CHECK_INTERRUPTS=1)
add_dependencies(test_board_dtbs fdt_drivers_table ${board_targets})
