# SPDX-License-Identifier: BSD-2-Clause
# Per-symbol configuration dependencies (docs/build-system.md, Incremental
# builds): scripts/fixdep.c, built with the host compiler into
# <build>/host/fixdep when CMake runs, wraps every compile so that each
# object depends on the include/config/<symbol>.h files of the options its
# source and headers mention instead of on autoconf.h as a whole.
#
# Sets RK_FIXDEP, the wrapper's command prefix (a list), for compile rules
# (RULE_LAUNCH_COMPILE, set here) and for custom commands that preprocess
# with autoconf.h (add -MD -MF <file> and DEPFILE <file>).
set(rk_fixdep_src ${CMAKE_SOURCE_DIR}/scripts/fixdep.c)
set(rk_fixdep_bin ${CMAKE_BINARY_DIR}/host/fixdep)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${rk_fixdep_src})
if(NOT EXISTS ${rk_fixdep_bin} OR ${rk_fixdep_src} IS_NEWER_THAN ${rk_fixdep_bin})
  find_program(RK_HOST_CC NAMES cc gcc clang)
  if(NOT RK_HOST_CC)
    message(FATAL_ERROR "rumpk: no host C compiler (cc) for scripts/fixdep.c; "
                        "run scripts/install-deps.sh")
  endif()
  file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/host)
  execute_process(COMMAND ${RK_HOST_CC} -O2 -Wall -Wextra -o ${rk_fixdep_bin} ${rk_fixdep_src}
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(rc)
    message(FATAL_ERROR "rumpk: building scripts/fixdep.c failed:\n${err}")
  endif()
endif()
set(RK_FIXDEP ${rk_fixdep_bin} ${CMAKE_BINARY_DIR}/include/config ${RK_AUTOCONF} --)
set(rk_launch ${RK_FIXDEP})
# RUMPK_CCACHE=<dir> (set by `make test` for its image builds): compiles go
# through ccache with its cache in <dir>, shared by every image of the run.
# Paths under the source tree are hashed relative (base_dir) and the build
# directory not at all, so an object whose preprocessed source and flags
# match another image's is not compiled again (libsodium, lwIP and most of
# the kernel are the same across a board's test images).
if(DEFINED ENV{RUMPK_CCACHE} AND NOT "$ENV{RUMPK_CCACHE}" STREQUAL "")
  find_program(RK_CCACHE_BIN ccache)
  if(RK_CCACHE_BIN)
    # fixdep puts the settings in ccache's environment (no env(1) per compile).
    list(APPEND rk_launch CCACHE_DIR=$ENV{RUMPK_CCACHE} CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}
         CCACHE_NOHASHDIR=1 ${RK_CCACHE_BIN})
  endif()
endif()
list(JOIN rk_launch " " rk_launcher)
set_property(GLOBAL PROPERTY RULE_LAUNCH_COMPILE "${rk_launcher}")
