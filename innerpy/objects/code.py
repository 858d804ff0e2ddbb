"""Code objects with CPython 3.12's interface (Objects/codeobject.c).

A code object is immutable compiled code: 3.12 bytecode with its inline
CACHE entries (`co_code`), the location table (`co_linetable`, PEP 626/657
format) and the zero-cost exception table (`co_exceptiontable`). Like
CPython, it keeps its local variables as one "localsplus" array of names
with a kind byte each (plain local, cell, free, hidden), from which
co_varnames, co_cellvars and co_freevars are derived.

The VM never interprets `co_code` directly on the hot path: it decodes it
once into its own form and keeps that on the code object (`_decoded`).
"""

import sys

from ..runtime.audit import audit
from .getset import dir_listing, type_module

# Kinds of a localsplus slot (Include/internal/pycore_code.h).
CO_FAST_HIDDEN = 0x10
CO_FAST_LOCAL = 0x20
CO_FAST_CELL = 0x40
CO_FAST_FREE = 0x80

# co_flags (Include/cpython/code.h).
CO_OPTIMIZED = 0x0001
CO_NEWLOCALS = 0x0002
CO_VARARGS = 0x0004
CO_VARKEYWORDS = 0x0008
CO_NESTED = 0x0010
CO_GENERATOR = 0x0020
CO_NOFREE = 0x0040
CO_COROUTINE = 0x0080
CO_ITERABLE_COROUTINE = 0x0100
CO_ASYNC_GENERATOR = 0x0200
CO_FUTURE_DIVISION = 0x20000
CO_FUTURE_ABSOLUTE_IMPORT = 0x40000
CO_FUTURE_WITH_STATEMENT = 0x80000
CO_FUTURE_PRINT_FUNCTION = 0x100000
CO_FUTURE_UNICODE_LITERALS = 0x200000
CO_FUTURE_BARRY_AS_BDFL = 0x400000
CO_FUTURE_GENERATOR_STOP = 0x800000
CO_FUTURE_ANNOTATIONS = 0x1000000

# Location table entry codes (Include/internal/pycore_code.h, _PyCodeLocationInfoKind).
LOCATION_SHORT0 = 0
LOCATION_ONE_LINE0 = 10
LOCATION_ONE_LINE1 = 11
LOCATION_ONE_LINE2 = 12
LOCATION_NO_COLUMNS = 13
LOCATION_LONG = 14
LOCATION_NONE = 15


