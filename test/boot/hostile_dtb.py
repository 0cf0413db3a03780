#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Hostile device trees for the boot tests (test/boot/hostile_dtb.cmake).

    hostile_dtb.py BUILD_DIR CASE OUTDIR

dumps QEMU's own DTB for the build's direct boot with scripts/dtb.py (the
machine options of BUILD_DIR/qemu.json, so -m and -smp match), breaks it in the one way CASE
names, and writes OUTDIR/CASE.dtb plus OUTDIR/CASE.expect: the expect file
for scripts/rk-qemu.py --expect, which boots the image with `-dtb` and
checks that the kernel names what is wrong ("dtb: <node> <property>: ...")
and then either stops with the panic status or goes on without the bad
part (the fallback cases). The cases are listed in CASES below; `--list
ARCH` prints those that apply to an architecture.
"""
import json
import os
import re
import subprocess
import sys

PANIC = 99  # RK_EXIT_PANIC (include/rumpk/panic.h)
PH_A, PH_B, PH_NONE = 0x7770, 0x7771, 0x7777  # phandles QEMU does not use

# Lines every refusal of the whole DTB ends with, per platform.
REFUSED = {
    "riscv64": r"^PANIC: qemu-virt-riscv64: no valid DTB from the firmware",
    "aarch64": r"^PANIC: qemu-virt-aarch64: no valid DTB",
}
NO_RAM = {
    "riscv64": r"^PANIC: qemu-virt-riscv64: no RAM from the DTB",
    "aarch64": r"^PANIC: qemu-virt-aarch64: no RAM in the DTB",
}


def run(*argv):
    return subprocess.run(argv, check=True, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True).stdout.strip()


def subnodes(dtb, path):
    return run("fdtget", "-l", dtb, path).split()


def find(dtb, prefix):
    """Path of the first node named prefix@... directly below / or /soc."""
    for parent in ("/", "/soc"):
        try:
            names = subnodes(dtb, parent)
        except subprocess.CalledProcessError:
            continue
        for n in sorted(names):
            if n.startswith(prefix + "@"):
                return parent.rstrip("/") + "/" + n
    sys.exit("hostile_dtb.py: no %s@ node below / or /soc in %s" % (prefix, dtb))


def put(dtb, node, prop, *cells, typ="x"):
    run("fdtput", "-t", typ, dtb, node, prop, *["%#x" % c for c in cells])


def irq_controller(dtb, arch):
    return find(dtb, "plic" if arch == "riscv64" else "intc")


def mem_size(dtb, mem, size):
    base = [int(c, 16) for c in run("fdtget", "-t", "x", dtb, mem, "reg").split()][:2]
    put(dtb, mem, "reg", *base, size >> 32, size & 0xFFFFFFFF)


# Each case: (applies to, edit(dtb, arch) -> None, expected lines, exit).
# Expected lines are regexes in order; {mem} and {virtio} are the node
# paths found in the DTB, escaped.
def c_mem_huge(d, a):
    mem_size(d, find(d, "memory"), 0x7FFFFFFFF0000000)


def c_mem_wrap(d, a):
    mem_size(d, find(d, "memory"), 0xFFFFFFFF80001000)


def c_mem_zero(d, a):
    mem_size(d, find(d, "memory"), 0)


def c_rsv_outside(d, a):
    run("fdtput", "-c", d, "/reserved-memory")
    put(d, "/reserved-memory", "#address-cells", 2)
    put(d, "/reserved-memory", "#size-cells", 2)
    run("fdtput", "-c", d, "/reserved-memory/bogus@1000000000")
    put(d, "/reserved-memory/bogus@1000000000", "reg", 0x10, 0, 0, 0x1000)


def c_irq_self(d, a):
    v = find(d, "virtio_mmio")
    put(d, v, "phandle", PH_A)
    put(d, v, "interrupt-parent", PH_A)


def c_irq_cycle(d, a):
    v = find(d, "virtio_mmio")
    w = find(d, "pl031" if a == "aarch64" else "rtc")  # neither a controller
    put(d, v, "phandle", PH_A)
    put(d, w, "phandle", PH_B)
    put(d, v, "interrupt-parent", PH_B)
    put(d, w, "interrupt-parent", PH_A)


def c_deep(d, a):
    run("fdtput", "-p", "-c", d, "/deep" + "/d" * 40)


def c_phandle_missing(d, a):
    put(d, find(d, "virtio_mmio"), "interrupt-parent", PH_NONE)


def c_phandle_dup(d, a):
    ph = int(run("fdtget", "-t", "x", d, irq_controller(d, a), "phandle"), 16)
    put(d, find(d, "virtio_mmio"), "phandle", ph)


def c_timebase_zero(d, a):
    put(d, "/cpus", "timebase-frequency", 0)


def c_address_cells(d, a):
    put(d, "/", "#address-cells", 3)


def c_irq_short(d, a):
    v = find(d, "virtio_mmio")
    if a == "aarch64":
        put(d, v, "interrupts", 0, 0x10)  # 2 of the GIC's 3 cells
    else:
        put(d, v, "interrupts", 1, typ="hx")  # 2 bytes of the PLIC's one cell


def c_timer_ppi(d, a):
    """The arch timer's virtual timer interrupt (entry 2) as PPI 99."""
    cells = [int(c, 16) for c in run("fdtget", "-t", "x", d, "/timer", "interrupts").split()]
    cells[6:9] = [1, 99, cells[8]]
    put(d, "/timer", "interrupts", *cells)


