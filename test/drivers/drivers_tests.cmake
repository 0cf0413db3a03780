# SPDX-License-Identifier: BSD-2-Clause
# The driver model (docs/driver-model.md): device-tree binding honours a
# node's status. Included from test/CMakeLists.txt (IMAGES, PY, RK_TOP set).
#
#   boot:fdt-status-disabled-riscv64  QEMU's own riscv64 virt DTB with the
#       virtio-mmio slot of the one device set to status = "disabled"
#       (fdtput): the device must stay unbound (same -m/-smp as the run).
find_program(RK_FDTPUT fdtput REQUIRED)
find_program(RK_QEMU_RV64_DRV qemu-system-riscv64 REQUIRED)
set(drv_out ${CMAKE_CURRENT_BINARY_DIR}/drivers)
file(MAKE_DIRECTORY ${drv_out})
add_custom_command(OUTPUT ${drv_out}/virt-slot-disabled.dtb
  COMMAND ${RK_QEMU_RV64_DRV} -M virt,dumpdtb=${drv_out}/virt-slot-disabled.dtb -smp 1 -m 128
          -display none -nodefaults
  COMMAND ${RK_FDTPUT} -t s ${drv_out}/virt-slot-disabled.dtb /soc/virtio_mmio@10008000 status disabled
  COMMENT "riscv64 virt DTB with the highest virtio-mmio slot disabled")
add_custom_target(drivers_test_dtbs ALL DEPENDS ${drv_out}/virt-slot-disabled.dtb)
add_test(NAME boot:fdt-status-disabled-riscv64 COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
         --name fdt-status-disabled-riscv64
         --expect ${CMAKE_CURRENT_SOURCE_DIR}/drivers/fdt_status_disabled.expect
         ${IMAGES}/ktest_coop_qemu-virt-riscv64
         -- -dtb ${drv_out}/virt-slot-disabled.dtb
         -global virtio-mmio.force-legacy=false -device virtio-rng-device)
set_tests_properties(boot:fdt-status-disabled-riscv64 PROPERTIES
  FIXTURES_REQUIRED img:ktest_coop_qemu-virt-riscv64 TIMEOUT 120)

# Console discovery from /chosen/stdout-path in a real boot of the
# generic-riscv64 hello (the same image on both machines):
#   boot:fdt-console-fallback-riscv64  virt, stdout-path naming a node no
#       console driver drives: the line that says so, then the fallback UART
#   boot:fdt-console-alias-riscv64  sifive_u, stdout-path "serial0:115200n8"
#       (an alias and options): UART0, nothing reported
#   boot:fdt-console-speed-riscv64  virt, stdout-path with ":115200n8": the
#       ns16550 divisor programmed from clock-frequency, output intact
add_custom_command(OUTPUT ${drv_out}/virt-stdout-rtc.dtb
  COMMAND ${RK_QEMU_RV64_DRV} -M virt,dumpdtb=${drv_out}/virt-stdout-rtc.dtb -smp 1 -m 128
          -display none -nodefaults
  COMMAND ${RK_FDTPUT} -t s ${drv_out}/virt-stdout-rtc.dtb /chosen stdout-path /soc/rtc@101000
  COMMENT "riscv64 virt DTB whose stdout-path names the RTC")
add_custom_command(OUTPUT ${drv_out}/sifive-u-stdout-alias.dtb
  COMMAND ${RK_QEMU_RV64_DRV} -M sifive_u,dumpdtb=${drv_out}/sifive-u-stdout-alias.dtb -smp 2 -m 128
          -display none -nodefaults
  COMMAND ${RK_FDTPUT} -t s ${drv_out}/sifive-u-stdout-alias.dtb /chosen stdout-path serial0:115200n8
  COMMENT "sifive_u DTB whose stdout-path is an alias with options")
add_custom_command(OUTPUT ${drv_out}/virt-stdout-speed.dtb
  COMMAND ${RK_QEMU_RV64_DRV} -M virt,dumpdtb=${drv_out}/virt-stdout-speed.dtb -smp 1 -m 128
          -display none -nodefaults
  COMMAND ${RK_FDTPUT} -t s ${drv_out}/virt-stdout-speed.dtb /chosen stdout-path
          /soc/serial@10000000:115200n8
  COMMENT "riscv64 virt DTB whose stdout-path asks for 115200 baud")
