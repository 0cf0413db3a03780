# Signed programs (kernel/exec, apps/shell, apps/sigtest, programs/), beyond
# the build/boot/size tests every configs/shell_* and sigtest_* defconfig
# gets from test/CMakeLists.txt: the shell's boot test again under the
# preemptive scheduler, without the riscv64 MMU (bare mode) and built with
# Clang, each variant in a build directory of its own.
set(EXEC_IMAGES ${CMAKE_CURRENT_BINARY_DIR}/exec-images)
function(rk_exec_variant variant config)
  set(dir ${EXEC_IMAGES}/${variant})
  add_test(NAME exec:build:${variant}:${config} COMMAND make -s -C ${RK_TOP} BUILD=${dir}
           RUMPK_NO_INSTALL=1 ${config}_defconfig all ${ARGN})
  set_tests_properties(exec:build:${variant}:${config} PROPERTIES
    FIXTURES_SETUP exec:${variant}:${config} TIMEOUT 300)
  add_test(NAME exec:boot:${variant}:${config} COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py
           ${dir}/${config} --test --name exec:${variant}:${config}
           --junit ${CMAKE_CURRENT_BINARY_DIR}/junit-exec-${variant}-${config}.xml)
  set_tests_properties(exec:boot:${variant}:${config} PROPERTIES
    FIXTURES_REQUIRED exec:${variant}:${config} TIMEOUT 120)
endfunction()

foreach(p qemu-virt-riscv64 qemu-virt-aarch64 qemu-microvm-x86_64)
  rk_exec_variant(prio shell_${p} CONFIG_SCHED_PRIO=y)
  rk_exec_variant(clang shell_${p} CONFIG_TOOLCHAIN_CLANG=y)
endforeach()
rk_exec_variant(nommu shell_qemu-virt-riscv64 CONFIG_RISCV_SV39=n)

# The archive builder: deterministic output and the expected members.
add_test(NAME exec:mkinitrd COMMAND ${PY} ${RK_TOP}/programs/check_initrd.py
         ${RK_TOP} ${CMAKE_CURRENT_BINARY_DIR}/exec-initrd)
