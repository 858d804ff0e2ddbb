"""The eval loop (Python/ceval.c).

`run_frame` runs guest frames until the frame it was entered with returns.
Handlers (bytecodes.py) return None to go on, an int to jump, a Frame to
switch to (a guest call, a return to the caller), or EXIT when the entry
frame has finished. So guest-to-guest calls never recurse on the host
stack; only host code calling guest code (`Function.__call__`) enters the
loop again, as CPython's C code re-enters `_PyEval_EvalFrame`.

Exceptions are plain host exceptions raised by handlers. The single
`except` around the dispatch loop is 3.12's `exception_unwind`: it adds the
traceback entry, chains `__context__` to the exception being handled, finds
the handler in the decoded exception table, and otherwise pops the frame
and tries its caller.
"""

from ..objects.traceback import TB_KEY, new_traceback
from .decode import decode
from .frame import FRAME_COMPLETED, FRAME_EXECUTING, NULL, Frame
from ..objects.code import CO_VARARGS, CO_VARKEYWORDS
# At module level: a guest function called while the host shuts down (a
# __repr__ printed for gc.garbage) must not import anything then.
from ..runtime.state import current_tstate

EXIT = object()   # a handler's answer when the entry frame has finished


def run_frame(tstate, f, throw=None):
    """Run `f` (and whatever it calls) until it returns; `_PyEval_EvalFrameDefault`.

    With `throw`, the exception is raised at the frame's current position
    (generator.throw)."""
    f.entry = True
    f.previous = tstate.frame
    depth = tstate.depth + 1
    if depth > tstate.interp.recursion_limit:
        raise RecursionError("maximum recursion depth exceeded")
    tstate.depth = depth
    tstate.frame = f
    f.state = FRAME_EXECUTING
    if tstate.tracing:
        return run_traced(tstate, f, f.pc, throw)
    instrs = f.instrs
    stack = f.stack
    pc = f.pc
    pending, throw = throw, None    # no reference held here once it is raised
    while True:
        try:
            if pending is not None:
                exc, pending = pending, None
                raise exc
            while True:
                handler, arg = instrs[pc]
                pc += 1
                r = handler(f, stack, arg)
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
                instrs = f.instrs
                stack = f.stack
                pc = f.pc
                if tstate.tracing:
                    # sys.settrace/setprofile took effect: go on in the tracing loop.
                    return run_traced(tstate, f, pc, None)
        except BaseException as exc:
            f, pc = unwind(tstate, f, pc, exc)
            instrs = f.instrs
            stack = f.stack


def unwind(tstate, f, pc, exc):
    """`exception_unwind`: find where `exc` is handled, popping frames as needed.

    Returns (frame, pc) of the handler; re-raises to the host when the
    exception leaves the entry frame."""
    if f.state == FRAME_COMPLETED:
        # __init__ returned a value (bytecodes._return): its frame is gone and
        # the exception is raised by the caller's CALL.
        f = f.previous
        pc = f.pc
    decoded = f.code._decoded
    blocks = decoded.blocks
    index = None
    if blocks and pc - 1 in blocks:
        from .superblocks import fault_index
        index = fault_index(decoded, pc - 1, exc)   # which instruction of the superblock raised
    if index is not None:
        pc = index + 1
    else:
        remap = decoded.remap
        if remap and pc - 1 in remap:
            pc = remap[pc - 1] + 1  # the second half of a superinstruction raised
    exc.__traceback__ = None   # host frames of the VM itself are noise to the guest
    f.pc = pc                  # so the frame's f_lineno names where the exception happened
    if tstate.reraise:
        # RERAISE and bare `raise`: the traceback already names this frame, and
        # the handler is looked up where the re-raise happened (as 3.12 does);
        # RERAISE with a saved lasti makes the frame report that instruction.
        tstate.reraise = False
        lasti = tstate.reraise_lasti
        if lasti is not None:
            tstate.reraise_lasti = None
            f.pc = lasti + 1
    else:
        d = exc.__dict__
        if TB_KEY not in d:
            # Raised by host code (an instruction body, a builtin): its context
            # is whatever the guest is handling, as C code's would be in CPython.
            if exc.__cause__ is None:
                exc.__suppress_context__ = False
            exc.__context__ = None
            chain_context(tstate, exc)
        d[TB_KEY] = new_traceback(d.get(TB_KEY), f, 2 * f.decoded.offsets[pc - 1])
        if tstate.tracing:
            exc = trace_exception(tstate, f, pc, exc)
    while True:
        index = pc - 1
        item = f.decoded.handlers[index] if index >= 0 else None
        if item is not None:
            target, depth, lasti = item
            stack = f.stack
            del stack[depth:]
            if lasti:
                stack.append(f.pc - 1)   # the frame's lasti: RERAISE may have restored an older one
            stack.append(exc)
            return f, target
        # No handler here: the frame is finished and the exception moves to its caller.
        if tstate.tracing:
            trace_return(tstate, f, None)
        f.state = FRAME_COMPLETED
        f.stack.clear()
        tstate.frame = f.previous
        tstate.depth -= 1
        if f.special and f.generator is not None:
            f.generator._finished_by(exc)
        if f.entry:
            # The host traceback keeps this frame: drop its references to the
            # exception, or exception -> traceback -> frame -> exception would
            # keep the guest's locals alive until gc when host code swallows it.
            try:
                raise exc
            finally:
                exc = f = None
        f = f.previous
        pc = f.pc
        d = exc.__dict__
        d[TB_KEY] = new_traceback(d.get(TB_KEY), f, 2 * f.decoded.offsets[pc - 1])
        if tstate.tracing:
            exc = trace_exception(tstate, f, pc, exc)


