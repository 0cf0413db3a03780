# SPDX-License-Identifier: BSD-2-Clause
# The developer's everyday tools (test/tooling/); included from
# test/CMakeLists.txt after the defconfig loop (images in ${IMAGES}, fixtures
# img:<name>) and boot_flows.cmake (disk images, fixtures flow:<config>, in
# the directory rk_flow_dir names).
#
#   debug:<config>:<flow>  make debug through gdb in batch mode: stop at _start
#                          through the flow's firmware, registers, backtraces,
#                          the console apart from gdb, kill
#   debug:gdb-helpers      rk-ring and rk-fibers (scripts/gdb/rumpk.py)
#   tooling:fixdep         scripts/fixdep.c built and run with the host compiler
#   tooling:incremental    one option changed -> only its readers recompiled
#   tooling:*              make run's status, BOOT= checks, O=/BUILD=,
#                          guiconfig without Tk, KVM absent, HOSTPORT
#
# Tests that run make in a shared image directory hold a lock on it: two
# ninja runs in one directory at once could race on its logs.
set(TOOLING ${CMAKE_CURRENT_SOURCE_DIR}/tooling)

function(rk_debug_test config flow)
  if(flow STREQUAL "direct")
    set(dir ${IMAGES})
    set(fixture img:${config})
  else()
    rk_flow_dir(${config} dir)
    get_filename_component(dir ${dir} DIRECTORY)
    set(fixture flow:${config})
  endif()
  add_test(NAME debug:${config}:${flow}
           COMMAND ${PY} ${TOOLING}/debug_test.py ${RK_TOP} ${dir} ${config} ${flow} ${ARGN})
  set_tests_properties(debug:${config}:${flow} PROPERTIES FIXTURES_REQUIRED ${fixture}
                       RESOURCE_LOCK ${dir}/${config} TIMEOUT 180)
endfunction()
foreach(flow direct opensbi opensbi-dynamic opensbi-quiet uboot uboot-fit)
  rk_debug_test(hello_qemu-virt-riscv64 ${flow})
endforeach()
foreach(flow direct uboot uboot-fit)
  rk_debug_test(hello_qemu-virt-aarch64 ${flow})
endforeach()
foreach(flow direct opensbi opensbi-dynamic)
  rk_debug_test(hello_sifive-u-riscv64 ${flow})
endforeach()
rk_debug_test(hello_qemu-microvm-x86_64 direct)
add_test(NAME debug:gdb-helpers COMMAND ${PY} ${TOOLING}/debug_test.py ${RK_TOP} ${IMAGES}
         ktest_coop_qemu-virt-riscv64 direct --helpers)
set_tests_properties(debug:gdb-helpers PROPERTIES FIXTURES_REQUIRED img:ktest_coop_qemu-virt-riscv64
                     RESOURCE_LOCK ${IMAGES}/ktest_coop_qemu-virt-riscv64 TIMEOUT 180)

set(TOOLING_OUT ${CMAKE_CURRENT_BINARY_DIR}/tooling)
add_test(NAME tooling:fixdep COMMAND ${PY} ${TOOLING}/fixdep_test.py ${RK_TOP} ${TOOLING_OUT}/fixdep)
add_test(NAME tooling:incremental COMMAND ${PY} ${TOOLING}/incremental.py ${RK_TOP}
         ${TOOLING_OUT}/incremental)
# Without make test's ccache (RUMPK_CCACHE): the dependency file of a compile
# ccache answers names autoconf.h itself, so fixdep cannot narrow it to the
# options the source reads; that rebuilds more, never less, which the test
# would count as a failure of the per-option dependencies it checks.
set_tests_properties(tooling:incremental PROPERTIES TIMEOUT 600 ENVIRONMENT "RUMPK_CCACHE=")
add_test(NAME tooling:hostport COMMAND ${PY} ${TOOLING}/hostport.py ${RK_TOP} ${TOOLING_OUT}/hostport)
set_tests_properties(tooling:hostport PROPERTIES TIMEOUT 600)
foreach(check boot-flow out-dir guiconfig)
  add_test(NAME tooling:${check} COMMAND ${PY} ${TOOLING}/front_end.py ${check} ${RK_TOP}
           ${TOOLING_OUT}/${check})
  set_tests_properties(tooling:${check} PROPERTIES TIMEOUT 300)
endforeach()
add_test(NAME tooling:run-status COMMAND ${PY} ${TOOLING}/front_end.py run-status ${RK_TOP} ${IMAGES})
set_tests_properties(tooling:run-status PROPERTIES TIMEOUT 300
  FIXTURES_REQUIRED "img:hello_qemu-microvm-x86_64;img:fault_qemu-microvm-x86_64;img:fault_qemu-virt-riscv64"
  RESOURCE_LOCK "${IMAGES}/hello_qemu-microvm-x86_64;${IMAGES}/fault_qemu-microvm-x86_64;${IMAGES}/fault_qemu-virt-riscv64")
add_test(NAME tooling:kvm COMMAND ${PY} ${TOOLING}/front_end.py kvm ${RK_TOP} ${IMAGES} ${TOOLING_OUT}/kvm)
set_tests_properties(tooling:kvm PROPERTIES TIMEOUT 300
  FIXTURES_REQUIRED "img:hello_qemu-microvm-x86_64;img:hello_qemu-virt-riscv64"
  RESOURCE_LOCK "${IMAGES}/hello_qemu-microvm-x86_64;${IMAGES}/hello_qemu-virt-riscv64")

# Board and app as separate axes (make BOARD= APP=, test/tooling/axes_test.py):
#   axes:lists axes:errors axes:naming axes:descriptions   the front end only
#   axes:outside   an app in a directory outside the tree, built and booted
#   axes:guide     the app of docs/app-guide.md, built and booted
foreach(check lists errors naming descriptions outside guide)
  add_test(NAME axes:${check} COMMAND ${PY} ${TOOLING}/axes_test.py ${check} ${RK_TOP}
           ${TOOLING_OUT}/axes-${check})
  set_tests_properties(axes:${check} PROPERTIES TIMEOUT 600)
endforeach()

# bench:linuxvm  the Linux anchor's builder (bench/linuxvm.py) without downloads
#                or QEMU: newc archive read back, module order, ELF closure, /init
add_test(NAME bench:linuxvm COMMAND ${PY} ${RK_TOP}/bench/linuxvm_test.py ${TOOLING_OUT}/linuxvm)

# tooling:spdx   every source file carries its license line (CONTRIBUTING.md)
add_test(NAME tooling:spdx COMMAND ${PY} ${RK_TOP}/scripts/spdx.py ${RK_TOP})
