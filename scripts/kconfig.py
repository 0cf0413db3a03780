#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Rumpk configuration front end (Kconfiglib).

Merges, in this fixed order, each step printed:
  1. the board's configs/boards/<board>_defconfig, or a whole saved
     configuration (configs/<name>_defconfig, --defconfig FILE, or the
     existing .config with --old)
  2. the app's app.conf, then the config lines of its test case (with
     --board/--app or --combination <case>_<board>)
  3. fragments given with -f        (in command-line order)
  4. CONFIG_X=value assignments     (in command-line order)
The app is chosen before Kconfig is read (scripts/catalog.py): RK_APP and
RK_APP_DIR in the environment make apps/Kconfig source that app's Kconfig
only. With --build-root the output directory is named after what the final
configuration is: <app or test case>_<board>, the board being the one whose
defconfig the final configuration matches (the requested one if it still
does). Writes, into the output directory:
  .config                      the full configuration
  include/generated/autoconf.h C macros (rewritten only when its text changes)
  config.cmake                 set(CONFIG_X value) lines for CMake
  include/config/              one file per symbol, touched when its value
                               changes (Kconfiglib's sync_deps): what
                               scripts/fixdep.c makes each object depend on

Errors are fatal and name the symbol and the file: undefined symbols,
any Kconfig warning, and values that did not take effect (with the unmet
`depends on` terms that stopped them).
"""
import argparse
import os
import sys

sys.path.insert(0, "/usr/lib/python3/dist-packages")
try:
    import kconfiglib
except ImportError:
    sys.exit("kconfig: Kconfiglib not found; install Debian's python3-kconfiglib "
             "(scripts/install-deps.sh does it)")

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "scripts"))
import catalog  # noqa: E402


def fail(msg):
    sys.stderr.write("kconfig: error: " + msg + "\n")
    sys.exit(1)


def load_kconfig():
    os.environ.setdefault("srctree", TOP)
    try:
        kconf = kconfiglib.Kconfig(os.path.join(TOP, "Kconfig"),
                                   warn_to_stderr=False, suppress_traceback=True)
    except kconfiglib.KconfigError as e:
        fail(str(e))
    kconf.warn_assign_override = False  # later steps override earlier ones on purpose
    kconf.warn_assign_redun = False
    kconf.enable_undef_warnings()
    check_warnings(kconf, "Kconfig tree")
    return kconf


def check_warnings(kconf, what):
    if kconf.warnings:
        for w in kconf.warnings:
            w = w.replace("warning: ", "", 1)
            if not w.startswith(what):  # name the file when Kconfiglib did not
                w = "%s: %s" % (what, w)
            sys.stderr.write("kconfig: error: %s\n" % w)
        fail("%d problem(s) in %s (Kconfig warnings are fatal)" % (len(kconf.warnings), what))


def needs(expr):
    """A dependency term as the .config assignment that would satisfy it:
    ARCH_AARCH64 -> CONFIG_ARCH_AARCH64=y, !FOO -> CONFIG_FOO=n."""
    if isinstance(expr, kconfiglib.Symbol):
        return expr.name if expr.is_constant else "CONFIG_%s=y" % expr.name
    if isinstance(expr, kconfiglib.Choice):
        return "the choice %s" % (expr.name or expr.nodes[0].prompt[0])
    op = expr[0]
    if op == kconfiglib.NOT:
        inner = expr[1]
        if isinstance(inner, kconfiglib.Symbol) and not inner.is_constant:
            return "CONFIG_%s=n" % inner.name
        return "not (%s)" % needs(inner)
    if op in (kconfiglib.AND, kconfiglib.OR):
        sep = " and " if op == kconfiglib.AND else " or "
        return "(%s%s%s)" % (needs(expr[1]), sep, needs(expr[2]))
    left, right = expr[1], expr[2]  # a comparison

    def operand(s):
        return s.name if s.is_constant else "CONFIG_" + s.name
    return "%s%s%s" % (operand(left), kconfiglib.REL_TO_STR[op], operand(right))


def false_terms(expr):
    return [t for t in kconfiglib.split_expr(expr, kconfiglib.AND) if kconfiglib.expr_value(t) == 0]


def unmet_terms(sym):
    """What the currently false `depends on` terms of sym need, as text. A
    choice member's own dependency on its choice is replaced by what the
    choice itself depends on: "needs CONFIG_SCHED=y", not "<choice ...>"."""
    out = [needs(t) for t in false_terms(sym.direct_dep)
           if not isinstance(t, kconfiglib.Choice)]
    choice = sym.choice
    if choice is not None and choice.visibility == 0:
        terms = false_terms(choice.direct_dep)
        for node in choice.nodes:
            if node.prompt:
                terms += false_terms(node.prompt[1])
        label = choice.name or choice.nodes[0].prompt[0]
        out += ["%s (for the choice %s)" % (needs(t), label) for t in terms]
    return list(dict.fromkeys(out))  # a prompt's condition repeats `depends on`


def active_range(sym, value):
    """(low, high) of the range in force, when value lies outside it."""
    if sym.orig_type not in (kconfiglib.INT, kconfiglib.HEX):
        return None
    for low, high, cond in sym.ranges:
        if kconfiglib.expr_value(cond):
            try:
                v, lo, hi = int(value, 0), int(low.str_value, 0), int(high.str_value, 0)
            except ValueError:
                return None
            return (low.str_value, high.str_value) if not lo <= v <= hi else None
    return None


def sym_location(sym):
    return ", ".join("%s:%d" % (os.path.relpath(n.filename, TOP) if os.path.isabs(n.filename)
                                else n.filename, n.linenr) for n in sym.nodes)


def shown(path):
    """A path as printed: from the top directory for the tree's own files."""
    path = os.path.abspath(path)
    return os.path.relpath(path, TOP) if path.startswith(TOP + os.sep) else os.path.relpath(path)


# Set through the environment (RK_APP, RK_APP_DIR) before Kconfig is read.
FRONT_END_SYMBOLS = ("APP", "APP_DIR")


def parse_assignment(text):
    if "=" not in text or not text.startswith("CONFIG_"):
        fail("bad assignment '%s' (expected CONFIG_NAME=value)" % text)
    name, value = text.split("=", 1)
    name = name[len("CONFIG_"):]
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return name, value


def merge(kconf, steps):
    """Load the steps in order: ("base", path, label) first, then ("file",
    path, label) and ("assign", ["CONFIG_X=v", ...], origin). Returns
    {symbol name: (requested value, origin)}."""
    requested = {}

    def record(name, value, origin):
        # Choosing a choice member in a later step overrides the member an
        # earlier step chose: that earlier request is no longer an error.
        sym = kconf.syms.get(name)
        if sym is not None and sym.choice is not None and value == "y":
            for other in sym.choice.syms:
                if other is not sym and requested.get(other.name, ("", ""))[0] == "y":
                    del requested[other.name]
        requested[name] = (value, origin)

    def load(path, replace, label):
        print("kconfig: %s %s" % (label, shown(path)))
        if not os.path.isfile(path):
            fail("%s: no such file" % path)
        kconf.load_config(path, replace=replace)
        check_warnings(kconf, path)
        for line in open(path):
            line = line.strip()
            if line.startswith("CONFIG_") and "=" in line:
                name, value = parse_assignment(line)
                record(name, value, path)
            elif line.startswith("# CONFIG_") and line.endswith(" is not set"):
                record(line[9:-11], "n", path)

    for kind, what, label in steps:
        if kind in ("base", "file"):
            load(what, kind == "base", label)
            continue
        for a in what:
            name, value = parse_assignment(a)
            print("kconfig: %s CONFIG_%s=%s" % (label, name, value))
            if name in FRONT_END_SYMBOLS:
                fail("%s: CONFIG_%s is set by the front end: choose the app with "
                     "make APP=<name or directory>" % (label, name))
            sym = kconf.syms.get(name)
            if (sym is None or not sym.nodes) and name.startswith("APP_") \
                    and name[4:].lower() in catalog.app_names():
                fail("%s: CONFIG_%s: the app is no longer a Kconfig choice; choose it with "
                     "make APP=%s (or a saved combination %s_<board>_defconfig)"
                     % (label, name, name[4:].lower(), name[4:].lower()))
            if sym is None or not sym.nodes:
                fail("%s: undefined symbol CONFIG_%s" % (label, name))
            if not sym.set_value(value):
                fail("%s: invalid value '%s' for CONFIG_%s (%s)"
                     % (label, value, name, kconfiglib.TYPE_TO_STR[sym.orig_type]))
            record(name, value, label)
    for name in FRONT_END_SYMBOLS:
        requested.pop(name, None)  # what the files say was used to pick the app
    return requested


def check_values(kconf, requested, strict):
    """Report every requested value that did not take effect."""
    errors = 0
    for name, (value, origin) in sorted(requested.items()):
        sym = kconf.syms.get(name)
        if sym is None or not sym.nodes:
            continue  # already reported by Kconfiglib as undefined
        got = sym.str_value
        if sym.orig_type in (kconfiglib.INT, kconfiglib.HEX) and value and got:
            try:
                if int(value, 0) == int(got, 0):
                    continue
            except ValueError:
                pass
        if got == value:
            continue
        msg = "%s: CONFIG_%s was set to '%s' but is '%s' (defined at %s)" % (
            origin, name, value, got or "n", sym_location(sym))
        unmet = unmet_terms(sym)
        rng = active_range(sym, value)
        if rng:
            msg += "\n    outside the allowed range [%s, %s]" % rng
        elif unmet:
            msg += "\n    unmet dependencies: needs " + ", ".join(unmet)
        elif sym.rev_dep is not kconf.n and kconfiglib.expr_value(sym.rev_dep):
            msg += "\n    forced by: " + kconfiglib.expr_str(sym.rev_dep)
        elif sym.choice is not None:
            msg += "\n    another member of the choice is selected"
        sys.stderr.write(("kconfig: error: " if strict else "kconfig: warning: ") + msg + "\n")
        errors += 1
    if errors and strict:
        fail("%d value(s) did not take effect" % errors)


def write_if_changed(path, text):
    try:
        with open(path) as f:
            if f.read() == text:
                return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)
    return True