class Code:
    """A 3.12 code object. Construct with `Code.from_localsplus` (the compiler)
    or with CodeType's positional signature (`types.CodeType(...)` in the guest)."""

    __slots__ = (
        "co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_stacksize",
        "co_flags", "co_firstlineno", "co_code", "co_consts", "co_names",
        "co_filename", "co_name", "co_qualname", "co_linetable", "co_exceptiontable",
        "localsplusnames", "localspluskinds",
        "co_varnames", "co_cellvars", "co_freevars", "co_nlocals",
        "_decoded", "_hash", "__weakref__",
    )

    def __init__(self, argcount, posonlyargcount, kwonlyargcount, nlocals, stacksize,
                 flags, codestring, constants, names, varnames, filename, name,
                 qualname, firstlineno, linetable, exceptiontable,
                 freevars=(), cellvars=()):
        audit("code.__new__", codestring, filename, name, argcount, posonlyargcount,
              kwonlyargcount, nlocals, stacksize, flags)
        names_plus, kinds = _localsplus_from_parts(varnames, cellvars, freevars)
        if nlocals != len(varnames):
            raise ValueError("code: co_nlocals != len(co_varnames)")
        self._init(argcount, posonlyargcount, kwonlyargcount, stacksize, flags,
                   codestring, constants, names, names_plus, kinds, filename, name,
                   qualname, firstlineno, linetable, exceptiontable)

    @classmethod
    def from_localsplus(cls, *, argcount, posonlyargcount, kwonlyargcount, stacksize,
                        flags, code, consts, names, localsplusnames, localspluskinds,
                        filename, name, qualname, firstlineno, linetable, exceptiontable):
        """The assembler's constructor (`_PyCode_New` with a `_PyCodeConstructor`).

        The compiler's names are identifiers the 3.12 parser interned
        (`_PyPegen_new_identifier`) or static strings (`<module>`, `<lambda>`),
        and a top-level qualname is the name itself: interned, so immortal."""
        name = sys.intern(name)
        if qualname == name:
            qualname = name
        self = cls.__new__(cls)
        self._init(argcount, posonlyargcount, kwonlyargcount, stacksize, flags, code,
                   consts, names, tuple(localsplusnames), bytes(localspluskinds),
                   filename, name, qualname, firstlineno, linetable, exceptiontable)
        return self

    def _init(self, argcount, posonlyargcount, kwonlyargcount, stacksize, flags, code,
              consts, names, localsplusnames, localspluskinds, filename, name, qualname,
              firstlineno, linetable, exceptiontable):
        self.co_argcount = argcount
        self.co_posonlyargcount = posonlyargcount
        self.co_kwonlyargcount = kwonlyargcount
        self.co_stacksize = stacksize
        self.co_flags = flags
        self.co_code = bytes(code)
        self.co_consts = _intern_string_constants(tuple(consts))
        self.co_names = tuple(sys.intern(n) for n in names)
        self.co_filename = filename
        self.co_name = name
        self.co_qualname = qualname
        self.co_firstlineno = firstlineno
        self.co_linetable = bytes(linetable)
        self.co_exceptiontable = bytes(exceptiontable)
        self.localsplusnames = tuple(sys.intern(n) for n in localsplusnames)
        self.localspluskinds = localspluskinds
        pairs = list(zip(self.localsplusnames, localspluskinds))
        self.co_varnames = tuple(n for n, k in pairs if k & CO_FAST_LOCAL)
        self.co_cellvars = tuple(n for n, k in pairs if k & CO_FAST_CELL)
        self.co_freevars = tuple(n for n, k in pairs if k & CO_FAST_FREE)
        self.co_nlocals = len(self.co_varnames)
        self._decoded = None
        self._hash = None

    # -- derived views ------------------------------------------------------

    @property
    def co_nlocalsplus(self):
        return len(self.localsplusnames)

    @property
    def co_lnotab(self):
        """The pre-3.10 line number table, rebuilt from co_lines() as 3.12 does."""
        out = bytearray()
        last_offset, last_line = 0, self.co_firstlineno
        for start, _end, line in self.co_lines():
            if line is None:
                continue
            offset_delta, line_delta = start - last_offset, line - last_line
            while offset_delta > 255:
                out += bytes((255, 0))
                offset_delta -= 255
            while line_delta > 127 or line_delta < -128:
                step = 127 if line_delta > 0 else -128
                out += bytes((offset_delta, step & 0xFF))
                offset_delta, line_delta = 0, line_delta - step
            out += bytes((offset_delta, line_delta & 0xFF))
            last_offset, last_line = start, line
        return bytes(out)

    @property
    def _co_code_adaptive(self):
        return self.co_code

    def _varname_from_oparg(self, oparg):
        """The local, cell or free variable an instruction's oparg names (used by dis)."""
        return self.localsplusnames[oparg]

    __dir__ = dir_listing(
        "_co_code_adaptive", "_varname_from_oparg", "co_argcount", "co_cellvars", "co_code",
        "co_consts", "co_exceptiontable", "co_filename", "co_firstlineno", "co_flags",
        "co_freevars", "co_kwonlyargcount", "co_lines", "co_linetable", "co_lnotab", "co_name",
        "co_names", "co_nlocals", "co_positions", "co_posonlyargcount", "co_qualname",
        "co_stacksize", "co_varnames", "replace")

    def co_lines(self):
        """(start, end, line) byte ranges; consecutive equal lines merged, as 3.12 does."""
        ranges = iter(_address_ranges(self.co_linetable, self.co_firstlineno))
        current = next(ranges, None)
        while current is not None:
            start, end, line = current
            following = next(ranges, None)
            while following is not None and following[2] == line:
                end = following[1]
                following = next(ranges, None)
            yield start, end, (None if line < 0 else line)
            current = following

    def co_positions(self):
        """(line, end_line, col, end_col) for every code unit, caches included."""
        for start, end, position in _positions(self.co_linetable, self.co_firstlineno):
            for _ in range(start, end, 2):
                yield position

    def _addr2line(self, offset):
        """Line of the instruction at byte `offset` (`PyCode_Addr2Line`), or -1."""
        for start, end, line in _address_ranges(self.co_linetable, self.co_firstlineno):
            if start <= offset < end:
                return line
        return -1

    def _position(self, offset):
        """Full position of the instruction at byte `offset` (`PyCode_Addr2Location`)."""
        for start, end, position in _positions(self.co_linetable, self.co_firstlineno):
            if start <= offset < end:
                return position
        return (None, None, None, None)

    def co_exception_entries(self):
        """Decoded exception table: (start, end, target, depth, lasti) in code units."""
        return parse_exception_table(self.co_exceptiontable)

    # -- object protocol ------------------------------------------------------

    def replace(self, **changes):
        """A copy with some co_* fields changed (`code.replace`)."""
        fields = {
            "co_argcount": self.co_argcount, "co_posonlyargcount": self.co_posonlyargcount,
            "co_kwonlyargcount": self.co_kwonlyargcount, "co_nlocals": self.co_nlocals,
            "co_stacksize": self.co_stacksize, "co_flags": self.co_flags,
            "co_firstlineno": self.co_firstlineno, "co_code": self.co_code,
            "co_consts": self.co_consts, "co_names": self.co_names,
            "co_varnames": self.co_varnames, "co_freevars": self.co_freevars,
            "co_cellvars": self.co_cellvars, "co_filename": self.co_filename,
            "co_name": self.co_name, "co_qualname": self.co_qualname,
            "co_linetable": self.co_linetable, "co_exceptiontable": self.co_exceptiontable,
        }
        for key, value in changes.items():
            if key not in fields:
                raise TypeError(f"replace() got an unexpected keyword argument '{key}'")
            fields[key] = value
        layout_changed = any(k in changes for k in ("co_varnames", "co_cellvars", "co_freevars"))
        if not layout_changed:
            audit("code.__new__", fields["co_code"], fields["co_filename"], fields["co_name"],
                  fields["co_argcount"], fields["co_posonlyargcount"], fields["co_kwonlyargcount"],
                  fields["co_nlocals"], fields["co_stacksize"], fields["co_flags"])
            new = Code.from_localsplus(
                argcount=fields["co_argcount"], posonlyargcount=fields["co_posonlyargcount"],
                kwonlyargcount=fields["co_kwonlyargcount"], stacksize=fields["co_stacksize"],
                flags=fields["co_flags"], code=fields["co_code"], consts=fields["co_consts"],
                names=fields["co_names"], localsplusnames=self.localsplusnames,
                localspluskinds=self.localspluskinds, filename=fields["co_filename"],
                name=fields["co_name"], qualname=fields["co_qualname"],
                firstlineno=fields["co_firstlineno"], linetable=fields["co_linetable"],
                exceptiontable=fields["co_exceptiontable"])
            return new
        return Code(fields["co_argcount"], fields["co_posonlyargcount"],
                    fields["co_kwonlyargcount"], fields["co_nlocals"], fields["co_stacksize"],
                    fields["co_flags"], fields["co_code"], fields["co_consts"],
                    fields["co_names"], fields["co_varnames"], fields["co_filename"],
                    fields["co_name"], fields["co_qualname"], fields["co_firstlineno"],
                    fields["co_linetable"], fields["co_exceptiontable"],
                    fields["co_freevars"], fields["co_cellvars"])

    def _key(self):
        return (self.co_name, self.co_qualname, self.co_argcount, self.co_posonlyargcount,
                self.co_kwonlyargcount, self.co_flags, self.co_firstlineno, self.co_code,
                _consts_key(self.co_consts), self.co_names, self.localsplusnames,
                self.localspluskinds, self.co_linetable, self.co_exceptiontable)

    def _state(self):
        """Everything the compiler produced, for innerpy's bytecode cache (see `code_from_state`).

        Guest code cannot pickle code objects, as in CPython; the cache pickles
        them with its own dispatch table."""
        return (self.co_argcount, self.co_posonlyargcount, self.co_kwonlyargcount,
                self.co_stacksize, self.co_flags, self.co_code, self.co_consts, self.co_names,
                self.localsplusnames, self.localspluskinds, self.co_filename, self.co_name,
                self.co_qualname, self.co_firstlineno, self.co_linetable, self.co_exceptiontable)

    def __eq__(self, other):
        if not isinstance(other, Code):
            return NotImplemented
        return self is other or self._key() == other._key()

    def __hash__(self):
        if self._hash is None:
            self._hash = hash((self.co_name, self.co_code, self.co_names, self.localsplusnames))
        return self._hash

    def __repr__(self):
        line = self.co_firstlineno
        return (f'<code object {self.co_name} at {id(self):#x}, file "{self.co_filename}", '
                f"line {line if line else -1}>")

    def __reduce__(self):
        # object_getstate_default's message for a variable-size type.
        raise TypeError("cannot pickle code objects")


