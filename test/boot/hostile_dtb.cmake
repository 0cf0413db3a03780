# SPDX-License-Identifier: BSD-2-Clause
# Hostile device trees (issue 15): QEMU's own DTB for the machine, broken in
# one way per case by test/boot/hostile_dtb.py (huge, wrapping and zero
# memory sizes, a reservation outside RAM, interrupt-parent loops, deep
# nesting, missing and duplicate phandles, #address-cells 3, an interrupts
# property shorter than its cells, a zero timebase), booted with -dtb. The
# kernel must name the node and property ("dtb: /memory@80000000 reg: ...")
# and then stop with the panic status, or go on without the bad part. The
# image is hello with the memory and timer components, so that the boot
# reads everything the checks cover; it is built into a directory of its
# own (the defconfig tests build images/ at the same time).
set(DTB_IMAGES ${CMAKE_CURRENT_BINARY_DIR}/dtb-images)
set(DTB_CASES_DIR ${CMAKE_CURRENT_BINARY_DIR}/dtb-cases)
set(HOSTILE_DTB ${CMAKE_CURRENT_SOURCE_DIR}/boot/hostile_dtb.py)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${HOSTILE_DTB})

# generic-riscv64 and generic-aarch64 boot the same virt machines with
# everything from the DTB: their console and power-off come from the tree
# under test, so a refused one is reported through the console of last
# resort (SBI, semihosting) and leaves through semihosting.
set(dtb_configs hello_qemu-virt-riscv64 riscv64 hello_qemu-virt-aarch64 aarch64
                hello_generic-riscv64 riscv64 hello_generic-aarch64 aarch64)
while(dtb_configs)
  list(POP_FRONT dtb_configs config arch)
  add_test(NAME dtb:build:${config} COMMAND make -s -C ${RK_TOP} BUILD=${DTB_IMAGES}
           RUMPK_NO_INSTALL=1 ${config}_defconfig all CONFIG_HEAP=y CONFIG_TIME=y)
  set_tests_properties(dtb:build:${config} PROPERTIES FIXTURES_SETUP dtb:${config} TIMEOUT 300)
  execute_process(COMMAND ${PY} ${HOSTILE_DTB} --list ${arch} OUTPUT_VARIABLE cases
                  OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
  foreach(case ${cases})
    set(out ${DTB_CASES_DIR}/${config}) # two configs of one arch: each its own
    add_test(NAME dtb:make-${case}:${config} COMMAND ${PY} ${HOSTILE_DTB}
             ${DTB_IMAGES}/${config} ${case} ${out})
    set_tests_properties(dtb:make-${case}:${config} PROPERTIES
      FIXTURES_REQUIRED dtb:${config} FIXTURES_SETUP dtb-case:${case}:${config} TIMEOUT 60)
    add_test(NAME dtb:${case}:${config} COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
             --expect ${out}/${case}.expect --name dtb:${case}:${config}
             --junit ${CMAKE_CURRENT_BINARY_DIR}/junit-dtb-${case}-${config}.xml
             ${DTB_IMAGES}/${config})
    set_tests_properties(dtb:${case}:${config} PROPERTIES
      FIXTURES_REQUIRED "dtb:${config};dtb-case:${case}:${config}" TIMEOUT 60)
  endforeach()
endwhile()

# The device-tree hellos as the boot matrix builds them (no heap or timers:
# OPTIMIZE_SMALLEST, the interrupt checks left out since nothing reads an
# interrupt): what such an image still judges (nesting, phandles, the
# root's cells) refuses a hostile tree by name all the same.
set(dtb_small hello_generic-riscv64 riscv64 hello_generic-aarch64 aarch64)
while(dtb_small)
  list(POP_FRONT dtb_small config arch)
  set(cases deep phandle-dup)
  if(arch STREQUAL "riscv64")
    list(APPEND cases address-cells) # reaches the kernel on riscv64 only (above)
  endif()
  set(out ${DTB_CASES_DIR}/${config}-smallest)
  foreach(case ${cases})
    set(name ${case}:${config}:smallest)
    add_test(NAME dtb:make-${name} COMMAND ${PY} ${HOSTILE_DTB} ${IMAGES}/${config} ${case} ${out})
    set_tests_properties(dtb:make-${name} PROPERTIES
      FIXTURES_REQUIRED img:${config} FIXTURES_SETUP dtb-case:${name} TIMEOUT 60)
    add_test(NAME dtb:${name} COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
             --expect ${out}/${case}.expect --name dtb:${name}
             --junit ${CMAKE_CURRENT_BINARY_DIR}/junit-dtb-${case}-${config}-smallest.xml
             ${IMAGES}/${config})
    set_tests_properties(dtb:${name} PROPERTIES
      FIXTURES_REQUIRED "img:${config};dtb-case:${name}" TIMEOUT 60)
  endforeach()
endwhile()
