#!/usr/bin/python3
"""make bench-net: build httpd for each architecture, boot it in QEMU with
user networking and run wrk (-t2 -c16 -d5s) against it on 127.0.0.1;
print requests/s and latency. x86_64 runs under KVM when /dev/kvm works
(checked by booting once), TCG otherwise. Figures only, nothing asserted.

  bench/net.py OUTDIR [--arch riscv64,aarch64,x86_64] [--duration 5]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "test", "net"))
import netboot  # noqa: E402

PLATFORMS = {"riscv64": "qemu-virt-riscv64", "aarch64": "qemu-virt-aarch64",
             "x86_64": "qemu-microvm-x86_64"}


def build(outdir, name):
    r = subprocess.run(["make", "-s", "-C", TOP, "BUILD=" + outdir, "RUMPK_NO_INSTALL=1",
                        name + "_defconfig", "all"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode:
        print(r.stdout[-3000:])
        return None
    return os.path.join(outdir, name)


def wrk(port, duration):
    r = subprocess.run(["wrk", "-t2", "-c16", "-d%ds" % duration, "--latency",
                        "http://127.0.0.1:%d/" % port], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=duration + 30)
    out = r.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    avg = re.search(r"^\s+Latency\s+(\S+)\s+\S+\s+(\S+)", out, re.M)  # avg, stdev, max
    dist = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.M))
    errs = re.findall(r"Socket errors:.*|Non-2xx.*", out)
    return {"rps": rps.group(1) if rps else "?", "avg": avg.group(1) if avg else "?",
            "max": avg.group(2) if avg else "?", "p50": dist.get("50", "?"),
            "p90": dist.get("90", "?"), "p99": dist.get("99", "?"),
            "errors": "; ".join(errs) if errs else "none", "raw": out}


def kvm_usable():
    try:
        netboot.rkqemu.kvm_args("x86_64")
        return True
    except netboot.rkqemu.NoKvm:
        return False


def run(build_dir, kvm, duration):
    log = os.path.join(build_dir, "bench-net.log")
    g = netboot.Guest(build_dir, [("tcp", 80)], log, kvm=kvm)
    try:
        g.wait_for(r"^httpd: listening on http://", 90)
        port = g.port[("tcp", 80)]
        wrk(port, 1)  # warm-up: ARP, TCG translation of the hot paths
        res = wrk(port, duration)
        st = subprocess.run(["curl", "-sS", "-m", "30", "http://127.0.0.1:%d/stats" % port],
                            stdout=subprocess.PIPE, text=True).stdout
        res["gov"] = {k: v for k, v in (l.split(" ", 1) for l in st.splitlines() if " " in l)
                      if k in ("net_mode_switches", "net_polls", "net_empty_polls",
                               "net_interrupts", "net_frames_in", "net_frames_out")}
        return res
    finally:
        g.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--arch", default=",".join(PLATFORMS))
    ap.add_argument("--duration", type=int, default=5)
    a = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench-net: wrk not found (apt-get install wrk)")
    outdir = os.path.abspath(a.outdir)
    for arch in a.arch.split(","):
        d = build(outdir, "httpd_" + PLATFORMS[arch])
        if not d:
            print("== %s: build failed" % arch)
            continue
        kvm = arch == "x86_64" and kvm_usable()
        try:
            res = run(d, kvm, a.duration)
        except Exception as e:
            if not kvm:
                print("== %s: %s" % (arch, e))
                continue
            print("== %s: KVM run failed (%s); TCG instead" % (arch, e))
            kvm = False
            try:
                res = run(d, False, a.duration)
            except Exception as e2:
                print("== %s: %s" % (arch, e2))
                continue
        print("== %s (%s) httpd GET /, wrk -t2 -c16 -d%ds" % (arch, "KVM" if kvm else "TCG",
                                                            a.duration))
        print("  requests/s %s; latency avg %s, p50 %s, p90 %s, p99 %s, max %s; errors: %s"
              % (res["rps"], res["avg"], res["p50"], res["p90"], res["p99"], res["max"],
                 res["errors"]))
        print("  governor: " + ", ".join("%s %s" % kv for kv in res["gov"].items()))


if __name__ == "__main__":
    main()
