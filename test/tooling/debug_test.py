#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""`make debug` driven by a script (GDB_BATCH=, gdb -batch): QEMU starts
halted, gdb must stop at the kernel's entry symbol through whatever
firmware the boot flow runs, read registers and a backtrace there, run on
to the app's main() with a backtrace down into the kernel, and kill QEMU.
The guest's console must go to its own channel, never into gdb's output:
console.log, and `make console` attached while gdb waits at the entry.

  debug_test.py TOP BUILD CONFIG FLOW            hello images
  debug_test.py TOP BUILD CONFIG direct --helpers  rk-fibers and rk-ring
                                                 (scripts/gdb/rumpk.py) on
                                                 a ktest image
"""
import os
import re
import subprocess
import sys
import time

top, build, config, flow = sys.argv[1:5]
helpers = "--helpers" in sys.argv[5:]
build_dir = os.path.join(build, config)
script = os.path.join(build_dir, "debug-test-%s.gdb" % flow)

ENTRY = r'printf "RK_ENTRY pc=%#lx entry=%#lx\n", (unsigned long)$pc, (unsigned long)&_start'
if helpers:
    # The first publish on a ring: the ktest ring tests, with consumers.
    later = ["thbreak rk_ring_publish", "continue", "info symbol $pc", "rk-ring r", "rk-fibers"]
else:
    later = ["thbreak main", "continue", "info symbol $pc", "bt"]
# gdb waits at the entry until `make console` is attached (at most 60 s).
attached = os.path.join(build_dir, "debug-test-%s.attached" % flow)
if os.path.exists(attached):
    os.unlink(attached)
wait = "shell i=0; while [ ! -e %s ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done" % attached
with open(script, "w") as f:
    f.write("\n".join([ENTRY, "info registers pc", "bt", wait] + later + ["kill"]) + "\n")

make = ["make", "-s", "-C", top, "BUILD=" + build, "CONFIG=" + config, "RUMPK_NO_INSTALL=1"]
cmd = make + ["debug", "BOOT=" + flow, "GDB_BATCH=" + script]
print("$ " + " ".join(cmd), flush=True)
debug = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
sock = os.path.join(build_dir, "console.sock")
deadline = time.monotonic() + 120
while not os.path.exists(sock) and debug.poll() is None and time.monotonic() < deadline:
    time.sleep(0.05)
con = subprocess.Popen(make + ["console"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
greeting = con.stdout.readline()
open(attached, "w").close()
try:
    out = debug.communicate(timeout=150)[0]
    con_out = greeting + con.communicate(timeout=30)[0]
except subprocess.TimeoutExpired:
    debug.kill()
    con.kill()
    sys.exit("FAIL: make debug or make console did not finish:\n%s" % (debug.communicate()[0]))
print(out)
print("--- make console ---\n" + con_out)
console = open(os.path.join(build_dir, "console.log"), errors="replace").read()
print("--- console.log ---\n" + console)

fails = []


def check(cond, what):
    if not cond:
        fails.append(what)


check(debug.returncode == 0, "make debug exited %d" % debug.returncode)
check(greeting.startswith("rk-qemu: console of "), "make console did not attach: %s" % greeting)
check(con.returncode == 0 and "console closed" in con_out,
      "make console did not end with QEMU (status %s)" % con.returncode)
m = re.search(r"RK_ENTRY pc=(0x[0-9a-f]+) entry=(0x[0-9a-f]+)", out)
check(m and m.group(1) == m.group(2), "gdb did not stop with pc == _start (%s)"
      % (m.group(0) if m else "no RK_ENTRY line"))
check(re.search(r"^pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <_start>", out, re.M),
      "info registers pc did not show _start")
check(re.search(r"^#0\s.*_start \(\)", out, re.M), "no backtrace at _start")
check(re.search(r"^\[Inferior \d+ \(process \d+\) killed\]", out, re.M), "gdb did not kill QEMU")
if helpers:
    check(re.search(r"^rk_ring_publish(\s\+\s\d+)? in section", out, re.M),
          "did not stop in rk_ring_publish")
    check(re.search(r"^ring r: \d+ slots of \d+ bytes, (single|multi) producer", out, re.M),
          "rk-ring printed no ring")
    check(re.search(r"^  consumer 0: released up to \d+", out, re.M), "rk-ring showed no consumer")
    check(re.search(r"^\*?\s+0 idle\s+RK_\w+", out, re.M), "rk-fibers did not list the idle fiber")
    check(re.search(r"^\d+ fiber\(s\)", out, re.M), "rk-fibers printed no count")
else:
    check(re.search(r"^main(\s\+\s\d+)? in section", out, re.M), "did not stop in main()")
    check(re.search(r"^#0\s.*\bmain \(", out, re.M) and
          re.search(r"^#\d+\s.*\brk_kernel_main \(", out, re.M),
          "backtrace from main() does not reach rk_kernel_main")
    # The banner is printed before main(): on the console, not in gdb's output.
    check(re.search(r"^Rumpk .* app 'hello'", console, re.M), "console.log lacks the banner")
    check(re.search(r"^Rumpk .* app 'hello'", con_out, re.M), "make console lacks the banner")
    check(not re.search(r"Rumpk .* app 'hello'", out), "guest output leaked into gdb's terminal")
if fails:
    sys.exit("FAIL %s %s: %s" % (config, flow, "; ".join(fails)))
print("PASS debug %s %s" % (config, flow))
