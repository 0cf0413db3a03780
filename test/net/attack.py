# SPDX-License-Identifier: BSD-2-Clause
"""Hostile, normal and load clients for the network servers (Python stdlib
and wrk). Used by the attack tests (test/net/attack_test.py), by `make soak`
(test/net/soak.py) and by `make bench-net` (bench/net.py).

An attacker (Flood) keeps n TCP connections to a port open from one thread
and, like a real one, opens a new connection whenever the server closes
one. Its mode says what each connection does:
  slowloris  sends a request head that never ends, one byte every
             `interval` seconds (each byte is progress, so an idle timer
             alone never fires)
  idle       connects and sends nothing
A Prober is the normal client: it makes one request at a time (a fresh
connection each) and records whether a correct reply came back within its
timeout. Both are bounded: stop() ends them, and every socket operation has
a timeout."""
import errno
import os
import re
import selectors
import socket
import subprocess
import threading
import time

# The never-ending head: a valid start, then one long header value. Over the
# few seconds (tests) or minutes (soak) of an attack at one byte per
# interval it stays far below the server's head limit.
SLOW_HEAD = b"GET / HTTP/1.1\r\nHost: attacker\r\nX-Slow: "

# Request heads whose line endings httpd refuses at once with 400: (what,
# bytes, whether the client closes its side after them, the reason the
# reply names).
BAD_LINE_ENDINGS = [
    ("a request line ending in a bare LF", b"GET / HTTP/1.1\nHost: x\n\n", False,
     b"bare LF in the request head"),
    ("a request line ending in a bare CR", b"GET / HTTP/1.1\rHost: x\r\r", False,
     b"bare CR in the request head"),
    ("a head ending in a bare LF", b"GET / HTTP/1.1\r\nHost: x\r\n\n", False,
     b"bare LF in the request head"),
    ("a head closed before its final CRLF", b"GET / HTTP/1.1\r\nHost: x\r\n", True,
     b"request head ends without its blank line"),
]


class Background:
    """A thread running self._run() until stop()."""

    def __init__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self, wait=30):
        self._stop.set()
        self._thread.join(wait)


class Flood(Background):
    def __init__(self, port, n, mode, interval=1.0, pace=0.01, host="127.0.0.1"):
        """pace: seconds between two connection attempts. QEMU's user
        network accepts forwarded connections from a listen backlog of 1:
        a faster burst of connections that send nothing waits in the host
        kernel's queue for SYN-ACK retries (seconds) instead of reaching
        the guest."""
        assert mode in ("slowloris", "idle")
        self.addr, self.n, self.mode, self.interval = (host, port), n, mode, interval
        self.pace = pace
        self.sel = selectors.DefaultSelector()
        self.conns = {}        # socket -> state dict
        self.opened = 0        # connections established (host side)
        self.closed = 0        # ... that the server closed or reset
        self.replies = 0       # connections the server sent data on (a 408, an echo)
        self.connect_errors = 0
        self.bytes_sent = 0
        super().__init__()

    def stop(self):
        super().stop()
        for s in list(self.conns):
            self._drop(s)

    def alive(self):
        return sum(1 for st in self.conns.values() if st["up"])

    def _open(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        err = s.connect_ex(self.addr)
        if err not in (0, errno.EINPROGRESS):
            s.close()
            self.connect_errors += 1
            return
        self.conns[s] = {"up": False, "sent": 0, "next": 0.0, "answered": False}
        self.sel.register(s, selectors.EVENT_WRITE)

    def _drop(self, s):
        try:
            self.sel.unregister(s)
        except (KeyError, ValueError):
            pass
        s.close()
        self.conns.pop(s, None)

    def _byte(self, st):
        i = st["sent"]
        if i < len(SLOW_HEAD):
            return SLOW_HEAD[i:i + 1]
        return b"a"

    def _run(self):
        next_open = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            while len(self.conns) < self.n and now >= next_open:
                self._open()
                next_open = now + self.pace
            timeout = 0.05 if len(self.conns) >= self.n else max(0.0, min(0.05, next_open - now))
            for key, ev in self.sel.select(timeout=timeout):
                s, st = key.fileobj, self.conns.get(key.fileobj)
                if st is None:
                    continue
                if not st["up"]:
                    err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if err:
                        self.connect_errors += 1
                        self._drop(s)
                        continue
                    st["up"] = True
                    self.opened += 1
                    # Stagger the bytes of the connections over the interval.
                    st["next"] = now + self.interval * (self.opened % 10) / 10
                    self.sel.modify(s, selectors.EVENT_READ)
                    continue
                try:
                    data = s.recv(4096)
                except (ConnectionError, OSError):
                    data = b""
                if data:
                    # A reply (httpd's 408, echo's echo): counted, and the
                    # connection kept, as a real attacker would, until
                    # the server closes it.
                    if not st["answered"]:
                        st["answered"] = True
                        self.replies += 1
                    continue
                self.closed += 1
                self._drop(s)
            now = time.monotonic()
            if self.mode == "slowloris":
                for s, st in list(self.conns.items()):
                    if st["up"] and now >= st["next"]:
                        try:
                            s.send(self._byte(st))
                            st["sent"] += 1
                            self.bytes_sent += 1
                        except (BlockingIOError, InterruptedError):
                            pass
                        except OSError:
                            self.closed += 1
                            self._drop(s)
                            continue
                        st["next"] = now + self.interval


def wrk(port, duration, host="127.0.0.1", prefix=()):
    """wrk -t2 -c16 for duration seconds on GET /: requests/s, latency and
    errors as text, and wrk's whole output (raw). prefix: argv before
    wrk's (bench/tapnet.py: run it in a network namespace)."""
    r = subprocess.run(list(prefix) + ["wrk", "-t2", "-c16", "-d%ds" % duration, "--latency",
                        "http://%s:%d/" % (host, port)], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=duration + 30)
    out = r.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    avg = re.search(r"^\s+Latency\s+(\S+)\s+\S+\s+(\S+)", out, re.M)  # avg, stdev, max
    dist = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.M))
    errs = re.findall(r"Socket errors:.*|Non-2xx.*", out)
    return {"rps": rps.group(1) if rps else "?", "avg": avg.group(1) if avg else "?",
            "max": avg.group(2) if avg else "?", "p50": dist.get("50", "?"),
            "p90": dist.get("90", "?"), "p99": dist.get("99", "?"),
            "errors": "; ".join(errs) if errs else "none", "raw": out}