add_custom_target(console_test_dtbs ALL DEPENDS ${drv_out}/virt-stdout-rtc.dtb
                  ${drv_out}/sifive-u-stdout-alias.dtb ${drv_out}/virt-stdout-speed.dtb)
add_test(NAME boot:fdt-console-fallback-riscv64 COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
         --name fdt-console-fallback-riscv64
         --expect ${CMAKE_CURRENT_SOURCE_DIR}/drivers/fdt_console_fallback.expect
         ${IMAGES}/hello_generic-riscv64 -- -dtb ${drv_out}/virt-stdout-rtc.dtb)
add_test(NAME boot:fdt-console-alias-riscv64 COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
         --name fdt-console-alias-riscv64 --boot sifive-u
         --expect ${CMAKE_CURRENT_SOURCE_DIR}/drivers/fdt_console_alias.expect
         ${IMAGES}/hello_generic-riscv64 -- -dtb ${drv_out}/sifive-u-stdout-alias.dtb)
add_test(NAME boot:fdt-console-speed-riscv64 COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
         --name fdt-console-speed-riscv64
         --expect ${CMAKE_CURRENT_SOURCE_DIR}/drivers/fdt_console_speed.expect
         ${IMAGES}/hello_generic-riscv64 -- -dtb ${drv_out}/virt-stdout-speed.dtb)
set_tests_properties(boot:fdt-console-fallback-riscv64 boot:fdt-console-alias-riscv64
                     boot:fdt-console-speed-riscv64 PROPERTIES
  FIXTURES_REQUIRED img:hello_generic-riscv64 TIMEOUT 120)

# boot:fdt-syscon-poweroff-riscv64: the power-off of a DTB with no test
# finisher driver, through syscon-poweroff (drivers/power/syscon_poweroff.c).
# The image is the generic hello without semihosting (which would carry the
# status first), built into a directory of its own.
set(syscon_images ${drv_out}/images)
add_test(NAME build:syscon-poweroff COMMAND make -s -C ${RK_TOP} BUILD=${syscon_images}
         RUMPK_NO_INSTALL=1 hello_generic-riscv64_defconfig all CONFIG_RISCV_SEMIHOSTING_EXIT=n)
set_tests_properties(build:syscon-poweroff PROPERTIES FIXTURES_SETUP img:syscon-poweroff TIMEOUT 300)
add_custom_command(OUTPUT ${drv_out}/virt-syscon-poweroff.dtb
  COMMAND ${RK_QEMU_RV64_DRV} -M virt,dumpdtb=${drv_out}/virt-syscon-poweroff.dtb -smp 1 -m 128
          -display none -nodefaults
  COMMAND ${RK_FDTPUT} -t s ${drv_out}/virt-syscon-poweroff.dtb /soc/test@100000 compatible
          rumpk,no-driver syscon
  COMMAND ${RK_FDTPUT} -t x ${drv_out}/virt-syscon-poweroff.dtb /poweroff value 0x53333
  COMMENT "riscv64 virt DTB whose power-off is syscon-poweroff only")
add_custom_target(syscon_test_dtbs ALL DEPENDS ${drv_out}/virt-syscon-poweroff.dtb)
add_test(NAME boot:fdt-syscon-poweroff-riscv64 COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
         --name fdt-syscon-poweroff-riscv64
         --expect ${CMAKE_CURRENT_SOURCE_DIR}/drivers/syscon_poweroff.expect
         ${syscon_images}/hello_generic-riscv64 -- -dtb ${drv_out}/virt-syscon-poweroff.dtb)
set_tests_properties(boot:fdt-syscon-poweroff-riscv64 PROPERTIES
  FIXTURES_REQUIRED img:syscon-poweroff TIMEOUT 120)

# The Cadence GEM's descriptor rings (drivers/net/gem_ring.c) against a
# model of the device's side: fill order, wrap, status words cleared, a full
# receive ring and its restart, transmit ring full and reclaimed (host,
# ASan + UBSan). The driver itself is proven by net:http:httpd_sifive-u-riscv64
# and net:echo:echo_sifive-u-riscv64 (curl and sockets through QEMU's GEM).
rk_unit_test(test_gem_ring unit/test_gem_ring.c ${RK_TOP}/drivers/net/gem_ring.c)
