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

from sys import _getframe as _host_getframe

from operator import attrgetter as _attrgetter

from .decode import NULL, decode  # noqa: F401  (NULL is re-exported: frames hold it)
from ..objects.getset import audited, dir_listing, getset, type_module
from ..objects.code import CO_FAST_CELL, CO_FAST_FREE, CO_FAST_HIDDEN, CO_FAST_LOCAL, CO_OPTIMIZED



# Frame states, as 3.12's `_framestate`.
FRAME_CREATED = -2
FRAME_SUSPENDED = -1
FRAME_EXECUTING = 0
FRAME_COMPLETED = 1
FRAME_CLEARED = 4


class Frame:
    """An executing guest code object (`_PyInterpreterFrame` + `PyFrameObject`)."""

    # The slots are what every call touches; rarely used state lives in the
    # instance dict, with the class attributes below as defaults, so that
    # making a frame stays cheap.
    __slots__ = (
        "code", "globals", "builtins", "fastlocals", "stack", "pc", "instrs",
        "previous", "func", "tstate", "entry", "state", "special", "__dict__", "__weakref__",
    )

    # innerpy reads the code object from the `code` slot; the guest's
    # `f_code` is read-only and audited (`object.__getattr__`), as 3.12's.
    f_code = audited("f_code", _attrgetter("code"))
    # The eval loop reads `globals` and `builtins`; the guest cannot assign them.
    f_globals = getset(_attrgetter("globals"), name="f_globals")
    f_builtins = getset(_attrgetter("builtins"), name="f_builtins")

    locals = None        # the mapping of module and class bodies; functions have none
    generator = None     # the generator/coroutine owning this frame
    init_self = None     # set when the frame runs __init__ for CALL: return this instead
    _extra = None        # tracing state and the locals snapshot, made on demand

    def __init__(self, code, globals, builtins, locals, fastlocals, func, tstate):
        self.code = code
        self.globals = globals
        self.builtins = builtins
        self.fastlocals = fastlocals
        self.stack = []
        self.pc = 0
        self.instrs = (code._decoded or decode(code)).instrs   # the eval loop's view (vm/decode.py)
        self.previous = None            # the frame that called this one
        self.func = func
        self.tstate = tstate
        self.entry = False              # entered from host code: returning leaves the eval loop
        self.state = FRAME_CREATED
        self.special = False            # a generator's or __init__'s frame: returns need care
        if locals is not None:
            self.locals = locals

    @property
    def decoded(self):
        return self.code._decoded

    def _get_extra(self):
        extra = self._extra
        if extra is None:
            # "event": the trace event being handled for this frame, and "jump":
            # where an assignment to f_lineno moved it (vm/frame_jump.py).
            extra = self._extra = {"f_trace": None, "f_trace_lines": True,
                                   "f_trace_opcodes": False, "locals": None,
                                   "event": None, "jump": None}
        return extra

    f_trace = property(lambda self: self._get_extra()["f_trace"],
                       lambda self, value: self._get_extra().__setitem__("f_trace", value),
                       lambda self: self._get_extra().__setitem__("f_trace", None))
    f_trace_lines = property(lambda self: self._get_extra()["f_trace_lines"],
                             lambda self, value: self._get_extra().__setitem__("f_trace_lines", value),
                             lambda self: _cannot_delete_flag())
    f_trace_opcodes = property(lambda self: self._get_extra()["f_trace_opcodes"],
                               lambda self, value: self._get_extra().__setitem__("f_trace_opcodes", value),
                               lambda self: _cannot_delete_flag())

    # -- the guest-visible frame object -------------------------------------

    @getset
    def f_back(self):
        return self.previous

    @getset
    def f_lasti(self):
        """Byte offset of the instruction running now (or last run)."""
        if self.state == FRAME_CREATED and self.pc == 0:
            return -1
        pc = _live_pc(self) if self.state == FRAME_EXECUTING else self.pc
        offsets = self.decoded.offsets
        index = pc - 1 if pc > 0 else 0
        return 2 * offsets[min(index, len(offsets) - 1)]

    def _get_lineno(self):
        if self.state == FRAME_CREATED and self.pc == 0:
            return self.code.co_firstlineno
        line = self.code._addr2line(self.f_lasti)
        return line if line >= 0 else None

    def _set_lineno(self, value):
        """A debugger's jump, from a trace function (vm/frame_jump.py)."""
        from .frame_jump import set_lineno
        set_lineno(self, value)

    def _del_lineno(self):
        raise AttributeError("cannot delete attribute")

    f_lineno = property(_get_lineno, _set_lineno, _del_lineno)

    @getset
    def f_locals(self):
        """The frame's locals (`_PyFrame_GetLocals` with hidden locals included).

        A module or class body answers its namespace -- or, while an inlined
        comprehension's hidden variables are bound, a copy of it with them
        added (3.12). A function answers a snapshot dict kept on the frame."""
        namespace = self.locals
        if namespace is None:
            return self.fast_to_locals()
        code = self.code
        hidden = None
        for name, kind, value in zip(code.localsplusnames, code.localspluskinds, self.fastlocals):
            if kind & CO_FAST_HIDDEN and value is not NULL:
                if hidden is None:
                    hidden = {}
                hidden[name] = value
        if hidden is None:
            return namespace
        merged = dict(namespace)
        merged.update(hidden)
        return merged

    def fast_to_locals(self):
        """Copy fast locals (and cell contents) into the frame's locals dict (`_PyFrame_FastToLocalsWithError`)."""
        extra = self._get_extra()
        snapshot = extra["locals"]
        if snapshot is None:
            snapshot = extra["locals"] = {}
        code = self.code
        for name, kind, value in zip(code.localsplusnames, code.localspluskinds, self.fastlocals):
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
        """`frame_clear`: a running frame refuses; the frame of a generator
        not yet finished is not emptied but its generator finalised (closed,
        or for a coroutine never started, reported as never awaited)."""
        state = self.state
        if state == FRAME_EXECUTING:
            raise RuntimeError("cannot clear an executing frame")
        generator = self.generator
        if generator is not None and (state == FRAME_SUSPENDED or state == FRAME_CREATED):
            try:
                finalize = generator._finalize
            except ReferenceError:
                finalize = None     # the generator is gone: the frame is on its own
            if finalize is not None:
                finalize()
                return
        self.fastlocals = [NULL] * len(self.fastlocals)
        self.stack = []
        self.state = FRAME_CLEARED

    @property
    def is_optimized(self):
        return bool(self.code.co_flags & CO_OPTIMIZED)

    def __repr__(self):
        code = self.code
        return (f"<frame at {id(self):#x}, file '{code.co_filename}', "
                f"line {self.f_lineno}, code {code.co_name}>")

    __dir__ = dir_listing("clear", "f_back", "f_builtins", "f_code", "f_globals", "f_lasti",
                          "f_lineno", "f_locals", "f_trace", "f_trace_lines", "f_trace_opcodes")


