#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Where the instructions from kernel entry to main go, per function.

  bench/bootprofile.py BUILD_DIR [--top N] [--from SYMBOL] [--to SYMBOL]

Boots the built image (its `make run` command line, no network
forwards) under QEMU with -singlestep -d exec,nochain -icount shift=0,
so that QEMU logs every guest instruction as a one-instruction block
with its address, and stops it once the log reaches --to (default main).
The addresses are then mapped to the ELF's function symbols (nm), and
the instructions from the first one at --from (default _start, the
kernel's entry) up to the first at --to are counted per function, with
how often each was entered from another function (calls and returns
into it both count: a rough figure of calls).

make bench's entry -> main figure starts after the entry code's BSS
clear; this count starts at _start, so it is larger by that clear. A
diagnostic for docs/boot.md's tables, not a figure of its own: nothing
here is asserted.
"""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "test", "net"))
import netboot  # noqa: E402  (the image's QEMU command line, as make bench runs it)

# QEMU 7.2's exec log: "Trace <cpu>: <host ptr> [<cs_base>/<pc>/<flags>/<cflags>] <sym>".
TRACE = re.compile(r"^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")


def functions(elf):
    """Sorted (address, name) of the ELF's function symbols, from readelf
    (it reads every ELF machine, as bench/boottime.py does)."""
    out = subprocess.run(["readelf", "-sW", elf], stdout=subprocess.PIPE, text=True,
                         check=True).stdout
    syms = set()
    for m in re.finditer(r"^\s*\d+:\s+([0-9a-f]+)\s+\d+\s+(?:FUNC|NOTYPE)\s+\S+\s+\S+\s+\d+\s+(\S+)$",
                         out, re.M):
        if not m.group(2).startswith("$"):  # Arm mapping symbols
            syms.add((int(m.group(1), 16), m.group(2)))
    return sorted(syms)


def symbol_at(syms, name):
    for addr, n in syms:
        if n == name:
            return addr
    sys.exit("bootprofile: no symbol %s in the image" % name)


def trace(build_dir, log, stop_pc):
    """Run the guest with the exec log going to log until an instruction
    at stop_pc is logged (or 120 s pass)."""
    g = netboot.Guest(build_dir, [], log + ".console",
                      extra=["-singlestep", "-d", "exec,nochain", "-icount", "shift=0", "-D", log])
    needle = ("/%016x/" % stop_pc).encode()
    seen = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            time.sleep(0.5)
            if g.proc.poll() is not None:
                break
            if not os.path.exists(log):
                continue
            with open(log, "rb") as f:
                f.seek(max(0, seen - 64))
                chunk = f.read()
            if needle in chunk:
                return
            seen += len(chunk) - min(64, seen)
        sys.exit("bootprofile: the log never reached %#x (see %s)" % (stop_pc, log))
    finally:
        g.stop()


def profile(log, syms, start_pc, stop_pc, callers_of=None):
    """Instructions per function, entries per function, and for the
    function callers_of, its instructions by the function that called it
    (the one running before its first instruction was)."""
    addrs = [a for a, _ in syms]
    count = collections.Counter()
    entered = collections.Counter()
    by_caller = collections.Counter()
    caller = None
    started = False
    prev = None
    with open(log, errors="replace") as f:
        for line in f:
            m = TRACE.match(line)
            if not m:
                continue
            pc = int(m.group(1), 16)
            if not started:
                if pc != start_pc:
                    continue
                started = True
            if pc == stop_pc:
                break
            i = bisect.bisect_right(addrs, pc) - 1
            name = syms[i][1] if i >= 0 else "?"
            count[name] += 1
            if name != prev:
                entered[name] += 1
                if name == callers_of and i >= 0 and pc == syms[i][0]:
                    caller = prev
            if name == callers_of:
                by_caller[caller] += 1
            prev = name
    if not started:
        sys.exit("bootprofile: no instruction at the start symbol in %s" % log)
    return count, entered, by_caller


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build_dir")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--from", dest="start", default="_start")
    ap.add_argument("--to", dest="stop", default="main")
    ap.add_argument("--callers", metavar="FUNCTION",
                    help="also split FUNCTION's instructions by its callers")
    a = ap.parse_args()
    syms = functions(os.path.join(a.build_dir, "rumpk.elf"))
    start_pc, stop_pc = symbol_at(syms, a.start), symbol_at(syms, a.stop)
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "exec.log")
        trace(a.build_dir, log, stop_pc)
        count, entered, by_caller = profile(log, syms, start_pc, stop_pc, a.callers)
    total = sum(count.values())
    print("%s -> %s: %d instructions" % (a.start, a.stop, total))
    print("%10s %6s %8s  %s" % ("instr", "%", "entered", "function"))
    for name, n in count.most_common(a.top):
        print("%10d %6.1f %8d  %s" % (n, 100.0 * n / total, entered[name], name))
    if a.callers:
        print("%s by caller:" % a.callers)
        for name, n in by_caller.most_common():
            print("%10d  %s" % (n, name))


if __name__ == "__main__":
    main()
