# SPDX-License-Identifier: BSD-2-Clause
"""The few facts about an ELF64 image that boot loaders need: machine, entry
point and where the loadable segments go. Python stdlib only, so that the
build needs no pyelftools."""
import struct

PT_LOAD = 1
SHT_RELA = 4
SHF_ALLOC = 0x2
MACHINES = {0xF3: "riscv64", 0xB7: "aarch64", 0x3E: "x86_64"}


class Elf:
    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read()
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise ValueError("%s: not a little-endian ELF64 file" % path)
        (machine,) = struct.unpack_from("<H", data, 0x12)
        self.entry, phoff = struct.unpack_from("<QQ", data, 0x18)
        phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
        self.machine = MACHINES.get(machine, "unknown(%#x)" % machine)
        # (load address, run address, bytes in the file, bytes in memory):
        # a segment may be loaded below where it runs (.data that the entry
        # code moves up), so both are kept.
        self.loads = []
        for i in range(phnum):
            p = phoff + i * phentsize
            ptype, _flags, _off, vaddr, paddr, filesz, memsz = struct.unpack_from("<IIQQQQQ", data, p)
            if ptype == PT_LOAD and memsz:
                self.loads.append((paddr, vaddr, filesz, memsz))
        if not self.loads:
            raise ValueError("%s: no loadable segment" % path)
        self.loads.sort()
        # Run-time extent from the allocated sections: a segment's p_memsz
        # is not reliable when its load and run addresses differ.
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        self.alloc = []  # (run address, size)
        # Relocations the image carries to apply to itself (an allocated
        # SHT_RELA section: aarch64's ARM64_RELOCATABLE .rela.dyn).
        self.self_relocating = False
        for i in range(shnum):
            _name, stype, flags, addr, _off, size = struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)
            if flags & SHF_ALLOC and size:
                self.alloc.append((addr, size))
                self.self_relocating |= stype == SHT_RELA

    @property
    def load_addr(self):
        """Where the first byte of `objcopy -O binary` output belongs (the
        lowest load address of a segment with file contents)."""
        return min(p for p, _, filesz, _ in self.loads if filesz)

    @property
    def mem_end(self):
        """End of the running image, .bss and stacks included."""
        if self.alloc:
            return max(a + size for a, size in self.alloc)
        return max(v + memsz for _, v, _, memsz in self.loads)
