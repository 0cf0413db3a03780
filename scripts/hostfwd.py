# SPDX-License-Identifier: BSD-2-Clause
"""Host port forwards of QEMU user networking (hostfwd=) for the servers'
runs, used by scripts/rk-qemu.py.

An app's app.desc `qemu:` lines ([run]) carry forwards such as
hostfwd=tcp:127.0.0.1:8080-:80, written for the app's default
configuration. Before QEMU starts:
  - the guest port follows the build's configuration: when the app has a
    CONFIG_<APP>_PORT symbol (CONFIG_HTTPD_PORT, CONFIG_ECHO_PORT) and every
    forward of the line goes to one guest port, that port becomes the
    symbol's value from BUILD_DIR/.config;
  - the host port is the file's (interactive runs), HOSTPORT= moves it
    (every forward by the same amount), or 0 in test runs (any free port).
    An interactive run whose default host port is taken, by another
    `make run` for instance, moves to the next free one; one given with
    HOSTPORT= must be free.
"""
import os
import re
import socket

# hostfwd=[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport
_HOSTFWD = re.compile(r"hostfwd=(tcp|udp)?:([^:,]*):(\d+)-([^:,]*):(\d+)")


class Forward:
    def __init__(self, proto, host_addr, host_port, guest_port):
        self.proto = proto or "tcp"
        self.host_addr = host_addr or "0.0.0.0"
        self.host_port = host_port
        self.guest_port = guest_port


def read_config(build_dir):
    """BUILD_DIR/.config as {name without CONFIG_: value as text}."""
    values = {}
    try:
        with open(os.path.join(build_dir, ".config")) as f:
            for line in f:
                m = re.match(r"CONFIG_(\w+)=(.*)$", line.strip())
                if m:
                    values[m.group(1)] = m.group(2).strip('"')
    except FileNotFoundError:
        pass
    return values


def port_symbol(app):
    return "%s_PORT" % re.sub(r"\W", "_", app).upper()


def configured_guest_port(build_dir, app):
    """(symbol, port) of the app's listening port option, or (None, None)."""
    sym = port_symbol(app)
    value = read_config(build_dir).get(sym)
    try:
        return sym, int(value, 0)
    except (TypeError, ValueError):
        return None, None


def forwards(args):
    return [Forward(m.group(1), m.group(2), int(m.group(3)), int(m.group(5)))
            for a in args for m in _HOSTFWD.finditer(a)]


def rewrite(args, host_port, guest_port):
    """args with each forward's ports replaced: host_port(fwd) and
    guest_port(fwd) give the new ones."""
    def sub(m):
        fwd = Forward(m.group(1), m.group(2), int(m.group(3)), int(m.group(5)))
        return "hostfwd=%s:%s:%d-%s:%d" % (m.group(1) or "", m.group(2), host_port(fwd),
                                           m.group(4), guest_port(fwd))
    return [_HOSTFWD.sub(sub, a) for a in args]


def follow_config(args, build_dir, app):
    """Forwards aimed at the app's configured port instead of the file's."""
    sym, port = configured_guest_port(build_dir, app)
    if port is None:
        return args
    out = []
    for a in args:
        if len({f.guest_port for f in forwards([a])}) == 1:
            a = rewrite([a], lambda f: f.host_port, lambda f: port)[0]
        out.append(a)
    return out


def _free(addr, port, protos):
    for proto in protos:
        kind = socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM
        with socket.socket(socket.AF_INET, kind) as s:
            if kind == socket.SOCK_STREAM:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((addr, port))
            except OSError:
                return False
    return True


class PortError(Exception):
    pass


def choose_host_ports(args, requested=None):
    """args with host ports that are free now, and notes on what moved.
    requested: HOSTPORT, the new host port of the first forward."""
    fwds = forwards(args)
    if not fwds:
        if requested is not None:
            raise PortError("HOSTPORT=%d: this app forwards no ports (no hostfwd= in its "
                            "app.desc [run] qemu: lines)" % requested)
        return args, []
    delta = requested - fwds[0].host_port if requested is not None else 0
    wanted = {}  # old host port -> (address, protocols)
    for f in fwds:
        addr, protos = wanted.setdefault(f.host_port, (f.host_addr, set()))
        protos.add(f.proto)
    moved, notes = {}, []
    for old, (addr, protos) in wanted.items():
        port = old + delta
        if not 0 < port < 65536:
            raise PortError("HOSTPORT=%d puts a forward at port %d, outside 1..65535"
                            % (requested, port))
        if requested is not None:
            if not _free(addr, port, protos):
                raise PortError("host port %s:%d (%s) is in use: pick another HOSTPORT="
                                % (addr, port, "/".join(sorted(protos))))
        else:
            start = port
            while not _free(addr, port, protos) or port in moved.values():
                port += 1
                if port - start > 200 or port > 65535:
                    raise PortError("no free host port in %d..%d; pick one with HOSTPORT="
                                    % (start, port))
            if port != start:
                notes.append("host port %d is in use (another make run?); using %d "
                             "(HOSTPORT= picks one)" % (start, port))
        moved[old] = port
    return rewrite(args, lambda f: moved[f.host_port], lambda f: f.guest_port), notes


def describe(args, app, sym):
    """One line per forward: 'httpd: http://127.0.0.1:8081/ -> guest port 80'."""
    lines = []
    for f in forwards(args):
        addr = "127.0.0.1" if f.host_addr in ("", "0.0.0.0") else f.host_addr
        if f.proto == "tcp" and (f.guest_port == 80 or "HTTP" in (sym or "")):
            where = "http://%s:%d/" % (addr, f.host_port)
        else:
            where = "%s %s:%d" % (f.proto, addr, f.host_port)
        lines.append("%s: %s -> guest port %d" % (app, where, f.guest_port))
    return lines
