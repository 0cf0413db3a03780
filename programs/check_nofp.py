#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Refuse an aarch64 program that uses the FP/SIMD registers.

check_nofp.py OBJDUMP ELF

aarch64 programs run with EL0's FP/SIMD access off, so such an instruction
would end the program at run time (exception, cause 7); programs/
picolibc.cmake runs this after linking a C-library program, so that a
picolibc function built with the vector registers is named at build time
instead (programs/rklibc_nofp.c replaces the printf family for this).
"""
import re
import subprocess
import sys

# A vector, FP or SIMD register operand (v0, q1, d2, s3, h4, b5) or the FP
# control registers; branch targets ("b4 <f+0x10>") are removed first.
REG = re.compile(r"(?<![\w#])([vqdshb]\d{1,2}|fpcr|fpsr)(?!\w)")


def main():
    objdump, elf = sys.argv[1], sys.argv[2]
    out = subprocess.run([objdump, "-d", "--no-show-raw-insn", elf], check=True,
                         capture_output=True, text=True).stdout
    fn, bad = None, {}
    for line in out.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
        if m:
            fn = m.group(1)
            continue
        f = line.split("\t")
        if len(f) >= 3:
            ops = re.sub(r"[0-9a-f]+ <[^>]*>", "", f[2].split("//")[0])
            if REG.search(ops):
                bad.setdefault(fn, line.strip())
    if bad:
        sys.exit("check_nofp: %s uses the FP/SIMD registers, which aarch64 programs cannot "
                 "(docs/syscall.md, C library): %s" % (elf, "; ".join(
                     "%s (%s)" % (k, v) for k, v in sorted(bad.items()))))


if __name__ == "__main__":
    main()