def cmake_text(kconf):
    lines = ["# Generated by scripts/kconfig.py from .config; do not edit."]
    for sym in kconf.unique_defined_syms:
        if kconfiglib.expr_value(sym.direct_dep) == 0 or sym.type == kconfiglib.UNKNOWN:
            continue  # symbols whose dependencies are unmet do not exist
        val = sym.str_value
        if sym.orig_type in (kconfiglib.BOOL, kconfiglib.TRISTATE) and val == "n":
            continue
        escaped = val.replace("\\", "\\\\").replace('"', '\\"')
        lines.append('set(CONFIG_%s "%s")' % (sym.name, escaped))
    return "\n".join(lines) + "\n"


def write_outputs(kconf, outdir):
    config = os.path.join(outdir, ".config")
    os.makedirs(outdir, exist_ok=True)
    # .config is always written so menuconfig sees the merged result.
    kconf.write_config(config, save_old=False)
    print("kconfig: wrote %s" % os.path.relpath(config))
    header = os.path.join(outdir, "include", "generated", "autoconf.h")
    hdr_text = "/* Generated by scripts/kconfig.py; do not edit. */\n"
    tmp = header + ".new"
    os.makedirs(os.path.dirname(header), exist_ok=True)
    kconf.write_autoconf(tmp, header=hdr_text)
    text = open(tmp).read()
    os.remove(tmp)
    write_if_changed(header, text)
    write_if_changed(os.path.join(outdir, "config.cmake"), cmake_text(kconf))
    # Per-symbol files for incremental builds (scripts/fixdep.c).
    kconf.sync_deps(os.path.join(outdir, "include", "config"))