Code.__name__ = "code"
Code.__module__ = type_module("builtins")
# Guest `inspect` sees innerpy's host-level methods as builtins, which need
# a text signature (unittest.mock reads CodeType.__init__'s at import).
Code.__init__.__text_signature__ = "($self, /, *args, **kwargs)"
Code.__qualname__ = "code"


def code_from_state(argcount, posonlyargcount, kwonlyargcount, stacksize, flags, code, consts,
                     names, localsplusnames, localspluskinds, filename, name, qualname,
                     firstlineno, linetable, exceptiontable):
    return Code.from_localsplus(
        argcount=argcount, posonlyargcount=posonlyargcount, kwonlyargcount=kwonlyargcount,
        stacksize=stacksize, flags=flags, code=code, consts=consts, names=names,
        localsplusnames=localsplusnames, localspluskinds=localspluskinds, filename=filename,
        name=name, qualname=qualname, firstlineno=firstlineno, linetable=linetable,
        exceptiontable=exceptiontable)


_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _intern_string_constants(consts):
    """`intern_string_constants` (Objects/codeobject.c): string constants made
    only of ASCII name characters are interned, inside tuples and frozensets
    too, so that they are shared with the names that spell them -- and, in
    3.12, immortal (`sys.getrefcount('abc')` is 4294967295). Cached code goes
    through here as it is loaded, so interning survives the bytecode cache.
    Returns `consts` itself when nothing changed."""
    changed = False
    out = []
    for const in consts:
        kind = type(const)
        if kind is str:
            if _NAME_CHARS.issuperset(const):
                interned = _intern_name_chars(const)
                changed = changed or interned is not const
                const = interned
        elif kind is tuple:
            inner = _intern_string_constants(const)
            changed = changed or inner is not const
            const = inner
        elif kind is frozenset:
            items = tuple(const)
            inner = _intern_string_constants(items)
            if inner is not items:
                changed = True
                const = frozenset(inner)
        out.append(const)
    return tuple(out) if changed else consts


