# SPDX-License-Identifier: BSD-2-Clause
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
#                                   app.desc, with -device virtio-*-device)
#   build:virtio-pci-<arch>         virtiotest for riscv64/aarch64 virt with
#                                   CONFIG_PCI=y (the DTB's PCIe bridge;
#                                   qemu.json's virtio_bus becomes pci)
#   boot:virtio-pci-app-<arch>      that image with the app's own app.desc:
#                                   every device over pci, irq and polled
#   boot:virtio-pci-<arch>          enumeration from the DTB, BARs in the
#                                   window, INTx routed by interrupt-map
#   boot:virtio-pci-shared-<arch>   two functions on one INTx line: the
#                                   second runs polled, nothing breaks
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
         ${CMAKE_CURRENT_BINARY_DIR}/virtio-mmio/${vt})
set_tests_properties(boot:virtio-mmio-x86_64 PROPERTIES FIXTURES_REQUIRED img:virtio-mmio-x86_64
                     TIMEOUT 120)

foreach(arch riscv64 aarch64)
  set(vt virtiotest_qemu-virt-${arch})
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/virtio-pci-${arch})
  add_test(NAME build:virtio-pci-${arch} COMMAND make -s -C ${RK_TOP} BUILD=${dir}
           RUMPK_NO_INSTALL=1 ${vt}_defconfig all CONFIG_PCI=y)
  set_tests_properties(build:virtio-pci-${arch} PROPERTIES
                       FIXTURES_SETUP img:virtio-pci-${arch} TIMEOUT 300)
  # kind, then how rk-qemu.py is told what to expect
  set(expects app --case=virtiotest
              dtb --expect=${CMAKE_CURRENT_SOURCE_DIR}/virtio/pci_${arch}.expect
              shared --expect=${CMAKE_CURRENT_SOURCE_DIR}/virtio/pci_intx_shared.expect)
  while(expects)
    list(POP_FRONT expects kind expect)
    if(kind STREQUAL "dtb")
      set(tname virtio-pci-${arch})
    else()
      set(tname virtio-pci-${kind}-${arch})
    endif()
    add_test(NAME boot:${tname} COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
             --name ${tname} ${expect} ${dir}/${vt})
    set_tests_properties(boot:${tname} PROPERTIES FIXTURES_REQUIRED img:virtio-pci-${arch}
                         TIMEOUT 120)
  endwhile()
endforeach()
