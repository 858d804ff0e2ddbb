"""Frames: one per running (or suspended) guest code object.

CPython 3.12 splits a frame into the interpreter's private
`_PyInterpreterFrame` (locals, value stack, instruction pointer) and the
`PyFrameObject` users see, created lazily. innerpy keeps one object for both:
the eval loop reads its slots directly, and the f_* properties give guest
code (sys._getframe, tracebacks, pdb) 3.12's frame interface.

`fastlocals` is CPython's "localsplus": plain locals, then cells, then free
variables, with NULL for an unbound slot. The value stack is a separate
list, `stack`. `pc` is the index, in the decoded instruction list, of the
next instruction to run; `lasti` is recovered from it.
"""

from .decode import decode
from ..objects.code import CO_FAST_CELL, CO_FAST_FREE, CO_FAST_HIDDEN, CO_FAST_LOCAL, CO_OPTIMIZED


class _Null:
    """CPython's NULL on the value stack and in unbound locals; never seen by guest code."""

    __slots__ = ()

    def __repr__(self):
        return "<NULL>"


NULL = _Null()

# Frame states, as 3.12's `_framestate`.
FRAME_CREATED = -2
FRAME_SUSPENDED = -1
FRAME_EXECUTING = 0
FRAME_COMPLETED = 1
FRAME_CLEARED = 4


class Frame:
    """An executing guest code object (`_PyInterpreterFrame` + `PyFrameObject`)."""

    __slots__ = (
        "f_code", "f_globals", "f_builtins", "locals", "fastlocals", "stack",
        "pc", "instrs", "decoded", "previous", "func", "tstate", "entry", "state", "generator",
        "gen_return_pc", "f_trace", "f_trace_lines", "f_trace_opcodes",
        "_locals_snapshot", "__weakref__",
    )

    def __init__(self, code, globals, builtins, locals, fastlocals, func, tstate):
        self.f_code = code
        self.f_globals = globals
        self.f_builtins = builtins
        self.locals = locals            # the mapping of module and class bodies, else None
        self.fastlocals = fastlocals
        self.stack = []
        self.pc = 0
        self.decoded = decoded = code._decoded or decode(code)
        self.instrs = decoded.instrs    # the eval loop's view of the code (vm/decode.py)
        self.previous = None            # the frame that called this one
        self.func = func
        self.tstate = tstate
        self.entry = False              # entered from host code: returning leaves the eval loop
        self.state = FRAME_CREATED
        self.generator = None           # the generator/coroutine owning this frame
        self.gen_return_pc = 0          # where an inlined generator's caller resumes on return
        self.f_trace = None
        self.f_trace_lines = True
        self.f_trace_opcodes = False
        self._locals_snapshot = None

    # -- the guest-visible frame object -------------------------------------

    @property
    def f_back(self):
        return self.previous

    @property
    def f_lasti(self):
        """Byte offset of the instruction running now (or last run)."""
        if self.state == FRAME_CREATED and self.pc == 0:
            return -1
        offsets = self.decoded.offsets
        index = self.pc - 1 if self.pc > 0 else 0
        return 2 * offsets[min(index, len(offsets) - 1)]

    @property
    def f_lineno(self):
        if self.state == FRAME_CREATED and self.pc == 0:
            return self.f_code.co_firstlineno
        line = self.f_code._addr2line(self.f_lasti)
        return line if line >= 0 else None

    @property
    def f_locals(self):
        """The locals mapping; for functions a dict snapshot kept on the frame (3.12 semantics)."""
        if self.locals is not None:
            return self.locals
        return self.fast_to_locals()

    def fast_to_locals(self):
        """Copy fast locals (and cell contents) into the frame's locals dict (`_PyFrame_FastToLocalsWithError`)."""
        snapshot = self._locals_snapshot
        if snapshot is None:
            snapshot = self._locals_snapshot = {}
        code = self.f_code
        for name, kind, value in zip(code.localsplusnames, code.localspluskinds, self.fastlocals):
            if kind & CO_FAST_HIDDEN:
                continue
            if kind & (CO_FAST_CELL | CO_FAST_FREE) and value is not NULL and not (
                    kind & CO_FAST_LOCAL and self.state == FRAME_CREATED):
                try:
                    value = value.cell_contents
                except ValueError:
                    value = NULL
            if value is NULL:
                snapshot.pop(name, None)
            else:
                snapshot[name] = value
        return snapshot

    def clear(self):
        if self.state == FRAME_EXECUTING:
            raise RuntimeError("cannot clear an executing frame")
        if self.generator is not None and self.state == FRAME_SUSPENDED:
            self.generator.close()
        self.fastlocals = [NULL] * len(self.fastlocals)
        self.stack = []
        self.state = FRAME_CLEARED

    @property
    def is_optimized(self):
        return bool(self.f_code.co_flags & CO_OPTIMIZED)

    def __repr__(self):
        code = self.f_code
        return (f"<frame at {id(self):#x}, file '{code.co_filename}', "
                f"line {self.f_lineno}, code {code.co_name}>")


Frame.__name__ = Frame.__qualname__ = "frame"
