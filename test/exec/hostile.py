#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Hostile signed programs against an image whose programs run in user mode
(test/exec_tests.cmake, exec:hostile:*).

    hostile.py BUILD_DIR NM ARCH [--cpu N] [QEMU_ARG...]

boots BUILD_DIR's shell image and runs /bin/hostile (programs/hostile.c)
once per attack. Each must end the program with its exact reason, status
-14, while the kernel and the shell run on: a store to kernel text, a load
from the trusted build key (rk_exec_build_key, found with NM in the image's
rumpk.elf), a jump into kernel text, execution of the program's own data,
a stack overflow into the guard page, a kernel pointer and a bogus length
given to the console write command, an unknown trap; with a time limit
under the preemptive scheduler (the build's .config: CONFIG_SCHED_PRIO,
CONFIG_EXEC_TIME_LIMIT_MS) also a loop that never traps. QEMU_ARGs are added
to the run (aarch64: -cpu max, whose PAN the kernel then turns on). Then /bin/hello still
runs and the shell exits 0. With --cpu N (an SMP image) the shell first
moves to CPU N (its `cpu` command), so every program runs and is ended
there. The expectation is written next to the image (hostile*.expect) and
checked by scripts/rk-qemu.py --expect.
"""
import os
import re
import subprocess
import sys


def symbol(nm, elf, name):
    out = subprocess.run([nm, elf], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[2] == name:
            return int(f[0], 16)
    sys.exit("hostile.py: no symbol %s in %s" % (name, elf))


def main():
    build, nm, arch, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    cpu = None
    if extra[:1] == ["--cpu"]:
        cpu, extra = int(extra[1]), extra[2:]
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    elf = os.path.join(build, "rumpk.elf")
    text = symbol(nm, elf, "_start")
    key = symbol(nm, elf, "rk_exec_build_key")
    # The program window (arch/<arch>/include/arch/user.h) and how the
    # arch names a store, load and fetch fault.
    win, store, load, fetch = {
        "riscv64": (r"0x3f[c-f][0-9a-f]{7}", r"store/AMO page fault \(cause 15\)",
                    r"load page fault \(cause 13\)", r"instruction page fault \(cause 12\)"),
        "x86_64": (r"0x80[0-3][0-9a-f]{7}",) + (r"#PF page fault \(cause 14\)",) * 3,
        "aarch64": (r"0xffffff80[0-3][0-9a-f]{7}", r"data abort \(cause 36\)",
                    r"data abort \(cause 36\)", r"instruction abort \(cause 32\)"),
    }[arch]
    pc = "at pc " + win
    out = r"\(not the program's memory\)"
    cases = [
        ("kwrite %#x" % text, r"%s %s, address %#x %s" % (store, pc, text, out)),
        ("kread %#x" % key, r"%s %s, address %#x %s" % (load, pc, key, out)),
        ("kjump %#x" % text, r"%s at pc %#x, address %#x %s" % (fetch, text, text, out)),
        ("dataexec", r"%s %s, address %s" % (fetch, pc, win)),
        ("stack", r"%s %s, address 0x[0-9a-f]+ "
         r"\(the guard page below the stack: stack overflow\)" % (store, pc)),
        ("kptr %#x" % text,
         r"command write: buffer %#x \+ 16 bytes is not the program's memory" % text),
        ("badlen", r"command write: buffer %s \+ 1099511627776 bytes is not "
         r"the program's memory" % win),
        ("trap", r"trap 77 with argument 0: the only trap is 1 with 0"),
    ]
    lines = [
        "# Written by test/exec/hostile.py: hostile programs in user mode.",
        "qemu: -global virtio-mmio.force-legacy=false -device virtio-rng-{virtio}"
        if arch != "x86_64" else "",
        "qemu: " + " ".join(extra) if extra else "",
        "match: ^aarch64: user mode at EL0, PAN on$" if "max" in extra else "",
        "match: ^shell: ready",
        "input-after: ^shell: ready",
    ]
    if cpu is not None:
        lines += ["input: cpu %d\\n" % cpu, "match: ^shell: on CPU %d$" % cpu]
    lines += ["input: exec /bin/hostile %s\\n" % c for c, _ in cases]
    lines += ["input: exec /bin/hello\\n", "input: exit\\n"]
    for i, (c, why) in enumerate(cases):
        if cpu is not None:
            lines.append(r"match: ^exec: /bin/hostile id [0-9a-f]{16} signed by key [0-9a-f]{16} "
                         r"pid %d \(\d+ bytes at 0x[0-9a-f]+, user mode, CPU %d\)$" % (i + 1, cpu))
        lines.append("match: ^hostile: %s$" % c.split()[0])
        lines.append(r"match: ^exec: /bin/hostile \(pid %d\) killed: %s; the kernel runs on$"
                     % (i + 1, why))
        lines.append(r"match: ^shell: /bin/hostile \(pid %d\) exited with status -14$" % (i + 1))
    lines += [r"match: ^hello from a signed program \(pid %d\)$" % (len(cases) + 1),
              r"match: ^shell: bye \(status 0\)$",
              "reject: survived|panic|PANIC|unhandled exception",
              "exit: 0", "timeout: 60"]
    config = open(os.path.join(build, ".config")).read()
    limit = re.search(r"^CONFIG_EXEC_TIME_LIMIT_MS=(\d+)$", config, re.M)
    if "CONFIG_SCHED_PRIO=y" in config and limit and int(limit.group(1)):
        n = len(cases) + 1
        lines.insert(lines.index("input: exec /bin/hello\\n"), "input: exec /bin/hostile spin\\n")
        lines.insert(lines.index(r"match: ^hello from a signed program \(pid %d\)$" % n),
                     r"match: ^exec: /bin/hostile \(pid %d\) killed: still running after its "
                     r"time limit of %s ms \(CONFIG_EXEC_TIME_LIMIT_MS\); the kernel runs on$"
                     % (n, limit.group(1)))
        lines = [l.replace(r"signed program \(pid %d\)" % n, r"signed program \(pid %d\)" % (n + 1))
                 for l in lines]
    tag = (["cpu%d" % cpu] if cpu is not None else []) + extra
    expect = os.path.join(build, "hostile%s.expect" % ("-" + "-".join(tag) if tag else ""))
    with open(expect, "w") as f:
        f.write("\n".join(lines) + "\n")
    sys.exit(subprocess.run([sys.executable, os.path.join(top, "scripts", "rk-qemu.py"),
                             "--expect", expect, "--name", "exec:hostile", build]).returncode)


if __name__ == "__main__":
    main()