def _intern_name_chars(string):
    """The canonical copy of a name-character string. A one-character string is
    the host's shared Latin-1 character: on 3.11 and 3.12 hosts the intern table
    may hold another copy (deep-frozen code put it there), and the guest must
    get the one object that `chr`, decoding and cross-interpreter data hand
    out, as 3.13's interning does (`_PyUnicode_InternInPlace`)."""
    if len(string) == 1:
        return chr(ord(string))
    return sys.intern(string)


def _consts_key(consts):
    """Constants compared by type and value, as CPython's code equality does (0 != 0.0, -0.0 != 0.0)."""
    return tuple(_const_key(c) for c in consts)


def _const_key(value):
    if isinstance(value, (tuple, frozenset)):
        return (type(value), tuple(_const_key(v) for v in value))
    if isinstance(value, float):
        return (float, value, repr(value))
    if isinstance(value, complex):
        return (complex, value, repr(value))
    return (type(value), value)


def _localsplus_from_parts(varnames, cellvars, freevars):
    """CodeType's constructor layout: locals, then cells not also locals, then frees."""
    names = list(varnames)
    kinds = [CO_FAST_LOCAL] * len(names)
    for cell in cellvars:
        if cell in varnames:
            kinds[names.index(cell)] |= CO_FAST_CELL
        else:
            names.append(cell)
            kinds.append(CO_FAST_CELL)
    names.extend(freevars)
    kinds.extend([CO_FAST_FREE] * len(freevars))
    return tuple(names), bytes(kinds)