def check_help(kconf, label):
    """Every symbol and choice with a definition must carry help text."""
    missing = []
    for item in list(kconf.unique_defined_syms) + list(kconf.unique_choices):
        for node in item.nodes:
            if node.help is None or not node.help.strip():
                if any(n.help for n in item.nodes):
                    continue
                missing.append("%s (%s:%d)" % (item.name or "<choice>",
                                               os.path.relpath(node.filename, TOP)
                                               if os.path.isabs(node.filename) else node.filename,
                                               node.linenr))
                break
    if missing:
        for m in missing:
            sys.stderr.write("kconfig: error: no help text: %s\n" % m)
        fail("%d symbol(s) without help text" % len(missing))
    print("kconfig: all %d symbols and %d choices have help text (%s)"
          % (len(kconf.unique_defined_syms), len(kconf.unique_choices), label))


def use_app(app):
    """Make apps/Kconfig source this app's Kconfig: read before load_kconfig()."""
    os.environ["RK_APP"] = app.name
    os.environ["RK_APP_DIR"] = app.rel_dir()


def app_named_in(path):
    """The app a whole configuration (.config, a saved defconfig) names by
    CONFIG_APP_DIR, else CONFIG_APP; None when it names none."""
    values = dict(catalog.read_assignments(path))
    if values.get("APP_DIR"):
        d = values["APP_DIR"]
        return catalog.App(d if os.path.isabs(d) else os.path.join(TOP, d))
    if values.get("APP"):
        return catalog.app(values["APP"])
    old = [n for n, v in values.items() if v == "y" and n.startswith("APP_")
           and n[4:].lower() in catalog.app_names()]
    if old and os.path.basename(path) == ".config":
        fail("%s was written when the app was a Kconfig choice (CONFIG_%s=y): configure it "
             "again, with make BOARD=<board> APP=%s or make <name>_defconfig"
             % (path, old[0], old[0][4:].lower()))
    if old:
        fail("%s: CONFIG_%s=y is how an app was chosen before; write CONFIG_APP=\"%s\" instead "
             "(or make BOARD=<board> APP=%s)" % (path, old[0], old[0][4:].lower(), old[0][4:].lower()))
    return None


