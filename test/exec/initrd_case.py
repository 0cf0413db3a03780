#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Bad inputs for the boot-loader initrd tests (test/exec_tests.cmake).

    initrd_case.py tamper IN.tar OUT.tar
        OUT is IN with one byte of /bin/hello's signed payload flipped; the
        tar headers stay valid, so the archive mounts and rk_exec must
        refuse the program (bad signature).
    initrd_case.py malform IN.tar OUT.tar
        OUT is IN with the first header's name changed but not its
        checksum, so the tar VFS must refuse to mount it.
    initrd_case.py hostile KIND IN.tar OUT.tar
        OUT breaks the archive rule of docs/signing.md in one way while every
        header stays valid, so the tar reader itself must refuse it:
        zeros (1 MiB of zeros: an empty archive), oneblock (IN cut after one
        of its two end-of-archive blocks), absolute (IN plus '/etc/evil'),
        symlink (IN plus 'bin/sh' -> hello), device (IN plus a character
        device 'dev/console').
    initrd_case.py dtb BUILD_DIR OUT.dtb START END [--cells 1|2] [--no-end]
        QEMU's own device tree for the build's direct boot (same machine
        options, from BUILD_DIR/qemu.json) with /chosen linux,initrd-start
        = START and linux,initrd-end = END in 1- or 2-cell form (--no-end:
        no linux,initrd-end at all), although no initrd is loaded: how the
        tests hand the kernel a bad range.
"""
import argparse
import io
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


def rebuilt(src, extra, extra_data=None):
    """IN's members in order (same bytes, so signatures stay valid), then
    the extra TarInfo (with extra_data), as a ustar archive."""
    out = io.BytesIO()
    with tarfile.open(src) as t, tarfile.open(fileobj=out, mode="w",
                                               format=tarfile.USTAR_FORMAT) as o:
        for m in t.getmembers():
            o.addfile(m, t.extractfile(m) if m.isfile() else None)
        o.addfile(extra, io.BytesIO(extra_data) if extra_data else None)
    return out.getvalue()


def hostile(kind, src, dst):
    if kind == "zeros":
        data = bytes(1 << 20)
    elif kind == "oneblock":
        with tarfile.open(src) as t:
            last = t.getmembers()[-1]
        end = last.offset_data + (last.size + 511) // 512 * 512
        data = open(src, "rb").read()[:end + 512]
    else:
        ti = tarfile.TarInfo({"absolute": "/etc/evil", "symlink": "bin/sh",
                              "device": "dev/console"}[kind])
        ti.mtime = 1700000000
        body = None
        if kind == "symlink":
            ti.type, ti.linkname = tarfile.SYMTYPE, "hello"
        elif kind == "device":
            ti.type, ti.devmajor, ti.devminor = tarfile.CHRTYPE, 5, 1
        else:
            body = b"evil\n"
            ti.size = len(body)
        data = rebuilt(src, ti, body)
        if kind == "absolute" and b"/etc/evil\0" not in data:
            sys.exit("initrd_case.py: tarfile dropped the leading '/'")
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
    p = sub.add_parser("hostile")
    p.add_argument("kind", choices=("zeros", "oneblock", "absolute", "symlink", "device"))
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
    elif a.cmd == "hostile":
        hostile(a.kind, a.src, a.dst)
    else:
        dtb(a.build_dir, a.out, a.start, a.end, a.cells, a.no_end)


if __name__ == "__main__":
    main()
