#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Make an SD-card style disk image: an MBR with one FAT partition.

    mkdisk.py OUT.img [--size-mib 16] [--label RUMPK] FILE[:NAME] ...

Each FILE is copied into the root directory of the partition (as NAME when
given). This is the layout U-Boot's distro boot scans (partition 1, then
/ and /boot/ for boot.scr) and the one a board's SD card or a QEMU virtio
disk holds. No loop devices, mounts or root: the FAT file system is made in
place with mkfs.vfat --offset and filled with mtools.

Layout: the MBR (one bootable primary partition, FAT16 LBA type 0x0e, or
FAT32 LBA 0x0c from 512 MiB up), the partition at 1 MiB, as SD cards
align it to their erase blocks, filling the rest of the image. The output
is sparse and, for the same inputs, the same bytes (fixed disk signature
and volume id, mkfs --invariant, file times from the inputs).
"""
import argparse
import os
import struct
import subprocess
import sys

SECTOR = 512
PART_START = 2048  # sectors: 1 MiB
DISK_SIGNATURE = 0x6B706D52  # "Rmpk"


def mbr(part_sectors, fat32):
    # CHS fields are not used by anything that boots from an SD card today;
    # 0xfe 0xff 0xff is the customary "use LBA" value.
    chs = b"\xfe\xff\xff"
    entry = struct.pack("<B3sB3sII", 0x80, chs, 0x0C if fat32 else 0x0E, chs,
                        PART_START, part_sectors)
    sector = bytearray(SECTOR)
    sector[440:444] = struct.pack("<I", DISK_SIGNATURE)
    sector[446:446 + 16] = entry
    sector[510:512] = b"\x55\xaa"
    return bytes(sector)


def run(argv):
    # MTOOLS_SKIP_CHECK: mtools would otherwise object to a FAT geometry
    # that does not match an old floppy/hard disk CHS layout.
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True, env=env)
    if p.returncode != 0:
        raise RuntimeError("%s failed:\n%s" % (" ".join(argv), p.stdout))


def fill(tmp, part_sectors, fat32, label, copies):
    with open(tmp, "wb") as f:
        f.write(mbr(part_sectors, fat32))
        f.truncate((PART_START + part_sectors) * SECTOR)
    run(["mkfs.vfat", "--offset=%d" % PART_START, "-h", str(PART_START),
         "-F", "32" if fat32 else "16", "-n", label[:11].upper(),
         "--invariant", tmp, str(part_sectors * SECTOR // 1024)])
    image = "%s@@%d" % (tmp, PART_START * SECTOR)
    made = set()
    for path, name in copies:
        parts = name.strip("/").split("/")
        for i in range(1, len(parts)):
            d = "/".join(parts[:i])
            if d not in made:
                run(["mmd", "-i", image, "::/" + d])
                made.add(d)
        # -m keeps the input's time, -o replaces, -Q stops at the first error
        run(["mcopy", "-m", "-o", "-Q", "-i", image, path, "::/" + "/".join(parts)])



def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("files", nargs="+", metavar="FILE[:NAME]")
    ap.add_argument("--size-mib", type=int, default=16, help="partition size (default 16)")
    ap.add_argument("--label", default="RUMPK", help="FAT volume label (up to 11 characters)")
    args = ap.parse_args()
    if not 8 <= args.size_mib <= 32768:
        ap.error("--size-mib must be between 8 and 32768")

    copies = []
    total = 0
    for spec in args.files:
        path, _, name = spec.partition(":")
        name = name or os.path.basename(path)
        if not os.path.isfile(path):
            sys.exit("mkdisk.py: %s: no such file" % path)
        total += os.path.getsize(path)
        copies.append((path, name))
    part_sectors = args.size_mib * 1024 * 1024 // SECTOR
    if total > part_sectors * SECTOR * 9 // 10:
        sys.exit("mkdisk.py: %d bytes of files do not fit a %d MiB partition; raise --size-mib"
                 % (total, args.size_mib))
    fat32 = args.size_mib >= 512

    tmp = args.out + ".tmp"
    try:
        fill(tmp, part_sectors, fat32, args.label, copies)
    except RuntimeError as e:
        os.unlink(tmp)
        sys.exit("mkdisk.py: %s" % e)
    os.replace(tmp, args.out)  # never leave a half-made disk behind
    return 0


if __name__ == "__main__":
    sys.exit(main())
