"""sys.settrace and sys.setprofile (Python/legacy_tracing.c, the 3.12 way).

Tracing costs nothing while it is off: the fast loop in ceval.py only checks
`tstate.tracing` when it switches frames and when it enters. Once a trace or
profile function is set, frames run in `run_traced`, the same loop with the
events of 3.12's legacy tracing added around the instructions that cause
them:

- 'call' at RESUME -- a function starting, or a generator resuming; the
  trace function's answer becomes the frame's `f_trace`;
- 'line' before the first instruction of a line, when the previously
  executed instruction of the frame was on another line (or was RESUME),
  or after a backward jump, so a loop on one line reports it each time;
- 'return' at RETURN_VALUE/RETURN_CONST/YIELD_VALUE, and with None when an
  exception leaves the frame;
- 'exception' when an exception is raised in, or passes into, a frame;
- 'opcode' before each instruction when `f_trace_opcodes` is set;
- for the profile function, 'c_call' and 'c_return' (or 'c_exception')
  around calls of C functions.

While a trace function runs, tracing is suspended for its thread
(`trace_depth`), as CPython's `tstate->tracing` does. A trace function that
raises is removed, and its exception continues in the traced frame.

Each call also records on the frame which event it handles, in 3.12's
monitoring terms ("line", "start" or "resume" for 'call', "yield" or
"return" for 'return'...): assigning `f_lineno` (vm/frame_jump.py) is only
allowed for some of them, and when it succeeds the loop goes on at the
instruction it chose, without a 'line' event for it, as 3.12 does.
"""

from .frame import FRAME_EXECUTING


def _lines(f):
    """Per instruction index: its line, and whether it starts a line (cached on the decoded code).

    As in 3.12's instrumentation (`initialize_lines`), an instruction starts a
    line when its line differs from that of the previous instruction that
    could start one, or when something jumps to it (a branch or an exception
    handler). Nothing before the first RESUME starts a line, nor do RESUME,
    END_FOR, END_SEND and END_ASYNC_FOR, and they leave the current line as
    it was: the first instruction after RESUME always starts one.

    Also the indices of JUMP_BACKWARD: after one, the target's line is
    reported again (3.12's JUMP event; JUMP_BACKWARD_NO_INTERRUPT has none)."""
    decoded = f.code._decoded
    table = decoded.trace_lines
    if table is None:
        from ..opcode_metadata import opmap
        from .decode import _scan
        code = f.code
        scanned, _ = _scan(code.co_code)
        never = {opmap[name] for name in ("RESUME", "END_FOR", "END_SEND", "END_ASYNC_FOR")}
        lines = [code._addr2line(2 * offset) for offset in decoded.offsets]
        targets = _jump_targets(code, decoded, scanned)
        starts = []
        current = -1
        traceable = False
        loops = frozenset(index for index, item in enumerate(scanned)
                          if item[2] == opmap["JUMP_BACKWARD"])
        for index, line in enumerate(lines):
            opcode = scanned[index][2]
            traceable = traceable or opcode == opmap["RESUME"]
            if not traceable or opcode in never:
                starts.append(False)
                continue
            starts.append(line >= 0 and (line != current or index in targets))
            current = line
        table = decoded.trace_lines = (lines, starts, loops)
    return table


def _jump_targets(code, decoded, scanned):
    from ..objects.code import parse_exception_table
    from ..opcode_metadata import HAS_JUMP, opmap
    backward = {opmap["JUMP_BACKWARD"], opmap["JUMP_BACKWARD_NO_INTERRUPT"]}
    index_of = {unit: index for index, unit in enumerate(decoded.offsets)}
    targets = set()
    for first, unit, opcode, oparg, nxt in scanned:
        if opcode in HAS_JUMP:
            target = nxt - oparg if opcode in backward else nxt + oparg
            if target in index_of:
                targets.add(index_of[target])
    for _, _, target, _, _ in parse_exception_table(code.co_exceptiontable):
        if target in index_of:
            targets.add(index_of[target])
    return targets


def _call_tracer(tstate, func, frame, event, arg, what):
    """Call a trace or profile function for `event`; `what` is the monitoring event behind it."""
    extra = frame._get_extra()
    outer = extra["event"]
    extra["event"] = what
    tstate.trace_depth += 1
    tstate.tracing = False
    try:
        return func(frame, event, arg)
    except BaseException:
        tstate.tracefunc = None
        raise
    finally:
        extra["event"] = outer
        tstate.trace_depth -= 1
        tstate.update_tracing()


def _take_jump(extra):
    """The instruction index a trace function jumped to by assigning f_lineno, or None."""
    target = extra["jump"]
    extra["jump"] = None
    return target