def chain_context(tstate, exc):
    """Set `__context__` to the exception being handled, as `_PyErr_SetObject` does."""
    handled = tstate.handled_exception()
    if handled is None or handled is exc or exc.__context__ is not None:
        return
    set_context(exc, handled)


def set_context(exc, handled):
    """`exc.__context__ = handled`, first breaking a cycle exc -> ... -> handled
    -> ... -> exc that would close; a cycle already in the chain is detected
    with a slower second pointer (Floyd), as _PyErr_SetObject does."""
    node = slow = handled
    toggle = False
    while (context := node.__context__) is not None:
        if context is exc:
            node.__context__ = None
            break
        node = context
        if node is slow:
            break
        if toggle:
            slow = slow.__context__
        toggle = not toggle
    exc.__context__ = handled


# -- calls ------------------------------------------------------------------

def call_function(func, args, kwargs):
    """Host code calling a guest function (`_PyFunction_Vectorcall`)."""
    tstate = current_tstate()
    return run_frame(tstate, make_frame(tstate, func, args, kwargs))


def make_frame(tstate, func, args, kwargs, locals=None):
    """A new frame for `func` with its arguments bound (`_PyEvalFramePushAndInit`)."""
    code = func.code
    frame = Frame(code, func.globals, func.builtins, locals, None, func, tstate)
    nslots = len(code.localsplusnames)
    argcount = code.co_argcount
    if not kwargs and len(args) == argcount and not (code.co_flags & (CO_VARARGS | CO_VARKEYWORDS)) \
            and not code.co_kwonlyargcount:
        fast = list(args)
        if nslots > argcount:
            fast.extend([NULL] * (nslots - argcount))
    else:
        fast = bind_arguments(func, code, args, kwargs, nslots)
    frame.fastlocals = fast
    return frame


def bind_arguments(func, code, args, kwargs, nslots):
    """`initialize_locals`: the general case, with CPython's error messages."""
    fast = [NULL] * nslots
    argcount = code.co_argcount
    posonly = code.co_posonlyargcount
    kwonly = code.co_kwonlyargcount
    flags = code.co_flags
    names = code.localsplusnames
    total = argcount + kwonly
    nargs = len(args)
    qualname = func.__qualname__
    varkw = None
    if flags & CO_VARKEYWORDS:
        varkw = {}
        fast[total + bool(flags & CO_VARARGS)] = varkw
    n = min(nargs, argcount)
    fast[:n] = args[:n]
    if flags & CO_VARARGS:
        fast[total] = tuple(args[argcount:])
    # Keywords are bound before the positional count is checked, so their
    # errors come first, as in initialize_locals.
    if kwargs:
        for key, value in kwargs.items():
            if type(key) is not str and not isinstance(key, str):
                _keywords_must_be_strings()
            try:
                index = names.index(key, posonly, total)
            except ValueError:
                if varkw is None:
                    _check_keywords(kwargs)
                    _unexpected_keyword(qualname, names[:posonly], kwargs, key)
                varkw[key] = value
                continue
            if fast[index] is not NULL:
                _check_keywords(kwargs)
                raise TypeError(f"{qualname}() got multiple values for argument '{key}'")
            fast[index] = value
    if nargs > argcount and not flags & CO_VARARGS:
        _too_many_positional(qualname, code, func, nargs, kwargs)
    if nargs < argcount:
        defaults = func.defaults or ()
        first_default = argcount - len(defaults)
        missing = []
        for i in range(nargs, argcount):
            if fast[i] is NULL:
                if i >= first_default:
                    fast[i] = defaults[i - first_default]
                else:
                    missing.append(names[i])
        if missing:
            _missing(qualname, missing, "positional")
    if kwonly:
        kwdefaults = func.kwdefaults or {}
        missing = []
        for i in range(argcount, total):
            if fast[i] is NULL:
                name = names[i]
                if name in kwdefaults:
                    fast[i] = kwdefaults[name]
                else:
                    missing.append(name)
        if missing:
            _missing(qualname, missing, "keyword-only")
    return fast


