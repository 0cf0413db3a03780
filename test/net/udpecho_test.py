#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""The UDP echo program on the packet buffers (programs/udpecho.c,
kernel/exec/pkt.c), from the host, on a shell image built with lwIP:

  test/net/udpecho_test.py BUILD_DIR

Boots the shell with QEMU user networking forwarding a free UDP port of
127.0.0.1 to the guest's port 7, runs /bin/udpecho 7 from the shell and
checks echoed datagrams (20 short ones, and one of 1472 bytes, the most an
Ethernet frame carries), that "quit" ends it with status 0; then misuse of
the buffers by /bin/pktabuse (a bogus index, a buffer never received, a
double free, a store into the read-only pool), each ending the program
with its reason while the shell runs on (where programs run in kernel
mode, the store is not stopped: the test expects that, as documented); then udpecho again on the same
port (the killed programs' endpoints were released) and a clean exit.
"""
import os
import re
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netboot  # noqa: E402

WAIT = 60


def echo(port, msg, tries=5):
    """Send msg until its echo comes back (UDP may lose one, the first
    waits for ARP); the reply, or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        u.settimeout(2)
        for _ in range(tries):
            u.sendto(msg, ("127.0.0.1", port))
            try:
                data, _ = u.recvfrom(4096)
            except socket.timeout:
                continue
            return data
    return None


def main():
    build = sys.argv[1]
    log = os.path.join(build, "udpecho-test.log")
    port = netboot.free_port(socket.SOCK_DGRAM)
    net = ["-netdev", "user,id=n0,hostfwd=udp:127.0.0.1:%d-:7" % port,
           "-device", "virtio-net-{virtio},netdev=n0"]
    g = netboot.Guest(build, [], log, extra=netboot.rkqemu.expand_args(net, build),
                      console=True)
    pid = [0]
    kernel_mode = []

    def run(cmd):
        pid[0] += 1
        g.type(cmd + "\n")
        return pid[0]

    def echo_session():
        n = run("exec /bin/udpecho 7")
        started = g.wait_for(r"^exec: /bin/udpecho id .* pid %d \(" % n, WAIT)
        kernel_mode[:] = [started.endswith(", kernel mode)")]
        g.wait_for(r"^udpecho: listening on UDP port 7 \(\d+ packet buffers\)$", WAIT)
        for i in range(20):
            msg = b"datagram %d" % i
            assert echo(port, msg) == msg, "echo of %r" % msg
        big = os.urandom(1472)
        assert echo(port, big) == big, "echo of 1472 bytes"
        assert echo(port, b"quit") == b"bye", "quit answered bye"
        g.wait_for(r"^udpecho: echoed \d+ datagrams, 0 errors$", WAIT)
        g.wait_for(r"^shell: /bin/udpecho \(pid %d\) exited with status 0$" % n, WAIT)

    def abuse(case, reason, datagram=False):
        n = run("exec /bin/pktabuse 7 " + case)
        g.wait_for(r"^pktabuse: %s$" % case, WAIT)
        if datagram:
            g.wait_for(r"^pktabuse: waiting for a datagram$", WAIT)
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                u.sendto(b"x", ("127.0.0.1", port))
        line = g.wait_for(r"^exec: /bin/pktabuse \(pid %d\) killed: " % n, WAIT)
        assert re.search(reason + "; the kernel runs on$", line), "reason: " + line
        g.wait_for(r"^shell: /bin/pktabuse \(pid %d\) exited with status -14$" % n, WAIT)
        print("  ok: pktabuse %s: %s" % (case, line.split("killed: ", 1)[1]))

    def checks():
        g.wait_for(r"^shell: ready", WAIT)
        echo_session()
        print("  ok: udpecho: 20 datagrams and 1472 bytes echoed, quit")
        abuse("bogus", r"command ion_free: buffer \d+ is not a packet buffer \(the pool has \d+\)")
        abuse("unheld", r"command ion_free: buffer 0 is not held by the program "
              r"\(freed twice, or never received\)")
        abuse("double", r"command ion_free: buffer \d+ is not held by the program "
              r"\(freed twice, or never received\)", datagram=True)
        if kernel_mode[0]:
            # The kernel-mode fallback protects nothing (docs/syscall.md).
            n = run("exec /bin/pktabuse 7 write")
            g.wait_for(r"^pktabuse: survived$", WAIT)
            g.wait_for(r"^shell: /bin/pktabuse \(pid %d\) exited with status 0$" % n, WAIT)
            print("  ok: pktabuse write: not stopped in kernel mode, as documented")
        else:
            abuse("write", r"(store/AMO page fault|#PF page fault|data abort) \(cause \d+\) at "
                  r"pc 0x[0-9a-f]+, address 0x[0-9a-f]+")
        echo_session()
        print("  ok: udpecho again on the same port")
        g.type("exit\n")
        g.wait_for(r"^shell: bye \(status 0\)$", WAIT)
        bad = [l for l in g.lines + g.drain() if re.search("panic|PANIC", l) or
               (not kernel_mode[0] and "survived" in l)]
        assert not bad, "unexpected: %s" % bad

    return g.run_test("udpecho " + os.path.basename(os.path.abspath(build)), checks)


if __name__ == "__main__":
    sys.exit(main())
