#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""make bench-net: build httpd for each architecture, boot it in QEMU and
measure GET / from the host at several offered loads, over each network
backend:

  slirp  QEMU's user network with a forwarded port on 127.0.0.1: what
         `make run` and the tests use; every connection goes through a
         host socket that QEMU accepts from a listen backlog of 1
  tap    a tap device in a network namespace made for the run
         (bench/tapnet.py): the clients run in the namespace and talk to
         the guest's own address over Ethernet, so the figures are the
         guest's and QEMU's, without slirp's handshake drops and relaying.
         Skipped, with the reason printed, where namespaces or tap devices
         cannot be made (not root, no /dev/net/tun)

  idle   no requests for a few seconds (what an idle server costs)
  1k     1,000 requests/s, fixed rate (bench/loadgen.py, open loop)
  10k    10,000 requests/s, fixed rate (loadgen; it reports when it could
         not keep the rate itself)
  sat    saturation: wrk -t2 -c16 --latency
  warm   saturation closed loop over 16 connections opened and served once
         before the clock starts (loadgen rate 0): wrk's figures include
         the first request of each connection, whose handshake through
         QEMU's user network can take a second (see docs/net.md)

For each: requests/s, latency p50/p90/p99/max, QEMU's host CPU seconds
per 1,000 requests (utime+stime of the QEMU process from /proc, before
and after), the host load average at the start (/proc/loadavg: this
machine is shared, so every figure carries it) and the guest's own
counters (polls, interrupts, late frames, spin window) from /stats.
Every architecture runs under TCG, as `make bench` does; --kvm (make
bench-net KVM=1) runs x86_64 under KVM instead, and stops with the
reason where there is none. Not by default: where /dev/kvm is a software
hypervisor without VT-x/AMD-V (kvm-pvm, as on the machine of the figures
in docs/net.md), every privileged instruction of the guest (cli/sti
around each ring operation, the APIC) traps, and httpd served 30-60
requests/s there against 15,000-35,000 under TCG. Figures only, nothing
asserted.

  bench/net.py OUTDIR [--arch riscv64,aarch64,x86_64] [--duration 10]
                      [--loads idle,1k,10k,sat,warm] [--repeat 1] [--src TREE]
                      [--net slirp,tap] [--kvm] [--vs linux [--server nginx|busybox]]
                      [--smp]

--vs linux runs the same loads against a Linux microVM made from Debian
packages (bench/linuxvm.py) on the same QEMU command line, right after
Rumpk, and prints both with the ratios Rumpk/Linux.

--smp (make bench-net SMP=1) measures SMP instead (riscv64, where SMP
exists so far; docs/smp.md): httpd at -smp 2 with lwIP, the network fiber
and the virtio-net interrupt on CPU 0 (image httpd_smp2), once with CPU 1
idle and once with a CPU-bound burner fiber saturating it
(CONFIG_HTTPD_BURNER), then the ratios burner / idle for each load. Each
vCPU is a host thread (multi-threaded TCG): on a host with few cores the
burner's thread competes with the network CPU's for them, which the
figures then include.

--src builds the images from another source tree (e.g. an export of main,
for before/after figures) with this tree's bench and QEMU command lines.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "test", "net"))
import attack  # noqa: E402
import netboot  # noqa: E402
sys.path.insert(0, os.path.join(TOP, "bench"))
import linuxvm  # noqa: E402
import tapnet  # noqa: E402

LOADGEN = os.path.join(TOP, "bench", "loadgen.py")
RATES = {"1k": 1000, "10k": 10000, "warm": 0}
# Guest counters shown with each figure (differences over the run).
GUEST = ("net_polls", "net_empty_polls", "net_interrupts", "net_irq_wakeups",
         "net_timer_wakeups", "net_late_frames", "net_poll_ms", "net_sleep_ms",
         "dev_rx_rearms_pending", "dev_kicks_missed", "net_tx_busy", "net_tx_dropped", "net_rx_no_pbuf",
         "dev_rx_dropped", "net_stalls_1ms", "net_stalls_10ms", "httpd_burner_rounds")
