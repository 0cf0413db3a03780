#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Host check of bench/linuxvm.py's pieces that need no download and no
QEMU (ctest bench:linuxvm; the benchmark itself is `make bench-net
VS=linux`): the newc archive read back by an independent parser (header
fields, 4-byte alignment, trailer), module load order from .modinfo
depends=, the ELF library closure of a host binary (readelf), /init's
contents, and the VM's qemu.json derived from a Rumpk build's.

  linuxvm_test.py OUTDIR
"""
import json
import os
import shutil
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import linuxvm  # noqa: E402

out = os.path.abspath(sys.argv[1])
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
fails = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)


def read_newc(data):
    """[(name, mode, body)] of a newc archive; raises on a malformed one."""
    entries, off = [], 0
    while True:
        if data[off:off + 6] != b"070701":
            raise ValueError("bad magic at %d" % off)
        f = [int(data[off + 6 + 8 * i:off + 14 + 8 * i], 16) for i in range(13)]
        mode, size, namesize = f[1], f[6], f[11]
        name = data[off + 110:off + 110 + namesize]
        if not name.endswith(b"\0"):
            raise ValueError("name not NUL-terminated at %d" % off)
        off += 110 + namesize
        off += -off % 4
        body = data[off:off + size]
        off += size
        off += -off % 4
        if name == b"TRAILER!!!\0":
            return entries, off
        entries.append((name[:-1].decode(), mode, body))


arc = linuxvm.cpio_newc([("/d", stat.S_IFDIR | 0o755, b""),
                         ("/d/f", stat.S_IFREG | 0o644, b"abcde"),
                         ("/init", stat.S_IFREG | 0o755, "#!/bin/sh\n")])
try:
    ents, end = read_newc(arc)
except ValueError as e:
    ents, end = [], -1
    check(False, "archive parses: %s" % e)
check(ents == [("d", stat.S_IFDIR | 0o755, b""), ("d/f", stat.S_IFREG | 0o644, b"abcde"),
               ("init", stat.S_IFREG | 0o755, b"#!/bin/sh\n")],
      "newc entries read back: names without '/', modes, bodies (%r)" % ents)
check(end == len(arc) and len(arc) % 4 == 0, "archive ends after the trailer, 4-byte aligned")

# Modules: c depends on b, b on a; asking for c and a loads a, b, c once.
root = os.path.join(out, "root")
moddir = os.path.join(root, "lib", "modules", "9.9", "kernel")
os.makedirs(moddir)
for name, dep in (("mod_a", ""), ("mod-b", "mod_a"), ("mod_c", "mod-b,mod_a")):
    with open(os.path.join(moddir, name + ".ko"), "wb") as f:
        f.write(b"\x7fELF junk\0license=GPL\0depends=%s\0vermagic=9.9\0" % dep.encode())
order = linuxvm.module_order(root, ["mod_c", "mod_a"])
check([os.path.basename(p) for p in order] == ["mod_a.ko", "mod-b.ko", "mod_c.ko"],
      "modules in dependency order, each once (%s)" % order)
try:
    linuxvm.module_order(root, ["missing_mod"])
    check(False, "a missing module is an error")
except linuxvm.FetchError as e:
    check("missing_mod" in str(e), "a missing module is named: %s" % e)

# Libraries of a host binary, found in the host's own root.
arch = os.uname().machine
if arch in linuxvm.TRIPLET:
    libs = linuxvm.library_closure("/", arch, "/bin/ls")
    check(any(l.endswith("/libc.so.6") for l in libs) and any("ld-linux" in l for l in libs),
          "ELF closure of /bin/ls has libc and the interpreter (%s)" % libs)

init = linuxvm.init_script(["/lib/modules/a.ko", "/lib/modules/b.ko"], "nginx")
check(init.splitlines()[1].endswith(linuxvm.INIT_MARK + "'"),
      "/init prints its first line before anything else")
check(init.index("insmod /lib/modules/a.ko") < init.index("insmod /lib/modules/b.ko")
      < init.index("10.0.2.15/24"), "/init loads the modules in order, then configures eth0")
check(linuxvm.READY_MARK in init and "/usr/sbin/nginx" in init, "/init starts nginx and says so")

# The VM's qemu.json: Rumpk's line with Linux as the kernel.
rk = os.path.join(out, "rumpk")
os.makedirs(rk)
with open(os.path.join(rk, "qemu.json"), "w") as f:
    json.dump({"arch": "x86_64", "app": "httpd", "virtio_bus": "pci",
               "qemu": ["qemu-system-x86_64", "-M", "microvm,pcie=on", "-m", "128",
                        "-kernel", "/x/rumpk.elf"]}, f)
vm = linuxvm.vm_dir(rk, os.path.join(out, "vm"), "/k/vmlinuz", "/k/initrd", "x86_64", mem=64)
with open(os.path.join(vm, "qemu.json")) as f:
    q = json.load(f)["qemu"]
check(q[:5] == ["qemu-system-x86_64", "-M", "microvm,pcie=on", "-m", "64"]
      and q[5:9] == ["-kernel", "/k/vmlinuz", "-initrd", "/k/initrd"]
      and "tsc_early_khz=" in q[10] and "/x/rumpk.elf" not in q,
      "VM line: Rumpk's machine, -m replaced, Linux kernel and initrd (%s)" % q)
check(linuxvm.no_linux_reason("riscv64") is not None and linuxvm.no_linux_reason("x86_64") is None,
      "riscv64 says why it has no Linux anchor")

print("FAIL: %d" % len(fails) if fails else "PASS bench:linuxvm")
sys.exit(1 if fails else 0)