def c_plic_ndev_zero(d, a):
    put(d, irq_controller(d, a), "riscv,ndev", 0)


def c_plic_reg_small(d, a):
    plic = irq_controller(d, a)
    base = [int(c, 16) for c in run("fdtget", "-t", "x", d, plic, "reg").split()][:2]
    put(d, plic, "reg", *base, 0, 0x1000)


# QEMU's arm boot code replaces every memory node of a -dtb by its own (from
# -m) and cannot add it under a root of 3 address cells, so the memory and
# #address-cells cases reach the kernel on riscv64 only (test_fdt covers
# the same checks for any tree on the host).
def refused(first):
    """Expected lines of a case that refuses the whole DTB (status PANIC)."""
    return [first, r"^fdt: refusing DTB at 0x[0-9a-f]+: implausible values", "{refused}"]


MEM = r"^dtb: /memory@[0-9a-f]+ reg: entry 0: "
CASES = {
    "mem-huge": ("riscv64", c_mem_huge, [
        MEM + r"base 0x[0-9a-f]+ \+ size 0x7ffffffff0000000 ends beyond any physical "
        r"address \(2\^56\)$", r"^fdt: cannot use the memory layout", "{no_ram}"], PANIC),
    "mem-wrap": ("riscv64", c_mem_wrap, [
        MEM + r"base 0x[0-9a-f]+ \+ size 0xffffffff80001000 wraps past 2\^64$",
        r"^fdt: cannot use the memory layout", "{no_ram}"], PANIC),
    "mem-zero": ("riscv64", c_mem_zero, [
        MEM + r"base 0x[0-9a-f]+ size 0, ignored$",
        r"^fdt: no memory node with a usable reg in the DTB$", "{no_ram}"], PANIC),
    "rsv-outside": ("all", c_rsv_outside, [
        r"^dtb: reserved range bogus@1000000000 0x1000000000-0x1000001000 lies outside RAM, "
        r"ignored$", r"^Hello from Rumpk!$", r"main\(\) returned 0, powering off"], 0),
    "irq-self": ("all", c_irq_self, refused(
        r"^dtb: {virtio} interrupt-parent: the chain of interrupt parents loops \(no "
        r"controller within 16 hops\)$"), PANIC),
    "irq-cycle": ("all", c_irq_cycle, refused(
        r"^dtb: /\S+ interrupt-parent: the chain of interrupt parents loops"), PANIC),
    "deep": ("all", c_deep, refused(
        r"^dtb: /deep(/d)+: nested 33 levels deep \(at most 32\)$"), PANIC),
    "phandle-missing": ("all", c_phandle_missing, refused(
        r"^dtb: {virtio} interrupt-parent: phandle 0x7777 names no node$"), PANIC),
    "phandle-dup": ("all", c_phandle_dup, refused(
        r"^dtb: /\S+ phandle: 0x[0-9a-f]+ is also the phandle of /\S+$"), PANIC),
    "address-cells": ("riscv64", c_address_cells, refused(
        r"^dtb: / #address-cells: 3 \(CPU addresses and sizes take 1 to 2 cells\)$"), PANIC),
    "irq-short": ("all", c_irq_short, refused(
        r"^dtb: {virtio} interrupts: \d+ bytes, not a whole number of \d-cell "
        r"specifiers"), PANIC),
    "plic-ndev-zero": ("riscv64", c_plic_ndev_zero, [
        r"^dtb: /soc/plic@[0-9a-f]+ riscv,ndev: 0 interrupt sources$",
        r"^fdt: plic@[0-9a-f]+ \(riscv,plic0\): plic failed",
        r"^PANIC: irq: no interrupt controller was bound"], PANIC),
    "plic-reg-small": ("riscv64", c_plic_reg_small, [
        r"^dtb: /soc/plic@[0-9a-f]+ reg: size 0x1000 does not reach context \d+'s registers",
        r"^fdt: plic@[0-9a-f]+ \(riscv,plic0\): plic failed",
        r"^PANIC: irq: no interrupt controller was bound"], PANIC),
    "timer-ppi": ("aarch64", c_timer_ppi, [
        r"^dtb: /timer interrupts: entry 2 \(<0x1 0x63 0x[0-9a-f]+>\) is not an interrupt its "
        r"controller intc@[0-9a-f]+ has$",
        r"^PANIC: arm-timer: no usable virtual timer interrupt in the DTB$"],
        PANIC),
    # aarch64 takes the timer rate from CNTFRQ_EL0, not the DTB. A missing
    # timebase-frequency stops OpenSBI before the kernel runs ("timer init
    # failed"): test/unit/test_fdt.c covers that one.
    "timebase-zero": ("riscv64", c_timebase_zero, [
        r"^dtb: /cpus timebase-frequency: 0 Hz \(must be 1 Hz to 10 GHz\)$",
        r"^PANIC: qemu-virt-riscv64: no usable /cpus timebase-frequency in the DTB"], PANIC),
}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--list":
        print(";".join(k for k, v in CASES.items() if v[0] in ("all", sys.argv[2])))
        return
    if len(sys.argv) != 4 or sys.argv[2] not in CASES:
        sys.exit("usage: hostile_dtb.py BUILD_DIR CASE OUTDIR | --list ARCH\ncases: "
                 + " ".join(CASES))
    build, case, outdir = sys.argv[1:]
    with open(os.path.join(build, "qemu.json")) as f:
        cfg = json.load(f)
    arch = cfg["arch"]
    _, edit, lines, status = CASES[case]
    os.makedirs(outdir, exist_ok=True)
    dtb = os.path.abspath(os.path.join(outdir, case + ".dtb"))
    # The tree QEMU builds for the same machine options (scripts/dtb.py).
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    run(sys.executable, os.path.join(top, "scripts", "dtb.py"), dtb, "--", *cfg["qemu"])
    edit(dtb, arch)
    # The panics name the platform: the one of the build (generic-riscv64
    # boots the same virt machine).
    def platform(line):
        return line.replace("qemu-virt-" + arch, cfg["platform"])
    lines = [platform(line) for line in lines]
    names = {"refused": platform(REFUSED[arch]), "no_ram": platform(NO_RAM[arch])}
    if "{virtio}" in "".join(lines):
        names["virtio"] = re.escape(find(dtb, "virtio_mmio"))
    with open(os.path.join(outdir, case + ".expect"), "w") as f:
        f.write("# Generated by test/boot/hostile_dtb.py %s: QEMU's DTB, edited.\n" % case)
        f.write("qemu: -dtb %s\n" % dtb)
        for line in lines:
            f.write("match: %s\n" % (names[line[1:-1]] if line in ("{refused}", "{no_ram}")
                                     else line.replace("{virtio}", names.get("virtio", ""))))
        # Never a generic fault instead of the named refusal.
        f.write("reject: unhandled exception|stack overflow\n")
        f.write("exit: %d\ntimeout: 10\n" % status)


if __name__ == "__main__":
    main()
