# SPDX-License-Identifier: BSD-2-Clause
# cmake -DCONTAINER=f.rksig -DPUBKEY=k.pub -DOUT=x.c -P embed_testdata.cmake
# Writes the signed test container and the public key that signed it as C
# arrays for crypto/crypto_tests.c.
file(READ ${CONTAINER} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR n "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n\t" bytes "${bytes}")

file(STRINGS ${PUBKEY} pk LIMIT_COUNT 1)
string(STRIP "${pk}" pk)
if(NOT pk MATCHES "^[0-9a-f]+$")
  message(FATAL_ERROR "embed_testdata: ${PUBKEY} does not hold a hex public key")
endif()
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," pkbytes "${pk}")

file(WRITE ${OUT} "/* Generated at build time by crypto/test/embed_testdata.cmake; do not edit. */
#include <stddef.h>
#include <stdint.h>

const uint8_t rk_crypto_test_pubkey[32] = { ${pkbytes} };
const size_t rk_crypto_test_container_len = ${n};
const uint8_t rk_crypto_test_container[${n}] __attribute__((aligned(8))) = {
\t${bytes}
};
")
