# SPDX-License-Identifier: BSD-2-Clause
"""Ready-to-serve figures for `make bench` (issue 13 part 3), for an httpd
image:

- time to first response: host wall clock from starting QEMU to the first
  answered HTTP request (GET /, retried every 0.5 ms until an HTTP status
  line comes back), next to QEMU's floor for the same command line (-S,
  then 'quit': the machine set up, no guest instruction run) measured in
  the same run, and the difference; with the times at which the console
  showed its first byte (firmware or kernel), the kernel's banner and
  httpd's listening line. QEMU writes the console into a file (-serial
  file:), read between two tries: through a pipe, a reader woken for each
  byte (QEMU's 16550 writes every byte on its own) took CPU from QEMU on
  this 2-core host. Asked through the user network's forward (what `make
  run` does), or through a tap in a namespace of bench/tapnet.py (a plain
  Ethernet link: no slirp in between);
- entry to main in guest instructions: QEMU with -icount shift=0, where
  one instruction advances virtual time by 1 ns and every architecture's
  cycle counter (rdcycle, PMCCNTR, TSC) reads that virtual time; the
  kernel keeps the counter at entry and before main in
  rk_boot_entry_cycles / rk_boot_main_cycles, which are read through
  QEMU's monitor once httpd listens (no guest code prints them, so the
  image measured is the httpd image users run).

Both are printed, never judged: the wall-clock figures depend on the host
load printed with them; the instruction count does not."""
import contextlib
import ctypes
import os
import re
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "test", "net"))
import netboot  # noqa: E402
sys.path.insert(0, os.path.join(TOP, "bench"))
import tapnet  # noqa: E402

LISTENING = r"^httpd: listening on http://"
REQUEST = b"GET / HTTP/1.0\r\nHost: bench\r\n\r\n"
GUEST_MAC = "52:54:00:12:34:56"  # QEMU's first NIC, as -device virtio-net gets it


def answered(addr, timeout, connect_timeout=None):
    """True when one GET / on addr (host, port) gets an HTTP status line.
    QEMU's user network accepts on the host before the guest listens and
    then drops the connection: that counts as not answered. On a tap, a
    SYN sent before the guest's NIC is up is lost: connect_timeout bounds
    that try, so that the next one goes out soon."""
    try:
        with socket.create_connection(addr, timeout=connect_timeout or timeout) as s:
            s.settimeout(timeout)
            s.sendall(REQUEST)
            return s.recv(16).startswith(b"HTTP/1.")
    except OSError:
        return False


# What the console shows at each stage, in the order they come: the first
# byte (firmware or kernel), the kernel's banner, httpd listening.
MARKS = (("console", re.compile(rb".")), ("kernel", re.compile(rb"(^|\n)Rumpk ")),
         ("listening", re.compile(LISTENING.replace("^", "(^|\\n)").encode())))


class Console:
    """Notes when each mark first shows in the console file QEMU writes
    (-serial file:, so that no reader is woken per byte), looking every
    0.5 ms in a thread of its own: one try of the main loop can last the
    whole boot (the user network holds a connection made early until the
    guest answers it)."""

    def __init__(self, path, t0):
        self.path, self.t0, self.text, self.seen = path, t0, b"", {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self):
        while not self._stop.wait(0.0005):
            self.poll()

    def stop(self):
        """The marks seen, once the thread has looked a last time."""
        self._stop.set()
        self._thread.join()
        self.poll()
        return self.seen

    def bytes_before(self, name):
        """How many console bytes came before mark name's line, or None."""
        m = dict(MARKS)[name].search(self.text)
        return m.start() + len(m.group(1)) if m else None

    def poll(self):
        with open(self.path, "rb") as f:
            f.seek(len(self.text))
            more = f.read()
        if not more:
            return
        self.text += more
        now = (time.monotonic() - self.t0) * 1000
        for name, pat in MARKS:
            if name not in self.seen and pat.search(self.text):
                self.seen[name] = now


CLONE_NEWNET = 0x40000000


class InNamespace:
    """`with InNamespace(name):` this thread's sockets are made in network
    namespace name (bench/tapnet.py's), and back in its own on exit."""

    def __init__(self, name):
        self.name = name
        self.libc = ctypes.CDLL(None, use_errno=True)

    def _setns(self, path):
        fd = os.open(path, os.O_RDONLY)
        try:
            if self.libc.setns(fd, CLONE_NEWNET):
                raise OSError(ctypes.get_errno(), "setns %s" % path)
        finally:
            os.close(fd)

    def __enter__(self):
        self.home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        self._setns("/var/run/netns/" + self.name)

    def __exit__(self, *exc):
        try:
            self._setns("/proc/self/fd/%d" % self.home)
        finally:
            os.close(self.home)


