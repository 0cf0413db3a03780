# SPDX-License-Identifier: BSD-2-Clause
# Fetching a Debian source package for the build (lwIP, libsodium, libfdt and
# the board device trees from u-boot): scripts/fetch-source.sh unpacks the
# upstream tarball (apt checks its checksums) into $RUMPK_SOURCES, default
# <top>/build/sources, which every build directory and the host tests
# share. Nothing fetched is ever committed.
#
# rk_fetch_source(<label> <top> <package> OUT <var> [AS <name>] [PATHS <glob>...])
#   unpacks <package> (into <name> instead when AS is given, so that another
#   selection of paths from the same download gets its own tree) and sets
#   <var> to the sources directory. <label> names the component in errors.
#   Parallel configure steps (make test builds many images at once) take
#   turns on one lock file, so two apt runs never overlap and the later
#   ones find the tree already unpacked.
function(rk_fetch_source label top package)
  cmake_parse_arguments(F "" "OUT;AS" "PATHS" ${ARGN})
  if(NOT F_OUT)
    message(FATAL_ERROR "rk_fetch_source(${label}): OUT <var> is required")
  endif()
  if(DEFINED ENV{RUMPK_SOURCES})
    set(dest $ENV{RUMPK_SOURCES})
  else()
    set(dest ${top}/build/sources)
  endif()
  set(as)
  if(F_AS)
    set(as --as ${F_AS})
  endif()
  file(MAKE_DIRECTORY ${dest})
  file(LOCK ${dest}/.fetch.lock GUARD FUNCTION TIMEOUT 900 RESULT_VARIABLE lock_err)
  if(lock_err)
    message(FATAL_ERROR "${label}: cannot lock ${dest}/.fetch.lock: ${lock_err}")
  endif()
  execute_process(COMMAND bash ${top}/scripts/fetch-source.sh ${as} ${package} ${dest} ${F_PATHS}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${label}: fetching Debian's ${package} source package into ${dest} "
                        "failed (status ${rc}); see the fetch-source message above. It needs "
                        "apt with deb-src access, as root or through sudo. Set RUMPK_SOURCES "
                        "to use another directory.")
  endif()
  set(${F_OUT} ${dest} PARENT_SCOPE)
endfunction()
