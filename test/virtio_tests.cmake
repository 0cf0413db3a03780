# Virtio transports beyond what the generic boot:<defconfig> tests cover;
# included from test/CMakeLists.txt after the defconfig loop.
#
#   boot:virtio-pci-x86_64          the virtiotest image (pcie=on, virtio-pci
#                                   by default on x86_64): enumeration, BAR
#                                   placement, MSI-X, every device over pci
#   boot:virtio-pci-legacy-x86_64   a legacy-only PCI device is refused with
#                                   its reason and the rest keeps working
#   boot:virtio-mmio-x86_64         virtiotest built with MICROVM_PCIE=n:
#                                   acpi=off and the virtio-mmio slots of the
#                                   kernel command line (the app's own
#                                   test.expect, with -device virtio-*-device)
set(vt virtiotest_qemu-microvm-x86_64)
foreach(t pci pci_legacy)
  string(REPLACE "_" "-" tname ${t})
  add_test(NAME boot:virtio-${tname}-x86_64 COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
           --name virtio-${tname} --expect ${CMAKE_CURRENT_SOURCE_DIR}/virtio/${t}.expect ${IMAGES}/${vt})
  set_tests_properties(boot:virtio-${tname}-x86_64 PROPERTIES FIXTURES_REQUIRED img:${vt}
                       TIMEOUT 120)
endforeach()

add_test(NAME build:virtio-mmio-x86_64 COMMAND make -s -C ${RK_TOP}
         BUILD=${CMAKE_CURRENT_BINARY_DIR}/virtio-mmio RUMPK_NO_INSTALL=1 ${vt}_defconfig all
         CONFIG_MICROVM_PCIE=n)
set_tests_properties(build:virtio-mmio-x86_64 PROPERTIES FIXTURES_SETUP img:virtio-mmio-x86_64
                     TIMEOUT 300)
add_test(NAME boot:virtio-mmio-x86_64 COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
         --expect ${RK_TOP}/apps/virtiotest/test.expect ${CMAKE_CURRENT_BINARY_DIR}/virtio-mmio/${vt})
set_tests_properties(boot:virtio-mmio-x86_64 PROPERTIES FIXTURES_REQUIRED img:virtio-mmio-x86_64
                     TIMEOUT 120)
