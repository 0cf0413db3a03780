#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Board and app as separate axes (make BOARD= APP=), one check per ctest:

  axes_test.py lists TOP OUT         list-boards, list-apps (one line each,
                                     described), list-defconfigs (every
                                     saved combination), make help
  axes_test.py errors TOP OUT        unknown board or app lists the valid
                                     ones; an unsupported board is refused
                                     with the app's reason; CONFIG_APP, an
                                     old CONFIG_APP_<X>=y, a directory that
                                     is not an app, both kinds of selection
  axes_test.py naming TOP OUT        the build directory is named after the
                                     final configuration; BOARD/APP alone
                                     keep the other; merge order printed;
                                     a saved combination equals BOARD+APP
                                     plus its test case's lines
  axes_test.py outside TOP OUT       an app copied to a directory outside
                                     the tree (renamed, with an option of its
                                     own) builds, shows its options, boots
                                     and passes its own test; the tree is
                                     left unchanged; savedefconfig keeps it
  axes_test.py guide TOP OUT         the app of docs/app-guide.md, taken from
                                     its code blocks, builds and passes its
                                     boot test (the guide stays true)
  axes_test.py descriptions TOP OUT  every app.desc parses and gives a test
                                     spec per case; malformed descriptions
                                     are refused naming file, line and key
"""
import os
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(TOP, "scripts"))
import appdesc  # noqa: E402
import catalog  # noqa: E402
from front_end import PY, check, fails, run  # noqa: E402  the same check lines as tooling:*


def make(top, *args):
    return run(["make", "-s", "-C", top] + list(args), timeout=600)


def config_of(d):
    """A build's .config as {name without CONFIG_: value without quotes}."""
    return dict(catalog.read_assignments(os.path.join(d, ".config")))


def lists(top, out):
    rc, text = make(top, "BUILD=" + out, "list-boards")
    boards = sorted(f[:-len("_defconfig")] for f in os.listdir(os.path.join(top, "configs/boards")))
    lines = [l.split(None, 1) for l in text.splitlines() if l.strip()]
    check(rc == 0 and sorted(l[0] for l in lines) == boards,
          "list-boards: one line per configs/boards/ file (%s)" % ", ".join(boards))
    check(all(len(l) == 2 and len(l[1]) > 10 for l in lines), "list-boards: each with a description")
    rc, text = make(top, "BUILD=" + out, "list-apps")
    apps = sorted(d for d in os.listdir(os.path.join(top, "apps"))
                  if os.path.isdir(os.path.join(top, "apps", d)))
    listed = [l.split(None, 1) for l in text.splitlines() if l.startswith("  ") and not l.startswith("  (")]
    check(rc == 0 and sorted(l[0] for l in listed) == apps, "list-apps: one line per app (%s)" % ", ".join(apps))
    check(all(len(l) == 2 for l in listed), "list-apps: each with its one-line description")
    check("APP=<path>" in text, "list-apps: says how to name an app outside apps/")
    rc, text = make(top, "BUILD=" + out, "list-defconfigs")
    names = text.split()
    # The 40 configs/*_defconfig files there were before the axes, which
    # tests and users name: each must still be listed and resolve.
    before = ["hello_sifive-u-riscv64"] + [
        "%s_%s" % (case, board)
        for case in ("bench", "echo", "fault", "fault_null", "fault_stack", "hello", "httpd",
                     "initrd", "ktest_coop", "ktest_prio", "shell", "sigtest", "virtiotest")
        for board in ("qemu-virt-riscv64", "qemu-virt-aarch64", "qemu-microvm-x86_64")]
    missing = [n for n in before if n + "_defconfig" not in names]
    check(len(before) == 40 and not missing, "list-defconfigs: all 40 earlier names (missing: %s)" % missing)
    resolved = []
    for n in before:
        try:
            kind, a, case, board = catalog.combination(n)
            resolved.append(kind == "case" and n == "%s_%s" % (case.name, board))
        except (catalog.CatalogError, ValueError):
            resolved.append(False)
    check(all(resolved), "each resolves to an app's test case on a board")
    rc, text = make(top, "BUILD=" + out, "help")
    for item in ("BOARD=<board> APP=<app>", "list-boards", "list-apps", "<name>_defconfig"):
        check(item in text, "make help shows %s" % item)


