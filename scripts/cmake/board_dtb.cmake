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

function(rk_board_dts_fetch out_var)
  if(DEFINED ENV{RUMPK_SOURCES})
    set(dest $ENV{RUMPK_SOURCES})
  else()
    set(dest ${CMAKE_SOURCE_DIR}/build/sources)
  endif()
  set(top ${dest}/u-boot-dts)
  file(MAKE_DIRECTORY ${dest})
  # Parallel configure steps (make test) fetch one at a time.
  file(LOCK ${dest}/.fetch.lock GUARD FUNCTION TIMEOUT 900 RESULT_VARIABLE lock_err)
  if(lock_err)
    message(FATAL_ERROR "board dts: cannot lock ${dest}/.fetch.lock: ${lock_err}")
  endif()
  execute_process(
    COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/fetch-source.sh --as u-boot-dts u-boot ${dest}
            "arch/arm/dts/*" "arch/riscv/dts/*" "include/dt-bindings/*"
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "board dts: fetching the device trees of Debian's u-boot source into "
                        "${dest}/u-boot-dts failed (status ${rc}); see the fetch-source message "
                        "above. It needs apt with deb-src access, as root or through sudo.")
  endif()
  set(${out_var} ${top} PARENT_SCOPE)
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
