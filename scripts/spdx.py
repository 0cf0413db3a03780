#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Every source file of Rumpk carries an SPDX license line in its first
lines (CONTRIBUTING.md). Without arguments: list the files that lack it and
exit 1 if any does. --fix: add the line to each of them (after a #! line).

  scripts/spdx.py [--fix] [TOP]   (tooling:spdx runs the check)
"""
import os
import sys

LICENSE = "BSD-2-Clause"
TAG = "SPDX-License-Identifier:"
C_STYLE = (".c", ".h", ".S", ".ld")
HASH_STYLE = (".py", ".cmake", ".sh")
HASH_NAMES = ("CMakeLists.txt", "Makefile", "Kconfig", "rumpk-sign", "run")
SKIP_DIRS = {".git", "build"}


def style(path):
    name = os.path.basename(path)
    if name.endswith(C_STYLE):
        return "c"
    if name.endswith(HASH_STYLE) or name in HASH_NAMES or name.startswith("Kconfig"):
        return "hash"
    return None


def sources(top):
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("build"))
        for f in sorted(files):
            path = os.path.join(root, f)
            if style(path) and not os.path.islink(path):
                yield path


def has_tag(path):
    with open(path, errors="replace") as f:
        head = [f.readline() for _ in range(3)]
    return any(TAG in line for line in head)


def add_tag(path):
    text = open(path).read()
    line = ("/* %s %s */\n" if style(path) == "c" else "# %s %s\n") % (TAG, LICENSE)
    if text.startswith("#!"):
        first, _, rest = text.partition("\n")
        text = first + "\n" + line + rest
    else:
        text = line + text
    open(path, "w").write(text)


def main():
    args = [a for a in sys.argv[1:] if a != "--fix"]
    top = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    missing = [p for p in sources(top) if not has_tag(p)]
    if "--fix" in sys.argv:
        for p in missing:
            add_tag(p)
        print("spdx: added the license line to %d file(s)" % len(missing))
        return 0
    for p in missing:
        print("spdx: %s has no '%s' line in its first 3 lines" % (os.path.relpath(p, top), TAG))
    print("spdx: %d file(s) without a license line" % len(missing))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
