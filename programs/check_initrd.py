#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Host check of programs/mkinitrd.py (ctest exec:mkinitrd).

check_initrd.py TOP WORKDIR: makes two keys, packs a stand-in program twice
and checks that the archives are byte-identical, hold the expected members,
and that scripts/rumpk-sign gives each test variant the verdict the image's
boot tests expect (the same checks as rk_sig_open, docs/signing.md).
"""
import os
import shutil
import subprocess
import sys
import tarfile

top, work = sys.argv[1], sys.argv[2]
sign = os.path.join(top, "scripts", "rumpk-sign")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
py = sys.executable


def run(*argv, ok=True):
    r = subprocess.run([py] + list(argv), capture_output=True, text=True)
    if ok and r.returncode != 0:
        sys.exit("check_initrd: %s failed: %s%s" % (" ".join(argv), r.stdout, r.stderr))
    return r


for k in ("good", "bad"):
    run(sign, "keygen", os.path.join(work, k + ".key"), "--force")
elf = os.path.join(work, "hello.elf")
with open(elf, "wb") as f:
    f.write(b"\x7fELF" + bytes(range(256)) * 8)
readme = os.path.join(work, "README")
with open(readme, "w") as f:
    f.write("test\n")
tars = []
for n in (1, 2):
    d = os.path.join(work, "out%d" % n)
    os.makedirs(d)
    t = os.path.join(d, "initrd.tar")
    run(os.path.join(top, "programs", "mkinitrd.py"), "--sign", sign,
        "--key", os.path.join(work, "good.key"), "--wrong-key", os.path.join(work, "bad.key"),
        "--readme", readme, "--dir", d, "--out", t, elf)
    tars.append(t)
a, b = (open(t, "rb").read() for t in tars)
if a != b:
    sys.exit("check_initrd: two runs gave different archives")
with tarfile.open(tars[0]) as t:
    names = sorted(m.name for m in t.getmembers())
    want = sorted(["bin", "README", "bin/hello", "bin/hello-flipped", "bin/hello-wrongkey",
                   "bin/hello-truncated", "bin/hello-renamed", "bin/hello-rksig1",
                   "bin/unsigned"])
    if names != want:
        sys.exit("check_initrd: members %s, expected %s" % (names, want))
    if t.getmember("bin/hello").mode != 0o755 or t.getmember("bin/hello").mtime != 1700000000:
        sys.exit("check_initrd: bin/hello has the wrong mode or mtime")
    ex = os.path.join(work, "x")
    t.extractall(ex)
pub = os.path.join(work, "good.key.pub")
# Each file is checked under its own name, as rk_exec does.
verdicts = {
    "hello": None,
    "hello-flipped": "bad signature",
    "hello-wrongkey": "not trusted",
    "hello-truncated": "truncated",
    "hello-renamed": "signed for another name: it was signed as /bin/hello",
    "hello-rksig1": "old format RKSIG1",
    "unsigned": "not signed",
}
for name, why in verdicts.items():
    r = run(sign, "verify", os.path.join(ex, "bin", name), "--pubkey", pub,
            "--name", "/bin/" + name, ok=False)
    if why is None and r.returncode != 0:
        sys.exit("check_initrd: bin/%s refused: %s" % (name, r.stdout + r.stderr))
    if why is not None and (r.returncode != 1 or why not in r.stdout + r.stderr):
        sys.exit("check_initrd: bin/%s: expected a refusal with '%s', got status %d: %s"
                 % (name, why, r.returncode, r.stdout + r.stderr))
print("check_initrd: ok (%d members, %d bytes)" % (len(names), len(a)))
