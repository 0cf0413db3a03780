# SPDX-License-Identifier: BSD-2-Clause
"""Boot a network image in QEMU for a host-side test: the QEMU command line
comes from scripts/rk-qemu.py (qemu.json plus the `qemu:` lines of the
app's app.desc [run]), with the -netdev host forwards rewritten to free
ports chosen now.
Waits (bounded) for a console line, keeps reading the console in a thread
(so QEMU never blocks on a full pipe) and stops QEMU on exit. build()
makes an image of a defconfig for the benchmarks and the soak."""
import importlib.util
import os
import queue
import re
import socket
import subprocess
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location("rkqemu", os.path.join(TOP, "scripts/rk-qemu.py"))
rkqemu = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rkqemu)


# The QEMU platform of each architecture the network apps run on.
PLATFORMS = {"riscv64": "qemu-virt-riscv64", "aarch64": "qemu-virt-aarch64",
             "x86_64": "qemu-microvm-x86_64"}


def build(outdir, name, *config, top=TOP):
    """make <name>_defconfig all [CONFIG_X=v ...] into outdir (from the
    source tree top, this one by default); returns the build directory, or
    raises RuntimeError with the end of make's output."""
    r = subprocess.run(["make", "-s", "-C", top, "BUILD=" + outdir, "RUMPK_NO_INSTALL=1",
                        name + "_defconfig", "all"] + list(config), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode:
        raise RuntimeError("building %s failed:\n%s" % (name, r.stdout[-3000:]))
    return os.path.join(outdir, name)


def free_port(kind=socket.SOCK_STREAM):
    """A port free for both TCP and UDP on 127.0.0.1 right now."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, kind) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        other = socket.SOCK_DGRAM if kind == socket.SOCK_STREAM else socket.SOCK_STREAM
        try:
            with socket.socket(socket.AF_INET, other) as s:
                s.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port")


class Guest:
    def __init__(self, build_dir, forwards, log_path, kvm=False, extra=(), monitor="none",
                 boot="direct", netdev=None, prefix=(), console=False, console_file=False):
        """forwards: list of (proto, guest_port); host ports are chosen here
        and available as self.port[(proto, guest_port)]. extra: more QEMU
        arguments (bench: -icount); monitor: QEMU's -monitor value (bench
        reads guest memory through a unix socket); boot: the boot flow (a
        board's other machine: generic-riscv64's sifive-u). netdev: a
        function of the -netdev id giving the whole -netdev value instead of
        the user network with forwards (bench/tapnet.py: a tap), and prefix:
        argv put before QEMU's (running it in that tap's namespace);
        console: the guest's console input is a pipe, written by type().
        console_file: QEMU writes the console straight into log_path
        (-serial file:), with no pipe and no reader thread woken for each
        byte (bench/boottime.py times the boot by it); wait_for() and
        drain() then see nothing."""
        self.build_dir = build_dir
        build = rkqemu.load_build(build_dir)
        spec = rkqemu.load_spec(build, build_dir, test=False)
        args = rkqemu.expand_args(spec.get("qemu", []), build_dir, boot)
        self.port = {}
        host = {}
        for proto, gport in forwards:
            if gport not in host:
                host[gport] = free_port()
            self.port[(proto, gport)] = host[gport]
        fwd = ",".join("hostfwd=%s:127.0.0.1:%d-:%d" % (p, self.port[(p, g)], g)
                       for p, g in forwards)
        # Replace the expectation's -netdev (fixed ports for `make run`).
        for i, a in enumerate(args):
            if a == "-netdev" and i + 1 < len(args):
                netid = re.search(r"id=(\w+)", args[i + 1]).group(1)
                args[i + 1] = netdev(netid) if netdev else "user,id=%s,%s" % (netid, fwd)
        if kvm:
            args += ["-accel", "kvm", "-cpu", "host,-arch-capabilities"]
        args += list(extra)
        serial = "file:" + log_path if console_file else "stdio"
        self.argv = list(prefix) + rkqemu.qemu_argv(build, boot, args) + [
            "-serial", serial, "-monitor", monitor]
        self.lines = []
        self._q = queue.Queue()
        self.log_path = log_path
        self._log = None
        self._thread = None
        if console_file:
            open(log_path, "w").close()  # there for readers before QEMU opens it
            out = err = open(log_path + ".err", "w")  # the command and QEMU's messages
            out.write("$ " + " ".join(self.argv) + "\n")
            out.flush()
        else:
            self._log = open(log_path, "w")
            self._log.write("$ " + " ".join(self.argv) + "\n")
            out, err = subprocess.PIPE, subprocess.STDOUT
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE if console else subprocess.DEVNULL,
                                     stdout=out, stderr=err)
        if console_file:
            out.close()
        else:
            self._thread = threading.Thread(target=self._reader, daemon=True)
            self._thread.start()

    def _reader(self):
        for raw in iter(self.proc.stdout.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\r\n").replace("\r", "")
            self._log.write(line + "\n")
            self._log.flush()
            self._q.put(line)
        self._q.put(None)

    def wait_for(self, regex, timeout):
        """Wait for a console line matching regex; return it or raise."""
        deadline = time.monotonic() + timeout
        pat = re.compile(regex)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no console line /%s/ within %.0f s" % (regex, timeout))
            try:
                line = self._q.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise RuntimeError("QEMU exited (status %s) before /%s/" % (self.proc.wait(), regex))
            self.lines.append(line)
            if re.search(r"panic|assertion|lwIP assert", line):
                raise RuntimeError("guest failed: " + line)
            if pat.search(line):
                return line

    def type(self, text):
        """Type text on the guest's console (console=True)."""
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def drain(self):
        """Console lines printed since the last wait_for (non-blocking)."""
        out = []
        while True:
            try:
                line = self._q.get_nowait()
            except queue.Empty:
                return out
            if line is None:
                return out
            self.lines.append(line)
            out.append(line)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        if self._thread:
            self._thread.join(10)  # it writes the log until QEMU's output ends
            self._log.close()

    def run_test(self, name, checks):
        """Run checks() (it raises on a failure), then stop QEMU; print
        PASS, or FAIL with the reason and the end of the console. Returns
        the exit status for the test."""
        try:
            checks()
            self.drain()
        except Exception as e:
            self.stop()
            print("FAIL: %s (console log: %s)" % (e, self.log_path))
            print("\n".join(self.lines[-30:]))
            return 1
        self.stop()
        print("PASS " + name)
        return 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
