#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""expect_fail.py REGEX -- CMD...: pass when CMD exits non-zero and its
combined output matches REGEX (multi-line). Used to prove that bad input
is refused with a message that names the culprit."""
import re
import subprocess
import sys

sep = sys.argv.index("--")
pattern, cmd = sys.argv[1], sys.argv[sep + 1:]
p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
print(p.stdout)
if p.returncode == 0:
    sys.exit("expect_fail: command succeeded but should have failed")
if not re.search(pattern, p.stdout, re.M):
    sys.exit("expect_fail: output does not match /%s/" % pattern)
print("expect_fail: failed as expected (exit %d) with the expected message" % p.returncode)
