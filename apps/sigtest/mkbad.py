#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Write deliberately malformed tar archives for the sigtest app.

mkbad.py OUTDIR  writes OUTDIR/bad-<kind>.tar for each kind below, all
derived from one small valid ustar archive (also written, as good.tar).
"""
import io
import os
import sys
import tarfile


def good():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in (("etc/motd", b"hello\n"), ("data/blob", bytes(range(256)) * 4)):
            ti = tarfile.TarInfo(name)
            ti.size, ti.mtime, ti.mode = len(data), 1700000000, 0o644
            t.addfile(ti, io.BytesIO(data))
    return bytearray(buf.getvalue())


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    g = good()
    bad = {}
    b = bytearray(g); b[0] ^= 0x20                          # name changed, checksum not
    bad["checksum"] = b
    b = bytearray(g); b[1024 + 124:1024 + 136] = b"9999999999\0\0"  # size not octal
    # keep the checksum right so the size check itself must refuse it
    b[1024 + 148:1024 + 156] = b"        "
    b[1024 + 148:1024 + 156] = b"%06o\0 " % sum(b[1024:1536])
    bad["size"] = b
    b = bytearray(g); b[1024 + 124:1024 + 136] = b"77777777777\0"  # file far past the end
    b[1024 + 148:1024 + 156] = b"        "
    b[1024 + 148:1024 + 156] = b"%06o\0 " % sum(b[1024:1536])
    bad["overrun"] = b
    bad["truncated"] = g[:2000]                             # cut inside data/blob
    bad["noend"] = g[:2560]                                 # both files, no end-of-archive marker
    b = bytearray(g); b[0:100] = b"../escape".ljust(100, b"\0")
    b[148:156] = b"        "
    b[148:156] = b"%06o\0 " % sum(b[0:512])
    bad["dotdot"] = b
    for k, v in list(bad.items()) + [("good", g)]:
        with open(os.path.join(out, "%s.tar" % (k if k == "good" else "bad-" + k)), "wb") as f:
            f.write(v)


if __name__ == "__main__":
    main()
