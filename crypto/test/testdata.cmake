# SPDX-License-Identifier: BSD-2-Clause
# Build-time test data for the in-image tests (crypto_tests.c, CONFIG_KTEST):
# a key pair made at build time, a payload signed with it by the real host
# tool, and both embedded into a generated C file. The secret key exists
# only in the build directory and is never trusted by the image (the tests
# pass its public key through their own keyring): nothing secret is
# committed, and a ktest image's configured keys are those of Kconfig.
#
# rk_crypto_testdata(<dir> <out var>) sets <out var> to the generated .c.
function(rk_crypto_testdata dir out)
  set(sign /usr/bin/python3 ${CMAKE_SOURCE_DIR}/scripts/rumpk-sign)
  set(payload ${CMAKE_CURRENT_SOURCE_DIR}/test/payload.txt)
  set(c ${dir}/crypto_testdata.c)
  add_custom_command(
    OUTPUT ${c}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${sign} keygen ${dir}/test.key --force
    COMMAND ${sign} sign --key ${dir}/test.key --name /test/payload.txt ${payload}
            ${dir}/payload.rksig
    COMMAND ${CMAKE_COMMAND} -DCONTAINER=${dir}/payload.rksig -DPUBKEY=${dir}/test.key.pub
            -DOUT=${c} -P ${CMAKE_CURRENT_SOURCE_DIR}/test/embed_testdata.cmake
    DEPENDS ${payload} ${CMAKE_SOURCE_DIR}/scripts/rumpk-sign
            ${CMAKE_CURRENT_SOURCE_DIR}/test/embed_testdata.cmake
    COMMENT "crypto: signing the in-image test payload with a build-time key"
    VERBATIM)
  set(${out} ${c} PARENT_SCOPE)
endfunction()
