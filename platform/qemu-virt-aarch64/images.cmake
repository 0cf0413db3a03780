# Boot images of qemu-virt-aarch64, included by the top CMakeLists.txt after
# rumpk.elf exists: rumpk.img, the raw arm64 Image (the header is the first
# 64 bytes of .text, see arch/aarch64/entry.S) for QEMU -kernel and booti.
add_custom_command(TARGET rumpk.elf POST_BUILD
  COMMAND ${RK_OBJCOPY} -O binary rumpk.elf rumpk.img
  WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
  BYPRODUCTS ${CMAKE_BINARY_DIR}/rumpk.img
  COMMENT "Images: rumpk.img (arm64 Image)")
