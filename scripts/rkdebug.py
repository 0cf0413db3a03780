# SPDX-License-Identifier: BSD-2-Clause
"""make debug and make console, for scripts/rk-qemu.py.

gdb owns the terminal; the guest's serial console is a unix socket in the
build directory (BUILD_DIR/console.sock, with QEMU's monitor muxed on it:
Ctrl-A c) and a log of everything the guest printed (console.log). QEMU
reads nothing from the terminal, so no keystroke meant for gdb reaches it,
and it runs in a session of its own, so Ctrl-C in gdb stops the guest
instead of killing QEMU.

QEMU starts halted (-S) at the first instruction of the boot chain
(OpenSBI, U-Boot, QEMU's own loader stub); gdb, with the image's symbols,
attaches every CPU cluster (rk-connect), sets a hardware breakpoint at the
kernel's entry symbol and continues through the firmware (rk-entry; both
in scripts/gdb/rumpk.py), so the session begins at the entry on every boot
flow. A hardware breakpoint survives U-Boot writing the kernel into memory
after gdb attached; a software one might not.
"""
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENTRY = "_start"  # ENTRY() of every arch/<a>/link.ld.S
HELPERS = os.path.join(TOP, "scripts", "gdb", "rumpk.py")
LEAVE = b"\x1d"  # Ctrl-]


def console_paths(build_dir):
    b = os.path.abspath(build_dir)
    return os.path.join(b, "console.sock"), os.path.join(b, "console.log")


def free_tcp_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pick_gdb(build):
    for dbg in (build.get("gdb") or "gdb", "gdb-multiarch"):
        if shutil.which(dbg):
            return dbg
    sys.exit("rk-qemu: neither %s nor gdb-multiarch found; run scripts/install-deps.sh"
             % (build.get("gdb") or "gdb"))


def native_semihosting(argv):
    """With a debugger attached QEMU hands semihosting calls to it (target
    auto); keep them in QEMU, where the normal runs have them: gdb in batch
    mode, or one not expecting them, would never answer (OpenSBI on
    sifive_u probes its console that way)."""
    return [a for arg in argv for a in
            (["-semihosting-config", "enable=on,target=native"] if arg == "-semihosting" else [arg])]


def qemu_debug_args(build_dir, port):
    sock, log = console_paths(build_dir)
    if os.path.exists(sock):
        os.unlink(sock)
    return ["-S", "-gdb", "tcp:127.0.0.1:%d" % port,
            "-chardev", "socket,id=con0,path=%s,server=on,wait=off,mux=on,logfile=%s"
            % (sock, log),
            "-serial", "chardev:con0", "-mon", "chardev=con0"]


def gdb_argv(build, port, batch_file=None):
    argv = [pick_gdb(build), "-q"]
    if batch_file:
        argv.append("-batch")
    argv += [build["elf"], "-x", HELPERS,
             "-ex", "rk-connect 127.0.0.1:%d" % port,
             "-ex", "rk-entry %s" % ENTRY]
    if batch_file:
        argv += ["-x", batch_file]
    return argv


def in_tmux_pane(build_dir):
    """Open the console in a new tmux pane when gdb runs inside tmux."""
    if not os.environ.get("TMUX") or not shutil.which("tmux"):
        return False
    cmd = [sys.executable, os.path.join(TOP, "scripts", "rk-qemu.py"),
           os.path.abspath(build_dir), "--console"]
    r = subprocess.run(["tmux", "split-window", "-d", "-v", " ".join(cmd)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode == 0


def run(build, build_dir, argv, batch_file=None):
    """Start QEMU halted with its console on a socket, then gdb in front.
    Returns gdb's exit status."""
    port = free_tcp_port()
    sock, log = console_paths(build_dir)
    qemu_log = os.path.join(os.path.abspath(build_dir), "qemu-debug.log")
    argv = native_semihosting(argv) + qemu_debug_args(build_dir, port)
    with open(qemu_log, "w") as qlog:
        qlog.write("$ " + " ".join(argv) + "\n")
        qlog.flush()
        qemu = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=qlog,
                                stderr=subprocess.STDOUT, start_new_session=True)
    say = lambda s: print("rk-qemu: " + s, file=sys.stderr)
    say("QEMU halted before the first instruction, gdb stub on 127.0.0.1:%d (log: %s)"
        % (port, qemu_log))
    if batch_file is None:
        if in_tmux_pane(build_dir):
            say("guest console: in the new tmux pane below")
        else:
            say("guest console: run 'make console' (scripts/rk-qemu.py %s --console) in "
                "another terminal" % os.path.abspath(build_dir))
        say("  everything it prints also goes to %s" % log)
        say("gdb: symbols from %s; it continues to the entry %s and stops there"
            % (build["elf"], ENTRY))
        say("  'continue' runs the kernel, Ctrl-C stops it, 'kill' ends QEMU; "
            "rk-fibers and rk-ring show kernel state (scripts/gdb/rumpk.py)")
    try:
        gdb = subprocess.Popen(gdb_argv(build, port, batch_file))
        # Ctrl-C belongs to gdb (it stops the guest); this process waits.
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            status = gdb.wait()
        finally:
            signal.signal(signal.SIGINT, old)
    finally:
        if qemu.poll() is None:
            qemu.kill()
        qemu.wait()
        if os.path.exists(sock):
            os.unlink(sock)
    return status


def console(build_dir):
    """Attach the terminal to a debug session's serial console. What the
    guest prints is read from console.log, whole and in order from its
    first byte (the socket drops what is sent before anyone connects);
    keystrokes go to the socket."""
    sock_path, log = console_paths(build_dir)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    deadline = time.monotonic() + 5  # a tmux pane may start before QEMU made it
    while True:
        try:
            s.connect(sock_path)
            break
        except (FileNotFoundError, ConnectionRefusedError):
            if time.monotonic() > deadline:
                sys.exit("rk-qemu: no debug session of %s is running (%s missing); start "
                         "'make debug' first" % (build_dir, sock_path))
            time.sleep(0.1)
    print("rk-qemu: console of %s (Ctrl-] leaves; Ctrl-A x quits QEMU, Ctrl-A c its monitor)"
          % os.path.abspath(build_dir), file=sys.stderr)
    output = open(log, "rb")  # QEMU made it before the socket
    fd = sys.stdin.fileno()
    saved = None
    if os.isatty(fd):
        import termios
        import tty
        saved = termios.tcgetattr(fd)
        tty.setraw(fd)
    inputs = [fd, s]
    ended = False
    try:
        while not ended:
            # The log has no readiness to wait for: look at it every 50 ms,
            # and whenever the socket says the guest printed something.
            ready, _, _ = select.select(inputs, [], [], 0.05)
            if s in ready and not s.recv(4096):
                ended = True  # QEMU ended; the log is complete
            data = output.read()
            if data:
                os.write(sys.stdout.fileno(), data)
            if fd in ready:
                keys = os.read(fd, 1024)
                if LEAVE in keys:
                    break
                if not keys:
                    inputs.remove(fd)  # nothing to type: keep showing output
                else:
                    s.sendall(keys)
    finally:
        if saved is not None:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        s.close()
        output.close()
    print("\r\nrk-qemu: console closed", file=sys.stderr)
    return 0
