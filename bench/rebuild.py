#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""How much an everyday configuration change rebuilds: build one
configuration, then apply typical changes one at a time (each undone
before the next) and print, for each, the Ninja steps it ran, the objects
it compiled and the wall-clock seconds of the `make` that did it. Figures
only, nothing asserted (test/tooling/incremental.py asserts).

  bench/rebuild.py OUTDIR [--config ktest_coop_qemu-virt-riscv64]
"""
import argparse
import os
import re
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (what, make arguments, make arguments that undo it) for the ktest configs;
# {dir} is the build directory, {config} the configuration's name. The app
# changes in the same directory (O=), as the option changes do.
CHANGES = [
    ("enable one option read by one file (BOOT_STAGE_TIMES: kernel/main.c)",
     ["CONFIG_BOOT_STAGE_TIMES=y"], ["CONFIG_BOOT_STAGE_TIMES=n"]),
    ("change a stack size (FIBER_STACK_SIZE: kernel/fiber.c)",
     ["CONFIG_FIBER_STACK_SIZE=32768"], ["CONFIG_FIBER_STACK_SIZE=16384"]),
    ("change the app (ktest -> hello)",
     ["O={dir}", "APP=hello"], ["O={dir}", "{config}_defconfig"]),
]


def make(outdir, config, *args):
    """Run make; return (seconds, ninja steps, compiled objects, output)."""
    cmd = ["make", "-C", TOP, "BUILD=" + outdir, "RUMPK_NO_INSTALL=1", "CONFIG=" + config] + list(args)
    t0 = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    secs = time.monotonic() - t0
    if r.returncode:
        sys.exit("rebuild: %s failed:\n%s" % (" ".join(cmd), r.stdout[-4000:]))
    steps = re.findall(r"^\[(\d+)/(\d+)\]", r.stdout, re.M)
    objects = re.findall(r"^\[\d+/\d+\] Building \w+ object (\S+)", r.stdout, re.M)
    return secs, (int(steps[-1][0]) if steps else 0), objects, r.stdout


def report(what, res):
    secs, steps, objects, _ = res
    names = ", ".join(os.path.basename(o) for o in objects[:6]) + (" ..." if len(objects) > 6 else "")
    print("  %-66s %4d steps %4d objects %6.1f s  %s" % (what, steps, len(objects), secs, names))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--config", default="ktest_coop_qemu-virt-riscv64")
    a = ap.parse_args()
    outdir = os.path.abspath(a.outdir)
    print("== rebuilds of %s (load average %.1f)" % (a.config, os.getloadavg()[0]))
    report("first build", make(outdir, a.config, a.config + "_defconfig", "all"))
    report("nothing changed", make(outdir, a.config, "all"))
    def fill(args):
        return [x.format(dir=os.path.join(outdir, a.config), config=a.config) for x in args]
    for what, change, undo in CHANGES:
        report(what, make(outdir, a.config, "all", *fill(change)))
        report("  ... and back", make(outdir, a.config, "all", *fill(undo)))


if __name__ == "__main__":
    main()