def first_response(build_dir, log, kvm, boot="direct", ns=None):
    """One run: {stage: ms from QEMU's start}, for the MARKS and "answered"
    (the first answered GET /), QEMU's CPU ms up to then (it is killed at
    the answer), and the Guest's argv for the floor. ns: a
    bench/tapnet.py Namespace to boot and ask through (its tap instead of
    the user network's forward)."""
    t0 = time.monotonic()
    if ns:
        g = netboot.Guest(build_dir, [], log, kvm=kvm, boot=boot, netdev=ns.netdev,
                          prefix=ns.prefix(), console_file=True)
        addr = (ns.guest_addr, 80)
        # QEMU's default MAC: no ARP exchange (whose retry is 1 s) in the way.
        tapnet._ip("-n", ns.name, "neigh", "replace", ns.guest_addr, "lladdr", GUEST_MAC,
                   "dev", ns.tap)
    else:
        g = netboot.Guest(build_dir, [("tcp", 80)], log, kvm=kvm, boot=boot, console_file=True)
        addr = ("127.0.0.1", g.port[("tcp", 80)])
    console = Console(log, t0)
    try:
        deadline = t0 + 60
        with InNamespace(ns.name) if ns else contextlib.nullcontext():
            while not answered(addr, 0.5, 0.002):
                if g.proc.poll() is not None:
                    sys.exit("bench: httpd's QEMU exited (status %d) before answering (%s)"
                             % (g.proc.returncode, log))
                if time.monotonic() > deadline:
                    sys.exit("bench: httpd did not answer within 60 s (%s)" % log)
                time.sleep(0.0005)
        done = (time.monotonic() - t0) * 1000
        # A mark first read after the answer was there before it.
        seen = {k: min(v, done) for k, v in console.stop().items()}
        seen["answered"] = done
        g.proc.kill()
        cpu = reap(g.proc)
        # Each byte is a host write() of QEMU's UART: a count of the cost
        # that does not move with host load.
        for name in ("kernel", "listening"):
            n = console.bytes_before(name)
            if n is not None:
                seen["bytes_" + name] = n
        return seen, cpu, g.argv
    finally:
        console.stop()
        g.stop()


def reap(proc):
    """Wait for proc (a Popen) to end; the CPU time its threads took, in ms
    (rusage counts the ones that ended before too)."""
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (ru.ru_utime + ru.ru_stime) * 1000


def floor_ms(argv):
    """QEMU start to quit for the same machine without running the guest:
    (wall ms, QEMU's CPU ms)."""
    assert argv[-4] == "-serial" and argv[-2:] == ["-monitor", "none"]
    argv = argv[:-4] + ["-S", "-serial", "none", "-monitor", "stdio"]
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    p.stdin.write(b"quit\n")  # at once, as subprocess.run(input=) would
    p.stdin.close()
    cpu = reap(p)
    return (time.monotonic() - t0) * 1000, cpu


STAGES = ("console", "kernel", "listening", "answered")


def time_to_first_response(build_dir, runs, kvm=False, boot="direct", ns=None):
    """Per stage of STAGES (those seen in every run) the median and minimum
    ms from QEMU's start, as (name, median, min); "bytes_kernel" and
    "bytes_listening", the console bytes before the kernel's banner and
    before httpd's listening line; then "floor" (QEMU's floor,
    wall), and "cpu" and "floor_cpu": the CPU time QEMU's threads took in a
    run (start to the answer, then killed) and in the floor (start to
    quit). CPU time leaves out the time QEMU waited for a core, so it moves
    less with host load than wall time (a busy host still inflates it).
    Runs and floors are interleaved so that both see the same host load."""
    seen, cpu, floor, floor_cpu = [], [], [], []
    log = os.path.join(build_dir, "bench-first-response-%s%s.log" % (boot, "-tap" if ns else ""))
    for _ in range(runs):
        stages, c, argv = first_response(build_dir, log, kvm, boot, ns)
        seen.append(stages)
        cpu.append(c)
        wall, c = floor_ms(argv)
        floor.append(wall)
        floor_cpu.append(c)
    out = []
    for name in STAGES + ("bytes_kernel", "bytes_listening"):
        ms = [s[name] for s in seen if name in s]
        if len(ms) == runs:
            out.append((name, statistics.median(ms), min(ms)))
    for name, ms in (("floor", floor), ("cpu", cpu), ("floor_cpu", floor_cpu)):
        out.append((name, statistics.median(ms), min(ms)))
    return out


