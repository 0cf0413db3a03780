# SPDX-License-Identifier: BSD-2-Clause
"""gdb helpers for Rumpk images, loaded by `make debug` (scripts/rkdebug.py);
by hand: (gdb) source scripts/gdb/rumpk.py

  rk-connect HOST:PORT
                   connect to QEMU's gdb stub and attach every CPU cluster:
                   QEMU shows each cluster of a machine as a process of its
                   own (sifive_u: the E51 monitor core, then the U54 that
                   runs the kernel), and CPUs of a process gdb has not
                   attached never run
  rk-entry [SYM]   continue until a CPU of any cluster reaches SYM (default
                   _start, the kernel's entry), on a hardware breakpoint:
                   U-Boot writes the kernel after gdb attached
  rk-fibers        every live fiber (kernel/fiber.c's all_fibers list):
                   id, name, state, priority, switches, run time, stack,
                   the wait queue of a blocked one; '*' marks the running one
  rk-ring EXPR     a struct rk_ring (or a pointer to one): geometry,
                   producer and consumer cursors, and each consumer's backlog

They read the structures of include/rumpk/fiber.h and ring.h through the
image's debug information, so they follow those headers as they change.
"""
import re

import gdb


def _static(name):
    sym = gdb.lookup_static_symbol(name) or gdb.lookup_global_symbol(name)
    return sym.value() if sym is not None else None


def _str(arr):
    return arr.string(length=int(arr.type.sizeof)).split("\0", 1)[0]


class Fibers(gdb.Command):
    """List every live fiber: rk-fibers"""

    def __init__(self):
        super().__init__("rk-fibers", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        head = _static("all_fibers")
        if head is None:
            raise gdb.GdbError("rk-fibers: no all_fibers in this image (CONFIG_SCHED is off)")
        current = _static("current")
        cur = int(current) if current is not None else 0
        print("   %4s %-15s %-11s %4s %10s %12s  %s" % ("id", "name", "state", "prio",
                                                      "switches", "run ns", "stack"))
        f, n = head, 0
        while int(f) != 0 and n < 10000:
            fib = f.dereference()
            line = "%s %4d %-15s %-11s %4d %10d %12d  %#x-%#x" % (
                "*" if int(f) == cur else " ", int(fib["id"]), _str(fib["name"]),
                str(fib["state"]), int(fib["prio"]), int(fib["switches"]),
                int(fib["runtime_ns"]), int(fib["stack_low"]), int(fib["stack_high"]))
            if int(fib["waiting_on"]) != 0:
                line += "  waits on %#x" % int(fib["waiting_on"])
            print(line)
            f = fib["all_next"]
            n += 1
        print("%d fiber(s)" % n)


class Ring(gdb.Command):
    """Show a ring's state: rk-ring EXPR (a struct rk_ring or a pointer to one)"""

    def __init__(self):
        super().__init__("rk-ring", gdb.COMMAND_DATA, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError("usage: rk-ring EXPR (a struct rk_ring or a pointer to one)")
        r = gdb.parse_and_eval(arg)
        if r.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
            r = r.dereference()
        if r.type.strip_typedefs().tag != "rk_ring":
            raise gdb.GdbError("rk-ring: %s is a %s, not a struct rk_ring" % (arg, r.type))
        multi = int(r["published"]) != 0
        claim, gate = int(r["claim"]), int(r["gate"])
        # Every sequence below 'end' is published (multi producer: claimed;
        # a claimed slot may still be being filled).
        end = claim if multi else int(r["cursor"])
        print("ring %s: %d slots of %d bytes, %s producer" % (
            arg, int(r["slot_count"]), int(r["slot_size"]), "multi" if multi else "single"))
        print("  claim %d, %s %d, gate %d, producer waiting for space: %s" % (
            claim, "claimed" if multi else "published (cursor)", end, gate,
            "yes" if int(r["space_wanted"]) else "no"))
        c, n = r["consumers"], 0
        while int(c) != 0 and n < 64:
            con = c.dereference()
            seq = int(con["seq"])
            print("  consumer %d: released up to %d, known published up to %d, backlog %d%s"
                  % (int(con["index"]), seq, int(con["avail"]), end - seq,
                     ", asleep (wants a wake-up)" if int(con["wanted"]) else ""))
            c = con["next"]
            n += 1
        print("  %d consumer(s)" % n)


class Connect(gdb.Command):
    """Connect to QEMU and attach every CPU cluster: rk-connect HOST:PORT"""

    def __init__(self):
        super().__init__("rk-connect", gdb.COMMAND_RUNNING)

    def invoke(self, arg, from_tty):
        gdb.execute("target extended-remote " + arg)
        # The stub lists only attached processes: try the next ids until one
        # is refused.
        elf = gdb.current_progspace().filename
        attached = 1
        gdb.execute("set suppress-cli-notifications on")
        try:
            for pid in range(2, 9):
                gdb.execute("add-inferior" + (" -exec " + elf if elf else ""), to_string=True)
                num = max(i.num for i in gdb.inferiors())
                gdb.execute("inferior %d" % num, to_string=True)
                try:
                    gdb.execute("attach %d" % pid, to_string=True)
                except gdb.error:
                    gdb.execute("inferior 1", to_string=True)
                    gdb.execute("remove-inferiors %d" % num, to_string=True)
                    break
                attached += 1
            gdb.execute("inferior 1", to_string=True)
        finally:
            gdb.execute("set suppress-cli-notifications off")
        if attached > 1:
            gdb.execute("set schedule-multiple on")  # 'continue' runs every cluster
            print("rk-connect: %d CPU clusters, attached as inferiors 1-%d" % (attached, attached))


class Entry(gdb.Command):
    """Continue to the kernel's entry on any cluster: rk-entry [SYMBOL]"""

    def __init__(self):
        super().__init__("rk-entry", gdb.COMMAND_RUNNING)

    def invoke(self, arg, from_tty):
        sym = arg.strip() or "_start"
        current = gdb.selected_inferior().num
        # One breakpoint per inferior: an address breakpoint belongs to the
        # program space it was set in, and each cluster has its own.
        bps = []
        gdb.execute("set suppress-cli-notifications on")
        try:
            for inf in gdb.inferiors():
                gdb.execute("inferior %d" % inf.num, to_string=True)
                gdb.execute("hbreak *%s" % sym, to_string=True)
                bps.append(gdb.breakpoints()[-1])
            gdb.execute("inferior %d" % current, to_string=True)
        finally:
            gdb.execute("set suppress-cli-notifications off")
        try:
            gdb.execute("continue")
        finally:
            for bp in bps:
                bp.delete()


Connect()
Entry()
Fibers()
Ring()
# The app's main() is called by the kernel (rk_kernel_main): show the frames
# beyond it too.
gdb.execute("set backtrace past-main on")