def config_values(kconf):
    return {s.name: s.str_value for s in kconf.unique_defined_syms}


class Selection:
    """What to merge, decided before Kconfig is read: the first steps (board
    or saved configuration, app fragment, test case lines), the app, the
    board asked for and the prefix of the build directory's name."""

    def __init__(self):
        self.steps, self.app, self.board, self.prefix = [], None, None, None

    def board_and_app(self, app, board, case=None):
        self.app, self.board = app, board
        self.prefix = case.name if case else app.name
        board_path = catalog.board(board).path  # an unknown board, before anything else
        note = app.support(board)  # refuses an unsupported board, with the reason
        if note:
            print("kconfig: " + note)
        self.steps.append(("base", board_path, "merging board"))
        if app.conf:
            self.steps.append(("file", app.conf, "merging app fragment"))
        if case and case.config:
            self.steps.append(("assign", case.config, "test case %s (%s)"
                               % (case.name, shown(case.where.rsplit(":", 1)[0]))))

    def whole(self, path, label, app_arg=None):
        self.app = catalog.app(app_arg) if app_arg else app_named_in(path)
        if self.app is None:
            fail("%s names no app: add CONFIG_APP=\"<name>\" (an app under apps/) or "
                 "CONFIG_APP_DIR=\"<directory>\"" % path)
        self.steps.append(("base", path, label))


