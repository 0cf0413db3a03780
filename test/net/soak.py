#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""make soak: httpd and echo under load and attack for a chosen number of
minutes. Not part of `make test` (it runs for minutes by design).

Builds the httpd and echo defconfigs of one architecture (their production
timeouts), boots both, warms them up and reads their status pages (httpd's
/stats, echo's statistics port), then cycles through phases of --phase
seconds until --minutes have passed:
  load       wrk on httpd; TCP echo round trips of up to 64 KiB; UDP
             datagrams, some over echo's size limit
  slowloris  100 never-ending heads on httpd, 40 trickling sessions on echo
  idle       100 silent connections on httpd, 40 on echo
  malformed  bad line endings, oversized, cut and malformed heads on httpd
A normal client makes one request after another on each server throughout.
Then it stops every client, waits for the servers to settle (bounded) and
prints heap, pages, fibers, connections and lwIP memory before and after,
with the counters' growth. It fails if any of those figures did not return
to its start, if lwIP ran out of pcbs, if a malformed request got the wrong
reply, or if a client got less than --min-answered of its requests answered
in a phase.

  test/net/soak.py OUTDIR [--minutes 10] [--arch riscv64] [--phase 30]
"""
import argparse
import os
import random
import re
import shutil
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import attack  # noqa: E402
import attack_test  # noqa: E402
import echo_test  # noqa: E402
import http_test  # noqa: E402
import netboot  # noqa: E402

PHASES = ("load", "slowloris", "idle", "malformed")
# Where the guest drops a frame, a segment or a SYN without telling the
# sender: the driver (ring), the data path (no pbuf), lwIP (link; TCP: a
# segment for no connection; a SYN for a full listen backlog). Printed
# always: zero growth is the evidence that a lost connection was not lost
# in the guest.
GUEST_DROPS = ("dev_rx_dropped", "dev_tx_dropped", "net_rx_no_pbuf", "net_tx_dropped",
               "lwip_link_drop", "lwip_tcp_drop", "net_syn_backlog_drops")


class Server:
    def __init__(self, name, guest, port, stats, probe, active_key, active, attackers):
        self.name, self.guest, self.port, self.stats = name, guest, port, stats
        self.probe, self.active_key, self.active = probe, active_key, active
        self.attackers = attackers


def echo_round_trip(port):
    payload = os.urandom(random.choice((1, 100, 1460, 4096, 65536)))
    if echo_test.tcp_round_trip(port, payload) != payload:
        raise ConnectionError("TCP echo of %d bytes differs" % len(payload))


def udp_round_trip(port, limit):
    """A datagram of a random size, sometimes over echo's limit (must not
    come back). UDP may lose one: a loss is retried, bounded."""
    size = random.choice((1, 512, 1472, 4000, limit, limit + 1, limit + 2000))
    msg = os.urandom(size)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        u.settimeout(0.5 if size > limit else 2.0)
        for _ in range(3):
            u.sendto(msg, ("127.0.0.1", port))
            try:
                got, _ = u.recvfrom(70000)
            except socket.timeout:
                if size > limit:
                    return
                continue
            if size > limit or got != msg:
                raise ConnectionError("UDP datagram of %d bytes came back wrong" % size)
            return
    raise ConnectionError("UDP datagram of %d bytes lost 3 times" % size)


class NotDelivered(Exception):
    """A connection the host kernel held in QEMU's listen queue for the
    client's whole time limit: QEMU never accepted it, so the guest never
    saw it (attack.host_end says where it was)."""


# Connections of a phase that never reached QEMU, by client label: each is
# tried once more (a failure of the retry counts as the client's failure)
# and reported with the phase, never dropped from the figures silently.
not_delivered = {}


def retry_not_delivered(label, once):
    """once() again if it raised NotDelivered, counting that under label."""
    try:
        return once()
    except NotDelivered as e:
        not_delivered.setdefault(label, []).append(str(e))
    try:
        return once()
    except NotDelivered as e:
        raise ConnectionError("never reached QEMU twice in a row: " + str(e)) from e


def malformed_once(port):
    """One bad request, chosen at random; it must get a 400."""
    cases = [(d, s) for _, d, s, _ in attack.BAD_LINE_ENDINGS] + \
            [(d, False) for _, d in http_test.MALFORMED]
    data, shut = random.choice(cases)
    _, reply, _, how = attack_test.session(port, data, shut=shut)
    if not reply and how.startswith("open ") and how != "open qemu":
        raise NotDelivered("malformed request, server end " + how[5:])
    if not reply.startswith(b"HTTP/1.1 400 "):
        raise ConnectionError("%r... got %r (%s)" % (data[:30], reply[:40], how))


def head_timeout_once(port, deadline_s):
    """A head that never gets its final CRLF: 408 at the head deadline."""
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=deadline_s + 20) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: soak\r\n")
        try:
            reply = s.recv(65536)
        except socket.timeout:
            where = attack.host_end(s)
            if where != "qemu":
                raise NotDelivered("head without its end, server end " + where)
            raise
    t = time.monotonic() - t0
    if not reply.startswith(b"HTTP/1.1 408 ") or t < deadline_s - 0.2:
        raise ConnectionError("after %.1f s: %r" % (t, reply[:40]))


def run_phase(kind, servers, seconds, udp_limit, head_s):
    """One phase; returns its clients as (label, attack.Prober) and notes."""
    h, e = servers
    clients = [("httpd normal client", attack.Prober(h.probe)),
               ("echo normal client", attack.Prober(e.probe))]
    floods = []
    wrk_result = None
    if kind == "load":
        clients += [("echo TCP load", attack.Prober(lambda timeout: echo_round_trip(e.port), pause=0)),
                    ("echo UDP load", attack.Prober(lambda timeout: udp_round_trip(e.port, udp_limit), pause=0))]
    elif kind in ("slowloris", "idle"):
        floods = [(s.name, attack.Flood(s.port, s.attackers, kind)) for s in servers]
    elif kind == "malformed":
        bad, late = "httpd malformed requests", "httpd heads without their end (408)"
        clients += [(bad, attack.Prober(
                        lambda timeout: retry_not_delivered(bad, lambda: malformed_once(h.port)),
                        pause=0, timeout=20.0)),
                    (late, attack.Prober(
                        lambda timeout: retry_not_delivered(
                            late, lambda: head_timeout_once(h.port, head_s)),
                        pause=0, timeout=head_s + 20))]
    not_delivered.clear()
    overflows = attack.listen_overflows()
    for _, f in floods:
        f.start()
    for _, c in clients:
        c.start()
    if kind == "load":
        wrk_result = attack.wrk(h.port, int(seconds))
    else:
        time.sleep(seconds)
    for _, c in clients:
        c.stop()
    for _, f in floods:
        f.stop()
    notes = ["%s %s x%d connected %d times" % (n, kind, f.n, f.opened) for n, f in floods]
    notes.append("host accept queue overflows (ListenOverflows) +%d"
                 % (attack.listen_overflows() - overflows))
    for label, what in sorted(not_delivered.items()):
        notes.append("%s: %d never reached QEMU (held in the host's listen queue for the"
                     " client's whole limit, so unseen by the guest), retried once: %s"
                     % (label, len(what), "; ".join(what[:3])))
    if wrk_result:
        notes.append("wrk on httpd: %s requests/s, latency p99 %s, errors: %s"
                     % (wrk_result["rps"], wrk_result["p99"], wrk_result["errors"]))
    return clients, notes


def figures(st, s):
    """name -> value of what must return to its start."""
    out = {s.active_key: st[s.active_key]}
    out.update({k: st[k] for k in attack.RESTORED})
    out.update({"lwip_mem_%s used" % p: attack.pool_used(st, p)["used"] for p in attack.POOLS})
    return out


def counters(st, s):
    prefix = s.name + "_"
    out = {k: int(v) for k, v in st.items() if k.startswith(prefix) and v.isdigit()}
    out["lwip tcp_pcb failures"] = attack.pool_used(st, "tcp_pcb")["failures"]
    return out


def guest_drops(st):
    """GUEST_DROPS of a status page, and lwIP's TCP memory errors (a SYN
    that found no free pcb)."""
    out = {k: int(st[k]) for k in GUEST_DROPS if st.get(k, "").isdigit()}
    errors = dict(re.findall(r"(\w+) (\d+)", st.get("lwip_tcp_errors", "")))
    out["lwip_tcp_errors mem"] = int(errors.get("mem", 0))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--arch", default="riscv64", choices=sorted(netboot.PLATFORMS))
    ap.add_argument("--phase", type=float, default=30, help="seconds per phase")
    ap.add_argument("--min-answered", type=float, default=0.9,
                    help="share of a client's requests that must be answered in every phase")
    a = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("soak: wrk not found (apt-get install wrk)")
    outdir = os.path.abspath(a.outdir)
    plat = netboot.PLATFORMS[a.arch]
    print("soak: building httpd and echo for %s in %s" % (a.arch, outdir), flush=True)
    try:
        hdir = netboot.build(outdir, "httpd_" + plat)
        edir = netboot.build(outdir, "echo_" + plat)
    except RuntimeError as e:
        sys.exit("soak: %s" % e)
    hcfg, ecfg = attack.read_config(hdir), attack.read_config(edir)
    hg = netboot.Guest(hdir, [("tcp", 80)], os.path.join(hdir, "soak.log"))
    eg = netboot.Guest(edir, [("tcp", 7), ("udp", 7), ("tcp", 8)], os.path.join(edir, "soak.log"))
    failures = []
    try:
        hg.wait_for(r"^httpd: listening on http://", 90)
        eg.wait_for(r"^echo: statistics on TCP port", 90)
        hp, ep, sp = hg.port[("tcp", 80)], eg.port[("tcp", 7)], eg.port[("tcp", 8)]
        h = Server("httpd", hg, hp, lambda: attack.http_stats(hp),
                   lambda timeout: attack.http_get(hp, timeout=timeout),
                   "httpd_connections_active", 1, int(hcfg["HTTPD_MAX_CONNS"]) + 36)
        e = Server("echo", eg, ep, lambda: attack.stats_from_text(attack.tcp_text(sp)),
                   lambda timeout: attack.echo_once(ep, timeout=timeout),
                   "echo_tcp_active", 0, int(ecfg["ECHO_MAX_CONNS"]) + 8)
        servers = (h, e)
        udp_limit = int(ecfg["ECHO_UDP_MAX_BYTES"])
        settle_s = max(int(hcfg["HTTPD_IDLE_TIMEOUT_S"]) + int(hcfg["HTTPD_HEAD_TIMEOUT_S"]) +
                       int(hcfg["HTTPD_LINGER_S"]), int(ecfg["ECHO_IDLE_TIMEOUT_S"])) + 30

        # Warm up (lazy allocations, TCG translation), then the baseline
        # once both are idle again.
        attack.wrk(hp, 2)
        for _ in range(20):
            echo_round_trip(ep)
        start = {}
        for s in servers:
            deadline = time.monotonic() + settle_s
            while True:
                st = s.stats()
                if st[s.active_key] == str(s.active) or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            start[s.name] = st

        t_end = time.monotonic() + a.minutes * 60
        t0 = time.monotonic()
        n = 0
        total_not_delivered = {}
        overflows = attack.listen_overflows()
        while time.monotonic() < t_end - 1:
            kind = PHASES[n % len(PHASES)]
            n += 1
            secs = min(a.phase, t_end - time.monotonic())
            clients, notes = run_phase(kind, servers, secs, udp_limit,
                                       int(hcfg["HTTPD_HEAD_TIMEOUT_S"]))
            el = time.monotonic() - t0
            print("[%2d:%02d] %-9s %s" % (el // 60, el % 60, kind,
                                          "; ".join("%s %s" % (l, c.summary()) for l, c in clients)),
                  flush=True)
            for note in notes:
                print("        %s" % note, flush=True)
            for label, what in not_delivered.items():
                total_not_delivered[label] = total_not_delivered.get(label, 0) + len(what)
            for label, c in clients:
                need = 1.0 if kind == "malformed" and "normal" not in label else a.min_answered
                if c.ok + c.failed and c.ratio() < need:
                    failures.append("%s %s: %s" % (kind, label, c.summary()))

        print("soak: %d phases in %.1f min; host accept queue overflows +%d; connections"
              " that never reached QEMU (retried): %s"
              % (n, (time.monotonic() - t0) / 60, attack.listen_overflows() - overflows,
                 ", ".join("%s %d" % kv for kv in sorted(total_not_delivered.items()))
                 or "none"), flush=True)
        print("soak: waiting for the servers to settle (at most %d s)" % settle_s, flush=True)
        for s in servers:
            st, diff = attack.settled(s.stats, start[s.name], s.active_key, s.active, settle_s)
            b, f = figures(start[s.name], s), figures(st, s)
            print("\n%s (%s)             %14s %14s" % (s.name, a.arch, "before", "after"))
            for k in b:
                lower = k.startswith("lwip_mem_") and int(f[k]) < int(b[k])
                mark = ("" if b[k] == f[k] else
                        "   (below its start: in flight at the first reading)" if lower else
                        "   <-- not back at its start")
                print("  %-30s %14s %14s%s" % (k, b[k], f[k], mark))
            cb, cf = counters(start[s.name], s), counters(st, s)
            print("  counters (growth during the soak):")
            for k in cb:
                if cf.get(k, 0) != cb[k]:
                    print("    %-34s +%d" % (k, cf[k] - cb[k]))
            db, df = guest_drops(start[s.name]), guest_drops(st)
            print("  dropped in the guest (growth): %s"
                  % ", ".join("%s +%d" % (k, df[k] - db.get(k, 0)) for k in df))
            failures += ["%s: %s did not return to its start" % (s.name, d) for d in diff]
            if cf["lwip tcp_pcb failures"] != cb["lwip tcp_pcb failures"]:
                failures.append("%s: lwIP ran out of pcbs" % s.name)
    except Exception as ex:
        failures.append("%s: %s" % (type(ex).__name__, ex))
    finally:
        hg.stop()
        eg.stop()
    if failures:
        print("\nsoak: FAIL\n  " + "\n  ".join(failures))
        return 1
    print("\nsoak: PASS (%s, %.1f min)" % (a.arch, a.minutes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
