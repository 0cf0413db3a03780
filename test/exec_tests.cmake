# SPDX-License-Identifier: BSD-2-Clause
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
  # Preemptive, with a program time limit (exec:hostile:prio:*: a loop
  # that never traps is ended).
  rk_exec_variant(prio shell_${p} CONFIG_SCHED_PRIO=y CONFIG_EXEC_TIME_LIMIT_MS=1000)
  rk_exec_variant(clang shell_${p} CONFIG_TOOLCHAIN_CLANG=y)
endforeach()
rk_exec_variant(nommu shell_qemu-virt-riscv64 CONFIG_RISCV_SV39=n)
# SMP (docs/smp.md): the shell's boot test with two CPUs (its programs on
# CPU 0), and under the preemptive scheduler with a program time limit
# (smpprio). The hostile programs on CPU 1 of both (below), and
# exec:smp:*: programs on both CPUs at once (test/exec/smp.expect).
foreach(p qemu-virt-riscv64 qemu-virt-aarch64 qemu-microvm-x86_64)
  rk_exec_variant(smp shell_${p} CONFIG_SMP=y CONFIG_NR_CPUS=2)
  rk_exec_variant(smpprio shell_${p} CONFIG_SMP=y CONFIG_NR_CPUS=2 CONFIG_SCHED_PRIO=y
                  CONFIG_EXEC_TIME_LIMIT_MS=3000)
  set(c shell_${p})
  if(p MATCHES "x86_64")
    set(qemu_extra "")
  else()
    set(qemu_extra -- -global virtio-mmio.force-legacy=false -device virtio-rng-device)
  endif()
  add_test(NAME exec:smp:${c} COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
           --expect ${CMAKE_CURRENT_SOURCE_DIR}/exec/smp.expect --name exec:smp:${c}
           --junit ${CMAKE_CURRENT_BINARY_DIR}/junit-exec-smp-${c}.xml
           ${EXEC_IMAGES}/smpprio/${c} ${qemu_extra})
  set_tests_properties(exec:smp:${c} PROPERTIES FIXTURES_REQUIRED exec:smpprio:${c} TIMEOUT 150)
endforeach()

# Hostile programs where programs run in user mode (riscv64 with Sv39,
# x86_64, aarch64): kernel memory written, read (the trusted build key) and jumped
# into, the program's own data executed, its stack overflowed, a kernel
# pointer and a bogus length given to a command, an unknown trap; each ends
# the program with its exact reason while the shell runs on
# (test/exec/hostile.py). Also under the preemptive scheduler, where
# interrupts taken in user mode may switch fibers.
foreach(arch riscv64 x86_64 aarch64)
  if(arch STREQUAL "x86_64")
    set(c shell_qemu-microvm-x86_64)
  else()
    set(c shell_qemu-virt-${arch})
  endif()
  add_test(NAME exec:hostile:${c} COMMAND ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/exec/hostile.py
           ${IMAGES}/${c} ${arch}-linux-gnu-nm ${arch})
  set_tests_properties(exec:hostile:${c} PROPERTIES FIXTURES_REQUIRED img:${c} TIMEOUT 120)
  add_test(NAME exec:hostile:prio:${c} COMMAND ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/exec/hostile.py
           ${EXEC_IMAGES}/prio/${c} ${arch}-linux-gnu-nm ${arch})
  set_tests_properties(exec:hostile:prio:${c} PROPERTIES
    FIXTURES_REQUIRED exec:prio:${c} TIMEOUT 120)
  add_test(NAME exec:hostile:smp:${c} COMMAND ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/exec/hostile.py
           ${EXEC_IMAGES}/smp/${c} ${arch}-linux-gnu-nm ${arch})
  set_tests_properties(exec:hostile:smp:${c} PROPERTIES
    FIXTURES_REQUIRED exec:smp:${c} TIMEOUT 120)
  # On CPU 1 (the shell moved there first), cooperative and preemptive
  # (the latter with the time limit: a loop that never traps, ended by
  # CPU 1's timer).
  foreach(v smp smpprio)
    add_test(NAME exec:hostile:${v}-cpu1:${c} COMMAND ${PY}
             ${CMAKE_CURRENT_SOURCE_DIR}/exec/hostile.py ${EXEC_IMAGES}/${v}/${c}
             ${arch}-linux-gnu-nm ${arch} --cpu 1)
    set_tests_properties(exec:hostile:${v}-cpu1:${c} PROPERTIES
      FIXTURES_REQUIRED exec:${v}:${c} TIMEOUT 120)
  endforeach()
