# SPDX-License-Identifier: BSD-2-Clause
"""Ready-to-serve figures for `make bench` (issue 13 part 3), for an httpd
image:

- time to first response: host wall clock from starting QEMU to the first
  answered HTTP request (GET / over the user-network forward, retried
  until an HTTP status line comes back), next to QEMU's floor for the
  same command line (-S, then 'quit': the machine set up, no guest
  instruction run) measured in the same run, and the difference;
- entry to main in guest instructions: QEMU with -icount shift=0, where
  one instruction advances virtual time by 1 ns and every architecture's
  cycle counter (rdcycle, PMCCNTR, TSC) reads that virtual time; the
  kernel keeps the counter at entry and before main in
  rk_boot_entry_cycles / rk_boot_main_cycles, which are read through
  QEMU's monitor once httpd listens (no guest code prints them, so the
  image measured is the httpd image users run).

Both are printed, never judged: the wall-clock figures depend on the host
load printed with them; the instruction count does not."""
import os
import re
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "test", "net"))
import netboot  # noqa: E402

LISTENING = r"^httpd: listening on http://"
REQUEST = b"GET / HTTP/1.0\r\nHost: bench\r\n\r\n"


def answered(port, timeout):
    """True when one GET / on 127.0.0.1:port gets an HTTP status line.
    QEMU's user network accepts on the host before the guest listens and
    then drops the connection: that counts as not answered."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(REQUEST)
            return s.recv(16).startswith(b"HTTP/1.")
    except OSError:
        return False


def first_response_ms(build_dir, log, kvm):
    """One run: ms from QEMU's start to the first answered GET; the
    Guest's argv for the floor."""
    t0 = time.monotonic()
    g = netboot.Guest(build_dir, [("tcp", 80)], log, kvm=kvm)
    try:
        port = g.port[("tcp", 80)]
        deadline = t0 + 60
        while not answered(port, 0.5):
            if g.proc.poll() is not None:
                sys.exit("bench: httpd's QEMU exited (status %d) before answering (%s)"
                         % (g.proc.returncode, log))
            if time.monotonic() > deadline:
                sys.exit("bench: httpd did not answer within 60 s (%s)" % log)
            time.sleep(0.0005)
        return (time.monotonic() - t0) * 1000, g.argv
    finally:
        g.stop()


def floor_ms(argv):
    """QEMU start to quit for the same machine without running the guest."""
    assert argv[-4:] == ["-serial", "stdio", "-monitor", "none"]
    argv = argv[:-4] + ["-S", "-serial", "none", "-monitor", "stdio"]
    t0 = time.monotonic()
    # No timeout=: with one, communicate() polls and adds ~35 ms here.
    subprocess.run(argv, input=b"quit\n", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.monotonic() - t0) * 1000


def time_to_first_response(build_dir, runs, kvm=False):
    """Medians (and minimums) of first response and floor, interleaved run
    by run so that both see the same host load."""
    first, floor = [], []
    log = os.path.join(build_dir, "bench-first-response.log")
    for _ in range(runs):
        ms, argv = first_response_ms(build_dir, log, kvm)
        first.append(ms)
        floor.append(floor_ms(argv))
    return (statistics.median(first), min(first), statistics.median(floor), min(floor))


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
