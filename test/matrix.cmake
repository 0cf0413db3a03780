# SPDX-License-Identifier: BSD-2-Clause
# The boot matrix, from the apps' own descriptions (apps/*/app.desc, and the
# example app kept outside apps/, docs/examples/hello-outside): one row per
# test case and board, "name arch case make-arguments...", printed by
# scripts/catalog.py. Sets RK_MATRIX (the names), RK_MATRIX_ARCH_<name>,
# RK_MATRIX_CASE_<name>, RK_MATRIX_MAKE_<name> (what selects it: a saved
# combination <name>_defconfig, or APP=<dir> BOARD=<board>) and
# RK_DEFCONFIGS (the saved combinations among them, as <name>_defconfig).
set(RK_OUTSIDE_APPS ${RK_TOP}/docs/examples/hello-outside)
set(args)
foreach(d ${RK_OUTSIDE_APPS})
  list(APPEND args --app ${d})
endforeach()
execute_process(COMMAND ${PY} ${RK_TOP}/scripts/catalog.py matrix ${args}
                OUTPUT_VARIABLE rows RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "scripts/catalog.py matrix failed: ${err}")
endif()
# Re-run CMake when an app, its description or a board changes.
file(GLOB descs ${RK_TOP}/apps/*/app.desc ${RK_TOP}/configs/boards/*_defconfig)
foreach(d ${RK_OUTSIDE_APPS})
  list(APPEND descs ${d}/app.desc)
endforeach()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${RK_TOP}/apps ${RK_TOP}/configs ${RK_TOP}/configs/boards ${descs})
string(REPLACE "\n" ";" rows "${rows}")
set(RK_MATRIX)
set(RK_DEFCONFIGS)
foreach(row ${rows})
  if(row STREQUAL "")
    continue()
  endif()
  separate_arguments(fields UNIX_COMMAND "${row}")
  list(POP_FRONT fields name arch case)
  list(APPEND RK_MATRIX ${name})
  set(RK_MATRIX_ARCH_${name} ${arch})
  set(RK_MATRIX_CASE_${name} ${case})
  set(RK_MATRIX_MAKE_${name} ${fields})
  if(fields STREQUAL "${name}_defconfig")
    list(APPEND RK_DEFCONFIGS ${name}_defconfig)
  endif()
endforeach()