endforeach()
# QEMU's cortex-a53 has no PAN: the same on -cpu max, which has it (the
# copies turn it off around themselves).
add_test(NAME exec:hostile:pan:shell_qemu-virt-aarch64 COMMAND ${PY}
         ${CMAKE_CURRENT_SOURCE_DIR}/exec/hostile.py ${IMAGES}/shell_qemu-virt-aarch64
         aarch64-linux-gnu-nm aarch64 -cpu max)
set_tests_properties(exec:hostile:pan:shell_qemu-virt-aarch64 PROPERTIES
  FIXTURES_REQUIRED img:shell_qemu-virt-aarch64 TIMEOUT 120)

# A program against the C library (picolibc, where Debian ships it:
# riscv64 and aarch64; programs/picolibc.cmake): printf, malloc, string
# functions, stdio on the initrd and the console, the exit status, and two
# of it at once (test/exec/libc.expect); also under the preemptive
# scheduler, where the two are switched in the middle of their work, and
# built with Clang and LLD.
foreach(arch riscv64 aarch64)
  set(c shell_qemu-virt-${arch})
  add_test(NAME exec:libc:${c} COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
           --expect ${CMAKE_CURRENT_SOURCE_DIR}/exec/libc.expect --name exec:libc:${c}
           --junit ${CMAKE_CURRENT_BINARY_DIR}/junit-exec-libc-${c}.xml ${IMAGES}/${c})
  set_tests_properties(exec:libc:${c} PROPERTIES FIXTURES_REQUIRED img:${c} TIMEOUT 120)
  foreach(v prio clang)
    add_test(NAME exec:libc:${v}:${c} COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
             --expect ${CMAKE_CURRENT_SOURCE_DIR}/exec/libc.expect --name exec:libc:${v}:${c}
             --junit ${CMAKE_CURRENT_BINARY_DIR}/junit-exec-libc-${v}-${c}.xml
             ${EXEC_IMAGES}/${v}/${c})
    set_tests_properties(exec:libc:${v}:${c} PROPERTIES FIXTURES_REQUIRED exec:${v}:${c}
                         TIMEOUT 120)
  endforeach()
endforeach()

# The archive builder: deterministic output and the expected members.
add_test(NAME exec:mkinitrd COMMAND ${PY} ${RK_TOP}/programs/check_initrd.py
         ${RK_TOP} ${CMAKE_CURRENT_BINARY_DIR}/exec-initrd)

# The initrd passed by the boot loader (CONFIG_INITRD_BOOTLOADER, configs/
# initrd_*: sigtest with the built-in initrd as the fallback). The generic
# boot:initrd_* test boots without one (the built-in one is mounted); these
# boot the same images with QEMU -initrd: the build's signed archive (its
# program runs), the archive with /bin/hello tampered (refused, the kernel
# keeps running) and with a broken tar header (refused, the built-in one is
# mounted), and archives that break the archive rule (hostile-*: refused,
# the built-in one is mounted). On riscv64 also device trees with bad /chosen ranges, and the
# U-Boot flow (booti with the initrd from the disk image).
set(EXEC_CASE ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/exec/initrd_case.py)
set(EXEC_EXPECT ${CMAKE_CURRENT_SOURCE_DIR}/exec)

function(rk_initrd_boot name config expect)
  add_test(NAME exec:initrd:${name}:${config} COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py
           --test --expect ${EXEC_EXPECT}/${expect} --name exec:initrd:${name}:${config}
           --junit ${CMAKE_CURRENT_BINARY_DIR}/junit-exec-initrd-${name}-${config}.xml
           ${IMAGES}/${config} -- ${ARGN})
  set_tests_properties(exec:initrd:${name}:${config} PROPERTIES
    FIXTURES_REQUIRED "img:${config};exec:initrd-cases:${config}" TIMEOUT 120)
endfunction()

