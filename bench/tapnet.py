# SPDX-License-Identifier: BSD-2-Clause
"""A private network for a guest's benchmark: a network namespace made for
the run, holding a tap device and nothing else, so that the client (wrk,
bench/loadgen.py, curl) talks to the guest over a plain Ethernet link
instead of through QEMU's user network (slirp), whose forwarded port
listens with a backlog of 1 and relays every byte through host sockets
(docs/net.md: the host's ListenOverflows, a second's retransmission per
dropped handshake).

The namespace has only its loopback and the tap: nothing leaves it. The
tap takes the address slirp's host side has (10.0.2.2/24), so the images
run unchanged with their default static address 10.0.2.15
(CONFIG_NET_IPV4_ADDR). QEMU runs inside the namespace (`ip netns exec`,
which execs it: the process id stays QEMU's) and opens the tap by name
(-netdev tap,ifname=...,script=no,downscript=no); the clients run there too.

Needs root, /dev/net/tun and iproute2; available() says why not otherwise,
and bench/net.py then measures with slirp only and prints that reason.
"""
import os
import shutil
import subprocess

HOST_ADDR = "10.0.2.2"      # the namespace's end of the link (slirp's host)
GUEST_ADDR = "10.0.2.15"    # the images' default CONFIG_NET_IPV4_ADDR
PREFIX_LEN = 24
TAP = "rktap0"
_TIMEOUT = 20  # s for each ip(8) command: bounded even on a starved host


class TapError(Exception):
    pass


def _ip(*args):
    r = subprocess.run(["ip"] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=_TIMEOUT)
    if r.returncode:
        raise TapError("ip %s: %s" % (" ".join(args), r.stdout.strip()))


class Namespace:
    """`with Namespace() as ns:` a namespace with the tap up; removed (and
    the tap with it) on exit, whatever happened."""

    def __init__(self, tag="bench"):
        self.name = "rk-%s-%d" % (tag, os.getpid())
        self.tap = TAP
        self.host_addr = HOST_ADDR
        self.guest_addr = GUEST_ADDR

    def __enter__(self):
        # A namespace left by a killed run of this same process id would
        # make `add` fail: remove it first (ours by name, nobody else's).
        subprocess.run(["ip", "netns", "del", self.name], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=_TIMEOUT)
        _ip("netns", "add", self.name)
        try:
            _ip("-n", self.name, "link", "set", "lo", "up")
            _ip("-n", self.name, "tuntap", "add", "dev", self.tap, "mode", "tap")
            _ip("-n", self.name, "addr", "add", "%s/%d" % (self.host_addr, PREFIX_LEN),
                "dev", self.tap)
            _ip("-n", self.name, "link", "set", self.tap, "up")
        except Exception:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        subprocess.run(["ip", "netns", "del", self.name], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=_TIMEOUT)

    def prefix(self):
        """argv prefix that runs a command inside the namespace."""
        return ["ip", "netns", "exec", self.name]

    def netdev(self, netid):
        """QEMU's -netdev value for the tap (QEMU must run in the namespace)."""
        return "tap,id=%s,ifname=%s,script=no,downscript=no" % (netid, self.tap)


def available():
    """None when a tap namespace can be made here, else the reason."""
    if os.geteuid() != 0:
        return "not root (network namespaces and tap devices need it)"
    if not shutil.which("ip"):
        return "no ip(8) (iproute2)"
    if not os.path.exists("/dev/net/tun"):
        return "no /dev/net/tun"
    try:
        with Namespace("probe"):
            return None
    except (TapError, OSError, subprocess.SubprocessError) as e:
        return str(e)
