"""`-X perf_jit`: a jitdump of innerpy's trampolines, for full guest stacks in perf (3.13's
Python/perf_jit_trampoline.c).

A perf map (perf.py) names addresses but says nothing about how to unwind
through them, so DWARF unwinding stops at the innermost trampoline and a
profile shows only the innermost guest function. A *jitdump* carries, for
every piece of generated code, its bytes and its DWARF call-frame
information. `perf inject --jit` turns each entry into a small ELF object
with `.text`, `.eh_frame` and `.eh_frame_hdr`, and rewrites the recording to
map those objects where the code lived, so the unwinder can walk through the
trampoline into the host's ctypes/libffi frames, up through the host eval
loop to the caller's trampoline, and so on: the whole guest stack.

    perf record -k 1 -F 999 --call-graph dwarf innerpy -X perf_jit prog.py
    perf inject --jit -i perf.data -o perf.jit.data
    perf report -i perf.jit.data

The file (`/tmp/jit-<pid>.dump`) is what perf's jitdump specification
(tools/perf/Documentation/jitdump-specification.txt) describes: a header,
then for every trampoline a JIT_CODE_UNWINDING_INFO record followed by a
JIT_CODE_LOAD record with the code and the name `py::<qualname>:<filename>`.
Timestamps are CLOCK_MONOTONIC (hence `-k 1`), and the file is mapped once,
executable, into the process: that mmap event is how perf finds the file.

All trampolines are the same machine code, so one unwind table, built once,
serves every record. It is laid out for the ELF object perf inject builds:
the code at `.text`, `.eh_frame` right after it at the next 8-byte boundary,
then `.eh_frame_hdr`; the PC-relative pointers below are computed for that
layout.
"""

import mmap
import os
import struct
import threading
import time

JITDUMP_MAGIC = 0x4A695444
JITDUMP_VERSION = 1
JIT_CODE_LOAD = 0
JIT_CODE_UNWINDING_INFO = 4
EM_X86_64 = 62
EM_AARCH64 = 183

# DWARF call-frame instructions and pointer encodings.
DW_CFA_advance_loc = 0x40
DW_CFA_offset = 0x80
DW_CFA_restore = 0xC0
DW_CFA_def_cfa = 0x0C
DW_CFA_def_cfa_register = 0x0D
DW_CFA_def_cfa_offset = 0x0E
DW_EH_PE_udata4 = 0x03
DW_EH_PE_sdata4 = 0x0B
DW_EH_PE_pcrel = 0x10
DW_EH_PE_datarel = 0x30


def _uleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _sleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def _entry(body):
    """A CIE or FDE: length-prefixed, padded with DW_CFA_nop to a multiple of 8."""
    total = 4 + len(body)
    body += b"\0" * (-total % 8)
    return struct.pack("<I", len(body)) + body


def _round_up(value, multiple):
    return (value + multiple - 1) // multiple * multiple