foreach(p qemu-virt-riscv64 qemu-virt-aarch64 qemu-microvm-x86_64)
  set(c initrd_${p})
  set(cases ${CMAKE_CURRENT_BINARY_DIR}/exec-initrd-cases/${p})
  add_test(NAME exec:initrd-tamper:${c} COMMAND ${EXEC_CASE} tamper
           ${IMAGES}/${c}/initrd.tar ${cases}/tampered.tar)
  add_test(NAME exec:initrd-malform:${c} COMMAND ${EXEC_CASE} malform
           ${IMAGES}/${c}/initrd.tar ${cases}/malformed.tar)
  set_tests_properties(exec:initrd-tamper:${c} exec:initrd-malform:${c}
    PROPERTIES FIXTURES_REQUIRED img:${c} FIXTURES_SETUP exec:initrd-cases:${c})
  rk_initrd_boot(good ${c} initrd-good.expect -initrd ${IMAGES}/${c}/initrd.tar)
  rk_initrd_boot(tampered ${c} initrd-tampered.expect -initrd ${cases}/tampered.tar)
  rk_initrd_boot(malformed ${c} initrd-malformed.expect -initrd ${cases}/malformed.tar)
  # The archive rule (docs/signing.md): valid headers, but an empty
  # archive, one end block only, an absolute path, a link or a device.
  foreach(k zeros oneblock absolute symlink device)
    add_test(NAME exec:initrd-hostile-${k}:${c} COMMAND ${EXEC_CASE} hostile ${k}
             ${IMAGES}/${c}/initrd.tar ${cases}/hostile-${k}.tar)
    set_tests_properties(exec:initrd-hostile-${k}:${c}
      PROPERTIES FIXTURES_REQUIRED img:${c} FIXTURES_SETUP exec:initrd-cases:${c})
    rk_initrd_boot(hostile-${k} ${c} initrd-hostile-${k}.expect -initrd ${cases}/hostile-${k}.tar)
  endforeach()
endforeach()

# Bad ranges in QEMU's own riscv64 device tree (fw_jump: kernel image at
# 0x80200000, DTB moved to 0x82200000, RAM 0x80000000-0x88000000 with the
# default 128 MiB), in one- and two-cell form.
set(c initrd_qemu-virt-riscv64)
set(cases ${CMAKE_CURRENT_BINARY_DIR}/exec-initrd-cases/qemu-virt-riscv64)
foreach(r "inverted 0x84000000 0x83000000 --cells 1"
          "outside 0x10000000 0x10001000"
          "straddle 0x87fff000 0x88001000 --cells 1"
          "kernel 0x80200000 0x80210000"
          "dtb 0x82200000 0x82201000"
          "half 0x84000000 0 --no-end")
  separate_arguments(r)
  list(POP_FRONT r name)
  add_test(NAME exec:initrd-dtb-${name}:${c} COMMAND ${EXEC_CASE} dtb ${IMAGES}/${c}
           ${cases}/range-${name}.dtb ${r})
  set_tests_properties(exec:initrd-dtb-${name}:${c} PROPERTIES FIXTURES_REQUIRED img:${c}
    FIXTURES_SETUP exec:initrd-cases:${c})
  rk_initrd_boot(range-${name} ${c} initrd-range-${name}.expect -dtb ${cases}/range-${name}.dtb)
endforeach()

# U-Boot: the disk image of an INITRD_BOOTLOADER build carries initrd.tar,
# which boot.scr loads and hands over (scripts/uboot/boot.cmd): booti on
# riscv64, bootm with the FIT on aarch64 (U-Boot moves it there first).
function(rk_initrd_uboot config flow)
  rk_disk_image(${config}) # test/boot_flows.cmake
  rk_flow_dir(${config} dir)
  add_test(NAME exec:initrd:${flow}:${config} COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py
           --test --boot ${flow} --expect ${EXEC_EXPECT}/initrd-good.expect
           --name exec:initrd:${flow}:${config}
           --junit ${CMAKE_CURRENT_BINARY_DIR}/junit-exec-initrd-${flow}-${config}.xml
           ${dir})
  set_tests_properties(exec:initrd:${flow}:${config} PROPERTIES
    FIXTURES_REQUIRED flow:${config} TIMEOUT 120)
endfunction()
rk_initrd_uboot(initrd_qemu-virt-riscv64 uboot)
rk_initrd_uboot(initrd_qemu-virt-aarch64 uboot-fit)
