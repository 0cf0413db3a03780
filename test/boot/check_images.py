#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Checks of the boot image tools on real build outputs (made by
`make <config>_defconfig disk`):

  - scripts/uboot/imgcheck.py accepts the build's Image and rejects one
    without its magic, with an image_size that leaves out .bss, or (arm64)
    whose flags bit 3 says the opposite of whether it relocates itself;
  - disk.img has one bootable FAT partition at 1 MiB holding the Image,
    the FIT and boot.scr, byte for byte;
  - rumpk.itb carries the ELF's load and entry addresses, and
    scripts/uboot/mkfit.py --dtb adds a device tree to conf-1.

    check_images.py TOP BUILD_DIR...
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

TOP = sys.argv[1]
sys.path.insert(0, os.path.join(TOP, "scripts", "uboot"))
from elf import Elf  # noqa: E402

PY = sys.executable
failures = []


def check(cond, what):
    print("%s %s" % ("ok  " if cond else "FAIL", what))
    if not cond:
        failures.append(what)


def run(argv, **kw):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kw)


def imgcheck(build, image):
    return run([PY, os.path.join(TOP, "scripts/uboot/imgcheck.py"),
                "--elf", os.path.join(build, "rumpk.elf"), image])


def check_image(build, tmp, name):
    image = os.path.join(build, "rumpk.img")
    check(imgcheck(build, image).returncode == 0, "%s: rumpk.img header accepted" % name)
    with open(image, "rb") as f:
        data = bytearray(f.read())
    bad = os.path.join(tmp, "nomagic.img")
    with open(bad, "wb") as f:
        f.write(data[:0x38] + b"\0\0\0\0" + data[0x3C:])
    r = imgcheck(build, bad)
    check(r.returncode == 1 and "no " in r.stdout, "%s: missing magic rejected" % name)
    short = os.path.join(tmp, "short.img")
    with open(short, "wb") as f:
        f.write(data[:16] + struct.pack("<Q", 64) + data[24:])
    r = imgcheck(build, short)
    check(r.returncode == 1 and "image_size" in r.stdout, "%s: short image_size rejected" % name)
    if Elf(os.path.join(build, "rumpk.elf")).machine == "aarch64":
        # flags bit 3 (place anywhere) flipped: a fixed image that claims
        # to relocate, or a relocatable one that says it cannot.
        flipped = os.path.join(tmp, "flags.img")
        with open(flipped, "wb") as f:
            f.write(data[:0x18] + bytes([data[0x18] ^ 8]) + data[0x19:])
        r = imgcheck(build, flipped)
        check(r.returncode == 1 and "flags bit 3" in r.stdout, "%s: wrong flags bit 3 rejected" % name)


def check_disk(build, tmp, name):
    disk = os.path.join(build, "disk.img")
    with open(disk, "rb") as f:
        mbr = f.read(512)
    status, ptype, start, sectors = struct.unpack_from("<B3xB3xII", mbr, 446)
    check(mbr[510:] == b"\x55\xaa" and status == 0x80 and ptype == 0x0E and start == 2048,
          "%s: MBR: bootable FAT16 partition at sector 2048" % name)
    check(os.path.getsize(disk) == (start + sectors) * 512, "%s: partition fills the disk" % name)
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    part = "%s@@%d" % (disk, start * 512)
    for f in ("rumpk.img", "rumpk.itb", "boot.scr"):
        out = os.path.join(tmp, "copy-" + f)
        r = run(["mcopy", "-n", "-i", part, "::/" + f, out], env=env)
        same = r.returncode == 0 and open(out, "rb").read() == open(os.path.join(build, f), "rb").read()
        check(same, "%s: disk holds %s" % (name, f))


def check_fit(build, tmp, name):
    elf = Elf(os.path.join(build, "rumpk.elf"))
    listing = run(["mkimage", "-l", os.path.join(build, "rumpk.itb")]).stdout
    check("Load Address: 0x%08x" % elf.load_addr in listing
          and "Entry Point:  0x%08x" % elf.entry in listing,
          "%s: FIT load 0x%x, entry 0x%x from the ELF" % (name, elf.load_addr, elf.entry))
    dtb = os.path.join(build, "boot", "uboot.dtb")
    fit = os.path.join(tmp, "dtb.itb")
    r = run([PY, os.path.join(TOP, "scripts/uboot/mkfit.py"), "--elf", os.path.join(build, "rumpk.elf"),
             "--bin", os.path.join(build, "rumpk.bin"), "--dtb", dtb, "--out", fit])
    listing = run(["mkimage", "-l", fit]).stdout if r.returncode == 0 else r.stdout
    check("Flat Device Tree" in listing and "FDT:          fdt-1" in listing,
          "%s: FIT with --dtb has fdt-1 in conf-1" % name)


def main():
    for build in sys.argv[2:]:
        name = os.path.basename(build.rstrip("/"))
        tmp = tempfile.mkdtemp(prefix="rk-images-")
        try:
            check_image(build, tmp, name)
            check_disk(build, tmp, name)
            check_fit(build, tmp, name)
        finally:
            shutil.rmtree(tmp)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
