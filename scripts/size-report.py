#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Size of a Rumpk image: sections, the largest symbols, and per-component
totals (from the link map). With --check, also verify that the image holds
no code of components the configuration did not select."""
import argparse
import json
import os
import re
import subprocess
import sys

# Symbol prefixes that belong to optional components; an image whose
# configuration lacks the symbol must contain none of them.
COMPONENT_SYMBOLS = {
    "CONFIG_NET_LWIP": re.compile(r"^(lwip_|tcp_|udp_|netif_|pbuf_|etharp_|ip4_)"),
    # rk_entropy_seed/changed: the generator's policy; the entropy registry
    # (kernel/dev, rk_entropy_register/find) is not crypto.
    "CONFIG_CRYPTO_SODIUM": re.compile(r"^(crypto_|sodium_|randombytes_|rk_sig_|rk_entropy_(seed|changed|source_name)$|rk_siphash_)"),
    "CONFIG_VIRTIO": re.compile(r"^virtio_"),
    "CONFIG_RING": re.compile(r"^rk_ring_"),
    "CONFIG_VFS_TAR": re.compile(r"^(rk_vfs_|rk_tar_)"),
    "CONFIG_ELF_LOADER": re.compile(r"^rk_elf_"),
    "CONFIG_SCHED": re.compile(r"^rk_(fiber|sched|sem|mutex|event)_"),
    "CONFIG_HEAP": re.compile(r"^(rk_page_alloc|malloc|rk_mem_init)$"),
    "CONFIG_UART_PL011": re.compile(r"^pl011_"),
    "CONFIG_UART_NS16550": re.compile(r"^ns16550_"),
    # The DTB's node index: a device-tree hello leaves it out.
    "CONFIG_FDT_INDEX": re.compile(r"^rk_fdt_index_"),
}


def tool(build_dir, name):
    cache = open(os.path.join(build_dir, "CMakeCache.txt")).read()
    m = re.search(r"^RK_%s:FILEPATH=(.*)$" % name.upper(), cache, re.M)
    return m.group(1) if m else name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--top", type=int, default=15)
    a = ap.parse_args()
    elf = os.path.join(a.build_dir, "rumpk.elf")
    config = open(os.path.join(a.build_dir, ".config")).read()
    print(subprocess.run([tool(a.build_dir, "size"), "-A", "-d", elf], check=True,
                         stdout=subprocess.PIPE, text=True).stdout.strip())
    nm = subprocess.run([tool(a.build_dir, "nm"), "-S", "--size-sort", "-r", elf], check=True,
                        stdout=subprocess.PIPE, text=True).stdout.splitlines()
    syms = []
    for line in nm:
        parts = line.split()
        if len(parts) == 4:
            syms.append((int(parts[1], 16), parts[2], parts[3]))
    print("\nlargest symbols:")
    for size, kind, name in syms[:a.top]:
        print("  %8d %s %s" % (size, kind, name))
    for img in ("rumpk.bin", "rumpk.elf"):
        p = os.path.join(a.build_dir, img)
        if os.path.exists(p):
            print("%s: %d bytes" % (img, os.path.getsize(p)))
    if a.check:
        bad = []
        names = [s[2] for s in syms]
        for sym, pattern in COMPONENT_SYMBOLS.items():
            if re.search(r"^%s=y$" % sym, config, re.M):
                continue
            bad += ["%s (%s is not set)" % (n, sym) for n in names if pattern.search(n)]
        if bad:
            print("size-report: unselected components are linked in:\n  " + "\n  ".join(bad))
            return 1
        print("size-report: no code of unselected components in the image")
    return 0


if __name__ == "__main__":
    sys.exit(main())
