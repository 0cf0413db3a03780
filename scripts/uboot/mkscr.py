#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Compile a U-Boot script source into the legacy image `source` runs.

    mkscr.py --arch riscv64|aarch64 --out boot.scr [--set NAME=VALUE ...] boot.cmd

Every @NAME@ in the source is replaced by its --set value first; one left
over is an error, so a script never reaches a board half filled in. The
result is `mkimage -T script` output (a legacy header with a CRC over the
text), which U-Boot's distro boot looks for as boot.scr.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

UIMAGE_ARCH = {"riscv64": "riscv", "aarch64": "arm64"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source")
    ap.add_argument("--arch", required=True, choices=sorted(UIMAGE_ARCH))
    ap.add_argument("--out", required=True)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = ap.parse_args()

    with open(args.source) as f:
        text = f.read()
    for item in args.set:
        name, eq, value = item.partition("=")
        if not eq:
            ap.error("bad --set %r (want NAME=VALUE)" % item)
        text = text.replace("@%s@" % name, value)
    left = sorted(set(re.findall(r"@[A-Z_]+@", text)))
    if left:
        sys.exit("mkscr.py: %s: no value for %s" % (args.source, ", ".join(left)))

    out = os.path.abspath(args.out)
    with tempfile.NamedTemporaryFile("w", dir=os.path.dirname(out), suffix=".cmd") as tmp:
        tmp.write(text)
        tmp.flush()
        p = subprocess.run(["mkimage", "-A", UIMAGE_ARCH[args.arch], "-O", "linux",
                            "-T", "script", "-C", "none", "-n", "Rumpk boot script",
                            "-d", tmp.name, out],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
    if p.returncode != 0:
        sys.exit("mkscr.py: mkimage failed:\n" + p.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
