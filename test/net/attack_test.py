#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Denial-of-service tests of httpd and echo (net:attack:<name>): bounded
slowloris and idle-connection floods, each with a normal client that must
keep being answered during it; the deadlines (request head, idle, lingering
close) and the refusal of malformed line endings; bounded memory per
connection; and after the attacks, the server's connections, heap, pages,
fibers and lwIP pools back where they started, with no connection refused
and no lwIP pcb allocation failed.

The image is built with short timeouts (test/net_tests.cmake), which this
script reads from its .config, so that every attack lasts seconds.

  test/net/attack_test.py BUILD_DIR [--seconds 5] [--min-answered 0.9]
"""
import argparse
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import attack  # noqa: E402
import netboot  # noqa: E402

BOOT_TIMEOUT = 60
# Deadlines are checked twice a second in the guest; a loaded CI machine
# runs QEMU late: a deadline must pass within this much after it is due.
LATE = 3.0


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("  ok: " + what, flush=True)


def session(port, data, shut=False, trickle=None, limit=20.0):
    """Send data (then FIN when shut), then a byte every `trickle` seconds
    (also after the server's FIN, until it resets), and read until the
    server closes. Returns (seconds from the first byte to the first reply
    byte or the close, the reply, seconds to the close, how it closed:
    'eof', 'reset' or, when it did not within limit, 'open' followed by
    where the host held the server end then (attack.host_end: 'open qemu'
    or, for a connection QEMU never accepted, 'open queued', 'open
    handshake', 'open none'))."""
    s = socket.create_connection(("127.0.0.1", port), timeout=limit)
    reply, t_reply, how, eof = b"", None, "open", False
    t0 = time.monotonic()
    try:
        s.sendall(data)
        if shut:
            s.shutdown(socket.SHUT_WR)
        s.settimeout(trickle or limit)
        while time.monotonic() - t0 < limit:
            if eof:
                time.sleep(trickle)
                s.send(b"a")
                continue
            try:
                b = s.recv(65536)
            except socket.timeout:
                s.send(b"a")
                continue
            if t_reply is None:
                t_reply = time.monotonic() - t0
            if b:
                reply += b
                continue
            eof = True
            if not trickle:
                how = "eof"
                break
        if how == "open":
            how = "open " + attack.host_end(s)
    except (ConnectionResetError, BrokenPipeError):
        how = "reset"
    finally:
        s.close()
    t_close = time.monotonic() - t0
    return (t_reply if t_reply is not None else t_close), reply, t_close, how


def flood(port, mode, n, seconds, probe):
    """Run n attackers of one mode; once they have all connected, a normal
    client probes for `seconds`. Returns (prober, flood)."""
    f = attack.Flood(port, n, mode).start()
    deadline = time.monotonic() + 20
    while f.opened < n and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    p = attack.Prober(probe).start()
    time.sleep(seconds)
    p.stop()
    f.stop()
    return p, f


def check_flood(port, mode, n, seconds, probe, min_answered):
    p, f = flood(port, mode, n, seconds, probe)
    print("  %s x%d: attackers connected %d times (closed by the server %d); normal client: %s"
          % (mode, n, f.opened, f.closed, p.summary()), flush=True)
    check(f.opened >= n, "%d %s attackers were connected" % (n, mode))
    check(p.ok >= 10 and p.ratio() >= min_answered,
          "normal requests answered during the %s flood: %.0f%% (at least %.0f%%)"
          % (mode, 100 * p.ratio(), 100 * min_answered))


def check_stuffing(port, stats, prefix, chunk, most):
    """A client that sends small pieces fast and never reads what comes
    back: its input must be deferred (left with lwIP, window closed) once
    its buffers are full, and the receive buffers the server holds for
    connections (<prefix>input_pbufs, sampled for two seconds) stay at
    most `most`."""
    deferred = int(stats()[prefix + "input_deferred"])
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.connect(("127.0.0.1", port))
    s.setblocking(False)
    sent, peak, t0 = 0, 0, time.monotonic()
    try:
        # Fill every buffer on the way: until sending has made no progress
        # for a second (bounded, so that a starved QEMU cannot stall us), or
        # until the server resets a client that never reads.
        last = t0
        while time.monotonic() - last < 1.0 and time.monotonic() - t0 < 5.0:
            try:
                sent += s.send(chunk)
                last = time.monotonic()
            except BlockingIOError:
                time.sleep(0.01)
            except (ConnectionResetError, BrokenPipeError):
                break  # the server gave up on us (idle reply): buffers were full
        # Sample for two seconds, longer (bounded) until the deferral shows.
        t1 = time.monotonic()
        while True:
            st = stats()
            peak = max(peak, int(st[prefix + "input_pbufs"]))
            el = time.monotonic() - t1
            if el >= 10.0 or (el >= 2.0 and int(st[prefix + "input_deferred"]) > deferred):
                break
            time.sleep(0.25)
    finally:
        s.close()
    deferred = int(st[prefix + "input_deferred"]) - deferred
    check(peak <= most and deferred > 0,
          "a client that does not read: input deferred %d times, at most %d receive buffers "
          "held (limit %d) after sending %d bytes" % (deferred, peak, most, sent))


# --- httpd -------------------------------------------------------------------

def http_suite(g, cfg, a):
    port = g.port[("tcp", 80)]
    head_s = int(cfg["HTTPD_HEAD_TIMEOUT_S"])
    idle_s = int(cfg["HTTPD_IDLE_TIMEOUT_S"])
    linger_s = int(cfg["HTTPD_LINGER_S"])
    slots = int(cfg["HTTPD_MAX_CONNS"])
    stats = lambda: attack.http_stats(port)  # noqa: E731
    probe = lambda timeout: attack.http_get(port, timeout=timeout)  # noqa: E731
    print("httpd up; host port %d; head %d s, idle %d s, linger %d s, %d slots"
          % (port, head_s, idle_s, linger_s, slots), flush=True)
    for _ in range(5):
        stats()  # warm up: the first pages allocate what stays allocated
    start = stats()

    # Line endings: CRLF only, refused at once (no wait for a timeout).
    for what, data, shut, reason in attack.BAD_LINE_ENDINGS:
        t, reply, _, _ = session(port, data, shut=shut)
        check(reply.startswith(b"HTTP/1.1 400 ") and reason in reply and t < 1.5,
              "400 (%s) for %s after %.2f s" % (reason.decode(), what, t))
    # A head that stops before its final CRLF: 408 at the head deadline.
    t, reply, _, _ = session(port, b"GET / HTTP/1.1\r\nHost: x\r\n")
    check(reply.startswith(b"HTTP/1.1 408 ") and head_s - 0.2 <= t <= head_s + LATE,
          "408 for a head without its final CRLF after %.1f s (deadline %d s)" % (t, head_s))
    # The head deadline holds however steadily bytes come (each one is
    # progress, which is what kept a slowloris connection alive).
    t, reply, _, _ = session(port, b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ", trickle=0.25)
    check(reply.startswith(b"HTTP/1.1 408 ") and head_s - 0.2 <= t <= head_s + LATE,
          "408 for a head sent a byte every 0.25 s, after %.1f s (deadline %d s)" % (t, head_s))
    # A keep-alive connection that goes quiet is closed at the idle
    # timeout. (It sends a request first: QEMU's user network may leave a
    # connection that never sends in the host's accept queue for a while.)
    t, reply, t_close, how = session(port, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    check(reply.startswith(b"HTTP/1.1 200 ") and idle_s - 0.2 <= t_close - t <= idle_s + LATE,
          "quiet keep-alive connection closed (%s) %.1f s after its reply (idle timeout %d s)"
          % (how, t_close - t, idle_s))
    # Input after the last reply does not extend the lingering close: a
    # client that keeps sending is reset at its end.
    t, reply, t_close, how = session(port, b"GET / HTTP/1.1\nHost: x\n\n", trickle=0.2)
    check(reply.startswith(b"HTTP/1.1 400 ") and how == "reset" and t_close <= linger_s + LATE,
          "client sending after a 400 reset %.1f s after it (linger %d s)" % (t_close, linger_s))

    # Bounded memory per connection: a client pipelining requests without
    # reading the replies holds at most its request buffer and one more
    # received chain (lwIP keeps one refused segment).
    check_stuffing(port, stats, "httpd_", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", 2)

    # Floods: more attackers than slots; normal requests keep being served.
    check_flood(port, "slowloris", slots + 36, a.seconds, probe, a.min_answered)
    check_flood(port, "idle", slots + 36, a.seconds, probe, a.min_answered)

    count = check_after(stats, start, "httpd_connections_", 1, idle_s + linger_s + 10)
    check(count("httpd_head_timeouts") >= 2 and count("httpd_idle_timeouts") >= 1 and
          count("httpd_linger_aborts") >= 1 and count("httpd_bad_requests") >= 5,
          "/stats counted head timeouts %d, idle timeouts %d, linger aborts %d, 400s %d"
          % (count("httpd_head_timeouts"), count("httpd_idle_timeouts"),
             count("httpd_linger_aborts"), count("httpd_bad_requests")))


# --- echo --------------------------------------------------------------------

def echo_suite(g, cfg, a):
    port, uport, sport = g.port[("tcp", 7)], g.port[("udp", 7)], g.port[("tcp", 8)]
    idle_s = int(cfg["ECHO_IDLE_TIMEOUT_S"])
    slots = int(cfg["ECHO_MAX_CONNS"])
    udp_max = int(cfg["ECHO_UDP_MAX_BYTES"])
    stats = lambda: attack.stats_from_text(attack.tcp_text(sport))  # noqa: E731
    probe = lambda timeout: attack.echo_once(port, timeout=timeout)  # noqa: E731
    print("echo up; host ports tcp %d, udp %d, statistics %d; idle %d s, %d slots, UDP up to %d"
          % (port, uport, sport, idle_s, slots, udp_max), flush=True)
    for _ in range(3):
        stats()
    start = stats()

    # UDP first: the fragments of the datagram too large to reassemble
    # stay in lwIP's reassembly queue for its 15 s timeout. Datagrams up
    # to the limit come back; larger ones are counted.
    before = stats()
    sizes = {"echoed": [1000, udp_max], "oversize": [udp_max + 1, min(udp_max + 4000, 14000)],
             "unreassembled": [30000]}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        u.settimeout(1.0)
        for kind, lst in sizes.items():
            for size in lst:
                msg = os.urandom(size)
                got = None
                for _ in range(3):  # UDP may lose one; retries are bounded
                    u.sendto(msg, ("127.0.0.1", uport))
                    try:
                        got, _ = u.recvfrom(70000)
                        break
                    except socket.timeout:
                        continue
                if kind == "echoed":
                    check(got == msg, "UDP datagram of %d bytes echoed" % size)
                else:
                    check(got is None, "UDP datagram of %d bytes not echoed" % size)
    st = stats()
    over = int(st["echo_udp_oversize"]) - int(before["echo_udp_oversize"])
    check(over == 3 * len(sizes["oversize"]),
          "echo_udp_oversize counted %d (%d datagrams over %d bytes, 3 tries each)"
          % (over, len(sizes["oversize"]), udp_max))
    frag = int(st["lwip_ipfrag_drop"]) - int(before["lwip_ipfrag_drop"])
    check(frag > 0, "a datagram too large to reassemble is counted in lwip_ipfrag_drop (%d)" % frag)

    # Many short sessions (the 500), then the floods.
    results = []

    def sessions(k):
        ok = 0
        for _ in range(50):
            try:
                probe(timeout=5)
                ok += 1
            except OSError:
                pass
        results.append(ok)
    threads = [threading.Thread(target=sessions, args=(k,)) for k in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    check(sum(results) == 500, "500 short TCP sessions echoed (%d)" % sum(results))

    check_flood(port, "idle", slots + 8, a.seconds, probe, a.min_answered)
    check_flood(port, "slowloris", slots + 8, a.seconds, probe, a.min_answered)

    # A session that goes quiet is reset at the idle timeout.
    t, reply, t_close, how = session(port, b"quiet now\n")
    check(reply == b"quiet now\n" and idle_s - 0.2 <= t_close - t <= idle_s + LATE,
          "quiet session closed (%s) %.1f s after its echo (idle timeout %d s)"
          % (how, t_close - t, idle_s))

    # Bounded memory per session: a client that never reads the echo.
    check_stuffing(port, stats, "echo_tcp_", b"0123456789", 3)

    count = check_after(stats, start, "echo_tcp_", 0, idle_s + 10)
    check(count("echo_tcp_idle_timeouts") >= 1,
          "idle timeouts counted (%d)" % count("echo_tcp_idle_timeouts"))


def check_after(stats, start, prefix, active, timeout):
    """Once the attacks are over: the server's connections (<prefix>active),
    kernel figures and lwIP pools back at their start, no connection
    refused but some evicted, no pcb allocation failed. Returns a function
    giving a counter's growth since start."""
    key = prefix + "active"
    st, diff = attack.settled(stats, start, key, active, timeout)
    for k in [key] + list(attack.RESTORED):
        print("    %-28s %12s -> %s" % (k, start[k], st[k]))
    for p in attack.POOLS + ("tcp_pcb",):
        print("    lwip_mem_%-19s %12s -> %s" % (p, attack.pool_used(start, p)["used"],
                                                  attack.pool_used(st, p)["used"]))
    check(not diff, "connections, heap, pages, fibers and lwIP pools back at their start %s"
          % (("(not: %s)" % diff) if diff else ""))
    count = lambda k: int(st[k]) - int(start[k])  # noqa: E731
    check(count(prefix + "refused") == 0 and count(prefix + "evicted") > 0,
          "no connection refused; %d evicted to make room" % count(prefix + "evicted"))
    check(attack.pool_used(st, "tcp_pcb")["failures"] == 0,
          "lwIP never ran out of pcbs (%s)" % st["lwip_mem_tcp_pcb"])
    return count


SUITES = {"httpd": ([("tcp", 80)], r"^httpd: listening on http://", http_suite),
          "echo": ([("tcp", 7), ("udp", 7), ("tcp", 8)], r"^echo: statistics on TCP port",
                   echo_suite)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--seconds", type=float, default=5.0, help="normal client probing per flood")
    ap.add_argument("--min-answered", type=float, default=0.9,
                    help="share of normal requests that must be answered during a flood")
    a = ap.parse_args()
    cfg = attack.read_config(a.build_dir)
    app = cfg.get("APP") if cfg.get("APP") in SUITES else None
    if not app:
        sys.exit("attack_test: %s is neither an httpd nor an echo build" % a.build_dir)
    forwards, ready, suite = SUITES[app]
    log = os.path.join(a.build_dir, "net-attack-test.log")
    g = netboot.Guest(a.build_dir, forwards, log)

    def checks():
        g.wait_for(ready, BOOT_TIMEOUT)
        suite(g, cfg, a)
    return g.run_test("attack " + os.path.basename(os.path.abspath(a.build_dir)), checks)

if __name__ == "__main__":
    sys.exit(main())
