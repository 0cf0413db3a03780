#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Sign the sample programs and pack them with a README into the initrd.

mkinitrd.py --sign rumpk-sign --key K --wrong-key W --readme R --dir D --out T ELF...

For each ELF (its name without .elf): /bin/<name> signed with K for the
name /bin/<name>. For the first one (hello) also the refusal test files:
<name>-flipped (one payload byte flipped after signing), <name>-wrongkey
(signed with W, which the image does not trust), <name>-truncated (the
signed container cut short), <name>-renamed (the signed container of
/bin/<name> under another name), <name>-rksig1 (signed with K in the old
RKSIG1 format, which signed no name) and /bin/unsigned (the bare ELF). The
archive is ustar with fixed owner, mode and mtime, sorted, so the same
inputs give the same bytes.
"""
import argparse
import io
import os
import subprocess
import sys
import tarfile


def sign(tool, key, src, dst, name=None):
    """src signed for name; without a name, in the retired RKSIG1 format
    (rumpk-sign's hidden test-data command), which images must refuse."""
    if os.path.exists(dst):
        os.unlink(dst)
    cmd = ["sign", "--name", name] if name else ["legacy-rksig1"]
    subprocess.run([sys.executable, tool] + cmd + ["--key", key, src, dst], check=True,
                   stdout=subprocess.DEVNULL)
    with open(dst, "rb") as f:
        return f.read()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sign", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--wrong-key", required=True)
    ap.add_argument("--readme", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("elfs", nargs="+")
    a = ap.parse_args()

    files = {}
    with open(a.readme, "rb") as f:
        files["README"] = f.read()
    for i, elf in enumerate(a.elfs):
        name = os.path.basename(elf)[:-4] if elf.endswith(".elf") else os.path.basename(elf)
        signed = sign(a.sign, a.key, elf, os.path.join(a.dir, name + ".rksig"), "/bin/" + name)
        files["bin/" + name] = signed
        if i:
            continue
        with open(elf, "rb") as f:
            elf_bytes = f.read()
        flipped = bytearray(signed)
        flipped[-(len(elf_bytes) // 2)] ^= 0x01  # one bit in the middle of the ELF
        files["bin/%s-flipped" % name] = bytes(flipped)
        files["bin/%s-wrongkey" % name] = sign(a.sign, a.wrong_key, elf,
                                               os.path.join(a.dir, name + "-wrongkey.rksig"),
                                               "/bin/%s-wrongkey" % name)
        files["bin/%s-truncated" % name] = signed[:len(signed) - len(elf_bytes) // 2]
        files["bin/%s-renamed" % name] = signed  # signed for /bin/<name>, not this name
        files["bin/%s-rksig1" % name] = sign(a.sign, a.key, elf,
                                             os.path.join(a.dir, name + "-rksig1.rksig"))
        files["bin/unsigned"] = elf_bytes

    tmp = a.out + ".tmp"
    with tarfile.open(tmp, "w", format=tarfile.USTAR_FORMAT) as t:
        def add(name, data, isdir=False):
            ti = tarfile.TarInfo(name)
            ti.mtime = 1700000000
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = "root"
            if isdir:
                ti.type = tarfile.DIRTYPE
                ti.mode = 0o755
                t.addfile(ti)
            else:
                ti.mode = 0o755 if name.startswith("bin/") else 0o644
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
        add("bin", None, True)
        for name in sorted(files):
            add(name, files[name])
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
