#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""A fixed-rate HTTP/1.1 load generator (what wrk2 does; Debian has no
wrk2): requests are due at a steady rate, open loop, over a few keep-alive
connections, and each one's latency counts from the moment it was due, so
a stalled server shows up as the time requests waited (no coordinated
omission). RATE 0 is closed loop instead: every connection sends its next
request as soon as the last answer is in (a saturation figure).

Each connection is opened, and served one request, before the clock
starts: a forwarded connection's handshake through QEMU's user network can
take a second (its listening socket has a backlog of 1 and the host drops
the handshakes beyond it), which is not the server's latency.
Python-stdlib only, one thread, bounded in time.

  bench/loadgen.py PORT RATE DURATION_S [--connections 16] [--path /]
                   [--host 127.0.0.1]

Prints one line of JSON: offered and achieved rate, completed requests,
errors, latency percentiles in ms, and how late the generator itself sent
(send_lag_p99_ms: when that is large, the generator, not the server, was
the bottleneck and the figure is not a fixed-rate one)."""
import argparse
import json
import selectors
import socket
import sys
import time


class Conn:
    def __init__(self, host, port, path):
        self.sock = socket.create_connection((host, port), timeout=5)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.setblocking(False)
        self.req = ("GET %s HTTP/1.1\r\nHost: bench\r\n\r\n" % path).encode()
        self.buf = b""
        self.due = None  # scheduled time of the request in flight

    def warm(self):
        """One request before the measurement, blocking."""
        self.sock.setblocking(True)
        self.sock.settimeout(10)
        self.sock.sendall(self.req)
        while not self.feed():
            pass
        self.sock.setblocking(False)

    def send(self, due):
        self.due = due
        self.buf = b""
        self.sock.send(self.req)  # tiny: fits the socket buffer

    def feed(self):
        """Read what is there; True when the response is complete."""
        data = self.sock.recv(65536)
        if not data:
            raise ConnectionError("server closed the connection")
        self.buf += data
        head, sep, body = self.buf.partition(b"\r\n\r\n")
        if not sep:
            return False
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return len(body) >= length


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    i = min(len(sorted_values) - 1, int(round(p / 100.0 * (len(sorted_values) - 1))))
    return sorted_values[i]


def run(port, rate, duration, connections, path, host="127.0.0.1"):
    sel = selectors.DefaultSelector()
    conns = [Conn(host, port, path) for _ in range(connections)]
    for c in conns:
        c.warm()
        c.buf = b""
    idle = list(conns)
    for c in conns:
        sel.register(c.sock, selectors.EVENT_READ, c)
    closed = rate == 0
    interval = 1.0 / rate if rate else 0.0
    t0 = time.monotonic() + 0.05
    end = t0 + duration
    next_due = t0
    backlog = []          # due times of requests waiting for a free connection
    lat, lag = [], []
    errors = 0
    while True:
        now = time.monotonic()
        if closed:
            next_due = now  # every free connection sends right away
            if now < end:
                backlog.extend([now] * (len(idle) - len(backlog)))
        else:
            while next_due <= now and next_due < end:
                backlog.append(next_due)
                next_due += interval
        while backlog and idle:
            c = idle.pop()
            due = backlog.pop(0)
            try:
                c.send(due)
                lag.append(time.monotonic() - due)
            except OSError:
                errors += 1
                sel.unregister(c.sock)
        busy = len(conns) - len(idle) - errors
        if now >= end and (busy == 0 or now >= end + 2.0):
            break
        if closed or next_due >= end:
            wait = 0.01  # woken by the next answer
        else:
            wait = max(0.0, min(next_due - now, 0.01))
        for key, _ in sel.select(wait):
            c = key.data
            try:
                if c.feed():
                    lat.append(time.monotonic() - c.due)
                    c.due = None
                    idle.append(c)
            except (OSError, ConnectionError, ValueError):
                errors += 1
                sel.unregister(c.sock)
    unfinished = len(backlog) + sum(1 for c in conns if c.due is not None)
    for c in conns:
        c.sock.close()
    lat.sort()
    lag.sort()
    ms = lambda v: None if v is None else round(v * 1000, 3)
    return {
        "offered_rps": rate, "achieved_rps": round(len(lat) / duration, 1),
        "completed": len(lat), "errors": errors, "unfinished": unfinished,
        "p50_ms": ms(percentile(lat, 50)), "p90_ms": ms(percentile(lat, 90)),
        "p99_ms": ms(percentile(lat, 99)), "max_ms": ms(lat[-1] if lat else None),
        "send_lag_p99_ms": ms(percentile(lag, 99)),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("rate", type=float, help="requests per second")
    ap.add_argument("duration", type=float, help="seconds")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--path", default="/")
    ap.add_argument("--host", default="127.0.0.1",
                    help="the server's address (bench/tapnet.py: the guest's own)")
    a = ap.parse_args()
    if a.rate < 0 or a.duration <= 0 or a.connections <= 0:
        sys.exit("loadgen: rate must be 0 (closed loop) or more, duration and "
                 "connections positive")
    print(json.dumps(run(a.port, a.rate, a.duration, a.connections, a.path, a.host)))


if __name__ == "__main__":
    main()
