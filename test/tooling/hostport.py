#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""make run for a server (scripts/hostfwd.py): httpd built with
CONFIG_HTTPD_PORT=8000 (app.desc says 8080 -> 80) must
  - print its host URL with the guest port from the build's .config, and
    answer HTTP there (HOSTPORT= picks the host port);
  - refuse a second run on a HOSTPORT that is taken, saying so;
  - without HOSTPORT, move to the next free port when the default (8080)
    is taken, and print the port it took.

  hostport.py TOP OUTDIR
"""
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

top, out = sys.argv[1], os.path.abspath(sys.argv[2])
O = os.path.join(out, "httpd-x86_64")
GUEST = 8000
MAKE = ["make", "-s", "-C", top, "O=" + O, "BUILD=" + out, "RUMPK_NO_INSTALL=1"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Run:
    """A `make run` in the background, its output read line by line."""

    def __init__(self, *args):
        print("$ " + " ".join(MAKE + ["run"] + list(args)), flush=True)
        self.p = subprocess.Popen(MAKE + ["run"] + list(args), stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, start_new_session=True)
        self.q = queue.Queue()
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stdout:
            self.q.put(line.rstrip("\n"))
        self.q.put(None)

    def wait_for(self, regex, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.q.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                continue
            if line is None:
                break
            print("  | " + line, flush=True)
            self.lines.append(line)
            m = re.search(regex, line)
            if m:
                return m
        sys.exit("FAIL: no line /%s/ (make run exited: %s)" % (regex, self.p.poll()))

    def stop(self):
        if self.p.poll() is None:
            os.killpg(self.p.pid, signal.SIGTERM)
        self.p.wait()


def get(port):
    with urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=30) as r:
        return r.status


r = subprocess.run(MAKE + ["httpd_qemu-microvm-x86_64_defconfig", "all",
                           "CONFIG_HTTPD_PORT=%d" % GUEST], stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT, text=True)
if r.returncode:
    sys.exit("FAIL: build\n" + r.stdout[-3000:])

runs = []
held = None
try:
    port = free_port()
    a = Run("HOSTPORT=%d" % port)
    runs.append(a)
    a.wait_for(r"^httpd: http://127\.0\.0\.1:%d/ -> guest port %d$" % (port, GUEST))
    a.wait_for(r"^httpd: listening on http://10\.0\.2\.15:%d/" % GUEST)
    status = get(port)
    if status != 200:
        sys.exit("FAIL: GET / through HOSTPORT=%d answered %d" % (port, status))
    print("ok   HOSTPORT=%d reaches the guest's port %d (HTTP 200)" % (port, GUEST))

    b = subprocess.run(MAKE + ["run", "HOSTPORT=%d" % port], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
    print(b.stdout[-2000:])
    if b.returncode == 0 or ("host port 127.0.0.1:%d (tcp) is in use: pick another HOSTPORT="
                             % port) not in b.stdout:
        sys.exit("FAIL: a second run on a taken HOSTPORT was not refused with a reason")
    print("ok   a taken HOSTPORT is refused with a reason")

    # The default host port (app.desc's 8080) taken: by this socket, or
    # by someone else if it cannot bind.
    held = socket.socket()
    try:
        held.bind(("127.0.0.1", 8080))
        held.listen(1)
    except OSError:
        pass
    c = Run()
    runs.append(c)
    m = c.wait_for(r"^httpd: http://127\.0\.0\.1:(\d+)/ -> guest port %d$" % GUEST)
    moved = int(m.group(1))
    if moved == 8080 or not any(re.search(r"host port 8080 is in use .*; using %d" % moved, l)
                                for l in c.lines):
        sys.exit("FAIL: with 8080 taken, make run did not say which port it took")
    c.wait_for(r"^httpd: listening on http://10\.0\.2\.15:%d/" % GUEST)
    status = get(moved)
    if status != 200:
        sys.exit("FAIL: GET / on the port it moved to answered %d" % status)
    print("ok   with 8080 taken, a second instance serves on %d (HTTP 200)" % moved)
finally:
    for run in runs:
        run.stop()
    if held:
        held.close()
print("hostport: OK")