def select(args, config):
    sel = Selection()
    if args.defconfig:
        sel.whole(args.defconfig, "merging", args.app)
    elif args.combination:
        found = catalog.combination(args.combination)
        if found[0] == "file":
            sel.whole(found[1], "merging saved configuration")
            sel.prefix, sel.board = catalog.split_board(args.combination)
        else:
            _, app, case, board = found
            sel.board_and_app(app, board, case)
    elif args.board or args.app:
        fallback = os.path.join(args.fallback, ".config") if args.fallback else None
        have = os.path.isfile(fallback) if fallback else False
        app = catalog.app(args.app) if args.app else (have and app_named_in(fallback)) or None
        if app is None:
            app = catalog.app("hello")
        board = args.board
        if not board:
            board = catalog.board_of_config(dict(catalog.read_assignments(fallback))) if have \
                else "qemu-virt-riscv64"
        for what, value, given in (("APP", app.name, args.app), ("BOARD", board, args.board)):
            if not given:
                print("kconfig: %s not given: %s (%s)" % (
                    what, value, "from %s" % os.path.relpath(fallback) if have else "the default"))
        sel.board_and_app(app, board)
    elif args.old:
        if not os.path.isfile(config):
            fail("%s does not exist; run 'make <name>_defconfig' or 'make BOARD=<board> "
                 "APP=<app>' first" % config)
        sel.whole(config, "using existing")
    else:
        fail("give --board/--app, --combination NAME, --defconfig FILE or --old")
    return sel


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--board", help="a board of configs/boards/")
    ap.add_argument("--app", help="an app: a name under apps/ or a directory")
    ap.add_argument("--combination", metavar="NAME",
                    help="a saved combination: <case>_<board>, or configs/NAME_defconfig")
    ap.add_argument("--fallback", metavar="DIR",
                    help="build directory whose .config gives the board or app not given")
    ap.add_argument("--defconfig", help="start from this whole configuration")
    ap.add_argument("--old", action="store_true", help="start from OUTDIR/.config (olddefconfig)")
    ap.add_argument("-f", "--fragment", action="append", default=[], help="merge this fragment")
    ap.add_argument("--savedefconfig", metavar="FILE", help="write a minimal defconfig of OUTDIR/.config")
    ap.add_argument("--ui", choices=["menuconfig", "guiconfig"], help="edit OUTDIR/.config")
    ap.add_argument("--check-help", action="store_true",
                    help="fail if any symbol lacks help text (the tree with each app under apps/, "
                         "and the one --app names)")
    ap.add_argument("-o", "--outdir", help="build directory")
    ap.add_argument("--build-root", metavar="DIR",
                    help="write to DIR/<app or case>_<board>, named after the final configuration")
    ap.add_argument("--record", metavar="FILE", help="write the build directory's name there")
    ap.add_argument("assignments", nargs="*", help="CONFIG_X=value")
    args = ap.parse_args()

    try:
        if args.check_help:
            for a in catalog.apps() + ([catalog.app(args.app)] if args.app else []):
                use_app(a)
                check_help(load_kconfig(), "app " + a.name)
            return
        if not args.outdir and not args.build_root:
            fail("--outdir is required")
        config = os.path.join(args.outdir, ".config") if args.outdir else None
        if args.savedefconfig or args.ui:
            sel = Selection()
            sel.whole(config, "")
            use_app(sel.app)
            kconf = load_kconfig()
            if args.ui:
                os.environ["KCONFIG_CONFIG"] = config
                __import__(args.ui).menuconfig(kconf)
                return
            kconf.load_config(config)
            check_warnings(kconf, config)
            print("kconfig: " + kconf.write_min_config(args.savedefconfig))
            with open(args.savedefconfig, "a") as f:  # the app, which Kconfig does not write
                f.write('CONFIG_APP="%s"\nCONFIG_APP_DIR="%s"\n' % (sel.app.name, sel.app.rel_dir()))
            return
        sel = select(args, config)
        use_app(sel.app)
        kconf = load_kconfig()
        steps = sel.steps + [("file", f, "merging fragment") for f in args.fragment]
        steps.append(("assign", args.assignments, "command line"))
        requested = merge(kconf, steps)
    except catalog.CatalogError as e:
        fail(str(e))
    # A full .config lists every symbol, including derived ones, so only the
    # explicit steps (defconfig, fragments, command line) are held to account.
    if args.old:
        requested = {k: v for k, v in requested.items() if v[1] != config}
    check_values(kconf, requested, strict=True)
    board = catalog.board_of_config(config_values(kconf), sel.board)
    if sel.board and board != sel.board:
        print("kconfig: the final configuration is board %s, not %s as asked: the build "
              "directory is named after it" % (board, sel.board))
        try:
            note = sel.app.support(board)
        except catalog.CatalogError as e:
            fail(str(e))
        if note:
            print("kconfig: " + note)
    outdir = args.outdir or os.path.join(args.build_root, "%s_%s" % (sel.prefix or sel.app.name, board))
    write_outputs(kconf, outdir)
    print("kconfig: app %s (%s) on board %s in %s" % (sel.app.name, sel.app.rel_dir(), board,
                                                     os.path.relpath(outdir)))
    if args.record:
        with open(args.record, "w") as f:
            f.write(os.path.basename(os.path.normpath(outdir)) + "\n")


if __name__ == "__main__":
    main()
