#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""End-to-end test of the httpd app: boot it in QEMU with user networking,
fetch / and /stats with curl from the host, send malformed requests (each
must get 400 and the server must keep serving), hold many connections open
at once, check an SMP image's network CPU and burner (test_smp), then stop
QEMU. Every wait is bounded.

  test/net/http_test.py BUILD_DIR [--conns 50] [--kvm]
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netboot  # noqa: E402

BOOT_TIMEOUT = 60
IO_TIMEOUT = 20
# test_concurrent: how long a burst of connects may make no progress.
PROGRESS_WAIT = 30


def curl(port, path, *extra):
    r = subprocess.run(["curl", "-sS", "-m", str(IO_TIMEOUT), "-o", "-", "-w", "\n%{http_code}",
                        "http://127.0.0.1:%d%s" % (port, path)] + list(extra),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode:
        raise AssertionError("curl %s failed (%d): %s" % (path, r.returncode, r.stderr.strip()))
    body, _, code = r.stdout.rpartition("\n")
    return int(code), body


def raw(port, data, read_all=True):
    """Send bytes, return the whole reply (until the server closes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                b = s.recv(65536)
            except ConnectionResetError:
                break
            if not b:
                break
            chunks.append(b)
            if not read_all:
                break
        return b"".join(chunks)


def status_of(reply):
    line = reply.split(b"\r\n", 1)[0]
    parts = line.split(b" ")
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
        raise AssertionError("not an HTTP reply: %r" % reply[:80])
    return int(parts[1])


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("  ok: " + what)


def stats(port):
    code, body = curl(port, "/stats")
    check(code == 200, "/stats answers 200")
    out = {}
    for line in body.splitlines():
        k, _, v = line.partition(" ")
        out[k] = v
    return out


MALFORMED = [
    ("no blank line within the limit", b"GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 8192),
    ("bad method token", b"G@T / HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("request line without version", b"GET /\r\nHost: x\r\n\r\n"),
    ("two spaces in the request line", b"GET  / HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("target not starting with /", b"GET index.html HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("header without colon", b"GET / HTTP/1.1\r\nHost: x\r\nBogus\r\n\r\n"),
    ("space before the colon", b"GET / HTTP/1.1\r\nHost : x\r\n\r\n"),
    ("obsolete line folding", b"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n"),
    ("HTTP/1.1 without Host", b"GET / HTTP/1.1\r\n\r\n"),
    ("binary junk", b"\x00\x01\x02\xff\r\n\r\n"),
    ("bad Content-Length", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n"),
    ("oversized header line", b"GET / HTTP/1.1\r\nHost: x\r\nCookie: " + b"c" * 3000 + b"\r\n\r\n"),
]


def test_basic(port):
    code, body = curl(port, "/")
    check(code == 200 and "<h1>Hello from Rumpk</h1>" in body, "GET / serves the page")
    code, _ = curl(port, "/nowhere")
    check(code == 404, "unknown path gives 404")
    code, body = curl(port, "/", "-I")
    check(code == 200, "HEAD / gives 200")
    st = stats(port)
    for key in ("uptime_ms", "fibers", "fiber_switches", "heap_in_use", "net_policy",
                "net_mode_switches", "net_polls", "net_empty_polls", "net_interrupts",
                "net_frames_in", "net_frames_out", "lwip_tcp_recv"):
        check(key in st, "/stats has %s (%s)" % (key, st.get(key)))
    check(int(st["net_frames_in"]) > 0 and int(st["fibers"]) >= 3, "/stats counters are live")
    reply = raw(port, b"GET / HTTP/1.0\r\n\r\n")
    check(status_of(reply) == 200 and reply.endswith(b"</html>\n"), "HTTP/1.0 request, closed by server")
    reply = raw(port, b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
    check(status_of(reply) == 405 and b"Allow: GET, HEAD" in reply, "POST gives 405 with Allow")
    reply = raw(port, b"GET / HTTP/2.0\r\nHost: x\r\n\r\n")
    check(status_of(reply) == 505, "HTTP/2.0 request line gives 505")


def test_keepalive(port):
    # Three pipelined requests on one connection: three replies, in order.
    req = b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /stats HTTP/1.1\r\nHost: x\r\n\r\n" \
          b"GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    reply = raw(port, req)
    codes = [int(m) for m in re.findall(rb"(?:^|\n)HTTP/1\.1 (\d{3}) ", reply)]
    check(codes == [200, 200, 404], "pipelined keep-alive requests answered in order %s" % codes)


def test_malformed(port):
    before = int(stats(port)["httpd_bad_requests"])
    for what, data in MALFORMED:
        reply = raw(port, data)
        check(status_of(reply) == 400, "400 for %s" % what)
        code, _ = curl(port, "/")
        if code != 200:
            raise AssertionError("server stopped serving after: " + what)
    after = int(stats(port)["httpd_bad_requests"])
    check(after - before == len(MALFORMED), "httpd_bad_requests counted %d" % (after - before))


def read_reply(s):
    """One HTTP reply with a Content-Length body from socket s."""
    data = b""
    while b"\r\n\r\n" not in data:
        b = s.recv(65536)
        if not b:
            raise ConnectionError("closed before the reply head (%r)" % data[-40:])
        data += b
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
    while len(body) < length:
        b = s.recv(65536)
        if not b:
            raise ConnectionError("closed in the body")
        body += b
    return status_of(head), body


def test_concurrent(port, n):
    """n persistent connections open at the same time. QEMU's user network
    accepts forwarded connections one at a time (listen backlog 1), so a
    burst of connects can take seconds: each client keeps its connection
    busy with a request a second (well inside the server's idle timeout)
    until all n are up, the server's /stats must then count n active
    connections, and each client ends with a final request."""
    all_up = threading.Event()
    checked = threading.Event()
    up = [0]
    lock = threading.Lock()
    results = [None] * n

    def count_up():
        with lock:
            up[0] += 1
            if up[0] == n:
                all_up.set()

    def connect():
        """A connection with its first reply. QEMU's user network may drop
        a connect its backlog of 1 cannot hold before the guest sees it:
        such a connect is tried again (up to three times); anything the
        server answered wrongly is not."""
        for attempt in range(3):
            s = socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT)
            try:
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                code, body = read_reply(s)
            except (ConnectionError, socket.timeout):
                s.close()
                if attempt == 2:
                    raise
                continue
            assert code == 200 and body.endswith(b"</html>\n"), "first reply %d" % code
            return s

    def one(i):
        counted = False
        try:
            with connect() as s:
                req = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                count_up()
                counted = True
                while not all_up.wait(1.0):
                    s.sendall(req)
                    read_reply(s)
                checked.wait(IO_TIMEOUT)
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                code, body = read_reply(s)
                assert s.recv(1) == b"", "server did not close after Connection: close"
                results[i] = code
        except Exception as e:  # reported below, per connection
            results[i] = "%s %r" % ("after it was up:" if counted else "before it was up:", e)
            if not counted:  # each client counts once, up or failed
                count_up()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    # A slow machine (sifive_u's model on a loaded host) brings the clients
    # up slowly but steadily: wait while they keep coming, give up only
    # after PROGRESS_WAIT seconds in which none did.
    seen = -1
    while not all_up.wait(PROGRESS_WAIT):
        with lock:
            now = up[0]
        if now == seen:
            break
        seen = now
    active = int(stats(port)["httpd_connections_active"])
    checked.set()
    for t in threads:
        t.join(IO_TIMEOUT * 2)
    bad = [(i, r) for i, r in enumerate(results) if r != 200]
    # The /stats connection itself is active too while it is served.
    check(active >= n + 1, "%d connections open at once (server counts %d active; client "
          "failures: %s)" % (n, active - 1, bad[:5]))
    check(not bad, "all %d concurrent clients served (failures: %s)" % (n, bad[:5]))
    code, _ = curl(port, "/")
    check(code == 200, "still serving after the concurrent burst")


def test_idle_and_stalls(port):
    """After the bursts: no frame waited for a timer because an interrupt
    was lost (net_late_frames: frames first seen by the poll after a timer
    ended a sleep), and an idle server sleeps (the adaptive governor polls
    only while polling finds work). Both in the guest's own counters and
    time, so a busy host does not change them."""
    st = stats(port)
    check(int(st["net_late_frames"]) == 0,
          "no frame waited for a timer wake-up (net_late_frames %s)" % st["net_late_frames"])
    # Stalls (the fiber runnable but not running: bench-net's figures) are
    # host timing, so only their consistency is checked, not their number.
    s1, s10, smax = (int(st[k]) for k in ("net_stalls_1ms", "net_stalls_10ms",
                                          "net_stall_max_us"))
    check(s10 <= s1 and (smax >= 1000) == (s1 > 0) and (smax >= 10000) == (s10 > 0),
          "stall counters agree (1 ms: %d, 10 ms: %d, longest %d us)" % (s1, s10, smax))
    if st["net_policy"] != "adaptive":
        return
    time.sleep(2)
    a = stats(port)
    time.sleep(3)
    b = stats(port)
    up = int(b["uptime_ms"]) - int(a["uptime_ms"])
    slept = int(b["net_sleep_ms"]) - int(a["net_sleep_ms"])
    check(up > 0 and slept * 2 >= up,
          "idle: the network fiber slept %d of %d ms (polls %d)"
          % (slept, up, int(b["net_polls"]) - int(a["net_polls"])))


def test_smp(port, first):
    """An SMP image (docs/smp.md): lwIP on the CPU /stats names; the network
    device's interrupts since the first /stats (first) all arrived there
    (rk_irq_set_cpu), none on another CPU; with the burner
    (CONFIG_HTTPD_BURNER) another CPU computes all the while, and this test
    was served through all of it. On a network CPU other than the boot
    CPU, main() (boot CPU) reached lwIP by moving there."""
    a = stats(port)
    if "net_cpu" not in a:
        return
    cpu = int(a["net_cpu"])
    for k in sorted(a):
        m = re.match(r"dev_irqs_cpu(\d+)$", k)
        if not m:
            continue
        n = int(a[k]) - int(first[k])
        if int(m.group(1)) == cpu:
            check(n > 0, "the network device interrupted its CPU %d (%d times)" % (cpu, n))
        else:
            check(n == 0, "the network device did not interrupt CPU %s (%d times)"
                  % (m.group(1), n))
    if cpu != 0:
        check(int(a["net_cpu_visits"]) > 0,
              "fibers of other CPUs moved to the network CPU %d for lwIP (%s visits)"
              % (cpu, a["net_cpu_visits"]))
    if "httpd_burner_rounds" not in a:
        return
    check(a["httpd_burner_cpu"] != a["net_cpu"], "the burner runs on CPU %s, the network on %s"
          % (a["httpd_burner_cpu"], a["net_cpu"]))
    time.sleep(1)
    b = stats(port)
    check(int(b["httpd_burner_rounds"]) > int(a["httpd_burner_rounds"]),
          "the burner kept computing while httpd served (%s -> %s rounds)"
          % (a["httpd_burner_rounds"], b["httpd_burner_rounds"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--conns", type=int, default=50)
    ap.add_argument("--kvm", action="store_true")
    ap.add_argument("--boot", default="direct", help="boot flow: the machine (generic-riscv64)")
    a = ap.parse_args()
    log = os.path.join(a.build_dir, "net-http-test%s.log" % ("" if a.boot == "direct" else "-" + a.boot))
    g = netboot.Guest(a.build_dir, [("tcp", 80)], log, kvm=a.kvm, boot=a.boot)

    def checks():
        g.wait_for(r"^httpd: listening on http://", BOOT_TIMEOUT)
        port = g.port[("tcp", 80)]
        print("httpd up; host port %d" % port)
        first = stats(port)
        test_basic(port)
        test_keepalive(port)
        test_malformed(port)
        test_concurrent(port, a.conns)
        test_idle_and_stalls(port)
        test_smp(port, first)
        st = stats(port)
        print("governor: policy %s, mode switches %s, polls %s (empty %s), interrupts %s"
              % (st["net_policy"], st["net_mode_switches"], st["net_polls"],
                 st["net_empty_polls"], st["net_interrupts"]))
    return g.run_test("http " + os.path.basename(os.path.abspath(a.build_dir)), checks)

if __name__ == "__main__":
    sys.exit(main())
