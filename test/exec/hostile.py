#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Hostile signed programs against an image whose programs run in user mode
(test/exec_tests.cmake, exec:hostile:*).

    hostile.py BUILD_DIR NM

boots BUILD_DIR's shell image and runs /bin/hostile (programs/hostile.c)
once per attack. Each must end the program with its exact reason, status
-14, while the kernel and the shell run on: a store to kernel text, a load
from the trusted build key (rk_exec_build_key, found with NM in the image's
rumpk.elf), a jump into kernel text, execution of the program's own data,
a stack overflow into the guard page, a kernel pointer and a bogus length
given to the console write command, an unknown trap. Then /bin/hello still
runs and the shell exits 0. The expectation is written next to the image
(hostile.expect) and checked by scripts/rk-qemu.py --expect.
"""
import os
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
    build, nm = sys.argv[1], sys.argv[2]
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    elf = os.path.join(build, "rumpk.elf")
    text = symbol(nm, elf, "_start")
    key = symbol(nm, elf, "rk_exec_build_key")
    pc = r"at pc 0x3fc0[0-9a-f]{6}"
    out = r"\(not the program's memory\)"
    cases = [
        ("kwrite %#x" % text,
         r"store/AMO page fault \(scause 15\) %s, address %#x %s" % (pc, text, out)),
        ("kread %#x" % key,
         r"load page fault \(scause 13\) %s, address %#x %s" % (pc, key, out)),
        ("kjump %#x" % text,
         r"instruction page fault \(scause 12\) at pc %#x, address %#x %s" % (text, text, out)),
        ("dataexec", r"instruction page fault \(scause 12\) %s, address 0x3fc0[0-9a-f]{6}" % pc),
        ("stack", r"store/AMO page fault \(scause 15\) %s, address 0x[0-9a-f]+ "
         r"\(the guard page below the stack: stack overflow\)" % pc),
        ("kptr %#x" % text,
         r"command write: buffer %#x \+ 16 bytes is not the program's memory" % text),
        ("badlen", r"command write: buffer 0x3fc0[0-9a-f]{6} \+ 1099511627776 bytes is not "
         r"the program's memory"),
        ("trap", r"trap 77 with argument 0: the only trap is 1 with 0"),
    ]
    lines = [
        "# Written by test/exec/hostile.py: hostile programs in user mode.",
        "qemu: -global virtio-mmio.force-legacy=false -device virtio-rng-{virtio}",
        "match: ^shell: ready",
        "input-after: ^shell: ready",
    ]
    lines += ["input: exec /bin/hostile %s\\n" % c for c, _ in cases]
    lines += ["input: exec /bin/hello\\n", "input: exit\\n"]
    for i, (c, why) in enumerate(cases):
        lines.append("match: ^hostile: %s$" % c.split()[0])
        lines.append(r"match: ^exec: /bin/hostile \(pid %d\) killed: %s; the kernel runs on$"
                     % (i + 1, why))
        lines.append(r"match: ^shell: /bin/hostile \(pid %d\) exited with status -14$" % (i + 1))
    lines += [r"match: ^hello from a signed program \(pid %d\)$" % (len(cases) + 1),
              r"match: ^shell: bye \(status 0\)$",
              "reject: survived|panic|PANIC|unhandled exception",
              "exit: 0", "timeout: 60"]
    expect = os.path.join(build, "hostile.expect")
    with open(expect, "w") as f:
        f.write("\n".join(lines) + "\n")
    sys.exit(subprocess.run([sys.executable, os.path.join(top, "scripts", "rk-qemu.py"),
                             "--expect", expect, "--name", "exec:hostile", build]).returncode)


if __name__ == "__main__":
    main()
