#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Check that a raw image is a Linux-style Image that booti will run.

    imgcheck.py --elf rumpk.elf rumpk.img

booti does not look at the ELF: it trusts the 64-byte header at the start
of the raw binary. A header that is missing (the link script did not put
it first), or whose image_size leaves out .bss, fails late and obscurely
on a board, so the disk build checks it here:

  riscv64  magic2 "RSC\\x05" at 0x38; code0 a 4-byte jal x0 to the ELF
           entry; image_size covers the image up to its end in memory.
           booti (U-Boot 2023.01) moves the image to RAM base +
           text_offset, so text_offset must be the link address's offset
           from RAM (0x200000 on the platforms here).
  aarch64  magic "ARM\\x64" at 0x38; entry at the first byte; text_offset
           the link address modulo 2 MiB; image_size covers the image;
           flags little-endian, 4 KiB pages, and bit 3 (place anywhere)
           set exactly when the image relocates itself (it carries
           R_AARCH64_RELATIVE relocations: ARM64_RELOCATABLE).
"""
import argparse
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from elf import Elf  # noqa: E402


def jal_target(insn, pc):
    """Target of a `jal x0, imm`, or None if insn is anything else."""
    if insn & 0xFFF != 0x06F:  # opcode JAL, rd = x0
        return None
    imm = (((insn >> 31) & 1) << 20) | (((insn >> 12) & 0xFF) << 12) | \
          (((insn >> 20) & 1) << 11) | (((insn >> 21) & 0x3FF) << 1)
    if imm & (1 << 20):
        imm -= 1 << 21
    return pc + imm


def check(elf, hdr):
    span = elf.mem_end - elf.load_addr
    code0, text_offset, image_size = struct.unpack_from("<I4xQQ", hdr, 0)
    errors = []
    if elf.machine == "riscv64":
        if hdr[0x38:0x3C] != b"RSC\x05":
            return ["no RISC-V Image header (magic2 'RSC\\x05' at 0x38): is .text.head "
                    "(arch/riscv64/image_header.S) linked first?"]
        target = jal_target(code0, elf.load_addr)
        if target != elf.entry:
            errors.append("code0 is not a jump to the entry 0x%x (insn 0x%08x)" % (elf.entry, code0))
        if struct.unpack_from("<I", hdr, 0x20)[0] != 2:
            errors.append("header version is not 0.2")
        if (elf.load_addr - text_offset) % 0x200000:
            errors.append("text_offset 0x%x does not match the link address 0x%x"
                          % (text_offset, elf.load_addr))
    elif elf.machine == "aarch64":
        if hdr[0x38:0x3C] != b"ARM\x64":
            return ["no arm64 Image header (magic 'ARM\\x64' at 0x38)"]
        if elf.entry != elf.load_addr:
            errors.append("entry 0x%x is not the first byte 0x%x" % (elf.entry, elf.load_addr))
        if text_offset != elf.load_addr % 0x200000:
            errors.append("text_offset 0x%x is not the link address 0x%x modulo 2 MiB"
                          % (text_offset, elf.load_addr))
        flags, = struct.unpack_from("<Q", hdr, 0x18)
        if flags & 7 != 2:
            errors.append("flags 0x%x: not little-endian with 4 KiB pages (bits 2:0 = 010)" % flags)
        if bool(flags & 8) != elf.self_relocating:
            errors.append("flags bit 3 (placed anywhere) is %s, but the image %s relocations to "
                          "apply to itself" % (("set", "has no") if flags & 8 else ("clear", "has")))
    else:
        return ["no booti Image format for %s" % elf.machine]
    if image_size < span:
        errors.append("image_size 0x%x is less than the image's 0x%x bytes in memory"
                      % (image_size, span))
    return errors


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("image")
    ap.add_argument("--elf", required=True)
    args = ap.parse_args()
    with open(args.image, "rb") as f:
        hdr = f.read(64)
    errors = check(Elf(args.elf), hdr) if len(hdr) == 64 else ["shorter than a header"]
    for e in errors:
        print("imgcheck.py: %s: %s" % (args.image, e), file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