def build_unwind_info(machine, code_size):
    """(.eh_frame + .eh_frame_hdr bytes, size of the .eh_frame_hdr part) for one trampoline."""
    if machine == "x86_64":
        sp, fp, ra, word = 7, 6, 16, 8
        cie_initial = (bytes([DW_CFA_def_cfa]) + _uleb(sp) + _uleb(word)
                       + bytes([DW_CFA_offset | ra]) + _uleb(1))
        # push %rbp (1 byte); mov %rsp,%rbp (3); movabs (10); call *%rax (2); pop %rbp (1); ret
        fde_program = (bytes([DW_CFA_advance_loc | 1, DW_CFA_def_cfa_offset]) + _uleb(16)
                       + bytes([DW_CFA_offset | fp]) + _uleb(2)
                       + bytes([DW_CFA_advance_loc | 3, DW_CFA_def_cfa_register]) + _uleb(fp)
                       + bytes([DW_CFA_advance_loc | 13, DW_CFA_def_cfa]) + _uleb(sp) + _uleb(word)
                       + bytes([DW_CFA_restore | fp]))
    else:   # aarch64: stp x29,x30,[sp,#-16]!; mov x29,sp; ldr; blr; ldp; ret
        sp, fp, ra, word = 31, 29, 30, 8
        cie_initial = bytes([DW_CFA_def_cfa]) + _uleb(sp) + _uleb(0)
        fde_program = (bytes([DW_CFA_advance_loc | 4, DW_CFA_def_cfa_offset]) + _uleb(16)
                       + bytes([DW_CFA_offset | fp]) + _uleb(2)
                       + bytes([DW_CFA_offset | ra]) + _uleb(1)
                       + bytes([DW_CFA_advance_loc | 4, DW_CFA_def_cfa_register]) + _uleb(fp)
                       + bytes([DW_CFA_advance_loc | 12, DW_CFA_def_cfa]) + _uleb(sp) + _uleb(0)
                       + bytes([DW_CFA_restore | fp, DW_CFA_restore | ra]))
    cie = _entry(struct.pack("<I", 0) + bytes([1]) + b"zR\0" + _uleb(1) + _sleb(-word)
                 + _uleb(ra) + _uleb(1) + bytes([DW_EH_PE_pcrel | DW_EH_PE_sdata4]) + cie_initial)
    text = _round_up(code_size, 8)           # .eh_frame starts this far after the code
    # FDE: CIE pointer (distance back to the CIE), then pc_begin relative to its own position.
    cie_pointer = len(cie) + 4
    pc_begin = -(text + len(cie) + 8)
    fde = _entry(struct.pack("<Iii", cie_pointer, pc_begin, code_size) + _uleb(0) + fde_program)
    eh_frame = cie + fde
    # .eh_frame_hdr: eh_frame_ptr is relative to itself (4 bytes in), the table to the header.
    hdr = bytes([1, DW_EH_PE_pcrel | DW_EH_PE_sdata4, DW_EH_PE_udata4,
                 DW_EH_PE_datarel | DW_EH_PE_sdata4])
    hdr += struct.pack("<iIii", -(len(eh_frame) + 4), 1, -(text + len(eh_frame)),
                       -(len(eh_frame) - len(cie)))
    return eh_frame + hdr, len(hdr)


def _now():
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


class JitDumpWriter:
    """Writes /tmp/jit-<pid>.dump; the same interface as perf.PerfMapWriter."""

    def __init__(self, arenas):
        self.pid = os.getpid()
        self.path = f"/tmp/jit-{self.pid}.dump"
        self.machine = os.uname().machine
        self.machine = "aarch64" if self.machine in ("aarch64", "arm64") else "x86_64"
        self.code = arenas.code
        self.lock = threading.Lock()
        self.index = 0
        unwind, hdr_size = build_unwind_info(self.machine, len(self.code))
        padding = -(40 + len(unwind)) % 8
        self.unwind_record_tail = (struct.pack("<QQQ", len(unwind), hdr_size,
                                               _round_up(len(unwind), 16))
                                   + unwind + b"\0" * padding)
        flags = os.O_RDWR | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)
        self.fd = os.open(self.path, flags, 0o600)
        header = struct.pack("<IIIIIIQQ", JITDUMP_MAGIC, JITDUMP_VERSION, 40,
                             EM_AARCH64 if self.machine == "aarch64" else EM_X86_64, 0,
                             self.pid, _now(), 0)
        os.write(self.fd, header)
        # perf finds the dump through this executable mapping of it (the "marker").
        # (Through libc: Python's mmap refuses a mapping longer than the file.)
        self.marker = arenas._mmap(None, mmap.PAGESIZE, mmap.PROT_READ | mmap.PROT_EXEC,
                                   mmap.MAP_PRIVATE, self.fd, 0)
        self._munmap = arenas._munmap

    def write(self, address, size, code):
        name = f"py::{code.co_qualname}:{code.co_filename}".encode("utf-8", "backslashreplace")
        with self.lock:
            self.index += 1
            now = _now()
            unwind = (struct.pack("<IIQ", JIT_CODE_UNWINDING_INFO,
                                  16 + len(self.unwind_record_tail), now)
                      + self.unwind_record_tail)
            load_size = 16 + 8 + 32 + len(name) + 1 + size
            load = (struct.pack("<IIQIIQQQQ", JIT_CODE_LOAD, load_size, now, self.pid,
                                threading.get_native_id(), address, address, size, self.index)
                    + name + b"\0" + self.code[:size])
            os.write(self.fd, unwind + load)

    def close(self):
        if self.fd is not None:
            if self.marker:
                self._munmap(self.marker, mmap.PAGESIZE)
                self.marker = None
            os.close(self.fd)
            self.fd = None
