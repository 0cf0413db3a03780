#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""UDP echo rate of a program against the in-kernel echo app, per
architecture (figures for docs/syscall.md; nothing asserted):

  program  /bin/udpecho 7 in the shell built with lwIP: each datagram is
           copied once into a packet buffer mapped read-only into the
           program, named by a completion, sent back from there and freed
           (send, free and the next receive in one trap)
  kernel   the echo app (apps/echo): lwIP's receive callback echoes in the
           network fiber, no program, no ring

Both images boot under the same QEMU command line (user networking, a
forwarded UDP port of 127.0.0.1). The host sends 64-byte datagrams for
--duration seconds in two ways: closed loop (one outstanding: the round
trip) and with a window of 16 outstanding (throughput); a datagram not
answered within 0.2 s counts as lost and is replaced.

  bench/udpecho.py OUTDIR [--arch riscv64,aarch64,x86_64] [--duration 5]
                          [--repeat 1]
"""
import argparse
import os
import socket
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "test", "net"))
import netboot  # noqa: E402

NET = ["CONFIG_NET_LWIP=y", "CONFIG_VIRTIO=y", "CONFIG_VIRTIO_NET=y"]
PAYLOAD = 64
LOST_S = 0.2


def load(port, window, duration):
    """Datagrams echoed per second, median round trip (us), lost."""
    msg = os.urandom(PAYLOAD - 8)
    rtts, lost, seq = [], 0, 0
    out = {}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        u.connect(("127.0.0.1", port))
        u.settimeout(LOST_S)
        # Warm up (ARP, QEMU's first forward) outside the clock.
        for _ in range(20):
            u.send(b"warmup00" + msg)
            try:
                u.recv(2048)
                break
            except socket.timeout:
                pass
        start = time.monotonic()
        end = start + duration
        while time.monotonic() < end:
            while len(out) < window:
                seq += 1
                out[seq] = time.monotonic()
                u.send(seq.to_bytes(8, "little") + msg)
            try:
                data = u.recv(2048)
            except socket.timeout:
                lost += len(out)
                out.clear()
                continue
            sent = out.pop(int.from_bytes(data[:8], "little"), None)
            if sent is not None:
                rtts.append(time.monotonic() - sent)
        elapsed = time.monotonic() - start
    rtts.sort()
    p50 = rtts[len(rtts) // 2] * 1e6 if rtts else 0
    return len(rtts) / elapsed, p50, lost


def bench(build_dir, kind, duration, log):
    res = {}
    if kind == "program":
        port = netboot.free_port(socket.SOCK_DGRAM)
        net = ["-netdev", "user,id=n0,hostfwd=udp:127.0.0.1:%d-:7" % port,
               "-device", "virtio-net-{virtio},netdev=n0"]
        g = netboot.Guest(build_dir, [], log, extra=netboot.rkqemu.expand_args(net, build_dir),
                          console=True)
    else:
        g = netboot.Guest(build_dir, [("udp", 7)], log)
        port = g.port[("udp", 7)]
    try:
        if kind == "program":
            g.wait_for(r"^shell: ready", 60)
            g.type("exec /bin/udpecho 7\n")
            g.wait_for(r"^udpecho: listening", 60)
        else:
            g.wait_for(r"^echo: listening", 60)
        for window in (1, 16):
            res[window] = load(port, window, duration)
    finally:
        g.stop()
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--arch", default="riscv64,aarch64,x86_64")
    ap.add_argument("--duration", type=float, default=5)
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    with open("/proc/loadavg") as f:
        print("host load average at the start: %s (a shared machine: compare rows, "
              "not machines)" % f.read().split()[0])
    print("%-8s %-8s %5s %12s %10s %6s" % ("arch", "echo", "window", "datagrams/s", "p50 us",
                                           "lost"))
    for arch in a.arch.split(","):
        p = netboot.PLATFORMS[arch]
        builds = {
            "program": netboot.build(os.path.join(a.outdir, "shell-net"), "shell_" + p, *NET),
            "kernel": netboot.build(os.path.join(a.outdir, "echo"), "echo_" + p),
        }
        for r in range(a.repeat):
            for kind, b in builds.items():
                log = os.path.join(a.outdir, "udpecho-%s-%s-%d.log" % (arch, kind, r))
                for window, (rate, p50, lost) in bench(b, kind, a.duration, log).items():
                    print("%-8s %-8s %5d %12.0f %10.0f %6d" % (arch, kind, window, rate, p50,
                                                               lost))
                sys.stdout.flush()


if __name__ == "__main__":
    main()