# --smp: the SMP httpd (apps/httpd/app.desc [test httpd_smp2]), riscv64 only.
SMP_ARCH = "riscv64"
SMP_IMAGE = "httpd_smp2_" + netboot.PLATFORMS[SMP_ARCH]


def qemu_cpu_s(pid):
    """utime + stime of a process, in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def qemu_wait_s(pid):
    """Seconds the process's threads (QEMU: vCPU, I/O, main loop) spent
    runnable but waiting for a host core (/proc/PID/task/*/schedstat,
    second field), or None where the kernel does not keep it."""
    total = 0
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                total += int(f.read().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return total / 1e9


def cpu_pressure_s():
    """The host's CPU pressure: seconds during which some task waited for a
    core (/proc/pressure/cpu, 'some' total), or None without PSI."""
    try:
        with open("/proc/pressure/cpu") as f:
            for line in f:
                if line.startswith("some "):
                    return int(line.rsplit("total=", 1)[1]) / 1e6
    except (OSError, ValueError, IndexError):
        pass
    return None


def delta(a, b):
    return b - a if a is not None and b is not None else None


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


class Target:
    """Where the clients reach the guest's port 80: an address and port,
    and the argv prefix that runs a client where that address is reachable
    (the tap's namespace)."""

    def __init__(self, backend, host, port, prefix=()):
        self.backend, self.host, self.port, self.prefix = backend, host, port, list(prefix)

    def url(self, path):
        return "http://%s:%d%s" % (self.host, self.port, path)


def guest_stats(target):
    st = subprocess.run(target.prefix + ["curl", "-sS", "-m", "30", target.url("/stats")],
                        stdout=subprocess.PIPE, text=True, timeout=60).stdout
    return dict(l.split(" ", 1) for l in st.splitlines() if " " in l)


def ms_of(wrk_text):
    """wrk's '1.23ms' / '456.00us' / '1.20s' in ms."""
    for unit, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60000.0)):
        if wrk_text.endswith(unit):
            try:
                return float(wrk_text[:-len(unit)]) * f
            except ValueError:
                return None
    return None


def one_load(target, pid, load, duration):
    """Run one load point; returns a dict of figures."""
    before_st = guest_stats(target)
    la = loadavg()
    lo0 = attack.listen_overflows()
    wait0, psi0 = qemu_wait_s(pid), cpu_pressure_s()
    cpu0, t0 = qemu_cpu_s(pid), time.monotonic()
    if load == "idle":
        time.sleep(duration)
        res = {"rps": 0.0, "requests": 0}
    elif load == "sat":
        w = attack.wrk(target.port, duration, target.host, target.prefix)
        res = {"rps": float(w["rps"]) if w["rps"] != "?" else 0.0,
               "p50": ms_of(w["p50"]), "p90": ms_of(w["p90"]), "p99": ms_of(w["p99"]),
               "max": ms_of(w["max"]), "errors": w["errors"]}
        res["requests"] = res["rps"] * duration
    else:
        r = subprocess.run(target.prefix + [sys.executable, LOADGEN, str(target.port),
                                            str(RATES[load]), str(duration),
                                            "--host", target.host],
                           stdout=subprocess.PIPE, text=True, timeout=duration + 60)
        g = json.loads(r.stdout)
        res = {"rps": g["achieved_rps"], "p50": g["p50_ms"], "p90": g["p90_ms"],
               "p99": g["p99_ms"], "max": g["max_ms"], "requests": g["completed"],
               "errors": "%d errors, %d unfinished" % (g["errors"], g["unfinished"]),
               "lag": g["send_lag_p99_ms"]}
    cpu1, t1 = qemu_cpu_s(pid), time.monotonic()
    res["qemu_wait_s"] = delta(wait0, qemu_wait_s(pid))
    psi = delta(psi0, cpu_pressure_s())
    res["cpu_pressure"] = psi / (t1 - t0) if psi is not None else None
    after_st = guest_stats(target)
    res["load"] = load
    res["loadavg"] = la
    # The host's handshake drops matter only where a host socket listens
    # for the guest (slirp's forward); over the tap nothing listens there.
    res["listen_overflows"] = (attack.listen_overflows() - lo0
                               if target.backend == "slirp" else None)
    res["cpu_s"] = cpu1 - cpu0
    res["cpu_frac"] = (cpu1 - cpu0) / (t1 - t0)
    res["cpu_per_1k"] = (cpu1 - cpu0) / res["requests"] * 1000 if res["requests"] else None
    res["guest"] = {k: int(after_st.get(k, 0)) - int(before_st.get(k, 0)) for k in GUEST
                    if k in after_st}
    res["spin_us"] = after_st.get("net_spin_us", "-")
    # The guest keeps the longest stall since boot: one that grew during
    # the point was this point's; otherwise this point's were shorter.
    smax0, smax1 = (int(st.get("net_stall_max_us", 0)) for st in (before_st, after_st))
    res["stall_max"] = ("%d us" % smax1 if smax1 > smax0 else
                        "under %d us" % smax0 if smax0 else "none")
    return res


RUMPK_READY = r"^httpd: listening on http://"


def run(build_dir, kvm, duration, loads, backend, ready=RUMPK_READY):
    """Boot the guest of build_dir on the backend (slirp or tap) and run
    the loads; returns (figures per load, console lines of missed
    notifications)."""
    if backend == "tap":
        with tapnet.Namespace("bench-net") as ns:
            return _run(build_dir, kvm, duration, loads, backend, ready, ns)
    return _run(build_dir, kvm, duration, loads, backend, ready, None)


def _run(build_dir, kvm, duration, loads, backend, ready, ns):
    log = os.path.join(build_dir, "bench-net-%s.log" % backend)
    if ns:
        g = netboot.Guest(build_dir, [], log, kvm=kvm, netdev=ns.netdev, prefix=ns.prefix())
    else:
        g = netboot.Guest(build_dir, [("tcp", 80)], log, kvm=kvm)
    try:
        g.wait_for(ready, 180)
        target = (Target(backend, ns.guest_addr, 80, ns.prefix()) if ns
                  else Target(backend, "127.0.0.1", g.port[("tcp", 80)]))
        # warm-up: ARP, TCG translation of the hot paths
        attack.wrk(target.port, 1, target.host, target.prefix)
        out = [one_load(target, g.proc.pid, load, duration) for load in loads]
        missed = [l for l in g.drain() if "missed a notification" in l]
        return out, missed
    finally:
        g.stop()


def fmt(v, spec="%.2f"):
    return "-" if v is None else spec % v


def show(arch, kvm, backend, res, missed, who="httpd"):
    print("== %s (%s) %s GET / over %s" % (arch, "KVM" if kvm else "TCG", who, backend))
    for r in res:
        print("  %-4s load %5s  req/s %8.0f  p50 %s p90 %s p99 %s max %s ms  "
              "QEMU CPU %.2f s (%.0f%% of a core), %s s/1k req"
              % (r["load"], r["loadavg"], r["rps"], fmt(r.get("p50")), fmt(r.get("p90")),
                 fmt(r.get("p99")), fmt(r.get("max"), "%.1f"), r["cpu_s"],
                 100 * r["cpu_frac"], fmt(r["cpu_per_1k"], "%.3f")))
        extra = ", ".join("%s %d" % (k[4:] if k.startswith("net_") else k, v)
                          for k, v in r["guest"].items())
        print("       host: QEMU waited %s s for a core (threads runnable, not running); "
              "CPU pressure %s (share of the time some task waited); guest's longest "
              "stall %s"
              % (fmt(r["qemu_wait_s"]), fmt(r["cpu_pressure"] and 100 * r["cpu_pressure"],
                                            "%.0f%%"), r["stall_max"]))
        print("       errors: %s%s;%s spin %s us; %s"
              % (r.get("errors", "none"),
                 "; loadgen send lag p99 %s ms" % r["lag"] if r.get("lag") is not None
                 else "",
                 " host listen overflows %d;" % r["listen_overflows"]
                 if r["listen_overflows"] is not None else "", r["spin_us"], extra))
    if missed:
        print("  console: %d 'missed a notification' lines" % len(missed))


def ratio(a, b, spec="%.3g"):
    return spec % (a / b) if a is not None and b else "-"


def show_ratios(title, ours, theirs):
    """ours / theirs for each load both ran, under the heading title."""
    print("== " + title)
    lx = {r["load"]: r for r in theirs}
    for r in ours:
        l = lx.get(r["load"])
        if l:
            print("  %-4s req/s %s  p50 %s  p99 %s  QEMU CPU %s  CPU/1k req %s"
                  % (r["load"], ratio(r["rps"], l["rps"]), ratio(r.get("p50"), l.get("p50")),
                     ratio(r.get("p99"), l.get("p99")), ratio(r["cpu_s"], l["cpu_s"]),
                     ratio(r["cpu_per_1k"], l["cpu_per_1k"])))


def run_linux(outdir, rumpk_build, arch, kvm, duration, loads, backend, server):
    """The same loads against the Linux microVM; None (and why) if it cannot run."""
    with open(os.path.join(rumpk_build, "qemu.json")) as f:
        bus = json.load(f).get("virtio_bus", "device")
    cache = os.path.join(os.path.dirname(outdir), "linux-vm")  # BUILD/linux-vm, shared
    try:
        kernel, initrd, server = linuxvm.build(cache, arch, bus, server)
    except (linuxvm.FetchError, subprocess.SubprocessError, OSError) as e:
        print("== %s Linux: not run: %s" % (arch, e))
        return None
    d = linuxvm.vm_dir(rumpk_build, os.path.join(cache, "vm-" + arch), kernel, initrd, arch)
    res, _ = run(d, kvm, duration, loads, backend, ready="^" + linuxvm.READY_MARK)
    show(arch, kvm, backend, res, [], "Linux %s (%s)" % (server, os.path.basename(kernel)))
    return res


def run_smp(outdir, src, duration, loads, backends, repeat):
    """httpd at -smp 2, lwIP on CPU 0, with CPU 1 idle and then saturated
    by the burner fiber; the figures of each and the ratios."""
    runs = (("CPU 1 idle", "n"), ("burner on CPU 1", "y"))
    dirs = {}
    for label, burner in runs:
        try:
            dirs[label] = netboot.build(os.path.join(outdir, "smp-burner-" + burner), SMP_IMAGE,
                                        "CONFIG_HTTPD_BURNER=" + burner, top=src)
        except RuntimeError as e:
            print("== %s -smp 2: %s" % (SMP_ARCH, e))
            return
    arch = "%s -smp 2 (host: %d cores)" % (SMP_ARCH, os.cpu_count())
    for _ in range(repeat):
        for backend in backends:
            res = {}
            for label, _ in runs:
                try:
                    r, missed = run(dirs[label], False, duration, loads, backend)
                except Exception as e:
                    print("== %s, %s, over %s: %s" % (arch, label, backend, e))
                    continue
                show(arch, False, backend, r, missed, "httpd, lwIP on CPU 0, " + label)
                res[label] = r
                sys.stdout.flush()
            if len(res) == len(runs):
                show_ratios("%s over %s: burner on CPU 1 / CPU 1 idle (1 is unchanged; req/s "
                            "below 1, p50 and p99 above 1: slower with the burner)"
                            % (arch, backend), res[runs[1][0]], res[runs[0][0]])
                sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--arch", default=",".join(netboot.PLATFORMS))
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--loads", default="idle,1k,10k,sat,warm")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--src", default=TOP, help="source tree to build the images from")
    ap.add_argument("--net", default="slirp,tap",
                    help="network backends, in order (slirp, tap); tap is skipped with a "
                    "note where it cannot be set up")
    ap.add_argument("--kvm", action="store_true",
                    help="x86_64 under KVM; stops with the reason where KVM is missing")
    ap.add_argument("--vs", choices=["linux"], help="also run a Linux microVM and compare")
    ap.add_argument("--server", default="nginx", choices=["nginx", "busybox"],
                    help="the Linux VM's HTTP server")
    ap.add_argument("--smp", action="store_true",
                    help="riscv64 httpd at -smp 2: CPU 1 idle, then saturated by a burner fiber")
    a = ap.parse_args()
    if a.smp and (a.vs or a.kvm or a.arch not in (SMP_ARCH, ap.get_default("arch"))):
        sys.exit("bench-net: --smp measures %s under TCG only (SMP exists there so far), "
                 "without --vs, --kvm or another --arch" % SMP_ARCH)
    # Killed (timeout, CI): unwind, so that QEMU stops and the tap's
    # namespace is removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench-net: terminated"))
    loads = a.loads.split(",")
    bad = [l for l in loads if l not in ("idle", "sat") and l not in RATES]
    if bad:
        sys.exit("bench-net: unknown load %s (idle, 1k, 10k, sat, warm)" % ",".join(bad))
    if "sat" in loads and not shutil.which("wrk"):
        sys.exit("bench-net: wrk not found (apt-get install wrk)")
    backends = a.net.split(",")
    bad = [b for b in backends if b not in ("slirp", "tap")]
    if bad or not backends:
        sys.exit("bench-net: unknown network backend %s (slirp, tap)" % ",".join(bad))
    if "tap" in backends:
        why = tapnet.available()
        if why:
            print("== tap backend not available here (%s): measuring over slirp only; its "
                  "tail includes QEMU's user network (docs/net.md)" % why)
            backends = [b for b in backends if b != "tap"] or ["slirp"]
    outdir = os.path.abspath(a.outdir)
    if a.kvm:
        try:
            netboot.rkqemu.kvm_args("x86_64")
        except netboot.rkqemu.NoKvm as e:
            sys.exit("bench-net: %s" % e)
    if a.smp:
        run_smp(outdir, a.src, a.duration, loads, backends, a.repeat)
        return
    for arch in a.arch.split(","):
        if arch not in netboot.PLATFORMS:
            sys.exit("bench-net: unknown architecture %s (%s)"
                     % (arch, ", ".join(netboot.PLATFORMS)))
        try:
            d = netboot.build(outdir, "httpd_" + netboot.PLATFORMS[arch], top=a.src)
        except RuntimeError as e:
            print("== %s: %s" % (arch, e))
            continue
        kvm = arch == "x86_64" and a.kvm
        for _ in range(a.repeat):
            for backend in backends:
                try:
                    res, missed = run(d, kvm, a.duration, loads, backend)
                except Exception as e:
                    print("== %s over %s: %s" % (arch, backend, e))
                    continue
                show(arch, kvm, backend, res, missed)
                sys.stdout.flush()
                if a.vs == "linux":
                    try:
                        lres = run_linux(outdir, d, arch, kvm, a.duration, loads, backend,
                                         a.server)
                    except Exception as e:
                        print("== %s Linux over %s: %s" % (arch, backend, e))
                        lres = None
                    if lres:
                        show_ratios("%s over %s: Rumpk / Linux (req/s: above 1 is Rumpk "
                                    "faster; p99 and CPU per 1k: below 1 is Rumpk better)"
                                    % (arch, backend), res, lres)
                    sys.stdout.flush()


if __name__ == "__main__":
    main()
