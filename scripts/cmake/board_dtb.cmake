# SPDX-License-Identifier: BSD-2-Clause
# Device trees of real boards, compiled from the board DTS files of Debian's
# u-boot source package (the package libfdt comes from, drivers/fdt/
# libfdt.cmake): nobody here writes them. scripts/fetch-source.sh unpacks
# their directories (arch/arm/dts, arch/riscv/dts, include/dt-bindings)
# once into $RUMPK_SOURCES/u-boot-dts, next to the libfdt tree and from the
# same download. Nothing fetched is committed.
#
# rk_board_dtb(<target> <dts path in u-boot> <output .dtb>)
#   adds a target (built with `all`) that runs the DTS through the C
#   preprocessor (its #include lines and dt-bindings macros), then dtc.

include(${CMAKE_CURRENT_LIST_DIR}/fetch_source.cmake)

# The source tree's top from this file's place, so that the host tests'
# project (test/, test/unit/board_dtbs.cmake) compiles the same DTBs.
set(RK_BOARD_DTB_TOP ${CMAKE_CURRENT_LIST_DIR}/../..)

function(rk_board_dts_fetch out_var)
  rk_fetch_source("board dts" ${RK_BOARD_DTB_TOP} u-boot OUT dest AS u-boot-dts
                  PATHS "arch/arm/dts/*" "arch/riscv/dts/*" "include/dt-bindings/*")
  set(${out_var} ${dest}/u-boot-dts PARENT_SCOPE)
endfunction()

function(rk_board_dtb target dts out)
  rk_board_dts_fetch(top)
  if(NOT EXISTS ${top}/${dts})
    message(FATAL_ERROR "board dts: ${dts} is not in ${top}; remove ${top} to unpack it again")
  endif()
  get_filename_component(dts_dir ${top}/${dts} DIRECTORY)
  find_program(RK_DTC dtc REQUIRED)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_C_COMPILER} -E -nostdinc -undef -D__DTS__ -x assembler-with-cpp
            -I ${top}/include -I ${dts_dir} -I ${dts_dir}/include
            -o ${out}.pp ${top}/${dts}
    # Warnings of the board files themselves (missing #address-cells in
    # interrupt providers) are upstream's and harmless: -q.
    COMMAND ${RK_DTC} -q -I dts -O dtb -o ${out} ${out}.pp
    DEPENDS ${top}/${dts}
    COMMENT "Device tree: ${dts}"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${out})
endfunction()
