# SPDX-License-Identifier: BSD-2-Clause
# Where libfdt comes from. Debian's device-tree-compiler source package is
# not served by the mirror; u-boot's is, and it carries upstream dtc's libfdt
# unchanged in scripts/dtc/libfdt. scripts/fetch-source.sh downloads it
# (checksums verified by apt) into $RUMPK_SOURCES, default build/sources,
# which every build directory shares. Nothing fetched is ever committed.
# Used by drivers/fdt/CMakeLists.txt (image) and test/unit (host tests).
#
# rk_libfdt_fetch(<source top>) sets LIBFDT_DIR and LIBFDT_SOURCES.
include(${CMAKE_CURRENT_LIST_DIR}/../../scripts/cmake/fetch_source.cmake)

function(rk_libfdt_fetch top)
  rk_fetch_source(libfdt ${top} u-boot OUT dest PATHS "scripts/dtc/libfdt/*")
  set(dir ${dest}/u-boot/scripts/dtc/libfdt)
  # The libfdt parts that read a tree (validation, lookup, addresses), and
  # the in-place and read-write editors: fdt_addresses.c has a writer that
  # calls into fdt_rw.c, which calls into fdt_wip.c, and an image must link
  # whatever objects reference. --gc-sections drops the unused code.
  set(files fdt.c fdt_ro.c fdt_strerror.c fdt_addresses.c fdt_rw.c fdt_wip.c)
  list(TRANSFORM files PREPEND ${dir}/)

  foreach(f ${files} ${dir}/libfdt.h)
    if(NOT EXISTS ${f})
      message(FATAL_ERROR "libfdt: ${f} missing after the fetch; "
                          "remove ${dest}/u-boot to unpack it again")
    endif()
  endforeach()
  set(LIBFDT_DIR ${dir} PARENT_SCOPE)
  set(LIBFDT_SOURCES ${files} PARENT_SCOPE)
endfunction()
