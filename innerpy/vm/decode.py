"""Decoding a code object once into the eval loop's form.

CPython's eval loop reads `co_code` two bytes at a time and specialises it
in place. A Python eval loop cannot afford to re-read bytes, EXTENDED_ARG
prefixes and CACHE entries on every execution, so each code object is
decoded once, on first run, into a list of `(handler, arg)` pairs:

- CACHE entries and EXTENDED_ARG prefixes disappear; instruction *indices*
  replace code-unit offsets, and `offsets[index]` maps back (for f_lasti,
  tracebacks, line numbers).
- Each instruction's argument is pre-resolved by its decoder in
  `bytecodes.py`: LOAD_CONST carries the constant, name instructions the
  name, jumps the target index, BINARY_OP the operator function,
  KW_NAMES is folded into the CALL that follows it.
- The exception table becomes one entry per instruction index.

The result hangs on the code object (`code._decoded`), so every frame of
the same code shares it.
"""

from ..objects.code import CO_VARARGS, CO_VARKEYWORDS, parse_exception_table
from ..opcode_metadata import EXTENDED_ARG, INSTRUCTIONS, cache_entries


class _Null:
    """CPython's NULL on the value stack and in unbound locals; never seen by guest code."""

    __slots__ = ()

    def __repr__(self):
        return "<NULL>"


NULL = _Null()


class Decoded:
    __slots__ = ("instrs", "plain", "remap", "offsets", "handlers", "code", "simple_argcount",
                 "unbound_rest", "trace_lines", "warmth", "blocks")

    def __init__(self, code, instrs, offsets, handlers):
        fuse, superblocks = _vm["fuse"], _vm["superblocks"]
        self.code = code
        self.plain = instrs           # [(handler, arg)] by instruction index, one per instruction
        # What the fast loop runs: `plain` with pairs fused into superinstructions;
        # `remap` sends a fault in a fused pair to the instruction that raised.
        self.instrs, self.remap = fuse(instrs)
        self.offsets = offsets        # instruction index -> code unit of its opcode
        self.handlers = handlers      # instruction index -> (target index, depth, lasti) or None
        # Calls with exactly this many positional arguments and nothing else
        # bind by copying (-1: the signature needs the general binder).
        simple = not (code.co_flags & (CO_VARARGS | CO_VARKEYWORDS)) and not code.co_kwonlyargcount
        self.simple_argcount = code.co_argcount if simple else -1
        self.unbound_rest = [NULL] * (len(code.localsplusnames) - code.co_argcount)
        self.trace_lines = None       # per-index lines for sys.settrace, computed on demand
        # Hot code is translated into host functions (vm/superblocks.py): `warmth`
        # counts down entries and back-edges until then, `blocks` holds the result.
        self.warmth = superblocks.CODE_WARMUP
        self.blocks = None
        superblocks.arm(self)


class DecodeContext:
    """What an instruction's decoder may look at."""

    __slots__ = ("code", "index", "next_unit", "index_of", "opcode", "kwnames", "raw")

    def jump(self, unit):
        """The instruction index at code unit `unit`."""
        return self.index_of[unit]


def _scan(raw):
    """Split co_code into (first unit, opcode unit, opcode, oparg, next unit) per instruction."""
    found = []
    units = len(raw) // 2
    unit = 0
    ext = 0
    first = None
    while unit < units:
        opcode = raw[2 * unit]
        oparg = raw[2 * unit + 1] | ext
        if opcode == EXTENDED_ARG:
            ext = oparg << 8
            if first is None:
                first = unit
            unit += 1
            continue
        nxt = unit + 1 + cache_entries(opcode)
        found.append((unit if first is None else first, unit, opcode, oparg, nxt))
        ext = 0
        first = None
        unit = nxt
    return found, units


# What decoding needs from the modules that build on this one, bound on the
# first decode rather than imported at each: a code object may be decoded for
# the first time while the host shuts down (a guest __repr__ printed for
# gc.garbage), when importing no longer works.
_vm = {}


def _bind_vm():
    from . import bytecodes, superblocks
    _vm.update(HANDLERS=bytecodes.HANDLERS, invalid_opcode=bytecodes.invalid_opcode,
               fuse=bytecodes.fuse, superblocks=superblocks)


def decode(code):
    """Decode `code` (once) and return its `Decoded` form."""
    decoded = code._decoded
    if decoded is not None:
        return decoded
    if not _vm:
        _bind_vm()
    HANDLERS, invalid_opcode = _vm["HANDLERS"], _vm["invalid_opcode"]
    scanned, units = _scan(code.co_code)
    index_of = {}
    for index, (first, _, _, _, nxt) in enumerate(scanned):
        for unit in range(first, nxt):
            index_of[unit] = index
    index_of[units] = len(scanned)
    ctx = DecodeContext()
    ctx.code = code
    ctx.index_of = index_of
    ctx.kwnames = None
    instrs = []
    offsets = []
    for index, (_, unit, opcode, oparg, nxt) in enumerate(scanned):
        ctx.index = index
        ctx.next_unit = nxt
        ctx.opcode = opcode
        entry = HANDLERS.get(opcode)
        if entry is None:
            instrs.append((invalid_opcode, opcode))
        else:
            handler, decoder = entry
            instrs.append(decoder(ctx, handler, oparg) if decoder else (handler, oparg))
        offsets.append(unit)
    handlers = [None] * len(scanned)
    for start, end, target, depth, lasti in parse_exception_table(code.co_exceptiontable):
        item = (index_of[target], depth, lasti)
        for unit in range(start, end):
            index = index_of.get(unit)
            if index is not None and offsets[index] == unit:
                handlers[index] = item
    decoded = Decoded(code, instrs, offsets, handlers)
    code._decoded = decoded
    return decoded


def opname_of(opcode):
    instr = INSTRUCTIONS.get(opcode)
    return instr.name if instr else f"<{opcode}>"