def _keywords_must_be_strings():
    """Keywords come from a mapping (`f(**m)`): CPython's call turns it into
    names and values first (`_PyStack_UnpackDict`), refusing any key that is
    not a str before the callee sees one."""
    raise TypeError("keywords must be strings")


def _check_keywords(kwargs):
    """Before a binding error: a non-str key further on is the error CPython reports."""
    if not all(isinstance(key, str) for key in kwargs):
        _keywords_must_be_strings()


def _unexpected_keyword(qualname, posonly_names, kwargs, key):
    """A keyword that names no parameter, without **kwargs: if any keyword
    names a positional-only parameter, that is the error reported
    (`positional_only_passed_as_keyword`, listing them in parameter order)."""
    passed = [name for name in posonly_names if name in kwargs]
    if passed:
        raise TypeError(f"{qualname}() got some positional-only arguments passed as "
                        f"keyword arguments: '{', '.join(passed)}'")
    raise TypeError(f"{qualname}() got an unexpected keyword argument '{key}'")


def _missing(qualname, missing, kind):
    quoted = [f"'{name}'" for name in missing]
    if len(quoted) == 1:
        listed = quoted[0]
    elif len(quoted) == 2:
        listed = f"{quoted[0]} and {quoted[1]}"
    else:
        listed = ", ".join(quoted[:-1]) + f", and {quoted[-1]}"
    plural = "s" if len(missing) > 1 else ""
    raise TypeError(f"{qualname}() missing {len(missing)} required {kind} argument{plural}: {listed}")


def _too_many_positional(qualname, code, func, nargs, kwargs):
    """`too_many_positional` in ceval.c, word for word in its output."""
    argcount = code.co_argcount
    defaults = len(func.defaults or ())
    kwonly_given = sum(1 for name in code.localsplusnames[argcount:argcount + code.co_kwonlyargcount]
                       if kwargs and name in kwargs)
    if defaults:
        sig = f"from {argcount - defaults} to {argcount}"
        plural = True
    else:
        sig = str(argcount)
        plural = argcount != 1
    kwonly_sig = ""
    if kwonly_given:
        kwonly_sig = (f" positional argument{'s' if nargs != 1 else ''} (and {kwonly_given} "
                      f"keyword-only argument{'s' if kwonly_given != 1 else ''})")
    verb = "was" if nargs == 1 and not kwonly_given else "were"
    raise TypeError(f"{qualname}() takes {sig} positional argument{'s' if plural else ''} "
                    f"but {nargs}{kwonly_sig} {verb} given")


def enter_function(caller, func, args, resume_at):
    """CALL of a guest function with positional arguments: the callee's frame, linked."""
    code = func.code
    decoded = code._decoded or decode(code)
    tstate = caller.tstate
    if len(args) == decoded.simple_argcount:
        fast = args + decoded.unbound_rest if decoded.unbound_rest else args
    else:
        fast = bind_arguments(func, code, args, None, len(code.localsplusnames))
    depth = tstate.depth + 1
    if depth > tstate.interp.recursion_limit:
        raise RecursionError("maximum recursion depth exceeded")
    # Frame.__init__'s work, inlined: this is the cost of every guest call.
    new = _new_frame(Frame)
    new.code = code
    new.globals = func.globals
    new.builtins = func.builtins
    new.fastlocals = fast
    new.stack = []
    new.pc = 0
    new.instrs = decoded.instrs
    new.previous = caller
    new.func = func
    new.tstate = tstate
    new.entry = False
    new.state = FRAME_EXECUTING
    new.special = False
    tstate.depth = depth
    caller.pc = resume_at
    tstate.frame = new
    return new


_new_frame = object.__new__


def push_frame(tstate, caller, new, resume_at):
    """Link a guest callee frame for the loop to switch to (no host recursion)."""
    depth = tstate.depth + 1
    if depth > tstate.interp.recursion_limit:
        raise RecursionError("maximum recursion depth exceeded")
    tstate.depth = depth
    caller.pc = resume_at
    new.previous = caller
    new.state = FRAME_EXECUTING
    tstate.frame = new
    return new


from .tracing import run_traced, trace_exception, trace_return  # noqa: E402  (tracing builds on this module)
