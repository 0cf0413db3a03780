#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boot a Rumpk build in QEMU: interactively (make run), under gdb
(make debug), or as a test that matches the serial output against an
expectation file and checks the exit status (make test).

The QEMU command line comes from BUILD_DIR/qemu.json, written by the build
from the platform's rk_qemu() call, so this is the one place that launches
QEMU. Exit statuses are decoded to the image's own status:
  direct          QEMU's exit status is the image's (riscv64, aarch64)
  isa-debug-exit  QEMU exits with (status << 1) | 1 (x86_64)

An app's run and test description is its app.desc (scripts/appdesc.py:
[run] lines for every boot, [test] and [test CASE] lines for tests; --case
picks the test case, by default the most specific one whose config lines
the build has). --expect FILE gives a flat expectation file instead (its
qemu and setup lines replace the app's [run]). The lines are
  match: REGEX     must match a later line of output, in order
  reject: REGEX    must match no line of output
  exit: N          expected image exit status (default 0)
  stop: matched    (tests only) for images that never exit (servers): as
                   soon as every match line has been seen, QEMU is killed
                   and the run passes; the lines up to there are checked
                   against the reject lines, the exit status is not (so
                   exit may not be given). Needs at least one match line.
  timeout: S       seconds for the whole run (default 30)
  setup: CMD       shell command run before QEMU starts (e.g. to create a
                   disk image); a failing command fails the run
  qemu: ARGS       extra QEMU arguments (shell-quoted, split with shlex),
                   appended after the platform's and before those given
                   after --; several lines add up
  input-after: REGEX  (tests only) start a step of console input: its
                   text is sent when a line of output matches REGEX; the
                   steps go in file order, each waiting for a line after
                   the previous step was sent
  input: TEXT      (tests only) characters to type on the serial console
                   (QEMU's stdin), with \\n, \\r, \\t, \\xNN and \\\\ escapes; it
                   belongs to the latest input-after step, or is sent at
                   start when none precedes it; several lines add up
                   (write "\\n" for Enter). Without input lines, stdin is
                   /dev/null.
In setup and qemu lines, {build} stands for the build directory (absolute).
In qemu lines, {virtio} stands for the platform's virtio transport as QEMU
names device models: "device" (virtio-mmio: -device virtio-net-{virtio} is
virtio-net-device) or "pci" (virtio-net-pci), from qemu.json's virtio_bus
(or flow_virtio_bus for a boot flow that runs on another machine);
on a machine without virtio (virtio_bus "none": sifive_u) a "-device
MODEL-{virtio}..." pair is left out, so an app's virtio-rng stays off the
boards that cannot have one, except virtio-net, whose netdev goes to the
machine's on-board NIC instead ("-net nic,netdev=ID": sifive_u's Cadence
GEM), so the network tests run unchanged there.
With --entropy NAME (the boot matrix passes the source expected on the
image's architecture), an image built with the crypto component must be
configured for entropy source NAME (CONFIG_CRYPTO_RANDOM_SOURCE in its
.config) and print the line "entropy: NAME" at some point of the run: the
source it really seeded from. Images without the component are not checked.
The guest port of a hostfwd= forward follows the app's CONFIG_<APP>_PORT
when it has one (scripts/hostfwd.py). In test runs the host port becomes 0
(QEMU binds any free port): boot tests run in parallel and next to a
`make run`, and do not connect to the guest (test/net/*.py, which do, pick
their own ports). Interactive runs keep the file's host port, or the next
free one, or the one given with --hostport (make run HOSTPORT=N), and
print each forward: "httpd: http://127.0.0.1:8080/ -> guest port 80".
The setup and qemu keys also apply to interactive runs (make run), so an
app's devices are there whichever way it is booted.

make debug (--gdb) and make console (--console): scripts/rkdebug.py.
make run/debug first call --targets: it checks the boot flow (and --kvm)
against the build and prints the ninja targets the flow needs, so a wrong
BOOT= is reported before anything is built.
"""
import argparse
import json
import os
import queue
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from xml.sax.saxutils import escape

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "scripts"))
import appdesc  # noqa: E402
import hostfwd  # noqa: E402
import rkdebug  # noqa: E402
NO_STATUS = 255  # the image left without a status (reset, triple fault...)


def load_build(build_dir):
    path = os.path.join(build_dir, "qemu.json")
    if not os.path.isfile(path):
        sys.exit("rk-qemu: %s missing; build first ('make')" % path)
    with open(path) as f:
        return json.load(f)


def decode_exit(kind, code):
    if code < 0:
        return code  # killed by a signal
    if kind == "isa-debug-exit":
        return (code - 1) >> 1 if code & 1 else NO_STATUS
    return code


def flow_args(build, boot):
    """The QEMU arguments after the binary for a boot flow; exits naming the
    flows the build has when it has no such flow."""
    if boot == "direct":
        return list(build["qemu"][1:])
    flows = build.get("boot_flows", {})
    if boot not in flows:
        sys.exit("rk-qemu: BOOT=%s is not available on %s (this build has: direct%s)"
                 % (boot, build["platform"], "".join(", " + k for k in flows)))
    return list(flows[boot])


def build_targets(build, boot):
    """What ninja must build for a flow: the image, and the disk image for
    the flows that boot from it (U-Boot)."""
    disk = os.path.join(os.path.dirname(build["elf"]), "disk.img")
    return ["all"] + (["disk"] if any(disk in a for a in flow_args(build, boot)) else [])


KVM_DEVICE = os.environ.get("RUMPK_KVM_DEVICE", "/dev/kvm")  # another path in tests


class NoKvm(Exception):
    pass


def kvm_args(arch):
    """QEMU options for a KVM run of an arch; NoKvm says why there is none."""
    host = os.uname().machine
    if arch != "x86_64" or host != "x86_64":
        raise NoKvm("KVM not available for %s images on this %s host; run without KVM "
                    "(TCG)" % (arch, host))
    if not os.path.exists(KVM_DEVICE):
        raise NoKvm("KVM not available: %s does not exist on this machine; run without "
                    "KVM (TCG works everywhere)" % KVM_DEVICE)
    if not os.access(KVM_DEVICE, os.R_OK | os.W_OK):
        raise NoKvm("KVM not available: no read/write access to %s (join the kvm group, "
                    "or run without KVM)" % KVM_DEVICE)
    # -arch-capabilities: `-cpu host` alone aborts under nested KVM (DESIGN.md).
    return ["-accel", "kvm", "-cpu", "host,-arch-capabilities"]


def qemu_argv(build, boot, extra):
    argv = [build["qemu"][0]] + flow_args(build, boot)
    if shutil.which(argv[0]) is None:
        sys.exit("rk-qemu: %s not found; run scripts/install-deps.sh" % argv[0])
    # -no-reboot: a reset (e.g. x86 triple fault) ends the run instead of looping.
    return argv + ["-display", "none", "-no-reboot"] + extra


def build_config(build_dir):
    """The build's .config as a dict of CONFIG_X -> value (quotes removed)."""
    cfg = {}
    try:
        with open(os.path.join(build_dir, ".config")) as f:
            for line in f:
                key, eq, val = line.strip().partition("=")
                if eq and key.startswith("CONFIG_"):
                    cfg[key] = val[1:-1] if val.startswith('"') and val.endswith('"') else val
    except OSError as e:
        sys.exit("rk-qemu: cannot read %s/.config: %s" % (build_dir, e.strerror))
    return cfg


def entropy_check(build_dir, want):
    """--entropy: the regex of the required 'entropy:' line, or None when the
    image has no entropy source (no crypto component)."""
    cfg = build_config(build_dir)
    if cfg.get("CONFIG_CRYPTO_SODIUM") != "y":
        return None
    have = cfg.get("CONFIG_CRYPTO_RANDOM_SOURCE")
    if have != want:
        sys.exit("rk-qemu: %s is configured for entropy source '%s', but '%s' is what this "
                 "architecture has (CONFIG_CRYPTO_RANDOM_CHOICE)" % (build_dir, have, want))
    return re.compile("^entropy: %s$" % re.escape(want))


def app_desc(build):
    """The build's app description (app.desc in its directory), or None."""
    path = os.path.join(build.get("app_dir") or os.path.join(TOP, "apps", build["app"]), "app.desc")
    if not os.path.isfile(path):
        return None
    try:
        return appdesc.parse_app_desc(path, build["app"])
    except appdesc.DescError as e:
        sys.exit("rk-qemu: %s" % e)


def default_case(desc, build_dir):
    """The test case a build is: of those whose config lines all hold in its
    .config, the one with the most lines (fault_null over fault's defaults,
    initrd over sigtest)."""
    cfg = build_config(build_dir)
    fits = [c for c in desc.cases.values()
            if all(cfg.get(a.split("=", 1)[0], "n") == a.split("=", 1)[1].strip('"') for a in c.config)]
    if not fits:
        sys.exit("rk-qemu: %s matches none of the test cases of %s (%s); give --case"
                 % (build_dir, desc.path, ", ".join(desc.cases)))
    return max(fits, key=lambda c: len(c.config)).name


def load_spec(build, build_dir, test, expect=None, case=None):
    """What to add to QEMU and, for tests, what to expect."""
    try:
        if expect:
            return appdesc.parse_expect(expect)
        desc = app_desc(build)
        if not test:
            return appdesc.run_spec(desc)
        if desc is None:
            sys.exit("rk-qemu: app %s has no app.desc, so no test description (%s)"
                     % (build["app"], build.get("app_dir")))
        return appdesc.test_spec(desc, case or default_case(desc, build_dir))
    except appdesc.DescError as e:
        sys.exit("rk-qemu: %s" % e)


def virtio_bus(build, boot="direct"):
    """The virtio transport of the machine a boot flow runs on: the flow's
    own (a second machine for the same image: rk_qemu_flow VIRTIO_BUS) or
    the platform's."""
    return build.get("flow_virtio_bus", {}).get(boot) or build.get("virtio_bus", "device")


def expand_build(text, build_dir, boot="direct"):
    """A qemu line's argument with {build} and {virtio} filled in."""
    if "{virtio}" in text:
        text = text.replace("{virtio}", virtio_bus(load_build(build_dir), boot))
    return text.replace("{build}", os.path.abspath(build_dir))


def expand_args(args, build_dir, boot="direct"):
    """An expectation's qemu arguments with {build} and {virtio} filled in;
    virtio devices dropped on a machine without virtio."""
    if virtio_bus(load_build(build_dir), boot) == "none":
        kept = []
        for a in args:
            if "{virtio}" in a and kept and kept[-1] == "-device":
                kept.pop()
                netdev = re.search(r"(?:^|,)(netdev=[^,]+)", a)
                if a.startswith("virtio-net-") and netdev:
                    kept += ["-net", "nic," + netdev.group(1)]
            else:
                kept.append(a)
        args = kept
    return [expand_build(a, build_dir, boot) for a in args]


def prepare(spec, build_dir, boot="direct"):
    """Run the expectation's setup commands; return its extra QEMU args."""
    for cmd in spec["setup"]:
        cmd = cmd.replace("{build}", shlex.quote(os.path.abspath(build_dir)))
        r = subprocess.run(cmd, shell=True, cwd=build_dir)
        if r.returncode != 0:
            sys.exit("rk-qemu: setup command failed (status %d): %s" % (r.returncode, cmd))
    return expand_args(spec["qemu"], build_dir, boot)


def any_host_port(arg):
    """A qemu argument with each hostfwd host port replaced by 0. The fixed
    ports in app.desc are for `make run`; two test runs binding them at
    once would fail, and a test that talks to the guest picks its own."""
    return hostfwd.rewrite([arg], lambda f: 0, lambda f: f.guest_port)[0]


def run_interactive(build, argv):
    argv = argv + ["-serial", "mon:stdio"]  # QEMU monitor muxed on the console
    print("rk-qemu: " + " ".join(argv), file=sys.stderr)
    print("rk-qemu: (Ctrl-A X quits QEMU)", file=sys.stderr)
    status = decode_exit(build["exit"], subprocess.call(argv))
    # make can only exit 0, 1 or 2: it reports this one as "Error N".
    print("rk-qemu: %s exited with status %d" % (build["app"], status), file=sys.stderr)
    return status


def run_test(build, argv, spec, log_path):
    """Returns (ok, reason, transcript, seconds)."""
    argv = argv + ["-serial", "stdio", "-monitor", "none"]
    start = time.monotonic()
    steps = [list(st) for st in spec.get("input", [])]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE if steps else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def send(text):
        try:
            proc.stdin.write(text)
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    while steps and steps[0][0] is None:
        send(steps.pop(0)[1])
    lines = queue.Queue()

    def reader():
        for raw in iter(proc.stdout.readline, b""):
            lines.put(raw.decode("utf-8", "replace").rstrip("\r\n").replace("\r", ""))
        lines.put(None)

    threading.Thread(target=reader, daemon=True).start()
    transcript = []
    pending = list(spec["match"])
    required = list(spec.get("require", []))  # anywhere in the output, any order
    deadline = start + spec["timeout"]
    reason = None
    eof = False
    stopped = False
    while not eof:
        left = deadline - time.monotonic()
        if left <= 0:
            # A rejected line seen earlier is the better reason: it is
            # why a server's run (stop: matched) never stopped.
            reason = reason or "timeout after %.1f s" % spec["timeout"]
            break
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            continue
        if line is None:
            eof = True
            break
        transcript.append(line)
        if pending and pending[0].search(line):
            pending.pop(0)
        required = [r for r in required if not r.search(line)]
        while steps and steps[0][0].search(line):
            send(steps.pop(0)[1])
        bad = next((r for r in spec["reject"] if r.search(line)), None)
        if bad and not reason:
            reason = "line matched rejected /%s/: %s" % (bad.pattern, line)
        if spec.get("stop") and not pending and not required and not reason:
            stopped = True  # a server got as far as expected; it never exits
            break
    if reason or stopped:
        proc.kill()
    try:
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait()
        reason = reason or "QEMU did not exit within %.1f s" % spec["timeout"]
    secs = time.monotonic() - start
    status = decode_exit(build["exit"], code)
    if not reason and pending:
        reason = "no output line matched /%s/" % pending[0].pattern
    if not reason and required:
        reason = "no output line matched /%s/" % required[0].pattern
    if not reason and not stopped and status != spec["exit"]:
        reason = "exit status %d, expected %d (QEMU returned %d)" % (status, spec["exit"], code)
    with open(log_path, "w") as f:
        f.write("$ " + " ".join(argv) + "\n" + "\n".join(transcript) + "\n")
    return reason is None, reason, transcript, secs


def write_junit(path, name, ok, reason, transcript, secs):
    failure = "" if ok else '<failure message="%s">%s</failure>' % (
        escape(reason, {'"': "&quot;"}), escape("\n".join(transcript)))
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<testsuite name="rumpk-boot" tests="1" failures="%d" time="%.3f">'
                '<testcase classname="boot" name="%s" time="%.3f">%s</testcase></testsuite>\n'
                % (0 if ok else 1, secs, escape(name), secs, failure))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build_dir")
    ap.add_argument("--boot", default="direct", help="boot flow (direct, opensbi, uboot...)")
    ap.add_argument("--gdb", action="store_true", help="stop at entry and attach gdb")
    ap.add_argument("--gdb-batch", metavar="FILE",
                    help="with --gdb: run gdb in batch mode, these commands after the stop at entry")
    ap.add_argument("--console", action="store_true", help="attach to a debug session's console")
    ap.add_argument("--targets", action="store_true",
                    help="check --boot (and --kvm) against the build, print the ninja targets it needs")
    ap.add_argument("--hostport", type=int, metavar="PORT",
                    help="host port of the app's first forward (the others move with it)")
    ap.add_argument("--kvm", action="store_true", help="run under KVM (x86_64 on an x86_64 host)")
    ap.add_argument("--test", action="store_true", help="check output against the app's app.desc")
    ap.add_argument("--case", help="(tests) the app's test case to check (default: the build's)")
    ap.add_argument("--expect", help="flat expectation file (implies --test)")
    ap.add_argument("--junit", help="write a JUnit XML result here")
    ap.add_argument("--name", help="test name for logs and JUnit")
    ap.add_argument("--entropy", metavar="SOURCE",
                    help="(tests) an image with the crypto component must seed from SOURCE")
    ap.add_argument("qemu_args", nargs="*", help="extra QEMU arguments (after --)")
    args = ap.parse_args()

    if args.console:
        sys.exit(rkdebug.console(args.build_dir))
    build = load_build(args.build_dir)
    try:
        kvm = kvm_args(build["arch"]) if args.kvm else []
    except NoKvm as e:
        sys.exit("rk-qemu: %s" % e)
    if args.targets:
        print(" ".join(build_targets(build, args.boot)))
        return 0
    spec = load_spec(build, args.build_dir, args.test or args.expect, args.expect, args.case)
    app_args = prepare(spec, args.build_dir, args.boot)
    app_args = hostfwd.follow_config(app_args, args.build_dir, build["app"])
    if args.test or args.expect:
        app_args = [any_host_port(a) for a in app_args]
    else:
        try:
            app_args, notes = hostfwd.choose_host_ports(app_args, args.hostport)
        except hostfwd.PortError as e:
            sys.exit("rk-qemu: %s" % e)
        sym = hostfwd.configured_guest_port(args.build_dir, build["app"])[0]
        for line in notes:
            print("rk-qemu: " + line, file=sys.stderr)
        for line in hostfwd.describe(app_args, build["app"], sym):
            print(line, file=sys.stderr)
    argv = qemu_argv(build, args.boot, app_args + kvm + args.qemu_args)
    if args.gdb:
        sys.exit(rkdebug.run(build, args.build_dir, argv, args.gdb_batch))
    if not (args.test or args.expect):
        sys.exit(run_interactive(build, argv))
    if args.entropy:
        line = entropy_check(args.build_dir, args.entropy)
        if line:
            spec["require"].append(line)

    name = args.name or "%s:%s" % (os.path.basename(os.path.abspath(args.build_dir)), args.boot)
    # Tests that boot one image with different expectations name themselves,
    # so that each keeps its own transcript.
    tag = re.sub(r"[^A-Za-z0-9_.-]+", "-", args.name) if args.name else args.boot
    log = os.path.join(args.build_dir, "boot-%s.log" % tag)
    ok, reason, transcript, secs = run_test(build, argv, spec, log)
    if args.junit:
        write_junit(args.junit, name, ok, reason, transcript, secs)
    if ok:
        end = "stopped after the last match" if spec["stop"] else "exit %d" % spec["exit"]
        print("PASS %s (%.2f s, %d lines, %s)" % (name, secs, len(transcript), end))
        return 0
    print("\n".join(transcript))
    print("FAIL %s: %s (log: %s)" % (name, reason, log))
    return 1


if __name__ == "__main__":
    sys.exit(main())