def errors(top, out):
    rc, text = make(top, "BUILD=" + out, "BOARD=qemu-virt-mips", "APP=hello")
    check(rc != 0 and "unknown board 'qemu-virt-mips'; the boards are: generic-aarch64, "
          "generic-riscv64, qemu-microvm-x86_64, qemu-virt-aarch64, qemu-virt-riscv64" in text,
          "unknown board: lists the boards")
    rc, text = make(top, "BUILD=" + out, "BOARD=qemu-virt-riscv64", "APP=helo")
    check(rc != 0 and "unknown app 'helo'; the apps are: bench, echo, fault, hello," in text,
          "unknown app: lists the apps")
    rc, text = make(top, "BUILD=" + out, "BOARD=sifive-u-riscv64", "APP=virtiotest")
    check(rc != 0 and "app 'virtiotest' does not support board 'sifive-u-riscv64': the board has no "
          "virtio transport" in text and "it runs on: qemu-virt-riscv64" in text,
          "an unsupported board is refused with the app's reason")
    check(not os.path.exists(os.path.join(out, "virtiotest_sifive-u-riscv64")),
          "... and nothing configured")
    rc, text = make(top, "BUILD=" + out, "hello_qemu-virt-riscv64_defconfig", "CONFIG_PLATFORM_SIFIVE_U_RISCV64=y")
    check(rc == 0 and os.path.isdir(os.path.join(out, "hello_sifive-u-riscv64")),
          "hello moved to sifive-u by the command line: allowed (hello supports it)")
    rc, text = make(top, "BUILD=" + out, "virtiotest_qemu-virt-riscv64_defconfig", "CONFIG_PLATFORM_SIFIVE_U_RISCV64=y")
    check(rc != 0 and "does not support board 'sifive-u-riscv64'" in text,
          "an app moved by the command line to a board it refuses: refused too")
    rc, text = make(top, "BUILD=" + out, "nosuch_qemu-virt-riscv64_defconfig")
    check(rc != 0 and "no configuration named 'nosuch_qemu-virt-riscv64'" in text,
          "unknown saved combination: says what names are")
    rc, text = make(top, "BUILD=" + out, "hello_qemu-virt-riscv64_defconfig", "APP=httpd")
    check(rc != 0 and "give either <name>_defconfig or BOARD=/APP=, not both" in text,
          "a saved combination and BOARD/APP together: refused")
    rc, text = make(top, "BUILD=" + out, "BOARD=qemu-virt-riscv64", "APP=hello", "CONFIG_APP=httpd")
    check(rc != 0 and "CONFIG_APP is set by the front end: choose the app with make APP=" in text,
          "CONFIG_APP on the command line: points to APP=")
    rc, text = make(top, "BUILD=" + out, "hello_qemu-virt-riscv64_defconfig", "CONFIG_APP_KTEST=y")
    check(rc != 0 and "CONFIG_APP_KTEST: the app is no longer a Kconfig choice; choose it with "
          "make APP=ktest" in text, "CONFIG_APP_<X>=y on the command line: points to APP=<x>")
    notapp = os.path.join(out, "not-an-app")
    os.makedirs(notapp, exist_ok=True)
    rc, text = make(top, "BUILD=" + out, "BOARD=qemu-virt-riscv64", "APP=" + notapp)
    check(rc != 0 and "is not an app directory: it has no CMakeLists.txt" in text,
          "APP=<dir> without CMakeLists.txt: refused, naming what is missing")
    rc, text = make(top, "BUILD=" + out, "BOARD=qemu-virt-riscv64", "APP=" + notapp + "-missing")
    check(rc != 0 and "no such directory" in text, "APP=<dir> that does not exist: refused")
    old = os.path.join(out, "old_defconfig")
    with open(old, "w") as f:
        f.write("CONFIG_ARCH_RISCV64=y\nCONFIG_APP_HTTPD=y\n")
    rc, text = run([PY, os.path.join(top, "scripts/kconfig.py"), "--defconfig", old,
                    "-o", os.path.join(out, "old")])
    check(rc != 0 and 'CONFIG_APP_HTTPD=y is how an app was chosen before; write CONFIG_APP="httpd"'
          in text, "an old CONFIG_APP_<X>=y defconfig: says what to write instead")