def trace_call(tstate, f, what="start"):
    """The 'call' event; `what` is "resume" when a generator resumes, "throw" when
    an exception is thrown into it. Returns a jump target or None."""
    if tstate.profilefunc is not None:
        _call_tracer(tstate, tstate.profilefunc, f, "call", None, what)
    if tstate.tracefunc is not None:
        local = _call_tracer(tstate, tstate.tracefunc, f, "call", None, what)
        f.f_trace = local
    extra = f._get_extra()
    extra["last"] = None   # the line event after a call always fires
    return _take_jump(extra)


def trace_return(tstate, f, value, what="return"):
    """The 'return' event: "return" (also as an exception leaves the frame) or "yield".

    Returns where a yielding generator resumes if its trace function jumped, or None."""
    extra = f._extra
    if extra is not None and extra["f_trace"] is not None and tstate.tracefunc is not None:
        f.f_trace = _call_tracer(tstate, extra["f_trace"], f, "return", value, what)
    if tstate.profilefunc is not None:
        _call_tracer(tstate, tstate.profilefunc, f, "return", value, what)
    return _take_jump(extra) if extra is not None else None


def trace_exception(tstate, f, pc, exc):
    """The 'exception' event; returns the exception that goes on unwinding.

    That is `exc`, unless the trace function raised: then its exception
    replaces `exc` in this frame (its handlers may catch it), with neither
    `exc` as its context nor an entry for this frame in its traceback, as
    3.12 does."""
    extra = f._extra
    if extra is None or extra["f_trace"] is None or tstate.tracefunc is None:
        return exc
    from ..objects.traceback import get_traceback
    f.pc = pc
    try:
        f.f_trace = _call_tracer(tstate, extra["f_trace"], f, "exception",
                                 (type(exc), exc, get_traceback(exc)), "raise")
    except BaseException as raised:
        if raised.__context__ is exc:    # the host chained it: the tracer ran under our except
            raised.__context__ = None
        raised.__traceback__ = None
        return raised
    return exc


def _before(tstate, f, index, handler, arg):
    """Events due before instruction `index` runs; returns the index to run (a jump may move it)."""
    from . import bytecodes
    extra = f._get_extra()
    if handler is bytecodes.RESUME:
        f.pc = index + 1
        target = trace_call(tstate, f, "resume" if arg else "start")
        if target is None:
            extra["last"] = index
            return index
        index = target
    local = extra["f_trace"]
    if local is None or tstate.tracefunc is None:
        extra["last"] = index
        return index
    lines, starts, loops = _lines(f)
    if starts[index] and extra["f_trace_lines"]:
        last = extra["last"]
        # A backward jump always reports its target's line again (3.12's JUMP event).
        if last is None or lines[last] != lines[index] or last in loops or \
                f.code._decoded.plain[last][0] is bytecodes.RESUME:
            f.pc = index + 1
            local = f.f_trace = _call_tracer(tstate, local, f, "line", None, "line")
            target = _take_jump(extra)
            if target is not None:
                index = target
    if local is not None and extra["f_trace_opcodes"]:
        f.pc = index + 1
        f.f_trace = _call_tracer(tstate, local, f, "opcode", None, "instruction")
    extra["last"] = index
    return index


def _returning_value(handler, arg, stack):
    from . import bytecodes
    if handler is bytecodes.RETURN_VALUE or handler is bytecodes.YIELD_VALUE:
        return True, stack[-1]
    if handler is bytecodes.RETURN_CONST:
        return True, arg[0]
    return False, None


# What the guest sees as C functions: the host's builtins, and innerpy's own
# host-level functions that stand in for CPython's C ones (sys.setprofile...).
_BUILTIN_TYPES = (type(len), type([].append), type(_call_tracer))


def _builtin_callee(handler, arg, stack):
    """The C function a CALL is about to call, for the profiler's 'c_call' events."""
    from . import bytecodes
    from .decode import NULL
    if handler is bytecodes.CALL_0:
        n = 0
    elif handler is bytecodes.CALL_1:
        n = 1
    elif handler is bytecodes.CALL:
        n = arg[0]
    elif handler is bytecodes.CALL_KW:
        n = arg[0]
    else:
        return None
    if len(stack) < n + 2:
        return None
    callable_, below = stack[-n - 1], stack[-n - 2]
    if below is not NULL:
        callable_ = below
    cls = type(callable_)
    # By name too: innerpy's builtins written in Python take CPython's type name.
    if cls in _BUILTIN_TYPES or cls.__name__ == "builtin_function_or_method":
        return callable_
    return None


