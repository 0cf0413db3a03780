#!/usr/bin/python3
"""make bench: build and boot benchmark images on every architecture and
print the figures. Timings come from the guest's own clock and cycle
counter (apps/bench) and from the host's wall clock around QEMU (boot
time); nothing here is asserted, only reported.

  bench/run.py OUTDIR [--runs N] [--arch riscv64,aarch64,x86_64] [--kvm]
"""
import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("rkqemu", os.path.join(TOP, "scripts/rk-qemu.py"))
rkqemu = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rkqemu)
sys.path.insert(0, os.path.join(TOP, "bench"))
import boottime  # noqa: E402

PLATFORMS = {
    "riscv64": "qemu-virt-riscv64",
    "aarch64": "qemu-virt-aarch64",
    "x86_64": "qemu-microvm-x86_64",
}


def make(outdir, defconfig, *syms):
    cmd = ["make", "-s", "-C", TOP, "BUILD=" + outdir, "RUMPK_NO_INSTALL=1",
           defconfig + "_defconfig", "all"] + list(syms)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode:
        sys.exit("bench: build failed: %s\n%s" % (" ".join(cmd), r.stdout))
    return os.path.join(outdir, defconfig)


def boot_times(build_dir, runs, marker, extra):
    """Wall-clock ms from QEMU start to the marker line and to QEMU's exit."""
    build = rkqemu.load_build(build_dir)
    argv = rkqemu.qemu_argv(build, "direct", extra) + ["-serial", "stdio", "-monitor", "none"]
    to_marker, to_exit = [], []
    for _ in range(runs):
        t0 = time.monotonic()
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        seen = []
        for line in p.stdout:
            seen.append(line.decode("utf-8", "replace"))
            if marker in seen[-1]:
                to_marker.append((time.monotonic() - t0) * 1000)
                break
        else:
            sys.exit("bench: QEMU (status %d) never printed '%s':\n$ %s\n%s"
                     % (p.wait(), marker, " ".join(argv), "".join(seen)))
        p.stdout.read()
        p.wait()
        to_exit.append((time.monotonic() - t0) * 1000)
    return statistics.median(to_marker), min(to_marker), statistics.median(to_exit)


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
        print("== %s (%s, QEMU %s) ==" % (arch, plat, "KVM" if extra else "TCG"))
        hello = make(os.path.join(outdir, "hello"), "hello_" + plat)
        sz = sizes(hello)
        print("  hello image: " + ", ".join("%s %d bytes" % kv for kv in sz.items()))
        med, low, ext = boot_times(hello, a.runs, "Hello from Rumpk!", extra)
        print("  QEMU start -> hello: median %.1f ms (min %.1f ms); -> exit %.1f ms (%d runs)"
              % (med, low, ext, a.runs))
        fmed, flow = qemu_floor(hello, a.runs, extra)
        print("  QEMU start -> quit, no guest code run: median %.1f ms (min %.1f ms); firmware "
              "+ kernel to hello: about %.1f ms (median difference)" % (fmed, flow, med - fmed))
        # BOOT_STAGE_TIMES: without it kernel/main.c leaves rk_boot_main_cycles
        # at the entry value (it is advanced only by the stage marks).
        httpd = make(os.path.join(outdir, "httpd"), "httpd_" + plat, "CONFIG_BOOT_STAGE_TIMES=y")
        load = open("/proc/loadavg").read().split()[0]
        first, first_low, floor, floor_low = boottime.time_to_first_response(httpd, a.runs, bool(extra))
        print("  httpd: QEMU start -> first HTTP response: median %.1f ms (min %.1f); QEMU floor "
              "(same machine, no guest code) median %.1f ms (min %.1f); difference %.1f ms "
              "(%d runs, load %s)" % (first, first_low, floor, floor_low, first - floor, a.runs, load))
        if not extra:  # -icount is TCG only
            print("  httpd: kernel entry -> main: %d instructions (-icount shift=0)"
                  % boottime.entry_to_main_instructions(httpd))
        for policy in ("coop", "prio"):
            d = make(os.path.join(outdir, policy), "bench_" + plat,
                     "CONFIG_SCHED_%s=y" % policy.upper())
            f = run_bench(d, extra)
            print("  [%s scheduler]" % policy)
            for k, (vals, unit) in f.items():
                if k == "timer_latency_ns":
                    print("    %-28s min %s / avg %s / max %s %s" % (k, vals[0], vals[1], vals[2], unit))
                else:
                    print("    %-28s %s %s" % (k, " ".join(vals), unit))
    print("\nReference (DESIGN.md, same machine and QEMU): Zephyr hello_world riscv64 17,676 bytes,"
          " 18.5 ms to hello; Unikraft helloworld arm64 216,008 bytes, 40.6 ms to hello (TCG),"
          " x86_64 246,536 bytes. Those times were taken on a quieter host: compare them"
          " with the 'no guest code' floor printed above, not with the raw start -> hello.")


if __name__ == "__main__":
    main()