def naming(top, out):
    shutil.rmtree(out, ignore_errors=True)
    # The command of issue 11: a riscv64 name with aarch64 on the command line.
    rc, text = make(top, "BUILD=" + out, "hello_qemu-virt-riscv64_defconfig",
                    "CONFIG_ARCH_AARCH64=y", "CONFIG_PLATFORM_QEMU_VIRT_AARCH64=y")
    d = os.path.join(out, "hello_qemu-virt-aarch64")
    check(rc == 0 and os.path.isfile(os.path.join(d, ".config")),
          "a riscv64 name made aarch64 on the command line is configured in hello_qemu-virt-aarch64")
    check(not os.path.exists(os.path.join(out, "hello_qemu-virt-riscv64")),
          "... and no directory named for riscv64")
    check(rc == 0 and config_of(d).get("ARCH") == "aarch64", "... which holds an aarch64 configuration")
    check("the final configuration is board qemu-virt-aarch64, not qemu-virt-riscv64" in text,
          "... and says so")
    check(open(os.path.join(out, ".current")).read().strip() == "hello_qemu-virt-aarch64",
          "... and .current names it")
    rc, text = make(top, "BUILD=" + out, "BOARD=qemu-microvm-x86_64", "APP=httpd", "olddefconfig",
                    "CONFIG_HTTPD_PORT=8000")
    d = os.path.join(out, "httpd_qemu-microvm-x86_64")
    steps = re.findall(r"^kconfig: (merging board \S+|merging app fragment \S+|command line \S+)",
                       text, re.M)
    check(steps[:3] == ["merging board configs/boards/qemu-microvm-x86_64_defconfig",
                        "merging app fragment apps/httpd/app.conf",
                        "command line CONFIG_HTTPD_PORT=8000"],
          "BOARD+APP: board, app.conf, command line, printed in that order (%s)" % steps[:3])
    cfg = config_of(d) if rc == 0 else {}
    check(cfg.get("APP") == "httpd" and cfg.get("PLATFORM") == "qemu-microvm-x86_64"
          and cfg.get("HTTPD_PORT") == "8000" and cfg.get("VIRTIO_BLK") == "n",
          "BOARD+APP: BUILD/httpd_qemu-microvm-x86_64 with the fragment's and the command line's values")
    check(len(re.findall(r"^kconfig: command line", text, re.M)) == 1,
          "the command line is applied once (not again by the second make)")
    rc, text = make(top, "BUILD=" + out, "APP=echo", "olddefconfig")
    check(rc == 0 and os.path.isfile(os.path.join(out, "echo_qemu-microvm-x86_64", ".config")),
          "APP alone keeps the current board (qemu-microvm-x86_64)")
    check("BOARD not given: qemu-microvm-x86_64 (from " in text, "... and says where it came from")
    rc, text = make(top, "BUILD=" + out, "BOARD=qemu-virt-aarch64", "olddefconfig")
    check(rc == 0 and os.path.isfile(os.path.join(out, "echo_qemu-virt-aarch64", ".config")),
          "BOARD alone keeps the current app (echo)")
    # A saved combination is BOARD+APP plus its test case's lines.
    rc1, _ = make(top, "BUILD=" + out, "fault_null_qemu-virt-riscv64_defconfig")
    rc2, _ = make(top, "O=" + os.path.join(out, "by-axes"), "BOARD=qemu-virt-riscv64", "APP=fault",
                  "olddefconfig", "CONFIG_FAULT_NULL_DEREF=y")
    a, b = os.path.join(out, "fault_null_qemu-virt-riscv64"), os.path.join(out, "by-axes")
    same = rc1 == 0 and rc2 == 0 and config_of(a) == config_of(b)
    check(same, "fault_null_qemu-virt-riscv64_defconfig == BOARD=qemu-virt-riscv64 APP=fault "
          "CONFIG_FAULT_NULL_DEREF=y (the test case's config line)")
    check(not os.path.exists(os.path.join(out, "fault_qemu-virt-riscv64")), "O=: nothing under BUILD")


