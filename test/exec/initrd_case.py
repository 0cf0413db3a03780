#!/usr/bin/python3
"""Bad inputs for the boot-loader initrd tests (test/exec_tests.cmake).

    initrd_case.py tamper IN.tar OUT.tar
        OUT is IN with one byte of /bin/hello's signed payload flipped; the
        tar headers stay valid, so the archive mounts and rk_exec must
        refuse the program (bad signature).
    initrd_case.py malform IN.tar OUT.tar
        OUT is IN with the first header's name changed but not its
        checksum, so the tar VFS must refuse to mount it.
    initrd_case.py dtb BUILD_DIR OUT.dtb START END [--cells 1|2] [--no-end]
        QEMU's own device tree for the build's direct boot (same machine
        options, from BUILD_DIR/qemu.json) with /chosen linux,initrd-start
        = START and linux,initrd-end = END in 1- or 2-cell form (--no-end:
        no linux,initrd-end at all), although no initrd is loaded: how the
        tests hand the kernel a bad range.
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tarfile

def tamper(src, dst):
    with tarfile.open(src) as t:
        m = t.getmember("bin/hello")
    data = bytearray(open(src, "rb").read())
    # The RKSIG2 header's size is the u16 at offset 6 (docs/signing.md).
    header = struct.unpack_from("<H", data, m.offset_data + 6)[0]
    if m.size <= header:
        sys.exit("initrd_case.py: %s: bin/hello is only %d bytes" % (src, m.size))
    data[m.offset_data + header + (m.size - header) // 2] ^= 0x01
    open(dst, "wb").write(data)


def malform(src, dst):
    data = bytearray(open(src, "rb").read())
    data[0] ^= 0x20  # first header's name, checksum left as it was
    open(dst, "wb").write(data)


def cells(value, n):
    if n == 1:
        if value > 0xFFFFFFFF:
            sys.exit("initrd_case.py: %#x does not fit one cell" % value)
        return ["%#x" % value]
    return ["%#x" % (value >> 32), "%#x" % (value & 0xFFFFFFFF)]


def dtb(build_dir, out, start, end, ncells, no_end):
    with open(os.path.join(build_dir, "qemu.json")) as f:
        argv = json.load(f)["qemu"]
    # -machine options merge; QEMU writes the tree and exits before booting.
    subprocess.run(argv + ["-machine", "dumpdtb=" + out, "-display", "none"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    props = [("linux,initrd-start", start)] + ([] if no_end else [("linux,initrd-end", end)])
    for name, value in props:
        subprocess.run(["fdtput", "-t", "x", out, "/chosen", name] + cells(value, ncells),
                       check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("tamper", "malform"):
        p = sub.add_parser(name)
        p.add_argument("src")
        p.add_argument("dst")
    p = sub.add_parser("dtb")
    p.add_argument("build_dir")
    p.add_argument("out")
    p.add_argument("start", type=lambda s: int(s, 0))
    p.add_argument("end", type=lambda s: int(s, 0))
    p.add_argument("--cells", type=int, choices=(1, 2), default=2)
    p.add_argument("--no-end", action="store_true")
    a = ap.parse_args()
    out = a.out if a.cmd == "dtb" else a.dst
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    if a.cmd == "tamper":
        tamper(a.src, a.dst)
    elif a.cmd == "malform":
        malform(a.src, a.dst)
    else:
        dtb(a.build_dir, a.out, a.start, a.end, a.cells, a.no_end)


if __name__ == "__main__":
    main()
