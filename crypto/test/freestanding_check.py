#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Cross-compile the crypto component as the image does, for one
architecture and compiler, and check what the objects need:

  freestanding_check.py --arch A --cc gcc|clang --sodium DIR --generated DIR --work DIR

* libsodium's files are compiled WITHOUT -w but with implicit function
  declarations as errors: a call to a function no header declares (the
  image build's -w would hide it) fails here.
* Every header read must come from the tree (include/, include/libc,
  crypto/include-shim), libsodium, or the compiler's own directory: a host
  header leaking in fails the check even if it happened to compile.
* The symbols the objects leave undefined must be ones the kernel provides
  (ALLOWED). Anything else (a libgcc/compiler-rt helper such as __multi3, or
  a libc function like abort, memset_s, explicit_bzero) fails the check.
Checked at -Os, the image default (--opt O2 for the speed option): the
128-bit multiplies of the field arithmetic are widening 64x64 products at
every level, so a second level mostly doubles the time of `make test`.
"""
import argparse
import os
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CRYPTO = os.path.join(TOP, "crypto")

# Mirrors arch/<a>/arch.cmake.
CPU_FLAGS = {
    ("gcc", "riscv64"): ["riscv64-linux-gnu-gcc", "-march=rv64imac_zicsr_zifencei", "-mabi=lp64",
                         "-mcmodel=medany"],
    ("gcc", "aarch64"): ["aarch64-linux-gnu-gcc", "-march=armv8-a", "-mgeneral-regs-only",
                         "-mstrict-align", "-mno-outline-atomics"],
    ("gcc", "x86_64"): ["x86_64-linux-gnu-gcc", "-mgeneral-regs-only", "-mno-red-zone",
                        "-mcmodel=small"],
    ("clang", "riscv64"): ["clang", "--target=riscv64-unknown-elf", "-march=rv64imac", "-mabi=lp64",
                           "-mcmodel=medany", "-mno-relax"],
    ("clang", "aarch64"): ["clang", "--target=aarch64-unknown-elf", "-march=armv8-a",
                           "-mgeneral-regs-only", "-mstrict-align"],
    ("clang", "x86_64"): ["clang", "--target=x86_64-unknown-elf", "-mgeneral-regs-only",
                          "-mno-red-zone", "-mcmodel=small"],
}
COMMON = ["-ffreestanding", "-fno-common", "-fno-stack-protector", "-fno-pic", "-fno-pie",
          "-ffunction-sections", "-fdata-sections", "-std=gnu11", "-nostdinc"]

# Kernel functions and data the crypto objects may use.
ALLOWED = {
    "memcpy", "memset", "memmove", "memcmp", "memchr", "strlen", "strcmp",  # kernel/lib/string.c
    "rk_panic", "printk",                                           # kernel
    "arch_cycles", "arch_irq_save", "arch_irq_restore",             # arch/<a>
    "malloc", "free",  # kernel/mem (CONFIG_HEAP): only sodium_malloc/sodium_free use them
    "rk_sig_configured_keyring",  # generated from CONFIG_CRYPTO_TRUSTED_KEYS
    "rk_entropy_find", "rk_entropy_generation",  # kernel/dev: the entropy registry
}

OUR_SOURCES = ["port/sodium_core.c", "verify.c", "siphash_id.c", "random.c", "entropy.c", "jitter.c"]
# The values random.c and entropy.c read from autoconf.h.
OUR_DEFINES = ['-DCONFIG_CRYPTO_RANDOM_SOURCE="virtio-rng"', "-DCONFIG_CRYPTO_RANDOM_VIRTIO_RNG=1",
               "-DCONFIG_CRYPTO_RANDOM_ON_MISSING_PANIC=1", "-DCONFIG_CRYPTO_RANDOM_RESEED_KB=1024",
               "-DCONFIG_SCHED=1"]


def sodium_sources(sodium):
    """The list of crypto/libsodium.cmake, read from it (one source of truth)."""
    text = open(os.path.join(CRYPTO, "libsodium.cmake")).read()
    block = text.split("set(files", 1)[1].split(")", 1)[0]
    return [os.path.join(sodium, f) for f in block.split() if f.endswith(".c")]


def compiler_include(cmd):
    if cmd[0] == "clang":
        out = subprocess.run(cmd + ["-print-resource-dir"], stdout=subprocess.PIPE, text=True).stdout
        return os.path.join(out.strip(), "include")
    return subprocess.run(cmd + ["-print-file-name=include"], stdout=subprocess.PIPE,
                          text=True).stdout.strip()


def compile_one(cmd, src, obj, extra):
    p = subprocess.run(cmd + extra + ["-MD", "-MF", obj + ".d", "-c", src, "-o", obj],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode:
        sys.stdout.write(p.stdout)
        sys.exit("FAIL: %s does not compile freestanding" % os.path.relpath(src, TOP))
    deps = open(obj + ".d").read().replace("\\\n", " ").split(":", 1)[1].split()
    return [os.path.normpath(d) for d in deps]


def nm(cmd_nm, objs, flag):
    out = subprocess.run([cmd_nm, flag] + objs, stdout=subprocess.PIPE, text=True, check=True).stdout
    return {line.split()[-1] for line in out.splitlines() if line.strip() and not line.endswith(":")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", required=True)
    ap.add_argument("--cc", required=True, choices=["gcc", "clang"])
    ap.add_argument("--sodium", required=True, help="src/libsodium of the fetched tree")
    ap.add_argument("--generated", required=True, help="directory holding sodium/version.h")
    ap.add_argument("--work", required=True)
    ap.add_argument("--opt", action="append", help="optimisation level(s), default Os")
    a = ap.parse_args()

    cmd = CPU_FLAGS[(a.cc, a.arch)]
    cc_inc = compiler_include(cmd)
    nm_tool = "llvm-nm-14" if a.cc == "clang" else cmd[0].replace("gcc", "nm")
    shim = os.path.join(CRYPTO, "include-shim")
    base = COMMON + ["-isystem", cc_inc, "-I", os.path.join(TOP, "include"),
                     "-I", os.path.join(TOP, "include", "libc"), "-I", shim]
    sodium_inc = os.path.join(a.sodium, "include")
    third_party = ["-I", os.path.join(sodium_inc, "sodium"), "-I", os.path.join(a.generated, "sodium"),
                   "-include", os.path.join(CRYPTO, "port", "sodium_config.h"),
                   "-fno-strict-aliasing", "-fwrapv",
                   "-Werror=implicit-function-declaration", "-Werror=implicit-int"]
    ours = ["-I", sodium_inc, "-I", a.generated, "-Wall", "-Wextra", "-Wno-unused-parameter",
            "-Werror"] + OUR_DEFINES
    allowed_dirs = [os.path.normpath(d) + os.sep for d in
                    (os.path.join(TOP, "include"), shim, a.sodium, a.generated, cc_inc, CRYPTO)]

    os.makedirs(a.work, exist_ok=True)
    for opt in ["-" + o for o in (a.opt or ["Os"])]:
        objs, leaks = [], set()
        jobs = [(s, third_party) for s in sodium_sources(a.sodium)]
        jobs += [(os.path.join(CRYPTO, s), ours) for s in OUR_SOURCES]
        for src, extra in jobs:
            obj = os.path.join(a.work, os.path.relpath(src, "/").replace(os.sep, "_") + opt + ".o")
            for dep in compile_one(cmd + base + [opt], src, obj, extra):
                if not any(dep.startswith(d) for d in allowed_dirs):
                    leaks.add(dep)
            objs.append(obj)
        if leaks:
            sys.exit("FAIL %s: headers from outside the tree and the compiler:\n  %s"
                     % (opt, "\n  ".join(sorted(leaks))))
        missing = nm(nm_tool, objs, "--undefined-only") - nm(nm_tool, objs, "--defined-only")
        bad = sorted(missing - ALLOWED)
        if bad:
            sys.exit("FAIL %s: symbols the kernel does not provide: %s" % (opt, " ".join(bad)))
        print("%s %s %s: %d files, no host header, needs only: %s"
              % (a.arch, a.cc, opt, len(objs), " ".join(sorted(missing))))
    print("PASS")


if __name__ == "__main__":
    main()