def http_get(port, path="/", timeout=5.0, host="127.0.0.1"):
    """One GET on a fresh connection: (status, body) or raises."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(b"GET %s HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n" % path.encode())
        data = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
    head, sep, body = data.partition(b"\r\n\r\n")
    m = re.match(rb"HTTP/1\.1 (\d{3}) ", head)
    if not sep or not m:
        raise ConnectionError("no HTTP reply (%d bytes: %r)" % (len(data), data[:40]))
    return int(m.group(1)), body


def listen_overflows():
    """The host's count of handshakes dropped by a full accept queue (all
    listening sockets of this network namespace)."""
    with open("/proc/net/netstat") as f:
        lines = [l.split() for l in f if l.startswith("TcpExt:")]
    return int(dict(zip(lines[0][1:], lines[1][1:])).get("ListenOverflows", 0))


def _proc_addr(addr):
    """An IPv4 (address, port) as /proc/net/tcp writes it."""
    ip = socket.inet_aton(addr[0])
    return "%08X:%04X" % (int.from_bytes(ip, "little"), addr[1])


def host_end(sock, server=None):
    """Where the host kernel holds the server end of a client connection
    to a port QEMU's user network forwards (looked up in /proc/net/tcp):
      'qemu'       a socket QEMU accepted: QEMU has the connection, and it
                   has (or had) a connection to the guest for it
      'queued'     handshake done, waiting in the listen socket's accept
                   queue: QEMU has not accepted it
      'handshake'  SYN_RECV: the host kernel dropped the client's final ACK
                   (accept queue full) and retries its SYN-ACK
      'none'       no server end at all: the handshake was answered with a
                   SYN cookie and the client's ACKs were dropped (accept
                   queue full), so only the client thinks it is connected
    Only 'qemu' means the guest can have seen the connection. server: the
    (address, port) connected to, for a socket whose connect has not
    completed."""
    local, remote = _proc_addr(server or sock.getpeername()), _proc_addr(sock.getsockname())
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            fld = line.split()
            if fld[1] == local and fld[2] == remote:
                if int(fld[3], 16) == 3:  # TCP_SYN_RECV
                    return "handshake"
                return "qemu" if int(fld[9]) else "queued"  # no inode: no owner yet
    return "none"


def read_config(build):
    """The CONFIG_* values of a build directory's .config (without the prefix)."""
    cfg = {}
    with open(os.path.join(build, ".config")) as f:
        for line in f:
            m = re.match(r"CONFIG_(\w+)=(.*)", line.strip())
            if m:
                cfg[m.group(1)] = m.group(2).strip('"')
    return cfg


