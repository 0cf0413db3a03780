#!/usr/bin/python3
"""make bench-net: build httpd for each architecture, boot it in QEMU with
user networking and run wrk (-t2 -c16 -d5s) against it on 127.0.0.1;
print requests/s and latency. x86_64 runs under KVM when /dev/kvm works
(checked by booting once), TCG otherwise. Figures only, nothing asserted.

  bench/net.py OUTDIR [--arch riscv64,aarch64,x86_64] [--duration 5]
"""
import argparse
import os
import shutil
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "test", "net"))
import attack  # noqa: E402
import netboot  # noqa: E402

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
        attack.wrk(port, 1)  # warm-up: ARP, TCG translation of the hot paths
        res = attack.wrk(port, duration)
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
    ap.add_argument("--arch", default=",".join(netboot.PLATFORMS))
    ap.add_argument("--duration", type=int, default=5)
    a = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench-net: wrk not found (apt-get install wrk)")
    outdir = os.path.abspath(a.outdir)
    for arch in a.arch.split(","):
        try:
            d = netboot.build(outdir, "httpd_" + netboot.PLATFORMS[arch])
        except RuntimeError as e:
            print("== %s: %s" % (arch, e))
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
