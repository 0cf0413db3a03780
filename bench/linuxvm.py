#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""The Linux anchor of the benchmarks (`make bench VS=linux`, `make bench-net
VS=linux`): a Linux microVM made from Debian packages only, booted on the
same QEMU command line as Rumpk's httpd.

  kernel     linux-image-cloud-<amd64|arm64> (Debian's cloud flavour; the
             virtio drivers are modules, loaded by /init)
  userland   busybox-static (the /init script, ip, insmod) and the server:
             nginx (bookworm's nginx-light is a transitional package for
             it) with the libraries its ELF headers name, or busybox httpd
             (SERVER=busybox)

Packages are fetched with `apt-get download` into OUTDIR/debs/<arch> (kept:
later runs reuse them) and unpacked with dpkg-deb -x; nothing is installed.
arm64 packages need the foreign architecture known to apt
(`dpkg --add-architecture arm64 && apt-get update`); Debian bookworm has
no riscv64 kernel package, so riscv64 has no Linux anchor.

The initramfs is a newc cpio archive written here (no cpio binary needed).
The VM directory has a qemu.json like a Rumpk build's, derived from the
httpd build's: the same machine, CPU, memory and devices (app.desc [run]),
with -kernel, -initrd and -append for Linux; so bench/run.py and
test/net/netboot.py run it exactly as they run Rumpk.
"""
import json
import os
import re
import shutil
import stat
import subprocess

DEBARCH = {"x86_64": "amd64", "aarch64": "arm64"}
TRIPLET = {"x86_64": "x86_64-linux-gnu", "aarch64": "aarch64-linux-gnu"}
CONSOLE = {"x86_64": "ttyS0", "aarch64": "ttyAMA0"}
# The virtio transport module of the platform's virtio_bus (qemu.json).
TRANSPORT = {"pci": "virtio_pci", "device": "virtio_mmio"}
INIT_MARK = "linux-init: started"        # the first line /init prints
READY_MARK = "linux-init: serving"       # printed once the server answered
PAGE = (b"<!DOCTYPE html>\n"
        b"<html><head><title>Linux</title></head>\n"
        b"<body><h1>Hello from Linux</h1>\n"
        b"<p>The Linux anchor of Rumpk's benchmarks, serving this page.</p>\n"
        b"</body></html>\n")


class FetchError(Exception):
    pass


def no_linux_reason(arch):
    """Why an architecture has no Linux anchor, or None."""
    if arch == "riscv64":
        return ("Debian bookworm has no riscv64 kernel package (no "
                "linux-image-riscv64, riscv64 is not a bookworm release architecture)")
    if arch not in DEBARCH:
        return "no Linux anchor for %s" % arch
    return None


# ---- packages -------------------------------------------------------------

def _apt(args, cwd=None):
    r = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=600)
    return r.returncode, r.stdout


def _pkg(name, arch):
    return name if arch == "x86_64" else "%s:%s" % (name, DEBARCH[arch])


def depends(name, arch):
    """The direct Depends of a package, from apt's lists."""
    rc, out = _apt(["apt-cache", "depends", _pkg(name, arch)])
    if rc:
        raise FetchError("apt-cache does not know %s: %s%s" % (
            _pkg(name, arch), out.strip()[-300:],
            "" if arch == "x86_64" else " (for foreign packages: dpkg --add-architecture "
            "%s && apt-get update)" % DEBARCH[arch]))
    return [m.split(":")[0] for m in re.findall(r"^\s+Depends: (\S+)", out, re.M)]


def download(cache, name, arch):
    """The .deb of a package for arch in cache/debs/<arch>, fetched once."""
    d = os.path.join(cache, "debs", arch)
    os.makedirs(d, exist_ok=True)
    have = [f for f in os.listdir(d) if f.startswith(name + "_") and f.endswith(".deb")]
    if have:
        return os.path.join(d, sorted(have)[-1])
    rc, out = _apt(["apt-get", "download", _pkg(name, arch)], cwd=d)
    have = [f for f in os.listdir(d) if f.startswith(name + "_") and f.endswith(".deb")]
    if rc or not have:
        hint = "" if arch == "x86_64" else (
            "; foreign packages need `dpkg --add-architecture %s && apt-get update`"
            % DEBARCH[arch])
        raise FetchError("cannot fetch Debian package %s (apt-get download: %s)%s"
                         % (_pkg(name, arch), out.strip()[-300:], hint))
    return os.path.join(d, have[0])


def unpack(cache, names, arch):
    """Unpack packages into cache/root/<arch> (dpkg-deb -x, nothing installed)."""
    root = os.path.join(cache, "root", arch)
    os.makedirs(root, exist_ok=True)
    for n in names:
        deb = download(cache, n, arch)
        stamp = os.path.join(root, ".unpacked-" + os.path.basename(deb))
        if not os.path.exists(stamp):
            subprocess.run(["dpkg-deb", "-x", deb, root], check=True, timeout=300)
            open(stamp, "w").close()
    return root


def kernel_package(arch):
    """linux-image-cloud-<arch> is a metapackage: the versioned image it needs."""
    meta = "linux-image-cloud-" + DEBARCH[arch]
    real = [d for d in depends(meta, arch) if d.startswith("linux-image-")]
    if not real:
        raise FetchError("%s names no kernel image package" % meta)
    return real[0]


# ---- ELF and module dependencies -----------------------------------------

def elf_needs(path):
    """(interpreter or None, [DT_NEEDED names]) of an ELF file (readelf)."""
    out = subprocess.run(["readelf", "-d", "-l", "-W", path], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, check=True).stdout
    interp = re.search(r"Requesting program interpreter: (\S+)\]", out)
    return (interp.group(1) if interp else None,
            re.findall(r"\(NEEDED\)\s+Shared library: \[(\S+)\]", out))


def find_lib(root, arch, name):
    for d in ("lib/" + TRIPLET[arch], "usr/lib/" + TRIPLET[arch], "lib", "usr/lib"):
        p = os.path.join(root, d, name)
        if os.path.exists(p):
            return os.path.join("/", d, name)
    return None


def library_closure(root, arch, binary):
    """Paths (inside root) of the interpreter and every library binary
    needs, transitively; raises naming a library no package provided."""
    interp, todo = elf_needs(os.path.join(root, binary.lstrip("/")))
    out = [interp] if interp else []
    seen = set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        p = find_lib(root, arch, n)
        if p is None:
            raise FetchError("%s needs %s, which none of the unpacked packages has" % (binary, n))
        out.append(p)
        todo += elf_needs(os.path.join(root, p.lstrip("/")))[1]
    return out


def module_depends(ko_path):
    """The modules a .ko needs (its .modinfo 'depends=' field)."""
    with open(ko_path, "rb") as f:
        m = re.search(rb"\0depends=([^\0]*)\0", f.read())
    return [d for d in m.group(1).decode().split(",") if d] if m else []


def module_order(root, wanted):
    """Paths (inside root) of the wanted modules and their dependencies, in
    load order (dependencies first)."""
    kos = {}
    for dirpath, _, files in os.walk(os.path.join(root, "lib", "modules")):
        for f in files:
            if f.endswith(".ko"):
                kos[f[:-3].replace("-", "_")] = os.path.join(dirpath, f)
    order = []

    def visit(name):
        name = name.replace("-", "_")
        if name in order:
            return
        if name not in kos:
            raise FetchError("kernel module %s not in the kernel package" % name)
        for d in module_depends(kos[name]):
            visit(d)
        order.append(name)
    for w in wanted:
        visit(w)
    return ["/" + os.path.relpath(kos[n], root) for n in order]


# ---- the initramfs --------------------------------------------------------

def cpio_newc(entries):
    """A newc cpio archive (what the kernel unpacks as initramfs). entries:
    (path, mode, data) with data bytes for files, the target for symlinks
    (mode S_IFLNK) and b"" for directories; parents come first."""
    out = bytearray()

    def pad4():
        out.extend(b"\0" * (-len(out) % 4))
    for ino, (path, mode, data) in enumerate(list(entries) + [("TRAILER!!!", 0, b"")], 1):
        if isinstance(data, str):
            data = data.encode()
        name = path.lstrip("/").encode() + b"\0"
        nlink = 2 if stat.S_ISDIR(mode) else 1
        fields = (ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0, len(name), 0)
        out += b"070701" + b"".join(b"%08X" % v for v in fields) + name
        pad4()
        out += data
        pad4()
    return bytes(out)


def nginx_conf():
    return """\
daemon off;
master_process off;
worker_processes 1;
user root;
error_log stderr warn;
pid /run/nginx.pid;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path /tmp;
    proxy_temp_path /tmp;
    fastcgi_temp_path /tmp;
    uwsgi_temp_path /tmp;
    scgi_temp_path /tmp;
    keepalive_requests 1000000;
    server {
        listen 80;
        location / { root /www; }
    }
}
"""


def init_script(modules, server):
    """/init: mount, load the virtio modules, configure eth0 as QEMU's user
    network expects (10.0.2.15/24 via 10.0.2.2, like Rumpk's lwIP), start
    the server and say so once it answers."""
    start = {"nginx": "/usr/sbin/nginx -c /etc/nginx/nginx.conf &",
             "busybox": "busybox httpd -f -p 80 -h /www &"}[server]
    return "\n".join([
        "#!/bin/busybox sh",
        "/bin/busybox echo '%s'" % INIT_MARK,
        "/bin/busybox --install -s /bin",
        "export PATH=/bin:/usr/sbin",
        "mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev",
    ] + ["insmod %s" % m for m in modules] + [
        "ip link set lo up",
        "ip addr add 10.0.2.15/24 dev eth0 && ip link set eth0 up &&"
        " ip route add default via 10.0.2.2 || echo 'linux-init: no eth0'",
        start,
        "i=0",
        "until wget -q -O /dev/null http://127.0.0.1/ 2>/dev/null; do",
        "  i=$((i+1)); [ $i -gt 200 ] && echo 'linux-init: %s does not answer' && break" % server,
        "  sleep 0.05",
        "done",
        "echo '%s %s on http://10.0.2.15:80/'" % (READY_MARK, server),
        "wait",
        "echo 'linux-init: %s exited'; exec sh" % server,
        ""])


def initramfs(root, arch, modules, server):
    """The archive's bytes: busybox, the modules, the server and its libraries."""
    files = {"/bin/busybox": "/bin/busybox"}
    files.update({m: m for m in modules})
    if server == "nginx":
        files["/usr/sbin/nginx"] = "/usr/sbin/nginx"
        for lib in library_closure(root, arch, "/usr/sbin/nginx"):
            files[lib] = lib
    entries, dirs = [], set()

    def mkdirs(path):
        parts = path.strip("/").split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/" + "/".join(parts[:i])
            if d not in dirs:
                dirs.add(d)
                entries.append((d, stat.S_IFDIR | 0o755, b""))
    for d in ("/proc", "/sys", "/dev", "/tmp", "/run", "/www", "/etc/nginx", "/var/log/nginx",
              "/var/lib/nginx"):
        mkdirs(d + "/x")
    for dst, src in sorted(files.items()):
        mkdirs(dst)
        p = os.path.join(root, src.lstrip("/"))
        real = os.path.realpath(p)
        if not real.startswith(os.path.realpath(root)):  # absolute symlink inside the root
            real = os.path.join(root, os.readlink(p).lstrip("/"))
        with open(real, "rb") as f:
            entries.append((dst, stat.S_IFREG | 0o755, f.read()))
    for path, data in (("/etc/nginx/nginx.conf", nginx_conf()), ("/www/index.html", PAGE),
                       ("/etc/passwd", "root:x:0:0:root:/:/bin/sh\n"),
                       ("/etc/group", "root:x:0:\n")):
        mkdirs(path)
        entries.append((path, stat.S_IFREG | 0o644, data))
    # /init after everything it uses, with its own mode.
    mods = [m for m in modules]
    entries.append(("/init", stat.S_IFREG | 0o755, init_script(mods, server)))
    return cpio_newc(entries)


def build(cache, arch, virtio_bus, server="nginx"):
    """Fetch and unpack the packages and write kernel + initramfs under
    cache/<arch>; returns (kernel, initrd, server). Raises FetchError."""
    why = no_linux_reason(arch)
    if why:
        raise FetchError(why)
    if server not in ("nginx", "busybox"):
        raise FetchError("unknown server %s (nginx, busybox)" % server)
    kpkg = kernel_package(arch)
    pkgs = [kpkg, "busybox-static"]
    if server == "nginx":
        pkgs += ["nginx"] + [d for d in depends("nginx", arch)
                             if d.startswith("lib") or d.startswith("zlib")]
    root = unpack(cache, pkgs, arch)
    kver = kpkg[len("linux-image-"):]
    kernel = os.path.join(root, "boot", "vmlinuz-" + kver)
    if not os.path.exists(kernel):
        raise FetchError("%s has no /boot/vmlinuz-%s" % (kpkg, kver))
    mods = module_order(root, [TRANSPORT[virtio_bus], "virtio_net"])
    mods = [m for m in mods if "/lib/modules/%s/" % kver in m]
    out = os.path.join(cache, arch)
    os.makedirs(out, exist_ok=True)
    initrd = os.path.join(out, "initramfs-%s.cpio" % server)
    with open(initrd + ".tmp", "wb") as f:
        f.write(initramfs(root, arch, mods, server))
    os.replace(initrd + ".tmp", initrd)
    return kernel, initrd, server


def host_tsc_khz():
    """The host's TSC rate in kHz: TCG's guest TSC counts host ticks, and
    Linux under TCG hangs calibrating it unless told (tsc_early_khz=)."""
    try:
        with open("/proc/cpuinfo") as f:
            mhz = re.search(r"^cpu MHz\s*:\s*([\d.]+)", f.read(), re.M)
        return int(float(mhz.group(1)) * 1000) if mhz else 2000000
    except OSError:
        return 2000000


def cmdline(arch):
    args = ["console=" + CONSOLE[arch], "quiet", "panic=-1", "rdinit=/init"]
    if arch == "x86_64":
        args += ["tsc_early_khz=%d" % host_tsc_khz(), "tsc=reliable"]
    return " ".join(args)


def with_memory(qemu, mem):
    """A QEMU argument list with its -m value replaced."""
    q = list(qemu)
    i = q.index("-m")
    q[i + 1] = str(mem)
    return q


def _keep_app(b):
    """A qemu.json copied elsewhere still names its app's directory (for
    the app.desc [run] devices), as rk-qemu.py's app_desc() finds it."""
    b["app_dir"] = b.get("app_dir") or os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "apps", b["app"])


def vm_dir(rumpk_build, outdir, kernel, initrd, arch, mem=None):
    """A directory with a qemu.json for the Linux VM: Rumpk's httpd build's,
    its -kernel replaced by Linux, -initrd and -append added, -m changed
    when mem is given. Returns the directory."""
    with open(os.path.join(rumpk_build, "qemu.json")) as f:
        b = json.load(f)
    q = b["qemu"]
    i = q.index("-kernel")
    q = q[:i] + ["-kernel", kernel, "-initrd", initrd, "-append", cmdline(arch)] + q[i + 2:]
    b["qemu"] = with_memory(q, mem) if mem else q
    b["boot_flows"] = {}
    b["elf"] = kernel
    b["exit"] = "none"
    _keep_app(b)
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "qemu.json"), "w") as f:
        json.dump(b, f, indent=2)
    return outdir


def mem_dir(build_dir, outdir, mem):
    """A copy of a build's qemu.json with -m mem (for bisecting -m)."""
    with open(os.path.join(build_dir, "qemu.json")) as f:
        b = json.load(f)
    b["qemu"] = with_memory(b["qemu"], mem)
    _keep_app(b)
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "qemu.json"), "w") as f:
        json.dump(b, f, indent=2)
    for name in (".config",):
        if os.path.exists(os.path.join(build_dir, name)):
            shutil.copy(os.path.join(build_dir, name), outdir)
    return outdir
