#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Host tests of scripts/rumpk-sign, one scenario per ctest entry:

  sign_tool_test.py SCENARIO --work DIR [--opener test_sig_host]

Each scenario makes its own keys in DIR and checks the tool's output and
exit status. With --opener, every container is also opened by the C parser
(crypto/verify.c built for the host), for the same name, which must agree
with the tool: the same verdict and, for a refusal, the same sentence.
"""
import argparse
import hashlib
import os
import shutil
import stat
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = [sys.executable, os.path.join(TOP, "scripts", "rumpk-sign")]
PAYLOAD = bytes(range(256)) * 3 + b"an odd-sized tail"
NAME = "/bin/payload"  # 12 bytes: the header is 128 + 16

REFUSED_BADSIG = "bad signature: the data was modified after signing"
REFUSED_UNTRUSTED = "signed by a key that is not trusted"
REFUSED_TRUNCATED = "truncated: ends before the end of its signed payload"
REFUSED_UNSIGNED = "not signed: no RKSIG header"
REFUSED_TRAILING = "unexpected bytes after the signed payload"
REFUSED_FORMAT = "malformed header or unsupported container version"
REFUSED_OLD = ("old format RKSIG1, whose signature does not cover the name; "
               "sign it again with rumpk-sign")
REFUSED_NAME = "signed for another name: it was signed as " + NAME


class Test:
    def __init__(self, work, opener):
        self.work = work
        self.opener = opener
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)

    def path(self, name):
        return os.path.join(self.work, name)

    def run(self, *args, expect=0):
        p = subprocess.run(TOOL + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print("$ rumpk-sign %s\n%s" % (" ".join(args), p.stdout.rstrip()))
        if p.returncode != expect:
            sys.exit("FAIL: exit status %d, expected %d" % (p.returncode, expect))
        return p.stdout

    def keygen(self, name):
        out = self.run("keygen", self.path(name))
        pub = open(self.path(name + ".pub")).read().strip()
        assert "public key: " + pub in out, out
        return pub

    def write(self, name, data):
        with open(self.path(name), "wb") as f:
            f.write(data)
        return self.path(name)

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()

    def c_open(self, name, keys, expect_reason, as_name=NAME):
        """The C parser's verdict, for the same name, must match the tool's."""
        if not self.opener:
            return
        argv = [self.opener, "open", self.path(name)] + (["--name", as_name] if as_name else [])
        p = subprocess.run(argv + keys, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print("$ test_sig_host open %s\n%s" % (name, p.stdout.rstrip()))
        want = ("refused: " + expect_reason) if expect_reason else "ok: "
        if not p.stdout.startswith(want) or p.returncode != (1 if expect_reason else 0):
            sys.exit("FAIL: C parser said %r (exit %d), expected %r" % (p.stdout, p.returncode, want))

    def refused(self, name, pub, reason, as_name=NAME):
        out = self.run("verify", self.path(name), "--pubkey", pub, "--name", as_name, expect=1)
        if "refused: " + reason not in out:
            sys.exit("FAIL: expected the refusal %r" % reason)
        self.c_open(name, [pub], reason, as_name)

    def signed(self, key="k"):
        pub = self.keygen(key)
        self.write("payload", PAYLOAD)
        self.run("sign", "--key", self.path(key), "--name", NAME, self.path("payload"),
                 self.path("signed"))
        return pub


def roundtrip(t):
    pub = t.signed()
    mode = stat.S_IMODE(os.stat(t.path("k")).st_mode)
    assert mode == 0o600, "secret key mode %o" % mode
    out = t.run("verify", t.path("signed"), "--pubkey", pub, "--name", NAME,
                "--extract", t.path("out"))
    assert "ok: %d payload bytes, signed as %s" % (len(PAYLOAD), NAME) in out, out
    assert t.read("out") == PAYLOAD
    t.run("verify", t.path("signed"), "--pubkey", t.path("k.pub"))  # binding no name
    t.c_open("signed", [pub], None)
    t.c_open("signed", [pub], None, as_name=None)
    # show agrees on the key id for the key, its public half and the container.
    ids = [line.split()[-1] for what in ("k", "k.pub", pub)
           for line in t.run("show", what if what == pub else t.path(what)).splitlines()
           if line.startswith("key id")]
    shown = t.run("show", t.path("signed"))
    cid = shown.split("key id ")[1].split()[0]
    assert len(set(ids + [cid])) == 1 and len(cid) == 16, (ids, cid)
    assert "signed as %s " % NAME in shown, shown
    # Empty payloads are fine; so are the shortest and the longest names.
    t.write("empty", b"")
    for name in ("/x", "/" + "n" * 254):
        t.run("sign", "--key", t.path("k"), "--name", name, t.path("empty"), t.path("empty.sig"))
        t.run("verify", t.path("empty.sig"), "--pubkey", pub, "--name", name)
        t.c_open("empty.sig", [pub], None, as_name=name)
        os.unlink(t.path("empty.sig"))


def flipped_byte(t):
    pub = t.signed()
    data = t.read("signed")
    cases = [(len(data) - 1, 0x01, REFUSED_BADSIG),  # last payload byte
             (144, 0x80, REFUSED_BADSIG),            # first payload byte
             (8, 0x01, REFUSED_BADSIG),              # signature
             (130, 0x01, REFUSED_BADSIG),            # the signed name
             (80, 0x20, REFUSED_FORMAT),             # the signed context string
             (104, 0x10, REFUSED_FORMAT),            # name length 12 -> 28: header size wrong
             (141, 0x01, REFUSED_FORMAT),            # name padding
             (5, 0x01, REFUSED_FORMAT),              # version 2 -> 3
             (103, 0x80, REFUSED_TRUNCATED)]         # payload length + 2^63
    for off, bit, reason in cases:
        b = bytearray(data)
        b[off] ^= bit
        t.write("flipped", bytes(b))
        t.refused("flipped", pub, reason)


def renamed(t):
    """A valid container used under another name, as a program copied to
    /bin/ls: refused by both, naming what it was signed as."""
    pub = t.signed()
    for other in ("/bin/ls", "/bin/payload2", "/bin/payloa", "bin/payload"):
        t.refused("signed", pub, REFUSED_NAME, as_name=other)
    # Bound to no name, it opens; bound to its own, too.
    t.c_open("signed", [pub], None, as_name=None)
    t.c_open("signed", [pub], None)


def old_format(t):
    """RKSIG1, the format before names were signed: refused with its own
    reason even when a trusted key signed it, and not signed over again."""
    pub = t.keygen("k")
    t.write("payload", PAYLOAD)
    t.run("legacy-rksig1", "--key", t.path("k"), t.path("payload"), t.path("old"))
    t.refused("old", pub, REFUSED_OLD)
    t.c_open("old", [pub], REFUSED_OLD, as_name=None)
    out = t.run("sign", "--key", t.path("k"), "--name", NAME, t.path("old"), t.path("x"), expect=2)
    assert "already a signed container (RKSIG1)" in out, out


def wrong_key(t):
    t.signed("k")
    other = t.keygen("other")
    t.refused("signed", other, REFUSED_UNTRUSTED)
    # A key id forged to name the other key: then the signature fails.
    b = bytearray(t.read("signed"))
    b[88:96] = hashlib.sha512(bytes.fromhex(other)).digest()[:8]
    t.write("forged", bytes(b))
    t.refused("forged", other, REFUSED_BADSIG)


def truncated(t):
    pub = t.signed()
    data = t.read("signed")
    for keep in (len(data) - 1, 144, 143, 128, 127, 10, 3):
        t.write("short", data[:keep])
        t.refused("short", pub, REFUSED_TRUNCATED)
    t.write("long", data + b"\0")
    t.refused("long", pub, REFUSED_TRAILING)


def unsigned(t):
    pub = t.keygen("k")
    t.write("plain", PAYLOAD)
    t.refused("plain", pub, REFUSED_UNSIGNED)
    t.write("empty", b"")
    t.refused("empty", pub, REFUSED_UNSIGNED)


def errors(t):
    """Misuse gets a clear message and exit status 2, never a traceback."""
    t.keygen("k")
    out = t.run("keygen", t.path("k"), expect=2)
    assert "refusing to overwrite" in out, out
    t.write("payload", PAYLOAD)
    os.chmod(t.path("k"), 0o644)
    out = t.run("sign", "--key", t.path("k"), "--name", NAME, t.path("payload"), t.path("x"),
                expect=2)
    assert "accessible by others" in out and not os.path.exists(t.path("x")), out
    os.chmod(t.path("k"), 0o600)
    out = t.run("sign", "--key", t.path("missing"), "--name", NAME, t.path("payload"),
                t.path("x"), expect=2)
    assert "not found" in out, out
    # The name is required, and must be a canonical absolute path.
    out = t.run("sign", "--key", t.path("k"), t.path("payload"), t.path("x"), expect=2)
    assert "--name" in out, out
    for bad in ("bin/x", "/bin//x", "/bin/./x", "/bin/../x", "/bin/", "/", "/" + "n" * 255):
        out = t.run("sign", "--key", t.path("k"), "--name", bad, t.path("payload"), t.path("x"),
                    expect=2)
        assert "expected an absolute path" in out and not os.path.exists(t.path("x")), out
    out = t.run("verify", t.path("payload"), "--pubkey", "abcd", expect=2)
    assert "64 hex digits" in out, out
    out = t.run("verify", t.path("payload"), "--pubkey", t.path("k"), expect=2)
    assert "is a secret key" in out, out
    t.run("sign", "--key", t.path("k"), "--name", NAME, t.path("payload"), t.path("s"))
    out = t.run("sign", "--key", t.path("k"), "--name", NAME, t.path("s"), t.path("s2"), expect=2)
    assert "already a signed container" in out, out
    # A damaged secret key (public half altered) is detected, not used.
    lines = open(t.path("k")).read().splitlines()
    lines[-1] = lines[-1][:-1] + ("0" if lines[-1][-1] != "0" else "1")
    with open(t.path("k"), "w") as f:
        f.write("\n".join(lines) + "\n")
    out = t.run("sign", "--key", t.path("k"), "--name", NAME, t.path("payload"), t.path("x"),
                expect=2)
    assert "corrupt" in out, out
    assert "Traceback" not in out


SCENARIOS = {f.__name__.replace("_", "-"): f for f in
             (roundtrip, flipped_byte, wrong_key, truncated, unsigned, renamed, old_format,
              errors)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", choices=sorted(SCENARIOS))
    ap.add_argument("--work", required=True)
    ap.add_argument("--opener")
    a = ap.parse_args()
    SCENARIOS[a.scenario](Test(a.work, a.opener))
    print("PASS: %s" % a.scenario)


if __name__ == "__main__":
    main()