def pool_used(st, name):
    """'used' of an lwip_mem_<name> line ("used 3 max 9 of 128, failures 0")."""
    m = re.match(r"used (\d+) max (\d+) of (\d+), failures (\d+)", st["lwip_mem_" + name])
    return {"used": int(m.group(1)), "max": int(m.group(2)), "of": int(m.group(3)),
            "failures": int(m.group(4))}


# Figures of a status page that must be back at their start once the
# clients are gone, besides the server's active connections: kernel ones,
# and the use of lwIP's heap and pools ("lwip_mem_<pool>"). TIME_WAIT pcbs
# outlive their connections (lwIP recycles them), so tcp_pcb is not one.
RESTORED = ("heap_in_use", "pages_free", "fibers")
POOLS = ("heap", "pbuf_pool", "tcp_seg")


def settled(stats, start, active_key, active, timeout):
    """Read the status page (stats()) until the server has `active`
    connections, the RESTORED figures are at their values in start and the
    POOLS use no more than in start (a pool may end lower: lwIP can still
    hold segments of an earlier connection when start is read; a leak is
    growth), or timeout seconds pass. Returns the last page and the names of
    what still differs."""
    deadline = time.monotonic() + timeout
    while True:
        st = stats()
        diff = [k for k in RESTORED if st[k] != start[k]]
        diff += ["lwip_mem_" + p for p in POOLS
                 if int(pool_used(st, p)["used"]) > int(pool_used(start, p)["used"])]
        if st[active_key] != str(active):
            diff.append(active_key)
        if not diff or time.monotonic() > deadline:
            return st, diff
        time.sleep(0.5)


def stats_from_text(text):
    out = {}
    for line in text.splitlines():
        k, _, v = line.partition(" ")
        out[k] = v
    return out


def http_stats(port, timeout=10.0):
    code, body = http_get(port, "/stats", timeout)
    if code != 200:
        raise ConnectionError("/stats answered %d" % code)
    return stats_from_text(body.decode())


def tcp_text(port, timeout=10.0, host="127.0.0.1"):
    """Everything a server sends on a fresh connection until it closes
    (echo's statistics port)."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        data = b""
        while True:
            b = s.recv(65536)
            if not b:
                return data.decode()
            data += b


def echo_once(port, timeout=5.0, host="127.0.0.1"):
    msg = b"probe %s\n" % os.urandom(8).hex().encode()
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(msg)
        got = b""
        while len(got) < len(msg):
            b = s.recv(4096)
            if not b:
                break
            got += b
    if got != msg:
        raise ConnectionError("echo returned %r" % got[:40])
    return 200, got


class Prober(Background):
    """A normal client: fn(timeout=...) over and over (one request at a
    time, each on a fresh connection) until stopped; counts answered
    (returned) and failed (raised) ones."""

    def __init__(self, fn, pause=0.05, timeout=5.0):
        self.fn, self.pause, self.timeout = fn, pause, timeout
        self.ok = 0
        self.failed = 0
        self.errors = {}
        self.first_error = None
        self.worst = 0.0
        super().__init__()

    def stop(self):
        super().stop(self.timeout * 3)

    def _run(self):
        while not self._stop.is_set():
            t0 = time.monotonic()
            try:
                self.fn(timeout=self.timeout)
                self.ok += 1
            except Exception as e:  # a failed request is the measurement
                self.failed += 1
                name = type(e).__name__
                self.errors[name] = self.errors.get(name, 0) + 1
                self.first_error = self.first_error or "%s: %s" % (name, str(e)[:80])
            self.worst = max(self.worst, time.monotonic() - t0)
            self._stop.wait(self.pause)

    def ratio(self):
        n = self.ok + self.failed
        return self.ok / n if n else 0.0

    def summary(self):
        return "%d of %d answered (%.0f%%), slowest %.2f s%s" % (
            self.ok, self.ok + self.failed, 100 * self.ratio(), self.worst,
            ", errors %s (first: %s)" % (self.errors, self.first_error) if self.errors else "")
