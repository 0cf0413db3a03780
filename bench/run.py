#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""make bench: build and boot benchmark images on every architecture and
print the figures. Timings come from the guest's own clock and cycle
counter (apps/bench) and from the host's wall clock around QEMU (boot
time); nothing here is asserted, only reported.

  bench/run.py OUTDIR [--runs N] [--arch riscv64,aarch64,x86_64] [--kvm]
                      [--vs linux [--server nginx|busybox]]

--vs linux adds, per architecture, the Linux microVM of bench/linuxvm.py
on the QEMU command line of Rumpk's httpd: QEMU start -> the first line of
its /init against QEMU start -> Rumpk's hello and httpd's listening line,
QEMU's floor for that command line measured in the same run, and the
smallest -m (MB) with which each boots and answers GET / (bisected).
"""
import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "test", "net"))
sys.path.insert(0, os.path.join(TOP, "bench"))
import attack  # noqa: E402
import linuxvm  # noqa: E402
from net import loadavg  # noqa: E402  (bench/net.py: one reader of /proc/loadavg)
import netboot  # noqa: E402
spec = importlib.util.spec_from_file_location("rkqemu", os.path.join(TOP, "scripts/rk-qemu.py"))
rkqemu = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rkqemu)
sys.path.insert(0, os.path.join(TOP, "bench"))
import boottime  # noqa: E402
import tapnet  # noqa: E402

PLATFORMS = {
    "riscv64": "qemu-virt-riscv64",
    "aarch64": "qemu-virt-aarch64",
    "x86_64": "qemu-microvm-x86_64",
}
# The device-tree board of an arch: its hello's size is printed beside the
# fixed board's (docs/boards.md, scripts/size-report.py HELLO_LIMITS).
DT_PLATFORMS = {
    "riscv64": "generic-riscv64",
    "aarch64": "generic-aarch64",
}


def make(outdir, defconfig, *syms):
    cmd = ["make", "-s", "-C", TOP, "BUILD=" + outdir, "RUMPK_NO_INSTALL=1",
           defconfig + "_defconfig", "all"] + list(syms)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode:
        sys.exit("bench: build failed: %s\n%s" % (" ".join(cmd), r.stdout))
    return os.path.join(outdir, defconfig)


def print_figures(title, figures):
    print("  " + title)
    for k, (vals, unit) in figures.items():
        if k == "timer_latency_ns":
            print("    %-28s min %s / avg %s / max %s %s" % (k, vals[0], vals[1], vals[2], unit))
        else:
            print("    %-28s %s %s" % (k, " ".join(vals), unit))


def boot_times(build_dir, runs, marker, extra, stop=False):
    """Wall-clock ms from QEMU start to the marker line and to QEMU's exit
    (stop: kill QEMU at the marker instead, for guests that never exit;
    the time to exit is then None)."""
    build = rkqemu.load_build(build_dir)
    argv = rkqemu.qemu_argv(build, "direct", extra) + ["-serial", "stdio", "-monitor", "none"]
    to_marker, to_exit = [], []
    for _ in range(runs):
        t0 = time.monotonic()
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        watchdog = threading.Timer(300, p.kill)  # bounded: a hung guest ends the run
        watchdog.daemon = True
        watchdog.start()
        seen = []
        for line in p.stdout:
            seen.append(line.decode("utf-8", "replace"))
            if marker in seen[-1]:
                to_marker.append((time.monotonic() - t0) * 1000)
                break
        else:
            sys.exit("bench: QEMU (status %d) never printed '%s':\n$ %s\n%s"
                     % (p.wait(), marker, " ".join(argv), "".join(seen)))
        watchdog.cancel()
        if stop:
            p.kill()
            p.wait()
            continue
        p.stdout.read()
        p.wait()
        to_exit.append((time.monotonic() - t0) * 1000)
    return (statistics.median(to_marker), min(to_marker),
            statistics.median(to_exit) if to_exit else None)


def qemu_floor(build_dir, runs, extra):
    """Wall-clock ms for QEMU to set up the same machine and quit without
    running one guest instruction (-S, then 'quit' on the monitor): the part
    of "start -> hello" that no kernel can remove on this host."""
    build = rkqemu.load_build(build_dir)
    argv = rkqemu.qemu_argv(build, "direct", extra) + ["-S", "-serial", "none",
                                                       "-monitor", "stdio"]
    times = []
    for _ in range(runs):
        t0 = time.monotonic()
        # No timeout=: with one, communicate() polls and adds ~35 ms here.
        subprocess.run(argv, input=b"quit\n", stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append((time.monotonic() - t0) * 1000)
    return statistics.median(times), min(times)


def run_bench(build_dir, extra):
    build = rkqemu.load_build(build_dir)
    argv = rkqemu.qemu_argv(build, "direct", extra) + ["-serial", "stdio", "-monitor", "none"]
    out = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, timeout=600).stdout.decode("utf-8", "replace")
    figures = {}
    for m in re.finditer(r"^BENCH (\w+) ([\d ]+) (\S+)\r?$", out, re.M):
        figures[m.group(1)] = (m.group(2).split(), m.group(3))
    if "done" not in out.split("BENCH ")[-1]:
        sys.exit("bench: the bench app did not finish:\n" + out)
    return figures


def serves(build_dir, ready, timeout):
    """Does the guest of build_dir (netboot: app.desc [run] devices) print
    its ready line within timeout s and answer GET / with 200?"""
    g = netboot.Guest(build_dir, [("tcp", 80)], os.path.join(build_dir, "serve.log"))
    try:
        g.wait_for(ready, timeout)
        return attack.http_get(g.port[("tcp", 80)], timeout=10)[0] == 200
    except Exception:
        return False
    finally:
        g.stop()


def min_memory(build_dir, outdir, ready, timeout, hi):
    """The smallest -m (MB) with which the guest boots and serves, bisected
    between 1 and hi (which must work); None when hi does not."""
    def ok(mem):
        return serves(linuxvm.mem_dir(build_dir, os.path.join(outdir, "m%d" % mem), mem),
                      ready, timeout)
    if not ok(hi):
        return None
    lo = 0  # largest known failing (0: none tried)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


def device_args(build_dir):
    """The app's [run] QEMU lines (app.desc: the NIC), its user network
    without host forwards: the devices of the guest, for boot timings."""
    build = rkqemu.load_build(build_dir)
    spec = rkqemu.load_spec(build, build_dir, test=False)
    args = [rkqemu.expand_build(a, build_dir) for a in spec.get("qemu", [])]
    return [re.sub(r"^(user,id=\w+).*", r"\1", a) for a in args]


def versus_linux(outdir, arch, runs, extra, server):
    """Boot time and smallest -m, Rumpk and the Linux microVM, same QEMU line."""
    why = linuxvm.no_linux_reason(arch)
    if why:
        print("  Linux: not run: " + why)
        return
    httpd = make(os.path.join(outdir, "httpd"), "httpd_" + PLATFORMS[arch])
    bus = rkqemu.load_build(httpd).get("virtio_bus", "device")
    cache = os.path.join(os.path.dirname(outdir), "linux-vm")  # BUILD/linux-vm, shared
    try:
        kernel, initrd, server = linuxvm.build(cache, arch, bus, server)
    except (linuxvm.FetchError, subprocess.SubprocessError, OSError) as e:
        print("  Linux: not run: %s" % e)
        return
    vm = linuxvm.vm_dir(httpd, os.path.join(cache, "vm-" + arch), kernel, initrd, arch)
    print("  [vs Linux: %s, %s; initramfs %d bytes; same QEMU line as httpd, host load %s]"
          % (os.path.basename(kernel), server, os.path.getsize(initrd), loadavg()))
    dev = extra + device_args(httpd)
    # Interleaved, so that both see the same host load.
    lfloor, _ = qemu_floor(vm, runs, dev)
    rfloor, _ = qemu_floor(httpd, runs, dev)
    lmed, llow, _ = boot_times(vm, runs, linuxvm.INIT_MARK, dev, stop=True)
    hmed, hlow, _ = boot_times(httpd, runs, "httpd: listening", dev, stop=True)
    print("    QEMU floor (start -> quit, no guest code): Linux's line %.1f ms, Rumpk httpd's"
          " line %.1f ms (medians)" % (lfloor, rfloor))
    print("    QEMU start -> Linux /init first line: median %.1f ms (min %.1f) = %.2fx its floor"
          % (lmed, llow, lmed / lfloor))
    print("    QEMU start -> Rumpk httpd listening: median %.1f ms (min %.1f) = %.2fx its floor;"
          " Linux/Rumpk %.1fx" % (hmed, hlow, hmed / rfloor, lmed / hmed))
    la = loadavg()
    rm = min_memory(httpd, os.path.join(outdir, "mem-rumpk-" + arch), "^httpd: listening",
                    60, 128)
    lm = min_memory(vm, os.path.join(cache, "mem-" + arch), "^" + linuxvm.READY_MARK, 120, 256)
    print("    smallest -m that boots and serves GET /: Rumpk httpd %s MB, Linux %s %s MB"
          " (host load %s at the start)" % (rm, server, lm, la))


def first_response(httpd, runs, extra, boot, ns):
    """Print QEMU start -> httpd's first answered GET / and the stages on
    the way, against QEMU's floor (bench/boottime.py)."""
    load = loadavg()
    rows = dict((name, (med, low)) for name, med, low in
                boottime.time_to_first_response(httpd, runs, bool(extra), boot, ns))
    floor, first = rows["floor"], rows["answered"]
    how = "%s, %s" % ("a tap in a namespace" if ns else "user network forward",
                      "BOOT=" + boot if boot != "direct" else "make run's command line")
    print("  httpd (%s): QEMU start -> first HTTP response: median %.1f ms (min %.1f); QEMU floor"
          " (same command line, -S, no guest code) median %.1f ms (min %.1f); difference %.1f ms"
          " (min to min %.1f; %d runs, load %s)" % (how, first[0], first[1], floor[0], floor[1],
                                                  first[0] - floor[0], first[1] - floor[1], runs, load))
    names = {"console": "first console byte", "kernel": "kernel banner",
             "listening": "httpd listening", "answered": "answered"}
    print("    stages, median ms from QEMU start: " + ", ".join(
        "%s %.1f" % (names[k], rows[k][0]) for k in boottime.STAGES if k in rows))
    if "bytes_listening" in rows:
        print("    console bytes before httpd listening: %d (before the kernel's banner: %d), each"
              " a host write() of QEMU's UART" % (rows["bytes_listening"][0],
                                                  rows.get("bytes_kernel", (0,))[0]))
    cpu, floor_cpu = rows["cpu"], rows["floor_cpu"]
    print("    QEMU's CPU time (all threads; waits for a core left out): to the answer median"
          " %.1f ms (min %.1f), floor median %.1f ms (min %.1f), difference %.1f ms"
          % (cpu[0], cpu[1], floor_cpu[0], floor_cpu[1], cpu[0] - floor_cpu[0]))