def _cannot_delete_flag():
    raise TypeError("can't delete numeric/char attribute")


Frame.__name__ = Frame.__qualname__ = "frame"
Frame.__module__ = type_module("builtins")


def _live_pc(frame):
    """The instruction pointer of an executing frame.

    CPython stores it in the frame at every instruction; innerpy's eval loop
    keeps it in a local and stores it only at calls, so that dispatch stays
    cheap. While host code called from an instruction looks at the frame (a
    property warning with stacklevel=2, sys._getframe().f_lineno), the loop
    running it is on the host stack: its `pc` local -- or, in a superblock,
    the line being run -- says exactly where the frame is."""
    loops = _LOOP_CODES or _loop_codes()
    host = _host_getframe(2)
    delegated = None
    while host is not None:
        code = host.f_code
        kind = loops.get(code)
        if host is delegated:
            pass                        # handed over to the tracing loop it called
        elif kind is not None or code.co_filename.startswith("<superblock "):
            running, pc = _loop_locals(host)
            if kind == "traced":
                delegated = host.f_back
            if running is frame:
                if kind == "fast":
                    return frame.pc if pc is None else pc
                if kind == "traced":
                    return frame.pc     # the tracing loop keeps it current itself
                return host.f_globals["block_lines"][host.f_lineno] + 1
        host = host.f_back
    return frame.pc      # run by a loop on another thread: as of its last call


def _loop_locals(host):
    """The guest frame a host eval-loop frame is running, and its `pc` local.

    Hosts before 3.13 answer `f_locals` of a running function with a snapshot
    dict that stays attached to the host frame until it is read again. Left
    there, it would keep the guest frames it names (and their locals) alive
    after they return, delaying finalizers, so it is emptied at once."""
    local = host.f_locals
    running, pc = local.get("f"), local.get("pc")
    if type(local) is dict:
        local.clear()
    return running, pc


_LOOP_CODES = {}


def _loop_codes():
    from .ceval import run_frame
    from .tracing import run_traced
    _LOOP_CODES.update({run_frame.__code__: "fast", run_traced.__code__: "traced"})
    return _LOOP_CODES
