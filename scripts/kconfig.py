#!/usr/bin/python3
"""Rumpk configuration front end (Kconfiglib).

Merges, in this fixed order, each step printed:
  1. configs/<name>_defconfig      (or the existing .config with --old)
  2. fragments given with -f        (in command-line order)
  3. CONFIG_X=value assignments     (in command-line order)
and writes, into the output directory:
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


def parse_assignment(text):
    if "=" not in text or not text.startswith("CONFIG_"):
        fail("bad assignment '%s' (expected CONFIG_NAME=value)" % text)
    name, value = text.split("=", 1)
    name = name[len("CONFIG_"):]
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return name, value


def merge(kconf, base, fragments, assignments, base_is_old):
    """Load everything in order; return {symbol name: (requested value, origin)}."""
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
        print("kconfig: %s %s" % (label, os.path.relpath(path)))
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

    load(base, True, "using existing" if base_is_old else "merging")
    for frag in fragments:
        load(frag, False, "merging fragment")
    for a in assignments:
        name, value = parse_assignment(a)
        print("kconfig: command line CONFIG_%s=%s" % (name, value))
        sym = kconf.syms.get(name)
        if sym is None or not sym.nodes:
            fail("command line: undefined symbol CONFIG_%s" % name)
        if not sym.set_value(value):
            fail("command line: invalid value '%s' for CONFIG_%s (%s)"
                 % (value, name, kconfiglib.TYPE_TO_STR[sym.orig_type]))
        record(name, value, "command line")
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


def check_help(kconf):
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
    print("kconfig: all %d symbols and %d choices have help text"
          % (len(kconf.unique_defined_syms), len(kconf.unique_choices)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--defconfig", help="start from this defconfig")
    ap.add_argument("--old", action="store_true", help="start from OUTDIR/.config (olddefconfig)")
    ap.add_argument("-f", "--fragment", action="append", default=[], help="merge this fragment")
    ap.add_argument("--savedefconfig", metavar="FILE", help="write a minimal defconfig of OUTDIR/.config")
    ap.add_argument("--check-help", action="store_true", help="fail if any symbol lacks help text")
    ap.add_argument("-o", "--outdir", help="build directory")
    ap.add_argument("assignments", nargs="*", help="CONFIG_X=value")
    args = ap.parse_args()

    kconf = load_kconfig()
    if args.check_help:
        check_help(kconf)
        return
    if not args.outdir:
        fail("--outdir is required")
    config = os.path.join(args.outdir, ".config")
    if args.savedefconfig:
        kconf.load_config(config)
        check_warnings(kconf, config)
        print("kconfig: " + kconf.write_min_config(args.savedefconfig))
        return
    if args.old:
        if not os.path.isfile(config):
            fail("%s does not exist; run 'make <name>_defconfig' first" % config)
        base = config
    elif args.defconfig:
        base = args.defconfig
    else:
        fail("give --defconfig FILE or --old")
    requested = merge(kconf, base, args.fragment, args.assignments, args.old)
    # A full .config lists every symbol, including derived ones, so only the
    # explicit steps (defconfig, fragments, command line) are held to account.
    if args.old:
        requested = {k: v for k, v in requested.items() if v[1] != config}
    check_values(kconf, requested, strict=True)
    write_outputs(kconf, args.outdir)


if __name__ == "__main__":
    main()
