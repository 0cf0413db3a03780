#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""boot:raspi3b-secondaries-parked: on QEMU's raspi3b every core but core 0
must end up parked in entry.S (park_secondary, at EL2, where the platform's
release from the spin table sends them), never in the kernel.

Usage: raspi3b_parked.py BUILD_DIR [FLOW]. Boots BUILD_DIR's image (through
boot flow FLOW, e.g. uboot, when given) with the platform's command line, minus
-semihosting, so that the run ends in a halt (the power-off's HLT becomes
a panic) instead of leaving QEMU; once the console says "halted", asks
QEMU's monitor for each core's registers. Fails naming the core and where
it is when a secondary is elsewhere or core 0 is parked. A relocatable
image's park_secondary is where the loader put it: the same address modulo
2 MiB."""
import json
import os
import re
import subprocess
import sys
import tempfile
import time


def symbol(elf, name):
    out = subprocess.run(["nm", elf], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    sys.exit("parked: no symbol %s in %s" % (name, elf))


def main():
    build = sys.argv[1]
    with open(os.path.join(build, "qemu.json")) as f:
        q = json.load(f)
    park = symbol(q["elf"], "park_secondary")
    args = q["boot_flows"][sys.argv[2]] if len(sys.argv) > 2 else q["qemu"][1:]
    argv = [q["qemu"][0]] + [a for a in args if a != "-semihosting"]
    with tempfile.TemporaryDirectory() as tmp:
        console = os.path.join(tmp, "console.log")
        argv += ["-display", "none", "-serial", "file:" + console, "-monitor", "stdio"]
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 30
        text = ""
        while "halted" not in text:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                sys.exit("parked: the image did not halt; console:\n" + text)
            time.sleep(0.1)
            text = open(console).read() if os.path.exists(console) else ""
        cmds = "".join("cpu %d\ninfo registers\n" % c for c in range(4)) + "quit\n"
        out, _ = proc.communicate(cmds, timeout=30)
    pcs = [int(m, 16) for m in re.findall(r"\bPC=([0-9a-f]+)", out)]
    els = re.findall(r"PSTATE=[0-9a-f]+ \S+ \S+ (EL\d)", out)
    if len(pcs) != 4 or len(els) != 4:
        sys.exit("parked: expected the registers of 4 cores from the monitor, got:\n" + out)
    bad = []
    for cpu, (pc, el) in enumerate(zip(pcs, els)):
        # A relocatable image (generic-aarch64) runs where its loader put
        # it, a 2 MiB multiple away from its link address.
        parked = (pc - park) % 0x200000 < 8
        print("core %d: pc 0x%x %s%s" % (cpu, pc, el, " (parked)" if parked else ""))
        if cpu == 0 and parked:
            bad.append("core 0 is parked: it should have run the kernel")
        if cpu and not parked:
            bad.append("core %d is at 0x%x (%s), not parked at park_secondary 0x%x"
                       % (cpu, pc, el, park))
    if bad:
        sys.exit("parked: " + "; ".join(bad))
    print("parked: cores 1-3 parked in park_secondary, core 0 ran the kernel")


if __name__ == "__main__":
    main()
