#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""End-to-end test of the echo app: TCP round trips (small and 256 KiB,
which exercises flow control), several sessions at once, and UDP round
trips, through QEMU user networking host forwards on free ports.

  test/net/echo_test.py BUILD_DIR
"""
import os
import socket
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netboot  # noqa: E402

TIMEOUT = 20


def tcp_round_trip(port, payload):
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as s:
        got = bytearray()
        # Send and receive at the same time: the echo server's flow
        # control would otherwise stall a large send.
        t = threading.Thread(target=s.sendall, args=(payload,))
        t.start()
        while len(got) < len(payload):
            b = s.recv(65536)
            if not b:
                break
            got += b
        t.join(TIMEOUT)
        return bytes(got)


def main():
    build = sys.argv[1]
    log = os.path.join(build, "net-echo-test.log")
    g = netboot.Guest(build, [("tcp", 7), ("udp", 7)], log)

    def checks():
        g.wait_for(r"^echo: listening on ", 60)
        tport, uport = g.port[("tcp", 7)], g.port[("udp", 7)]
        assert tcp_round_trip(tport, b"hello rumpk\n") == b"hello rumpk\n", "small TCP echo"
        print("  ok: TCP echo of a line")
        big = os.urandom(256 * 1024)
        assert tcp_round_trip(tport, big) == big, "256 KiB TCP echo"
        print("  ok: TCP echo of 256 KiB")
        res = []
        ths = [threading.Thread(target=lambda i=i: res.append(
            tcp_round_trip(tport, b"session %d\n" % i * 100) == b"session %d\n" % i * 100))
            for i in range(10)]
        for t in ths:
            t.start()
        for t in ths:
            t.join(TIMEOUT * 2)
        assert res.count(True) == 10, "10 concurrent TCP sessions: %s" % res
        print("  ok: 10 concurrent TCP sessions")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.settimeout(2)
            ok = 0
            for i in range(20):
                msg = b"datagram %d" % i
                # UDP may lose a datagram (the first waits for ARP):
                # retry each a few times, bounded.
                for _ in range(5):
                    u.sendto(msg, ("127.0.0.1", uport))
                    try:
                        data, _ = u.recvfrom(2048)
                    except socket.timeout:
                        continue
                    if data == msg:
                        ok += 1
                        break
            assert ok == 20, "UDP echo: %d of 20" % ok
        print("  ok: 20 UDP round trips")
    return g.run_test("echo " + os.path.basename(os.path.abspath(build)), checks)

if __name__ == "__main__":
    sys.exit(main())
