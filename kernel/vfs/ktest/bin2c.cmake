# SPDX-License-Identifier: BSD-2-Clause
# cmake -DIN=file -DOUT=file.c -DNAME=symbol -P bin2c.cmake
# Turns a binary file into a C array (plus NAME_size) so that in-image tests
# can embed archives and programs built at build time, with the same result
# under every compiler and assembler (no .incbin path quoting).
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" digits)
math(EXPR bytes "${digits} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n" body "${body}")
file(WRITE ${OUT}.tmp
"/* Generated from ${IN} by kernel/vfs/ktest/bin2c.cmake; do not edit. */
#include <stddef.h>
#include <stdint.h>

/* Page-aligned like an initrd, so the archive's file data are 512-byte aligned. */
const uint8_t ${NAME}[] __attribute__((aligned(4096))) = {
${body}
};
const size_t ${NAME}_size = ${bytes};
")
file(RENAME ${OUT}.tmp ${OUT})
