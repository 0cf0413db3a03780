#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""The merge order is board defconfig -> app fragment (app.conf) -> test
case config lines -> fragments (in order) -> command line, each later step
winning, and every step is printed in that order."""
import os
import subprocess
import sys

top, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
frag1 = os.path.join(out, "one.conf")
frag2 = os.path.join(out, "two.conf")
open(frag1, "w").write("CONFIG_KERNEL_STACK_SIZE=8192\nCONFIG_PRINTK_BUFFER_SIZE=512\n")
open(frag2, "w").write("CONFIG_KERNEL_STACK_SIZE=32768\n")
p = subprocess.run(["/usr/bin/python3", os.path.join(top, "scripts/kconfig.py"),
                    "--combination", "ktest_coop_qemu-virt-riscv64",
                    "-f", frag1, "-f", frag2, "-o", out, "CONFIG_PRINTK_BUFFER_SIZE=1024"],
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
print(p.stdout)
assert p.returncode == 0, "kconfig.py failed"
steps = [l for l in p.stdout.splitlines()
         if "merging" in l or "command line" in l or "test case" in l]
assert "board configs/boards/qemu-virt-riscv64_defconfig" in steps[0], steps
assert "app fragment apps/ktest/app.conf" in steps[1], steps
assert "test case ktest_coop (apps/ktest/app.desc) CONFIG_SCHED_COOP=y" in steps[2], steps
assert steps[3].endswith("one.conf") and steps[4].endswith("two.conf"), steps
assert "CONFIG_PRINTK_BUFFER_SIZE=1024" in steps[5], steps
hdr = open(os.path.join(out, "include/generated/autoconf.h")).read()
assert "#define CONFIG_KERNEL_STACK_SIZE 32768" in hdr, "fragment two must win"
assert "#define CONFIG_PRINTK_BUFFER_SIZE 1024" in hdr, "command line must win"
cm = open(os.path.join(out, "config.cmake")).read()
assert 'set(CONFIG_KERNEL_STACK_SIZE "32768")' in cm
assert "CONFIG_X86_DEBUG_EXIT_PORT" not in cm, "symbols of other arches must not exist"
# Unchanged inputs leave autoconf.h untouched, so ninja rebuilds nothing.
before = os.stat(os.path.join(out, "include/generated/autoconf.h")).st_mtime_ns
subprocess.run(["/usr/bin/python3", os.path.join(top, "scripts/kconfig.py"), "--old", "-o", out],
               check=True, stdout=subprocess.DEVNULL)
assert os.stat(os.path.join(out, "include/generated/autoconf.h")).st_mtime_ns == before
print("merge order: OK")