def sizes(build_dir):
    out = {}
    for name in ("rumpk.bin", "rumpk.img", "rumpk.elf"):
        p = os.path.join(build_dir, name)
        if os.path.exists(p):
            out[name] = os.path.getsize(p)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--arch", default=",".join(PLATFORMS))
    ap.add_argument("--kvm", action="store_true",
                    help="x86_64 under KVM; stops with 'KVM not available' where /dev/kvm is missing")
    ap.add_argument("--vs", choices=["linux"], help="also boot a Linux microVM and compare")
    ap.add_argument("--server", default="nginx", choices=["nginx", "busybox"],
                    help="the Linux VM's HTTP server")
    ap.add_argument("--no-sched", action="store_true", help="skip the scheduler benchmarks")
    a = ap.parse_args()
    outdir = os.path.abspath(a.outdir)
    archs = a.arch.split(",")
    for arch in archs:
        if arch not in PLATFORMS:
            sys.exit("bench: unknown arch '%s' (have: %s)" % (arch, ", ".join(PLATFORMS)))
    # Before any build: where KVM is missing, say so (rk-qemu.py's check).
    try:
        kvm = rkqemu.kvm_args("x86_64") if a.kvm else []
    except rkqemu.NoKvm as e:
        sys.exit("bench: %s" % e)
    for arch in archs:
        plat = PLATFORMS[arch]
        extra = kvm if arch == "x86_64" else []
        print("== %s (%s, QEMU %s, host load %s) ==" % (arch, plat, "KVM" if extra else "TCG",
                                                      loadavg()))
        hello = make(os.path.join(outdir, "hello"), "hello_" + plat)
        sz = sizes(hello)
        print("  hello image: " + ", ".join("%s %d bytes" % kv for kv in sz.items()))
        if arch in DT_PLATFORMS:
            dt = make(os.path.join(outdir, "hello"), "hello_" + DT_PLATFORMS[arch])
            print("  device-tree hello image (%s): rumpk.bin %d bytes"
                  % (DT_PLATFORMS[arch], sizes(dt)["rumpk.bin"]))
        med, low, ext = boot_times(hello, a.runs, "Hello from Rumpk!", extra)
        print("  QEMU start -> hello: median %.1f ms (min %.1f ms); -> exit %.1f ms (%d runs)"
              % (med, low, ext, a.runs))
        fmed, flow = qemu_floor(hello, a.runs, extra)
        print("  QEMU start -> quit, no guest code run: median %.1f ms (min %.1f ms); firmware "
              "+ kernel to hello: about %.1f ms (median difference)" % (fmed, flow, med - fmed))
        # BOOT_STAGE_TIMES: the entry -> main instructions by boot stage.
        httpd = make(os.path.join(outdir, "httpd"), "httpd_" + plat, "CONFIG_BOOT_STAGE_TIMES=y")
        first_response(httpd, a.runs, extra, "direct", None)
        flows = rkqemu.load_build(httpd).get("boot_flows", {})
        if "opensbi-quiet" in flows:  # riscv64: OpenSBI without its boot prints
            first_response(httpd, a.runs, extra, "opensbi-quiet", None)
        why = tapnet.available()
        if why:
            print("  httpd over a tap: not measured (%s)" % why)
        else:
            with tapnet.Namespace("bench-boot") as ns:
                first_response(httpd, a.runs, extra, "direct", ns)
        if not extra:  # -icount is TCG only
            total, split = boottime.entry_to_main_instructions(httpd)
            print("  httpd: kernel entry -> main: %d instructions (-icount shift=0)" % total)
            if split:
                print("    by stage: " + ", ".join("%s %d" % kv for kv in split))
        if a.vs == "linux":
            versus_linux(outdir, arch, a.runs, extra, a.server)
        for policy in () if a.no_sched else ("coop", "prio"):
            d = make(os.path.join(outdir, policy), "bench_" + plat,
                     "CONFIG_SCHED_%s=y" % policy.upper())
            print_figures("[%s scheduler]" % policy, run_bench(d, extra))
        # SMP (docs/smp.md): every architecture (under TCG: the image's
        # run asks for multi-threaded TCG); two CPUs, as the host has two
        # cores.
        if not a.no_sched and not extra:
            d = make(os.path.join(outdir, "smp2"), "bench_smp2_" + plat)
            f = run_bench(d, extra)
            print_figures("[SMP, 2 CPUs, multi-threaded TCG, host load %s]" % loadavg(),
                          {k: v for k, v in f.items() if k.startswith("smp_")})
    print("\nReference (DESIGN.md, same machine and QEMU): Zephyr hello_world riscv64 17,676 bytes,"
          " 18.5 ms to hello; Unikraft helloworld arm64 216,008 bytes, 40.6 ms to hello (TCG),"
          " x86_64 246,536 bytes. Those times were taken on a quieter host: compare them"
          " with the 'no guest code' floor printed above, not with the raw start -> hello.")


if __name__ == "__main__":
    main()
