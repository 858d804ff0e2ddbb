"""From an optimised flow graph to a code object (Python/assemble.c).

Three byte strings come out of the laid-out blocks:

* `co_code`: each instruction as opcode/argument byte pairs, preceded by
  EXTENDED_ARG for arguments over 255 and followed by its inline CACHE
  entries (zeros);
* `co_linetable`: PEP 626/657 locations, one entry per run of code units
  with the same location, at most 8 units per entry, in the most compact of
  3.12's five entry forms;
* `co_exceptiontable`: one entry per run of instructions with the same
  handler: start, length, handler offset, and stack depth with the
  "push lasti" bit.
"""

from ..objects.code import (
    Code, LOCATION_LONG, LOCATION_NO_COLUMNS, LOCATION_NONE, LOCATION_ONE_LINE0, LOCATION_SHORT0,
)
from ..opcode_metadata import EXTENDED_ARG, cache_entries
from .flowgraph import instr_size


def assemble_code_bytes(cfg):
    """`assemble_emit`: the instruction stream with EXTENDED_ARG prefixes and caches."""
    out = bytearray()
    for block in cfg.blocks():
        for instr in block.instrs:
            oparg = instr.oparg
            if oparg > 0xFFFFFF:
                out += bytes((EXTENDED_ARG, (oparg >> 24) & 0xFF))
            if oparg > 0xFFFF:
                out += bytes((EXTENDED_ARG, (oparg >> 16) & 0xFF))
            if oparg > 0xFF:
                out += bytes((EXTENDED_ARG, (oparg >> 8) & 0xFF))
            out += bytes((instr.opcode, oparg & 0xFF))
            out += bytes(2 * cache_entries(instr.opcode))
    return bytes(out)


class _LocationWriter:
    """Encodes the location table (`write_location_info_entry` and friends)."""

    def __init__(self, firstlineno):
        self.out = bytearray()
        self.lineno = firstlineno

    def emit(self, loc, size):
        while size > 8:
            self._entry(loc, 8)
            size -= 8
        if size:
            self._entry(loc, size)

    def _first_byte(self, code, length):
        self.out.append(0x80 | (code << 3) | (length - 1))

    def _varint(self, value):
        while value >= 64:
            self.out.append(64 | (value & 63))
            value >>= 6
        self.out.append(value)

    def _svarint(self, value):
        self._varint(((-value) << 1) | 1 if value < 0 else value << 1)

    def _entry(self, loc, size):
        lineno, end_lineno, col, end_col = loc
        if lineno < 0:
            self._first_byte(LOCATION_NONE, size)
            return
        line_delta = lineno - self.lineno
        if col < 0 or end_col < 0:
            if end_lineno == lineno or end_lineno == -1:
                self._first_byte(LOCATION_NO_COLUMNS, size)
                self._svarint(line_delta)
                self.lineno = lineno
                return
        elif end_lineno == lineno:
            if line_delta == 0 and col < 80 and end_col - col < 16 and end_col >= col:
                self._first_byte(LOCATION_SHORT0 + (col >> 3), size)
                self.out.append(((col & 7) << 4) | (end_col - col))
                return
            if 0 <= line_delta < 3 and col < 128 and end_col < 128:
                self._first_byte(LOCATION_ONE_LINE0 + line_delta, size)
                self.out.append(col)
                self.out.append(end_col)
                self.lineno = lineno
                return
        self._first_byte(LOCATION_LONG, size)
        self._svarint(line_delta)
        self._varint(end_lineno - lineno)
        self._varint(col + 1)
        self._varint(end_col + 1)
        self.lineno = lineno


def assemble_location_info(cfg, firstlineno):
    writer = _LocationWriter(firstlineno)
    loc = None
    size = 0
    for block in cfg.blocks():
        for instr in block.instrs:
            if instr.loc != loc:
                if loc is not None:
                    writer.emit(loc, size)
                loc = instr.loc
                size = 0
            size += instr_size(instr.opcode, instr.oparg)
    if loc is not None:
        writer.emit(loc, size)
    return bytes(writer.out)


def _write_exception_item(out, value, msb):
    """Big-endian 6-bit groups, bit 6 meaning "more follows", bit 7 marking an entry start."""
    for shift in (24, 18, 12, 6):
        if value >= 1 << shift:
            out.append(((value >> shift) & 0x3F) | 64 | msb)
            msb = 0
    out.append((value & 0x3F) | msb)


def assemble_exception_table(cfg):
    out = bytearray()
    handler = None
    start = offset = 0
    for block in cfg.blocks():
        offset = block.offset
        for instr in block.instrs:
            if instr.except_ is not handler:
                if handler is not None:
                    _emit_exception_entry(out, start, offset, handler)
                start = offset
                handler = instr.except_
            offset += instr_size(instr.opcode, instr.oparg)
    if handler is not None:
        _emit_exception_entry(out, start, offset, handler)
    return bytes(out)


def _emit_exception_entry(out, start, end, handler):
    depth = handler.startdepth - 1
    if handler.preserve_lasti:
        depth -= 1
    _write_exception_item(out, start, 0x80)
    _write_exception_item(out, end - start, 0)
    _write_exception_item(out, handler.offset, 0)
    _write_exception_item(out, (depth << 1) | handler.preserve_lasti, 0)


def make_code_object(metadata, consts, names, localsplusnames, localspluskinds, cfg,
                     maxdepth, code_flags, filename):
    """`_PyAssemble_MakeCodeObject`."""
    return Code.from_localsplus(
        argcount=metadata.posonlyargcount + metadata.argcount,
        posonlyargcount=metadata.posonlyargcount,
        kwonlyargcount=metadata.kwonlyargcount,
        stacksize=maxdepth,
        flags=code_flags,
        code=assemble_code_bytes(cfg),
        consts=consts,
        names=names,
        localsplusnames=localsplusnames,
        localspluskinds=localspluskinds,
        filename=filename,
        name=metadata.name,
        qualname=metadata.qualname or metadata.name,
        firstlineno=metadata.firstlineno,
        linetable=assemble_location_info(cfg, metadata.firstlineno),
        exceptiontable=assemble_exception_table(cfg),
    )