def outside(top, out):
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    before = run(["git", "-C", top, "status", "--porcelain", "--untracked-files=all"])[1]
    # Outside the tree: a temporary directory, never under TOP.
    tmp = tempfile.mkdtemp(prefix="rumpk-app-")
    try:
        app = os.path.join(tmp, "greeter")
        shutil.copytree(os.path.join(top, "docs/examples/hello-outside"), app)
        for name in os.listdir(app):  # rename its symbols: an app of its own
            p = os.path.join(app, name)
            text = open(p).read().replace("HELLO_OUTSIDE", "GREETER").replace("hello-outside", "greeter")
            text = text.replace("hello_outside", "greeter")
            open(p, "w").write(text)
        with open(os.path.join(app, "app.conf"), "a") as f:
            f.write('CONFIG_GREETER_GREETING="from a directory of its own"\n')
        with open(os.path.join(app, "app.desc"), "w") as f:
            f.write("[app]\ndescription: test app\nboards: qemu-virt-riscv64\n"
                    "unsupported: qemu-virt-aarch64: not today\n\n[test]\n"
                    "match: ^Rumpk .* app 'greeter'\n"
                    r"match: ^greeter: from a directory of its own \(3 of 3\)$" "\n"
                    "exit: 7\n")
        build = os.path.join(out, "b")
        rc, text = make(top, "BUILD=" + build, "BOARD=qemu-virt-riscv64", "APP=" + app,
                        "CONFIG_GREETER_STATUS=7")
        d = os.path.join(build, "greeter_qemu-virt-riscv64")
        check(rc == 0 and os.path.isfile(os.path.join(d, "rumpk.elf")),
              "an app outside the tree builds into BUILD/greeter_qemu-virt-riscv64")
        cfg = config_of(d) if rc == 0 else {}
        check(cfg.get("APP_DIR") == app and cfg.get("GREETER_REPEAT") == "3",
              "its .config names its directory and holds its own options (app.conf merged)")
        check("# Application: greeter (%s)" % app in open(os.path.join(d, ".config")).read(),
              "the Application menu names it (menuconfig shows the same comment)")
        rc, text = run([PY, os.path.join(top, "scripts/rk-qemu.py"), d, "--test"])
        check(rc == 0 and "PASS" in text, "it boots and passes its own test (exit 7)")
        rc, text = make(top, "BUILD=" + build, "run")
        check(rc != 0 and "greeter exited with status 7" in text, "make run passes its status on")
        rc, text = make(top, "BUILD=" + build, "BOARD=qemu-virt-aarch64", "APP=" + app)
        check(rc != 0 and "app 'greeter' does not support board 'qemu-virt-aarch64': not today" in text,
              "its own unsupported board is refused with its reason")
        # savedefconfig keeps the app; the saved file configures it again.
        rc, _ = make(top, "BUILD=" + build, "CONFIG=greeter_qemu-virt-riscv64", "savedefconfig")
        saved = open(os.path.join(d, "defconfig")).read()
        check(rc == 0 and 'CONFIG_APP_DIR="%s"' % app in saved and "CONFIG_GREETER_STATUS=7" in saved,
              "savedefconfig records the app's directory and its options")
        rc, text = run([PY, os.path.join(top, "scripts/kconfig.py"), "--defconfig",
                        os.path.join(d, "defconfig"), "-o", os.path.join(out, "again")])
        check(rc == 0 and config_of(os.path.join(out, "again")) == cfg,
              "the saved defconfig gives the same configuration")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    after = run(["git", "-C", top, "status", "--porcelain", "--untracked-files=all"])[1]
    check(before == after, "nothing inside the tree changed")