# -- the location table (Objects/locations.md) -------------------------------

def _read_varint(table, index):
    value = table[index] & 63
    shift = 0
    while table[index] & 64:
        index += 1
        shift += 6
        value |= (table[index] & 63) << shift
    return value, index + 1


def _read_svarint(table, index):
    value, index = _read_varint(table, index)
    return (-(value >> 1) if value & 1 else value >> 1), index


def _entries(table, firstlineno):
    """Yield (start, end, line, end_line, col, end_col) per location entry.

    Offsets are in bytes; line is -1 and the rest None where the entry
    carries no location (LOCATION_NONE).
    """
    index, offset, line = 0, 0, firstlineno
    size = len(table)
    while index < size:
        first = table[index]
        code = (first >> 3) & 15
        length = (first & 7) + 1
        index += 1
        end = offset + 2 * length
        if code == LOCATION_NONE:
            yield offset, end, -1, None, None, None
        elif code == LOCATION_LONG:
            delta, index = _read_svarint(table, index)
            line += delta
            end_delta, index = _read_varint(table, index)
            col, index = _read_varint(table, index)
            end_col, index = _read_varint(table, index)
            yield offset, end, line, line + end_delta, col - 1 if col else None, end_col - 1 if end_col else None
        elif code == LOCATION_NO_COLUMNS:
            delta, index = _read_svarint(table, index)
            line += delta
            yield offset, end, line, line, None, None
        elif code >= LOCATION_ONE_LINE0:
            line += code - LOCATION_ONE_LINE0
            col, end_col = table[index], table[index + 1]
            index += 2
            yield offset, end, line, line, col, end_col
        else:
            second = table[index]
            index += 1
            col = code * 8 + ((second >> 4) & 7)
            yield offset, end, line, line, col, col + (second & 15)
        offset = end


def _address_ranges(table, firstlineno):
    for start, end, line, _end_line, _col, _end_col in _entries(table, firstlineno):
        yield start, end, line


def _positions(table, firstlineno):
    for start, end, line, end_line, col, end_col in _entries(table, firstlineno):
        yield start, end, ((None if line < 0 else line), end_line, col, end_col)


# -- the exception table (Objects/exception_handling_notes.txt) --------------

def parse_exception_table(table):
    """Decode 3.12's exception table into (start, end, target, depth, lasti) tuples.

    Offsets are in code units. Each entry is four varints (start, length,
    target, depth<<1|lasti), the first flagged by bit 7; the varints here
    are big-endian 6-bit groups with bit 6 as "more follows".
    """
    entries = []
    index, size = 0, len(table)

    def read():
        nonlocal index
        byte = table[index]
        value = byte & 63
        index += 1
        while byte & 64:
            byte = table[index]
            value = (value << 6) | (byte & 63)
            index += 1
        return value

    while index < size:
        start = read()
        length = read()
        target = read()
        depth_lasti = read()
        entries.append((start, start + length, target, depth_lasti >> 1, bool(depth_lasti & 1)))
    return entries
