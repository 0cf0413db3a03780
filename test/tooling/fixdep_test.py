#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""scripts/fixdep.c on its own, built and run with the host compiler: the
depfile it leaves behind names the per-symbol files of the options the
source and its headers use (not those only named in comments), no longer
names autoconf.h, keeps every header (escaped names included), and creates
missing symbol files dated 1970 without touching existing ones. A failing
compile passes its status on.

  fixdep_test.py TOP OUTDIR
"""
import os
import shutil
import subprocess
import sys

top, out = sys.argv[1], os.path.abspath(sys.argv[2])
fails = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)


def parse_depfile(text):
    """(target, deps) of a make-syntax depfile, unescaped."""
    text = text.replace("\\\n", " ")
    words, cur, i = [], "", 0
    while i < len(text):
        c = text[i]
        if c == "\\" and text[i + 1:i + 2] in (" ", "#", "\\"):
            cur, i = cur + text[i + 1], i + 2
        elif text[i:i + 2] == "$$":
            cur, i = cur + "$", i + 2
        elif c.isspace():
            if cur:
                words.append(cur)
            cur, i = "", i + 1
        else:
            cur, i = cur + c, i + 1
    if cur:
        words.append(cur)
    return words[0].rstrip(":"), words[1:]


shutil.rmtree(out, ignore_errors=True)
os.makedirs(os.path.join(out, "include", "generated"))
fixdep = os.path.join(out, "fixdep")
subprocess.run(["cc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", fixdep,
                os.path.join(top, "scripts", "fixdep.c")], check=True)
cfg = os.path.join(out, "include", "config")
auto = os.path.join(out, "include", "generated", "autoconf.h")
with open(auto, "w") as f:
    f.write("".join("#define CONFIG_%s 1\n" % s for s in
                    ("USED", "AFTER_URL", "AFTER_QUOTE", "IN_BLOCK", "IN_LINE", "SIZE",
                     "FOO_BAR", "UNUSED")) + "#define MY_CONFIG_NOT 1\n")
with open(os.path.join(out, "with space.h"), "w") as f:
    f.write("/* CONFIG_COMMENT_ONLY */\n#define HDR_SIZE CONFIG_SIZE\n")
with open(os.path.join(out, "dollar$.h"), "w") as f:
    f.write("// CONFIG_LINE_COMMENT_ONLY\n#define DOLLAR 1\n")
with open(os.path.join(out, "t.c"), "w") as f:
    f.write('#include "with space.h"\n#include "dollar$.h"\n'
            "/* CONFIG_IN_BLOCK */ int a = CONFIG_USED; // CONFIG_IN_LINE\n"
            'const char *u = "http://x/*"; int b = CONFIG_AFTER_URL; char c = \'"\';\n'
            "int d = CONFIG_AFTER_QUOTE; /* multi\n CONFIG_IN_MULTI\n */ int e = MY_CONFIG_NOT;\n"
            "int x = HDR_SIZE + DOLLAR;\n#ifdef CONFIG_FOO_BAR\nint y;\n#endif\n"
            "#ifdef CONFIG_NEVER_SET\nint z;\n#endif\n")
os.makedirs(cfg)
existing = os.path.join(cfg, "size.h")
open(existing, "w").close()
os.utime(existing, (1000, 1000))
dep = os.path.join(out, "t.o.d")
r = subprocess.run([fixdep, cfg, auto, "--", "cc", "-imacros", auto, "-MD", "-MT", "t.o",
                    "-MF", dep, "-c", "t.c", "-o", "t.o"], cwd=out)
check(r.returncode == 0, "the wrapped compile succeeds")
text = open(dep).read()
print(text)
target, deps = parse_depfile(text)
check(target == "t.o", "target kept")
check(not any(d.endswith("autoconf.h") for d in deps), "autoconf.h is no longer a dependency")
check({"t.c", "with space.h", "dollar$.h"} <= {os.path.basename(d) for d in deps},
      "source and headers kept, escaped names intact")
got = sorted(os.path.relpath(d, cfg) for d in deps if d.startswith(cfg))
want = ["after/quote.h", "after/url.h", "foo/bar.h", "never/set.h", "size.h", "used.h"]
check(got == want, "one file per option read, through headers too, none for words in "
      "comments or for MY_CONFIG_NOT: %s" % got)
check(os.stat(os.path.join(cfg, "never", "set.h")).st_mtime == 1,
      "a missing symbol file is created dated 1970")
check(os.stat(existing).st_mtime == 1000, "an existing symbol file is left alone")

# A failing compile: its status, and no rewriting of a depfile it never wrote.
with open(os.path.join(out, "bad.c"), "w") as f:
    f.write("int x = ;\n")
r = subprocess.run([fixdep, cfg, auto, "--", "cc", "-MD", "-MF", "bad.o.d", "-c", "bad.c",
                    "-o", "bad.o"], cwd=out, stderr=subprocess.DEVNULL)
check(r.returncode == 1, "a failing compile's status is passed on (%d)" % r.returncode)
r = subprocess.run([fixdep, cfg, auto, "--", "no-such-compiler"], stderr=subprocess.PIPE,
                   text=True)
check(r.returncode == 127 and "no-such-compiler" in r.stderr, "a missing compiler is named")
# NAME=VALUE words before the compiler: in its environment, as env(1) does.
r = subprocess.run([fixdep, cfg, auto, "--", "RK_FIXDEP_A=1", "_B=x=y", "sh", "-c",
                    'test "$RK_FIXDEP_A,$_B" = "1,x=y"'])
check(r.returncode == 0, "NAME=VALUE words before the compiler reach its environment")
if fails:
    sys.exit("fixdep: %d check(s) failed" % len(fails))
print("fixdep: OK")
