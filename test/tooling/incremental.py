#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Per-symbol rebuilds (scripts/fixdep.c + Kconfiglib's sync_deps): after
a configuration change only the objects whose source or headers read the
changed option are compiled again, and the new value reaches them.

Builds hello for riscv64 into its own O= directory, then changes one
option at a time:
  HELLO_GREETING     a string read by apps/hello/main.c only: exactly that
                     object is rebuilt, and the image prints the new text
  BOOT_BANNER=n      y -> n, read by kernel/main.c: the banner is gone
  BOOT_STAGE_TIMES=y an option never set in this build directory before:
                     kernel/main.c is rebuilt and rk_boot_stages linked in
  KERNEL_STACK_SIZE  read by the linker script: the boot stack grows
Every recompiled object must mention the option (in its source or in a
header the compiler read), and an unchanged configuration compiles nothing.

  incremental.py TOP OUTDIR
"""
import glob
import os
import re
import subprocess
import sys

top, out = sys.argv[1], os.path.abspath(sys.argv[2])
O = os.path.join(out, "hello-riscv64")
PY = "/usr/bin/python3"


def make(*args):
    cmd = ["make", "-s", "-C", top, "O=" + O, "BUILD=" + out, "RUMPK_NO_INSTALL=1"] + list(args)
    print("$ " + " ".join(cmd), flush=True)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(r.stdout[-3000:])
    if r.returncode:
        sys.exit("FAIL: %s exited %d" % (" ".join(cmd), r.returncode))


def objects():
    return {p: os.stat(p).st_mtime_ns
            for p in glob.glob(os.path.join(O, "**", "*.obj"), recursive=True)}


def rebuilt(*assignments):
    before = objects()
    make("all", *assignments)
    after = objects()
    return sorted(os.path.relpath(p, O) for p in after if before.get(p) != after[p])


def header_list(obj):
    """The files the compiler read for obj, from Ninja's deps log, without
    the per-symbol files (which fixdep added)."""
    r = subprocess.run(["ninja", "-C", O, "-t", "deps", obj], stdout=subprocess.PIPE, text=True)
    return [l.strip() for l in r.stdout.splitlines()[1:]
            if l.strip() and "/include/config/" not in l]


def check_mentions(objs, sym):
    word = re.compile(r"\bCONFIG_%s\b" % sym)
    for obj in objs:
        if not any(word.search(open(f, errors="replace").read()) for f in header_list(obj)
                   if os.path.isfile(f)):
            sys.exit("FAIL: %s was recompiled but neither its source nor its headers "
                     "mention CONFIG_%s" % (obj, sym))


def boot(*lines):
    expect = os.path.join(out, "incremental.expect")
    with open(expect, "w") as f:
        f.write("\n".join(lines) + "\n")
    r = subprocess.run([PY, os.path.join(top, "scripts/rk-qemu.py"), O, "--expect", expect,
                        "--name", "incremental"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    print(r.stdout)
    if r.returncode:
        sys.exit("FAIL: boot did not show the changed configuration")


def symbols():
    cross = re.search(r'^CONFIG_CROSS_COMPILE="(.*)"', open(os.path.join(O, ".config")).read(),
                      re.M).group(1)
    r = subprocess.run([cross + "nm", os.path.join(O, "rumpk.elf")], stdout=subprocess.PIPE,
                       text=True, check=True)
    return {name: int(addr, 16) for addr, _, name in
            (l.split() for l in r.stdout.splitlines() if len(l.split()) == 3)}


def expect_set(got, want, what):
    print("%s: recompiled %s" % (what, got))
    if [os.path.basename(os.path.dirname(g)) + "/" + os.path.basename(g) for g in got] != want:
        sys.exit("FAIL: %s recompiled %s, expected exactly %s" % (what, got, want))


make("hello_qemu-virt-riscv64_defconfig", "all")
if not os.path.isfile(os.path.join(O, "rumpk.elf")):
    sys.exit("FAIL: no rumpk.elf in O=%s" % O)
if os.path.exists(os.path.join(out, "hello_qemu-virt-riscv64")):
    sys.exit("FAIL: O= was given, yet a build directory appeared under BUILD")

got = rebuilt()
if got:
    sys.exit("FAIL: an unchanged configuration recompiled %s" % got)

got = rebuilt('CONFIG_HELLO_GREETING="Incremental hello"')
expect_set(got, ["app_hello.dir/main.c.obj"], "HELLO_GREETING")
check_mentions(got, "HELLO_GREETING")
boot("match: ^Rumpk .* app 'hello'", "match: ^Incremental hello$")

got = rebuilt("CONFIG_BOOT_BANNER=n")
expect_set(got, ["rk_kernel.dir/main.c.obj"], "BOOT_BANNER=n")
check_mentions(got, "BOOT_BANNER")
boot("reject: ^Rumpk ", "match: ^Incremental hello$")

if "rk_boot_stages" in symbols():
    sys.exit("FAIL: rk_boot_stages linked in before BOOT_STAGE_TIMES was set")
got = rebuilt("CONFIG_BOOT_STAGE_TIMES=y")
expect_set(got, ["rk_kernel.dir/main.c.obj"], "BOOT_STAGE_TIMES=y")
if "rk_boot_stages" not in symbols():
    sys.exit("FAIL: BOOT_STAGE_TIMES=y did not reach kernel/main.c (no rk_boot_stages)")

syms = symbols()
stack = syms["__boot_stack_top"] - syms["__boot_stack_guard"] - 4096
got = rebuilt("CONFIG_KERNEL_STACK_SIZE=%d" % (stack * 2))
print("KERNEL_STACK_SIZE: recompiled %s" % got)
check_mentions(got, "KERNEL_STACK_SIZE")
syms = symbols()
if syms["__boot_stack_top"] - syms["__boot_stack_guard"] - 4096 != stack * 2:
    sys.exit("FAIL: KERNEL_STACK_SIZE did not reach the linker script (boot stack still %d)"
             % stack)
boot("reject: ^Rumpk ", "match: ^Incremental hello$")
print("incremental: OK")