def _profiled_builtin_call(tstate, f, handler, arg, stack, builtin):
    """`c_call`, then `c_return` or `c_exception`, around a call of a C function."""
    profile = tstate.profilefunc
    _call_tracer(tstate, profile, f, "c_call", builtin, "c_call")
    try:
        r = handler(f, stack, arg)
    except BaseException:
        if tstate.profilefunc is not None:
            _call_tracer(tstate, tstate.profilefunc, f, "c_exception", builtin, "c_raise")
        raise
    if tstate.profilefunc is not None:
        _call_tracer(tstate, tstate.profilefunc, f, "c_return", builtin, "c_return")
    return r


def _is_generator(receiver):
    from ..objects.generator import Coroutine, Generator
    return type(receiver) is Generator or type(receiver) is Coroutine


def _python_level_next(iterator):
    """Whether the iterator's __next__ is guest code, whose StopIteration 3.12
    reports at FOR_ITER (a C iterator ends without raising one)."""
    from ..objects.function import Function
    return isinstance(getattr(type(iterator), "__next__", None), Function)


def _trace_stop_iteration(tstate, f, pc, value):
    """The 'exception' event of a delegation (`yield from`, `await`, `async for`) that finished.

    3.12 reports the StopIteration that ends it: at SEND when the delegate
    raised it (`monitor_raise`), at END_SEND when the delegate was a generator
    or coroutine (`monitor_stop_iteration`); at FOR_ITER when a __next__
    written in Python raised it. innerpy's SEND and FOR_ITER have consumed
    the exception, or there never was one: the event gets an equivalent one,
    without a traceback (and, after FOR_ITER, without its value). An exception the trace function raises is raised at
    the instruction."""
    stop = StopIteration() if value is None else StopIteration(value)
    raised = trace_exception(tstate, f, pc, stop)
    if raised is not stop:
        raise raised


def run_traced(tstate, f, pc, throw):
    """The eval loop of ceval.run_frame with trace and profile events."""
    from .bytecodes import END_SEND as _END_SEND, FOR_ITER as _FOR_ITER, SEND as _SEND, \
        YIELD_VALUE as _YIELD_VALUE
    from .ceval import EXIT, unwind
    instrs = f.code._decoded.plain   # one instruction at a time: no superinstructions
    stack = f.stack
    pending = throw
    if throw is not None:
        throw = None                      # no reference held here once it is raised
        trace_call(tstate, f, "throw")    # 3.12's PY_THROW: a 'call' event, allowing no jump
    while True:
        try:
            if pending is not None:
                exc, pending = pending, None
                raise exc
            while True:
                handler, arg = instrs[pc]
                # pc moves past the instruction before its events: an exception
                # a trace function raises is raised at this instruction.
                pc += 1
                resume_at = None
                if tstate.tracing:
                    index = _before(tstate, f, pc - 1, handler, arg)
                    if index != pc - 1:
                        pc = index + 1
                        handler, arg = instrs[index]
                    returning, value = _returning_value(handler, arg, stack)
                    if returning:
                        f.pc = pc
                        resume_at = trace_return(
                            tstate, f, value,
                            "yield" if handler is _YIELD_VALUE else "return")
                    if handler is _END_SEND and _is_generator(stack[-2]):
                        _trace_stop_iteration(tstate, f, pc, stack[-1])
                builtin = None
                if handler is _FOR_ITER:
                    iterator = stack[-1]
                if tstate.profilefunc is not None and tstate.tracing:
                    builtin = _builtin_callee(handler, arg, stack)
                if builtin is None:
                    r = handler(f, stack, arg)
                else:
                    r = _profiled_builtin_call(tstate, f, handler, arg, stack, builtin)
                if resume_at is not None:
                    f.pc = resume_at   # the jump chosen at the yield: where the generator resumes
                if r.__class__ is int and tstate.tracing:
                    if handler is _SEND and not _is_generator(stack[-2]):
                        _trace_stop_iteration(tstate, f, pc, stack[-1])
                    elif handler is _FOR_ITER and r == arg[0] and _python_level_next(iterator):
                        _trace_stop_iteration(tstate, f, pc, None)
                if r is None:
                    continue
                if r.__class__ is int:
                    pc = r
                    continue
                if r is EXIT:
                    value = tstate.retval
                    tstate.retval = None
                    return value
                f = r
                instrs = f.code._decoded.plain
                stack = f.stack
                pc = f.pc
                if f.state != FRAME_EXECUTING:
                    f.state = FRAME_EXECUTING
        except BaseException as exc:
            f, pc = unwind(tstate, f, pc, exc)
            instrs = f.code._decoded.plain
            stack = f.stack
