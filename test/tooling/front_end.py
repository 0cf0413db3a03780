#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""The Makefile front end's rough edges, one check per ctest:

  front_end.py run-status TOP IMAGES   make run: hello -> make exits 0; fault
                                       -> "Error 99", exit 2, and rk-qemu.py
                                       itself exits 99 (x86_64 and riscv64)
  front_end.py boot-flow TOP OUT       a boot flow the build lacks is refused
                                       before anything is compiled, naming the
                                       flows it has
  front_end.py cmdline-order TOP OUT   CONFIG_X=... apply in the order typed;
                                       values with spaces and quotes survive
  front_end.py out-dir TOP OUT         O= is this build's directory, BUILD=
                                       the parent of per-config directories
  front_end.py guiconfig TOP OUT       without tkinter, guiconfig names
                                       python3-tk, which install-deps installs
  front_end.py kvm TOP IMAGES OUT      without /dev/kvm, bench --kvm and
                                       make run KVM=1 say so, build nothing
"""
import os
import re
import shutil
import subprocess
import sys

PY = "/usr/bin/python3"
fails = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        fails.append(what)


def run(cmd, env=None, timeout=300):
    print("$ " + " ".join(cmd), flush=True)
    e = dict(os.environ, RUMPK_NO_INSTALL="1", **(env or {}))
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, env=e, timeout=timeout)
    print(r.stdout[-4000:], flush=True)
    return r.returncode, r.stdout


def make(top, *args, env=None):
    return run(["make", "-s", "-C", top] + list(args), env=env)


def run_status(top, images):
    for config, app, status in (("hello_qemu-microvm-x86_64", "hello", 0),
                                ("fault_qemu-microvm-x86_64", "fault", 99),
                                ("fault_qemu-virt-riscv64", "fault", 99)):
        rc, out = make(top, "BUILD=" + images, "CONFIG=" + config, "run")
        check("rk-qemu: %s exited with status %d" % (app, status) in out,
              "%s: rk-qemu reports the app's status %d" % (config, status))
        if status == 0:
            check(rc == 0, "%s: make run exits 0 (got %d)" % (config, rc))
        else:
            # GNU make exits 0, 1 or 2 only; it names the recipe's status.
            check(rc == 2 and re.search(r"\] Error %d$" % status, out, re.M),
                  "%s: make run fails with 'Error %d' (exit %d)" % (config, status, rc))
        rc, _ = run([PY, os.path.join(top, "scripts/rk-qemu.py"), os.path.join(images, config)])
        check(rc == status, "%s: rk-qemu.py exits with the app's status %d (got %d)"
              % (config, status, rc))


def boot_flow(top, out):
    for config, flow, have in (("hello_qemu-microvm-x86_64", "uboot", "direct"),
                               ("hello_qemu-virt-riscv64", "grub",
                                "direct, opensbi, opensbi-dynamic, opensbi-quiet, uboot, uboot-fit")):
        o = os.path.join(out, config)
        shutil.rmtree(o, ignore_errors=True)
        rc, text = make(top, "O=" + o, "BUILD=" + out, config + "_defconfig", "run", "BOOT=" + flow)
        platform = config.split("_", 1)[1]
        check(rc != 0 and "BOOT=%s is not available on %s (this build has: %s)"
              % (flow, platform, have) in text, "%s BOOT=%s: refused, naming the flows" % (config, flow))
        check("FAILED" not in text and "ninja: build stopped" not in text,
              "%s BOOT=%s: no build failure before the reason" % (config, flow))
        check(not os.path.exists(os.path.join(o, "rumpk.elf")),
              "%s BOOT=%s: nothing was built" % (config, flow))


def config_line(o, name):
    m = re.search(r"^(# )?CONFIG_%s(=.*| is not set)$" % name, open(os.path.join(o, ".config")).read(), re.M)
    return m.group(0) if m else None


def cmdline_order(top, out):
    o = os.path.join(out, "order")
    base = ["O=" + o, "BUILD=" + out, "hello_qemu-virt-riscv64_defconfig"]
    for typed, winner in ((["CONFIG_SCHED=y", "CONFIG_SCHED_PRIO=y", "CONFIG_SCHED_COOP=y"], "COOP"),
                          (["CONFIG_SCHED=y", "CONFIG_SCHED_COOP=y", "CONFIG_SCHED_PRIO=y"], "PRIO")):
        rc, text = make(top, *(base + typed))
        check(rc == 0, "configured with %s" % " ".join(typed))
        printed = re.findall(r"^kconfig: command line (CONFIG_\S+)", text, re.M)
        check(printed == typed, "applied in the order typed: %s" % printed)
        check(config_line(o, "SCHED_" + winner) == "CONFIG_SCHED_%s=y" % winner,
              "the member typed last wins the choice (SCHED_%s)" % winner)
    greeting = "Two words, 'quoted' \"too\""
    rc, text = make(top, *(base + ["CONFIG_HELLO_GREETING=" + greeting]))
    want = 'CONFIG_HELLO_GREETING="Two words, \'quoted\' \\"too\\""'
    check(rc == 0 and config_line(o, "HELLO_GREETING") == want,
          "a value with spaces and quotes arrives whole: %s" % config_line(o, "HELLO_GREETING"))


def out_dir(top, out):
    build = os.path.join(out, "b")
    o = os.path.join(out, "o")
    shutil.rmtree(out, ignore_errors=True)
    rc, text = make(top, "BUILD=" + build, "O=" + o, "hello_qemu-virt-riscv64_defconfig")
    check(rc == 0 and os.path.isfile(os.path.join(o, ".config")), "O=: configured into O")
    check(not os.path.exists(os.path.join(build, "hello_qemu-virt-riscv64")),
          "O=: no directory under BUILD")
    check(not os.path.exists(os.path.join(build, ".current")), "O=: BUILD/.current left alone")
    rc, text = make(top, "BUILD=" + build, "O=" + o, "savedefconfig")
    check(rc == 0 and os.path.isfile(os.path.join(o, "defconfig")), "O=: savedefconfig writes O/defconfig")
    rc, text = make(top, "BUILD=" + build, "O=" + o, "help")
    check("build dir: %s" % o in text, "help names O= as the build dir")
    empty = os.path.join(out, "empty")
    rc, text = make(top, "BUILD=" + build, "O=" + empty, "all")
    check(rc != 0 and "%s has no .config; configure it first: make O=%s <name>_defconfig"
          % (empty, empty) in text, "O= without a configuration: says how to make one")
    rc, text = make(top, "BUILD=" + build, "hello_qemu-virt-aarch64_defconfig")
    check(rc == 0 and os.path.isfile(os.path.join(build, "hello_qemu-virt-aarch64", ".config")),
          "BUILD=: <name>_defconfig configures BUILD/<name>")
    check(open(os.path.join(build, ".current")).read().strip() == "hello_qemu-virt-aarch64",
          "BUILD=: .current names it")
    rc, text = make(top, "BUILD=" + build, "help")
    check("build dir: %s/hello_qemu-virt-aarch64" % build in text,
          "without O=, the build dir is BUILD/<current config>")
    check("O=<dir>" in text and "BUILD=<dir>" in text, "make help documents O= and BUILD=")


def guiconfig(top, out):
    o = os.path.join(out, "gui")
    shutil.rmtree(out, ignore_errors=True)
    # A tkinter that fails to import, found before the standard library's.
    shadow = os.path.join(out, "no-tk", "tkinter")
    os.makedirs(shadow)
    with open(os.path.join(shadow, "__init__.py"), "w") as f:
        f.write("raise ImportError(\"No module named '_tkinter'\")\n")
    rc, _ = make(top, "O=" + o, "BUILD=" + out, "hello_qemu-virt-riscv64_defconfig")
    rc, text = make(top, "O=" + o, "BUILD=" + out, "guiconfig",
                    env={"PYTHONPATH": os.path.dirname(shadow)})
    check(rc != 0 and "guiconfig needs Tk for Python 3: install Debian's python3-tk" in text,
          "guiconfig without tkinter names the package")
    check("Traceback" not in text, "no Python traceback")
    rc, text = run(["bash", os.path.join(top, "scripts/install-deps.sh"), "--list"])
    check(rc == 0 and "python3-tk" in text.split(), "install-deps.sh installs python3-tk")


def kvm(top, images, out):
    shutil.rmtree(out, ignore_errors=True)
    nodev = {"RUMPK_KVM_DEVICE": os.path.join(out, "no-kvm")}
    bench = os.path.join(out, "bench")
    rc, text = run([PY, os.path.join(top, "bench/run.py"), bench, "--kvm"], env=nodev)
    check(rc != 0 and "bench: KVM not available: %s does not exist" % nodev["RUMPK_KVM_DEVICE"]
          in text, "bench/run.py --kvm: KVM not available")
    check("Traceback" not in text, "bench/run.py --kvm: no traceback")
    check(not os.path.exists(bench), "bench/run.py --kvm: nothing built")
    rc, text = make(top, "BUILD=" + images, "CONFIG=hello_qemu-microvm-x86_64", "run", "KVM=1",
                    env=nodev)
    check(rc != 0 and "rk-qemu: KVM not available: %s does not exist" % nodev["RUMPK_KVM_DEVICE"]
          in text, "make run KVM=1: KVM not available")
    rc, text = make(top, "BUILD=" + images, "CONFIG=hello_qemu-virt-riscv64", "run", "KVM=1")
    check(rc != 0 and "KVM not available for riscv64 images" in text,
          "make run KVM=1 on riscv64: KVM not available for riscv64")


CHECKS = {"run-status": run_status, "boot-flow": boot_flow, "cmdline-order": cmdline_order,
          "out-dir": out_dir, "guiconfig": guiconfig, "kvm": kvm}

if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[1] not in CHECKS:
        sys.exit("usage: front_end.py {%s} TOP DIR..." % ",".join(CHECKS))
    CHECKS[sys.argv[1]](*[os.path.abspath(a) for a in sys.argv[2:]])
    if fails:
        sys.exit("%s: %d check(s) failed" % (sys.argv[1], len(fails)))
    print("%s: OK" % sys.argv[1])
