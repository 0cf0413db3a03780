#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Dump the device tree QEMU builds for a machine and add U-Boot settings.

    dtb.py OUT.dtb [--config NAME=VALUE ...] -- qemu-system-X ARGS...

U-Boot reads its control device tree's /config node before the environment
(bootdelay, bootcmd), so the one way to change its behaviour under QEMU
without rebuilding it or carrying an environment image is to hand it a
device tree of our own with -dtb. That tree must be the one QEMU would have
built for exactly the same machine options (-M, -m, -smp, -cpu...): memory
size and CPU count are in it, and a mismatch makes U-Boot fault. So this
runs QEMU with the caller's options plus `-machine dumpdtb=` (QEMU merges
-machine options, and exits right after writing the tree), then:

  - removes /chosen/rng-seed and kaslr-seed, which QEMU fills with fresh
    random bytes on every run: a seed baked into a file is not random, and
    without them the output is reproducible;
  - adds /config { NAME = VALUE; ... } for each --config (a decimal or 0x
    number becomes a cell, anything else a string).

Device options (-drive, -device on virtio-mmio transports) do not change
the tree of the virt machines, so callers leave them out: the tree then
does not depend on the disk image.

The build runs this once per build directory and flow (it is a build
output); ninja reruns it when the options change.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile


def dts_value(text):
    if re.fullmatch(r"(0x[0-9a-fA-F]+|[0-9]+)", text):
        return "<%s>" % text
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def run(argv, what):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, universal_newlines=True)
    if p.returncode != 0:
        sys.exit("dtb.py: %s failed (%d):\n$ %s\n%s" % (what, p.returncode, " ".join(argv), p.stdout))
    return p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 usage="%(prog)s OUT.dtb [--config NAME=VALUE ...] -- qemu-system-X ARGS...")
    ap.add_argument("out")
    ap.add_argument("--config", action="append", default=[], metavar="NAME=VALUE",
                    help="property of the /config node U-Boot reads (bootdelay=0)")
    argv = sys.argv[1:]
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        ap.error("no QEMU command line after --")
    split = argv.index("--")
    args = ap.parse_args(argv[:split])
    qemu = argv[split + 1:]

    props = []
    for item in args.config:
        name, eq, value = item.partition("=")
        if not eq or not re.fullmatch(r"[A-Za-z0-9,._+-]+", name):
            ap.error("bad --config %r (want NAME=VALUE)" % item)
        props.append("\t\t%s = %s;" % (name, dts_value(value)))

    out = os.path.abspath(args.out)
    with tempfile.TemporaryDirectory(dir=os.path.dirname(out)) as tmp:
        raw = os.path.join(tmp, "qemu.dtb")
        run(qemu + ["-machine", "dumpdtb=" + raw, "-display", "none"], "QEMU dumpdtb")
        source = run(["dtc", "-q", "-I", "dtb", "-O", "dts", raw], "dtc (decompile)")
        # A second root node is merged into the first by dtc.
        source += "\n/ {\n\tchosen {\n\t\t/delete-property/ rng-seed;\n" \
                  "\t\t/delete-property/ kaslr-seed;\n\t};\n"
        if props:
            source += "\tconfig {\n%s\n\t};\n" % "\n".join(props)
        source += "};\n"
        dts = os.path.join(tmp, "out.dts")
        with open(dts, "w") as f:
            f.write(source)
        tmp_out = os.path.join(tmp, "out.dtb")
        run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", tmp_out, dts], "dtc (compile)")
        os.replace(tmp_out, out)  # never leave a half-written tree behind
    return 0


if __name__ == "__main__":
    sys.exit(main())