def symbol(elf, name, required=True):
    """A data symbol's (address, size), from readelf (it reads every ELF
    machine); None when it is missing and not required."""
    out = subprocess.run(["readelf", "-sW", elf], stdout=subprocess.PIPE, text=True,
                         check=True).stdout
    m = re.search(r"^\s*\d+:\s+([0-9a-f]+)\s+(\d+)\s+OBJECT\s+\S+\s+\S+\s+\S+\s+%s$" % name,
                  out, re.M)
    if not m:
        if required:
            sys.exit("bench: %s has no symbol %s" % (elf, name))
        return None
    return int(m.group(1), 16), int(m.group(2))


def symbol_address(elf, name):
    """A data symbol's address; it must be 8 bytes long."""
    addr, size = symbol(elf, name)
    if size != 8:
        sys.exit("bench: %s: %s is %d bytes, not 8" % (elf, name, size))
    return addr


def elf_string(elf, vaddr):
    """The NUL-terminated string the image holds at vaddr, read from the
    ELF file through its program headers (ELF64, little-endian: every
    image here)."""
    with open(elf, "rb") as f:
        data = f.read()
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        ptype, _, off, va, _, filesz = struct.unpack_from("<IIQQQQ", data, phoff + i * phentsize)
        if ptype == 1 and va <= vaddr < va + filesz:
            start = off + vaddr - va
            return data[start:data.index(b"\0", start)].decode("ascii", "replace")
    return "?"


def monitor_read_u64(sock_path, addrs):
    """The 64-bit values at the guest (virtual) addresses, through the HMP
    monitor on a unix socket: 'x /1gx ADDR' prints 'ADDR: 0xVALUE'."""
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(10)
    s.connect(sock_path)
    buf = b""

    def until_prompt():
        nonlocal buf
        while not buf.endswith(b"(qemu) "):
            chunk = s.recv(4096)
            if not chunk:
                sys.exit("bench: QEMU's monitor closed")
            buf += chunk
        text, buf = buf.decode("utf-8", "replace"), b""
        return text

    until_prompt()
    values = []
    for a in addrs:
        s.sendall(b"x /1gx %#x\n" % a)
        m = re.search(r"[0-9a-f]+:\s+0x([0-9a-f]+)", until_prompt())
        if not m:
            sys.exit("bench: the monitor did not show memory at %#x" % a)
        values.append(int(m.group(1), 16))
    s.close()
    return values


def entry_to_main_instructions(build_dir):
    """Guest instructions from kernel entry to main (see the top), and,
    in an image built with CONFIG_BOOT_STAGE_TIMES, what each boot stage
    took of them: a list of (name, instructions), else []."""
    elf = os.path.join(build_dir, "rumpk.elf")
    addrs = [symbol_address(elf, "rk_boot_entry_cycles"), symbol_address(elf, "rk_boot_main_cycles")]
    # struct rk_boot_stage (include/rumpk/kernel.h): name pointer, cycles.
    stages = symbol(elf, "rk_boot_stages", required=False)
    nstages = symbol(elf, "rk_boot_nstages", required=False)
    if stages and nstages:
        addrs += [nstages[0]] + [stages[0] + 8 * i for i in range(stages[1] // 8)]
    with tempfile.TemporaryDirectory() as tmp:
        sock = os.path.join(tmp, "monitor")
        log = os.path.join(build_dir, "bench-icount.log")
        g = netboot.Guest(build_dir, [("tcp", 80)], log,
                          extra=["-icount", "shift=0"],
                          monitor="unix:%s,server=on,wait=off" % sock)
        try:
            g.wait_for(LISTENING, 120)
            values = monitor_read_u64(sock, addrs)
        finally:
            g.stop()
    entry, main = values[:2]
    if not entry or main <= entry:
        sys.exit("bench: implausible boot counters (entry %d, main %d)" % (entry, main))
    split = []
    if len(values) > 2:
        n = values[2] & 0xffffffff  # a 4-byte unsigned read as the low half
        pairs = values[3:]
        split = [(elf_string(elf, pairs[2 * i]), pairs[2 * i + 1]) for i in range(n)]
    return main - entry, split
