#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boards and apps: what there is, and how the names the front end takes
resolve. Used by scripts/kconfig.py (make BOARD= APP=, <name>_defconfig),
scripts/rk-qemu.py (an app's run and test description) and
test/CMakeLists.txt (the boot matrix).

  boards   configs/boards/<board>_defconfig: the Kconfig lines of a board
           (architecture, platform), first line '# description: TEXT'
  apps     apps/<app>/, or any directory given as APP=<path>: main.c,
           CMakeLists.txt, and optionally Kconfig (its options), app.conf
           (Kconfig fragment merged after the board's defconfig) and
           app.desc (description, boards, run and test description;
           scripts/appdesc.py)
  saved combinations
           <case>_<board>: a test case of an app (its [test NAME] section,
           or the app's own name) on a board; configs/<name>_defconfig
           files hold combinations saved by hand (make savedefconfig)

Command line:
  catalog.py list-boards | list-apps | list-combinations
  catalog.py matrix [--app DIR ...]   every (case, board) `make test` boots:
                                      "name arch case make-arguments..."
"""
import argparse
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "scripts"))
import appdesc  # noqa: E402

BOARDS_DIR = os.path.join(TOP, "configs", "boards")
APPS_DIR = os.path.join(TOP, "apps")
CONFIGS_DIR = os.path.join(TOP, "configs")
APP_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class CatalogError(Exception):
    pass


def read_assignments(path):
    """A defconfig or fragment as [(name without CONFIG_, value)], in order;
    '# CONFIG_X is not set' counts as X=n."""
    out = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            m = re.match(r"^CONFIG_(\w+)=(.*)$", line)
            if m:
                val = m.group(2)
                if len(val) >= 2 and val[0] == val[-1] == '"':
                    val = val[1:-1]
                out.append((m.group(1), val))
            m = re.match(r"^# CONFIG_(\w+) is not set$", line)
            if m:
                out.append((m.group(1), "n"))
    return out


class Board:
    def __init__(self, name):
        self.name = name
        self.path = os.path.join(BOARDS_DIR, name + "_defconfig")
        self.assignments = read_assignments(self.path)
        self.description = ""
        with open(self.path) as f:
            m = re.match(r"^# description: (.*)$", f.readline().strip())
            if m:
                self.description = m.group(1)
        arches = [n[len("ARCH_"):].lower() for n, v in self.assignments
                  if n.startswith("ARCH_") and v == "y"]
        self.arch = arches[-1] if arches else None

    def matches(self, config):
        """Whether a final configuration ({name: value}) is this board's."""
        return all(config.get(n, "n") == v for n, v in self.assignments)


def board_names():
    if not os.path.isdir(BOARDS_DIR):
        return []
    return sorted(f[:-len("_defconfig")] for f in os.listdir(BOARDS_DIR) if f.endswith("_defconfig"))


def boards():
    return [Board(n) for n in board_names()]


def board(name):
    if name not in board_names():
        raise CatalogError("unknown board '%s'; the boards are: %s ('make list-boards' describes "
                           "them)" % (name, ", ".join(board_names())))
    return Board(name)


def board_of_config(config, prefer=None):
    """The board a final configuration is: the preferred one when it still
    matches, else the first that does, else the platform's name."""
    if prefer and prefer in board_names() and Board(prefer).matches(config):
        return prefer
    for b in boards():
        if b.matches(config):
            return b.name
    return config.get("PLATFORM") or "unknown-board"


class App:
    def __init__(self, directory):
        self.dir = os.path.abspath(directory)
        self.name = os.path.basename(self.dir.rstrip("/"))
        self.in_tree = os.path.dirname(self.dir) == APPS_DIR
        if not APP_NAME.match(self.name):
            raise CatalogError("app directory %s: its name '%s' must be lower-case letters, digits, "
                               "'-' and '_' (it names the build directory and CONFIG_APP)"
                               % (self.dir, self.name))
        missing = [f for f in ("CMakeLists.txt",) if not os.path.isfile(os.path.join(self.dir, f))]
        if missing:
            raise CatalogError("%s is not an app directory: it has no %s (docs/app-guide.md)"
                               % (self.dir, ", ".join(missing)))
        self.conf = self._file("app.conf")
        self.kconfig = self._file("Kconfig")
        path = self._file("app.desc")
        try:
            self.desc = appdesc.parse_app_desc(path, self.name) if path else None
        except appdesc.DescError as e:
            raise CatalogError(str(e))

    def _file(self, name):
        path = os.path.join(self.dir, name)
        return path if os.path.isfile(path) else None

    @property
    def description(self):
        return self.desc.description if self.desc else ""

    def rel_dir(self):
        """The directory as CONFIG_APP_DIR holds it: relative to the top
        directory inside the tree (so that a saved .config moves with it),
        absolute outside."""
        if self.dir == TOP or self.dir.startswith(TOP + os.sep):
            return os.path.relpath(self.dir, TOP)
        return self.dir

    def tested_boards(self):
        """The boards the app declares (every board for `boards: all`)."""
        if not self.desc or not self.desc.boards:
            return []
        if self.desc.boards == ["all"]:
            return [b for b in board_names() if b not in self.desc.unsupported]
        return list(self.desc.boards)

    def cases(self):
        if self.desc:
            return list(self.desc.cases.values())
        return [appdesc.Case(self.name, "")]

    def support(self, board_name):
        """None when the app runs on the board, a note when it does not say,
        and CatalogError when it declares that it does not."""
        reason = self.desc.unsupported.get(board_name) if self.desc else None
        if reason:
            raise CatalogError("app '%s' does not support board '%s': %s%s" % (
                self.name, board_name, reason,
                "; it runs on: " + ", ".join(self.tested_boards()) if self.tested_boards() else ""))
        if self.desc and self.desc.boards and board_name not in self.tested_boards():
            return ("note: app '%s' does not list board '%s' among its boards (%s); building "
                    "it anyway" % (self.name, board_name, ", ".join(self.tested_boards())))
        return None

    def check(self):
        """Consistency of the description with the boards there are."""
        known = board_names()
        for b in (self.desc.boards or []) + list(self.desc.unsupported) if self.desc else []:
            if b != "all" and b not in known:
                raise CatalogError("%s: unknown board '%s' (boards: %s)" % (self.desc.path, b, ", ".join(known)))
        for case in self.cases():
            for b in case.boards or []:
                if b not in self.tested_boards():
                    raise CatalogError("%s: test case %s: board '%s' is not among the app's boards"
                                       % (case.where, case.name, b))


def app_names():
    return sorted(d for d in os.listdir(APPS_DIR)
                  if os.path.isfile(os.path.join(APPS_DIR, d, "CMakeLists.txt")))


def apps():
    return [App(os.path.join(APPS_DIR, n)) for n in app_names()]


def app(name_or_path):
    """APP= as given: a name under apps/, or a path (it has a '/' or is '.')
    to an app directory anywhere."""
    if "/" in name_or_path or name_or_path in (".", ".."):
        if not os.path.isdir(name_or_path):
            raise CatalogError("APP=%s: no such directory" % name_or_path)
        return App(name_or_path)
    if name_or_path not in app_names():
        raise CatalogError("unknown app '%s'; the apps are: %s ('make list-apps' describes them; "
                           "an app outside apps/ is given by its path, APP=path/to/app)"
                           % (name_or_path, ", ".join(app_names())))
    return App(os.path.join(APPS_DIR, name_or_path))


def split_board(name):
    """'<prefix>_<board>' -> (prefix, board) for the longest known board
    suffix, or (name, None)."""
    for b in sorted(board_names(), key=len, reverse=True):
        if name.endswith("_" + b) and len(name) > len(b) + 1:
            return name[:-len(b) - 1], b
    return name, None


def cases_by_name():
    """Test case name -> (app, case), over the apps under apps/; a case name
    used by two apps is an error (it would name two combinations)."""
    out = {}
    for a in apps():
        for c in a.cases():
            if c.name in out:
                raise CatalogError("test case '%s' is declared by apps %s and %s"
                                   % (c.name, out[c.name][0].name, a.name))
            out[c.name] = (a, c)
    return out


def saved_file(name):
    path = os.path.join(CONFIGS_DIR, name + "_defconfig")
    return path if os.path.isfile(path) else None


def combination(name):
    """<name>_defconfig: ('file', path) for configs/<name>_defconfig, or
    ('case', app, case, board) for <case>_<board>."""
    prefix, board_name = split_board(name)
    found = None
    if board_name:
        cases = cases_by_name()
        if prefix in cases:
            a, c = cases[prefix]
            found = ("case", a, c, board_name)
        elif prefix in app_names():
            a = app(prefix)
            found = ("case", a, appdesc.Case(prefix, ""), board_name)
    path = saved_file(name)
    if path and found:
        raise CatalogError("%s_defconfig is both configs/%s_defconfig and app %s's test case %s on %s: "
                           "rename the file" % (name, name, found[1].name, found[2].name, board_name))
    if path:
        return ("file", path)
    if found:
        return found
    raise CatalogError("no configuration named '%s': it is neither configs/%s_defconfig nor "
                       "<app or test case>_<board> ('make list-defconfigs' lists them; or "
                       "'make BOARD=<board> APP=<app>')" % (name, name))


def combination_names():
    names = []
    for a in apps():
        for c in a.cases():
            names += ["%s_%s" % (c.name, b) for b in (c.boards or a.tested_boards())]
    names += [f[:-len("_defconfig")] for f in os.listdir(CONFIGS_DIR) if f.endswith("_defconfig")]
    return sorted(names)


def matrix(extra_dirs=()):
    """(name, arch, case, make arguments) of every image `make test` builds
    and boots: each test case of each app on each of its boards."""
    rows = []
    for a in apps() + [App(d) for d in extra_dirs]:
        a.check()
        for c in a.cases():
            for b in c.boards or a.tested_boards():
                name = "%s_%s" % (c.name, b)
                args = ([name + "_defconfig"] if a.in_tree
                        else ["APP=" + a.dir, "BOARD=" + b])
                if not a.in_tree and c.config:
                    raise CatalogError("%s: test case %s: config lines need the app under apps/ "
                                       "(a saved combination)" % (c.where, c.name))
                rows.append((name, Board(b).arch, c.name, args))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["list-boards", "list-apps", "list-combinations", "matrix"])
    ap.add_argument("--app", action="append", default=[], help="(matrix) an app directory outside apps/")
    args = ap.parse_args()
    try:
        if args.what == "list-boards":
            for b in boards():
                print("  %-22s %s" % (b.name, b.description))
        elif args.what == "list-apps":
            for a in apps():
                print("  %-12s %s" % (a.name, a.description))
            print("  (or APP=<path> for an app directory anywhere: docs/app-guide.md)")
        elif args.what == "list-combinations":
            for n in combination_names():
                print(n + "_defconfig")
        else:
            for name, arch, case, margs in matrix(args.app):
                print(" ".join([name, arch, case] + margs))
    except CatalogError as e:
        sys.exit("catalog: error: %s" % e)


if __name__ == "__main__":
    main()
