#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""ctest net:tap:<image>: bench-net's tap backend end to end on a real
image: bench/net.py boots httpd on a tap in a namespace of its own
(bench/tapnet.py), the fixed-rate generator and wrk run inside it against
the guest's address for a second each, every request is answered, the
guest's counters come back over the same path, and the namespace is gone
afterwards. Figures are not checked (they are bench-net's), only that
the path works and loses nothing.

Exits 77 (ctest: skipped) with the reason where namespaces or tap devices
cannot be made (not root, no /dev/net/tun): bench-net then measures over
slirp only.

  tapnet_test.py BUILD_DIR
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import net  # noqa: E402  (bench/net.py)
import tapnet  # noqa: E402

SKIP = 77
fails = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)


def namespaces():
    r = subprocess.run(["ip", "netns", "list"], stdout=subprocess.PIPE, text=True, timeout=20)
    return {l.split()[0] for l in r.stdout.splitlines() if l.strip()}


def main():
    build_dir = os.path.abspath(sys.argv[1])
    why = tapnet.available()
    if why:
        print("SKIP: no tap backend here: %s" % why)
        return SKIP
    res, missed = net.run(build_dir, False, 1, ["1k", "sat"], "tap")
    rate, sat = res
    check(rate["requests"] > 0 and rate["errors"].startswith("0 errors, 0 unfinished"),
          "fixed rate inside the namespace: %d requests answered (%s)"
          % (rate["requests"], rate["errors"]))
    check(sat["rps"] > 0 and sat["errors"] == "none",
          "wrk inside the namespace: %.0f requests/s, socket errors: %s"
          % (sat["rps"], sat["errors"]))
    check(rate["guest"].get("net_polls", 0) > 0 and sat["guest"].get("net_polls", 0) > 0,
          "the guest's /stats read over the tap (polls %s, %s)"
          % (rate["guest"].get("net_polls"), sat["guest"].get("net_polls")))
    check(rate["listen_overflows"] is None,
          "no host listen overflows reported for the tap (nothing listens on the host)")
    check(not missed, "no 'missed a notification' on the console")
    ns = tapnet.Namespace("bench-net").name  # the name net.run's namespace had
    check(ns not in namespaces(), "the namespace %s is removed afterwards" % ns)
    print("%d passed, %d failed" % (6 - len(fails), len(fails)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