def guide(top, out):
    shutil.rmtree(out, ignore_errors=True)
    text = open(os.path.join(top, "docs/app-guide.md")).read()
    files = {}
    for lang, body in re.findall(r"```(\w*)\n(.*?)```", text, re.S):
        name = {"c": "main.c", "cmake": "CMakeLists.txt", "kconfig": "Kconfig"}.get(lang)
        if not lang and body.startswith("CONFIG_GREETER"):
            name = "app.conf"
        if not lang and body.startswith("# greeter/app.desc"):
            name = "app.desc"
        if name:
            files[name] = body
    check(sorted(files) == ["CMakeLists.txt", "Kconfig", "app.conf", "app.desc", "main.c"],
          "the guide shows every file of its app (%s)" % ", ".join(sorted(files)))
    tmp = tempfile.mkdtemp(prefix="rumpk-guide-")
    try:
        app = os.path.join(tmp, "greeter")
        os.makedirs(app)
        for name, body in files.items():
            open(os.path.join(app, name), "w").write(body)
        rc, _ = make(top, "BUILD=" + out, "BOARD=qemu-virt-riscv64", "APP=" + app)
        d = os.path.join(out, "greeter_qemu-virt-riscv64")
        check(rc == 0 and config_of(d).get("GREETER_REPEAT") == "3", "the guide's app builds")
        rc, text = run([PY, os.path.join(top, "scripts/rk-qemu.py"), d, "--test"])
        check(rc == 0 and "PASS" in text, "... and passes the guide's boot test")
        rc, text = make(top, "BUILD=" + out, "BOARD=sifive-u-riscv64", "APP=" + app)
        check(rc != 0 and "needs the scheduler, which the board lacks" in text,
              "... and refuses the board its app.desc says it does not support")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def descriptions(top, out):
    n = 0
    for a in catalog.apps() + [catalog.App(os.path.join(top, "docs/examples/hello-outside"))]:
        a.check()
        check(a.desc is not None and a.description, "%s: app.desc with a description" % a.name)
        for c in a.cases():
            spec = appdesc.test_spec(a.desc, c.name)
            check(spec["match"] and (spec["stop"] or spec["exit"] is not None),
                  "%s: test case %s has matches and an end" % (a.name, c.name))
            n += 1
    check(n >= 14, "%d test cases" % n)
    os.makedirs(out, exist_ok=True)
    bad = {
        "[app]\nboards: all\nfrobnicate: 1\n": r"bad\.desc:3: unknown key 'frobnicate' in \[app\]",
        "match: x\n": r"bad\.desc:1: 'match' before any section",
        "[tests]\n": r"bad\.desc:1: unknown section \[tests\]",
        "[test]\nmatch: (\n": r"bad\.desc:2: bad regex",
        "[test]\nmatch: x\nstop: matched\nexit: 0\n": r"'stop: matched' and 'exit:' exclude each other",
        "[test A]\n": r"bad\.desc:1: test case name 'A'",
        "[run]\nmatch: x\n": r"bad\.desc:2: unknown key 'match' in \[run\] \(qemu, setup\)",
        "[app]\nunsupported: qemu-virt-riscv64\n": r"unsupported wants 'BOARD: reason'",
        "[test x]\nconfig: FOO=y\n": r"config wants CONFIG_NAME=value",
    }
    path = os.path.join(out, "bad.desc")
    for text, want in bad.items():
        open(path, "w").write(text)
        try:
            d = appdesc.parse_app_desc(path, "bad")
            for c in d.cases:
                appdesc.test_spec(d, c)
            got = "accepted"
        except appdesc.DescError as e:
            got = str(e)
        check(re.search(want, got) is not None, "refused: %r -> %s" % (text, got))
    open(path, "w").write("[app]\nboards: qemu-virt-sparc\n")
    try:
        app_dir = os.path.join(out, "badapp")
        os.makedirs(app_dir, exist_ok=True)
        open(os.path.join(app_dir, "CMakeLists.txt"), "w").close()
        shutil.copy(path, os.path.join(app_dir, "app.desc"))
        catalog.App(app_dir).check()
        got = "accepted"
    except catalog.CatalogError as e:
        got = str(e)
    check("unknown board 'qemu-virt-sparc'" in got, "an unknown board in boards: is refused (%s)" % got)


def main():
    what, top, out = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    {"lists": lists, "errors": errors, "naming": naming, "outside": outside, "guide": guide,
     "descriptions": descriptions}[what](top, out)
    if fails:
        sys.exit("%d check(s) failed: %s" % (len(fails), "; ".join(fails)))
    print("all checks passed")


if __name__ == "__main__":
    main()
