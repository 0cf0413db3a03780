# SPDX-License-Identifier: BSD-2-Clause
# Where libfdt comes from. Debian's device-tree-compiler source package is
# not served by the mirror; u-boot's is, and it carries upstream dtc's libfdt
# unchanged in scripts/dtc/libfdt. scripts/fetch-source.sh downloads it
# (checksums verified by apt) into $RUMPK_SOURCES, default build/sources,
# which every build directory shares. Nothing fetched is ever committed.
# Used by drivers/fdt/CMakeLists.txt (image) and test/unit (host tests).
#
# rk_libfdt_fetch(<source top>) sets LIBFDT_DIR and LIBFDT_SOURCES.
function(rk_libfdt_fetch top)
  if(DEFINED ENV{RUMPK_SOURCES})
    set(dest $ENV{RUMPK_SOURCES})
  else()
    set(dest ${top}/build/sources)
  endif()
  set(dir ${dest}/u-boot/scripts/dtc/libfdt)
  # The libfdt parts that read a tree (validation, lookup, addresses), and
  # the in-place and read-write editors: fdt_addresses.c has a writer that
  # calls into fdt_rw.c, which calls into fdt_wip.c, and an image must link
  # whatever objects reference. --gc-sections drops the unused code.
  set(files fdt.c fdt_ro.c fdt_strerror.c fdt_addresses.c fdt_rw.c fdt_wip.c)
  list(TRANSFORM files PREPEND ${dir}/)

  # Configure steps of parallel builds (make test) fetch at the same time:
  # one at a time, the later ones then find the tree already unpacked.
  file(MAKE_DIRECTORY ${dest})
  file(LOCK ${dest}/.fetch.lock GUARD FUNCTION TIMEOUT 900 RESULT_VARIABLE lock_err)
  if(lock_err)
    message(FATAL_ERROR "libfdt: cannot lock ${dest}/.fetch.lock: ${lock_err}")
  endif()
  execute_process(
    COMMAND bash ${top}/scripts/fetch-source.sh u-boot ${dest} "scripts/dtc/libfdt/*"
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "libfdt: fetching Debian's u-boot source (for scripts/dtc/libfdt) "
                        "into ${dest} failed (status ${rc}); see the fetch-source message above. "
                        "It needs apt with deb-src access, as root or through sudo.")
  endif()
  foreach(f ${files} ${dir}/libfdt.h)
    if(NOT EXISTS ${f})
      message(FATAL_ERROR "libfdt: ${f} missing after the fetch; "
                          "remove ${dest}/u-boot to unpack it again")
    endif()
  endforeach()
  set(LIBFDT_DIR ${dir} PARENT_SCOPE)
  set(LIBFDT_SOURCES ${files} PARENT_SCOPE)
endfunction()
