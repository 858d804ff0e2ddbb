"""Generators and coroutines (Objects/genobject.c).

A generator owns a suspended frame. Resuming it -- from host code
(`next()`, `send`, `throw`, `close`, a `for` loop, asyncio) or from guest
code through FOR_ITER/SEND -- runs that frame with `run_frame` until it
yields (YIELD_VALUE hands the value back) or finishes. While it runs, its
own handled-exception entry is linked on top of the thread's, as CPython
links `gi_exc_state`, so `sys.exception()` inside a generator is right.
"""

import gc as _gc
import sys as _host_sys
from operator import attrgetter as _attrgetter
from weakref import proxy as _weak_proxy

from .getset import audited, dir_listing, getset, type_module

from ..runtime.state import ExcInfo, current_tstate
from ..vm.ceval import EXIT, run_frame, set_context
from ..vm.frame import FRAME_COMPLETED, FRAME_CLEARED, FRAME_CREATED, FRAME_EXECUTING, FRAME_SUSPENDED

CO_COROUTINE = 0x80
CO_ITERABLE_COROUTINE = 0x100
CO_ASYNC_GENERATOR = 0x200


def install_names(cls, what):
    """Give a generator type its `__name__` and `__qualname__` getsets
    (gen_get_name/gen_set_name): reads go straight to a slot through a C
    attrgetter; a new value must be a string, and deleting is refused.

    A class namespace cannot hold them: type() takes `__qualname__` out of it
    as the class's own qualified name, and assigning either on the class sets
    the type's name. So they go into the dict behind the class's mappingproxy
    (its one referent), and the type attribute assignment that follows in
    this module invalidates the type's attribute cache."""
    def setter(attr, slot):
        def set_name(gen, value=None):    # no value: a delete, refused the same way
            if not isinstance(value, str):
                raise TypeError(f"{attr} must be set to a string object")
            setattr(gen, slot, value)
        return set_name
    namespace = _gc.get_referents(cls.__dict__)[0]
    for attr, slot, doc in (("__name__", "_name", f"name of the {what}"),
                            ("__qualname__", "_qualname", f"qualified name of the {what}")):
        namespace[attr] = property(_attrgetter(slot), setter(attr, slot), setter(attr, slot), doc)


# How a generator running inline was resumed (`_inline_mode`).
BY_FOR_ITER = 0
BY_SEND = 1
BY_CALL = 2


def resumable_inline(gen, sent):
    """Can a guest call of `gen.send(sent)` or `next(gen)` run the generator's
    frame in the eval loop? Otherwise `_resume` does, with its errors."""
    return (type(gen) is Generator and not gen._running and not gen._finished
            and (sent is None or gen._frame.state != FRAME_CREATED))


class _GeneratorBase:
    __slots__ = ("_frame", "_code", "_name", "_qualname", "_exc", "_running",
                 "_finished", "_value", "_inline", "_exhausted_at", "_inline_mode", "_weak",
                 "__weakref__")

    _kind = "generator"

    def __init__(self, frame):
        func = frame.func
        self._frame = frame
        self._code = frame.code
        self._name = func.__name__ if func is not None else frame.code.co_name
        self._qualname = func.__qualname__ if func is not None else frame.code.co_qualname
        self._exc = ExcInfo()
        self._running = False
        self._finished = False
        self._value = None
        self._inline = False         # resumed by the eval loop itself (FOR_ITER), not by host code
        self._exhausted_at = 0       # where an inline FOR_ITER/SEND goes on when the generator ends
        self._inline_mode = BY_FOR_ITER   # which instruction resumed it inline
        # The frame points back at its generator strongly only while it runs;
        # suspended, through a weak proxy. A dropped generator therefore has
        # no reference cycle and is finalised at once (closed, its `finally`
        # blocks run), as on CPython, rather than at the next gc.collect().
        self._weak = frame.generator = _weak_proxy(self)
        frame.special = True

    # -- called by the eval loop -------------------------------------------

    def _yield(self, f, value):
        f.state = FRAME_SUSPENDED
        f.generator = self._weak
        tstate = f.tstate
        caller = f.previous
        f.previous = None       # a suspended frame has no f_back
        tstate.frame = caller
        tstate.depth -= 1
        if f.entry:
            tstate.retval = value
            return EXIT
        if self._inline:
            self._leave_inline(tstate)
        caller.stack.append(value)
        return caller

    def _returned(self, value):
        self._finished = True
        self._value = value
        self._frame = None      # a finished generator lets go of its frame and locals

    def _finished_by(self, exc):
        self._finished = True
        if self._inline:
            self._leave_inline(self._frame.tstate)
        self._frame = None

    # -- resumption by the eval loop (FOR_ITER, SEND, CALL) -------------------

    def _enter_inline(self, caller, exhausted_at, resume_at, sent=None, mode=BY_FOR_ITER):
        """Resume as a callee frame of `caller` (3.12's FOR_ITER_GEN and SEND_GEN,
        and a guest call of `gen.send(value)` or `next(gen)`): no host recursion
        per item. `sent` is the value the frame resumes with."""
        f = self._frame
        tstate = caller.tstate
        depth = tstate.depth + 1
        if depth > tstate.interp.recursion_limit:
            raise RecursionError("maximum recursion depth exceeded")
        tstate.depth = depth
        f.stack.append(sent)
        self._inline_mode = mode
        item = self._exc
        item.previous = tstate.exc_info
        tstate.exc_info = item
        self._running = True
        self._inline = True
        self._exhausted_at = exhausted_at
        caller.pc = resume_at
        f.tstate = tstate
        f.previous = caller
        f.entry = False
        f.state = FRAME_EXECUTING
        f.generator = self
        tstate.frame = f
        return f

    def _leave_inline(self, tstate):
        item = self._exc
        tstate.exc_info = item.previous
        item.previous = None
        self._running = False
        self._inline = False

    def _return_inline(self, f, value):
        """The generator finished: a FOR_ITER loop ends (as on StopIteration), a
        SEND gets the return value (the value of `yield from`/`await`), and the
        CALL of `send`/`next` raises StopIteration -- the generator's frame is
        already gone, so the exception is the caller's, at its CALL."""
        tstate = f.tstate
        self._leave_inline(tstate)
        caller = f.previous
        mode = self._inline_mode
        if mode == BY_CALL:
            raise StopIteration if value is None else StopIteration(value)
        if mode == BY_SEND:
            caller.stack.append(value)
        else:
            caller.stack.pop()
        caller.pc = self._exhausted_at
        return caller

    # -- resumption ----------------------------------------------------------

    def _resume(self, value, throw=None):
        """`gen_send_ex2`: run the frame until it yields, returns or raises."""
        f = self._frame
        if self._running:
            raise ValueError(f"{self._kind} already executing")
        if self._finished or f is None:
            if self._kind == "coroutine":
                raise RuntimeError("cannot reuse already awaited coroutine")
            if throw is not None:
                raise throw
            raise StopIteration
        if f.state == FRAME_CREATED and value is not None and throw is None:
            raise TypeError(f"can't send non-None value to a just-started {self._kind}")
        # What the frame resumes with, thrown into or not (gen_send_ex2): a
        # `yield from` that a throw finishes (CLEANUP_THROW) finds it there.
        f.stack.append(value)
        tstate = current_tstate()
        f.tstate = tstate
        item = self._exc
        item.previous = tstate.exc_info
        tstate.exc_info = item
        self._running = True
        f.generator = self
        if throw is not None and item.value is not None:
            _chain_stack_item(item.value, throw)
        try:
            result = run_frame(tstate, f, throw)
        finally:
            f.generator = self._weak
            self._running = False
            tstate.exc_info = item.previous
            item.previous = None
        if self._finished:
            self._release()
            if result is None:
                raise StopIteration
            raise StopIteration(result)
        return result

    def _release(self):
        """The generator is done with its frame (finished, or closed before it started)."""
        f = self._frame
        if f is not None and f.state == FRAME_CREATED:
            f.state = FRAME_CLEARED
        self._frame = None

    def send(self, value):
        """send(arg) -> send 'arg' into generator,
return next yielded value or raise StopIteration."""
        return self._resume(value)

    def _delegate(self):
        """`_PyGen_yf`: the iterator this generator is suspended in (yield from/await)."""
        f = self._frame
        if f is None or self._finished or f.state != FRAME_SUSPENDED:
            return None
        from ..vm.bytecodes import RESUME
        handler, where = f.code._decoded.plain[f.pc]
        if handler is RESUME and where >= 2 and f.stack:
            return f.stack[-1]
        return None

    def throw(self, *args):
        """throw(value)
throw(type[,value[,traceback]])

Raise exception in generator, return next yielded value or raise
StopIteration.
the (type, val, tb) signature is deprecated, 
and may be removed in a future version of Python."""
        return self._throw(exception_to_throw("throw", args))

    def _throw(self, exc):
        delegate = self._delegate()
        if delegate is not None:
            if isinstance(exc, GeneratorExit):
                self._running = True
                try:
                    _close_iter(delegate)
                except BaseException as error:
                    self._running = False
                    return self._resume(None, error)
                self._running = False
            else:
                self._running = True
                try:
                    if isinstance(delegate, _GeneratorBase):
                        return self._throw_into(delegate, exc)
                    throw = getattr(delegate, "throw", None)
                    if throw is None:
                        self._running = False
                        return self._resume(None, exc)
                    return throw(exc)
                except BaseException as error:
                    self._running = False
                    return self._resume(None, error)
                finally:
                    self._running = False
        return self._resume(None, exc)

    def _throw_into(self, delegate, exc):
        """Throw into a generator or coroutine delegate as `_gen_throw` does:
        this generator's frame is the current one meanwhile, so it is the
        delegate's f_back and stack traces show both."""
        f = self._frame
        tstate = current_tstate()
        caller = tstate.frame
        f.previous = caller
        tstate.frame = f
        try:
            return delegate._throw(exc)
        finally:
            tstate.frame = caller
            f.previous = None

    def close(self):
        """close() -> raise GeneratorExit inside generator."""
        f = self._frame
        if self._finished or f is None:
            return None
        if f.state == FRAME_CREATED:
            self._finished = True
            self._release()
            return None
        try:
            self._throw(GeneratorExit())
        except (GeneratorExit, StopIteration) as error:
            # Its host traceback holds innerpy's frames, which hold it: drop
            # that cycle so the generator's locals go now, as on CPython.
            error.__traceback__ = None
            return None
        raise RuntimeError(f"{self._kind} ignored GeneratorExit")

    def _finalize(self):
        """`_PyGen_Finalize`, when the generator goes and when its frame is
        cleared: close it (a suspended one runs its `finally` blocks), with
        any failure unraisable."""
        f = self._frame
        if f is not None and not self._finished and (f.state == FRAME_SUSPENDED
                                                     or f.state == FRAME_CREATED):
            try:
                self.close()
            except BaseException as error:
                _write_unraisable(error, self)

    __del__ = _finalize

    def __repr__(self):
        return f"<{self._kind} object {self._qualname} at {id(self):#x}>"

    def __reduce__(self):
        raise TypeError(f"cannot pickle '{type(self).__name__}' object")


def _frame_of(gen):
    return None if gen._finished else gen._frame


def _is_suspended(gen):
    f = gen._frame
    return f is not None and f.state == FRAME_SUSPENDED and not gen._finished


class Generator(_GeneratorBase):
    __slots__ = ()
    __dir__ = dir_listing("close", "gi_code", "gi_frame", "gi_running", "gi_suspended",
                          "gi_yieldfrom", "send", "throw")

    def __iter__(self):
        """Implement iter(self)."""
        return self

    def __next__(self):
        """Implement next(self)."""
        return self._resume(None)

    gi_frame = audited("gi_frame", _frame_of)
    gi_code = audited("gi_code", _attrgetter("_code"))

    @getset
    def gi_running(self):
        return self._running

    @getset
    def gi_suspended(self):
        return _is_suspended(self)

    @getset
    def gi_yieldfrom(self):
        return self._delegate()


class Coroutine(_GeneratorBase):
    __slots__ = ("_origin",)
    __dir__ = dir_listing("close", "cr_await", "cr_code", "cr_frame", "cr_origin", "cr_running",
                          "cr_suspended", "send", "throw")

    _kind = "coroutine"

    def __init__(self, frame):
        _GeneratorBase.__init__(self, frame)
        # The guest's sys.set_coroutine_origin_tracking_depth is the host's.
        depth = _host_sys.get_coroutine_origin_tracking_depth()
        self._origin = _compute_origin(depth, frame.previous) if depth else None

    def __await__(self):
        return CoroutineWrapper(self)

    def send(self, value):
        """send(arg) -> send 'arg' into coroutine,
return next iterated value or raise StopIteration."""
        return self._resume(value)

    def throw(self, *args):
        """throw(value)
throw(type[,value[,traceback]])

Raise exception in coroutine, return next iterated value or raise
StopIteration.
the (type, val, tb) signature is deprecated, 
and may be removed in a future version of Python."""
        return self._throw(exception_to_throw("throw", args))

    def close(self):
        """close() -> raise GeneratorExit inside coroutine."""
        return _GeneratorBase.close(self)

    def _finalize(self):
        """A coroutine never started is not closed but reported: "never awaited"."""
        f = self._frame
        if f is not None and not self._finished and f.state == FRAME_CREATED:
            _warn_unawaited(self)
            return
        _GeneratorBase._finalize(self)

    __del__ = _finalize

    cr_frame = audited("cr_frame", _frame_of)
    cr_code = audited("cr_code", _attrgetter("_code"))

    @getset
    def cr_running(self):
        return self._running

    @getset
    def cr_suspended(self):
        return _is_suspended(self)

    @getset
    def cr_await(self):
        return self._delegate()

    @getset
    def cr_origin(self):
        return self._origin


class CoroutineWrapper:
    """What `coroutine.__await__()` returns (`coroutine_wrapper`)."""

    __slots__ = ("_coro",)
    __dir__ = dir_listing("close", "send", "throw")

    def __init__(self, coro):
        self._coro = coro

    def __iter__(self):
        return self

    def __next__(self):
        return self._coro._resume(None)

    def send(self, value):
        """send(arg) -> send 'arg' into coroutine,
return next iterated value or raise StopIteration."""
        return self._coro._resume(value)

    def throw(self, *args):
        """throw(value)
throw(type[,value[,traceback]])

Raise exception in coroutine, return next iterated value or raise
StopIteration.
the (type, val, tb) signature is deprecated, 
and may be removed in a future version of Python."""
        return self._coro.throw(*args)

    def close(self):
        """close() -> raise GeneratorExit inside coroutine."""
        return self._coro.close()

    def __reduce__(self):
        raise TypeError("cannot pickle 'coroutine_wrapper' object")


class AsyncGenWrappedValue:
    """A value yielded by an async generator, told apart from an awaited one."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def exception_to_throw(name, args):
    """The exception `name(*args)` throws in (generator, coroutine or async
    generator `throw`/`athrow`, as gen_throw and `_gen_throw` take them):
    `throw(exc)`, or the deprecated `throw(type[, value[, traceback]])`."""
    nargs = len(args)
    if nargs == 0:
        raise TypeError(f"{name} expected at least 1 argument, got 0")
    if nargs > 3:
        raise TypeError(f"{name} expected at most 3 arguments, got {nargs}")
    if nargs > 1:
        guest_warn(f"the (type, exc, tb) signature of {name}() is deprecated, "
                   "use the single-arg signature instead.", DeprecationWarning, stacklevel=1)
    return normalize_thrown(*args)


def normalize_thrown(typ, val=None, tb=None):
    """`_gen_throw`'s checks and `PyErr_NormalizeException`: the exception
    instance for (type, value, traceback)."""
    from .traceback import Traceback, set_traceback
    if tb is not None and type(tb) is not Traceback:
        raise TypeError("throw() third argument must be a traceback object")
    if isinstance(typ, type) and issubclass(typ, BaseException):
        if isinstance(val, typ):
            exc = val
        elif val is None:
            exc = typ()
        elif isinstance(val, tuple):
            exc = typ(*val)
        else:
            exc = typ(val)
    elif isinstance(typ, BaseException):
        if val is not None:
            raise TypeError("instance exception may not have a separate value")
        exc = typ
    else:
        raise TypeError(f"exceptions must be classes or instances deriving from "
                        f"BaseException, not {type(typ).__name__}")
    if tb is not None:
        set_traceback(exc, tb)
    return exc


def _chain_stack_item(handled, exc):
    """`_PyErr_ChainStackItem`: an exception thrown into a generator (perhaps
    on its way back out of a `yield from` delegate) takes what the generator
    itself is handling as its `__context__`."""
    if handled is not exc:
        set_context(exc, handled)


def guest_warn(message, category, stacklevel=1):
    """`PyErr_WarnEx` from host code: through the guest's warnings module, so
    the guest's filters and catch_warnings see it, attributed to guest frames."""
    warnings = current_tstate().interp.importer.import_module_level("warnings")
    warnings.warn(message, category, stacklevel=stacklevel)


def _compute_origin(depth, frame):
    """`compute_cr_origin`: (filename, line, function) of the frames that
    created a coroutine, innermost first, at most `depth` of them."""
    origin = []
    while frame is not None and len(origin) < depth:
        code = frame.code
        origin.append((code.co_filename, frame.f_lineno, code.co_name))
        frame = frame.previous
    return tuple(origin)


def _warn_unawaited(coro):
    """`_PyErr_WarnUnawaitedCoroutine`: the guest's
    `warnings._warn_unawaited_coroutine` reports it (with where the
    coroutine was created, if tracked); if that fails other than by the
    warning itself raising, the failure is unraisable and a plain warning
    follows. (Without a `source`: the pure-Python warnings module -- the
    guest's, since the host's C one would look at host frames -- mishandles it.)"""
    tstate = current_tstate()
    warned = False
    warnings = None
    try:
        warnings = tstate.interp.importer.import_module_level("warnings")
        warnings._warn_unawaited_coroutine(coro)
        warned = True
    except BaseException as error:
        warned = isinstance(error, RuntimeWarning)
        _write_unraisable(error, coro)
    if not warned and warnings is not None:
        try:
            warnings.warn(f"coroutine '{coro.__qualname__}' was never awaited", RuntimeWarning,
                          stacklevel=2)
        except BaseException as error:
            _write_unraisable(error, coro)


def _write_unraisable(error, obj):
    """`PyErr_WriteUnraisable(obj)` for what finalising `obj` raised, through
    the host's hook, which innerpy routes to the guest's; an exception
    without a traceback gets one naming the current guest frame, as
    `_PyErr_WriteUnraisableMsg` makes."""
    import types
    from .traceback import get_traceback, new_traceback, set_traceback
    frame = current_tstate().frame
    if get_traceback(error) is None and frame is not None:
        set_traceback(error, new_traceback(None, frame, frame.f_lasti))
    _host_sys.unraisablehook(types.SimpleNamespace(
        exc_type=type(error), exc_value=error, exc_traceback=None, err_msg=None, object=obj))


def _close_iter(iterator):
    close = getattr(iterator, "close", None)
    if close is not None:
        close()


def make_generator(frame):
    """RETURN_GENERATOR: the generator, coroutine or async generator owning `frame`."""
    flags = frame.code.co_flags
    if flags & CO_COROUTINE:
        return Coroutine(frame)
    if flags & CO_ASYNC_GENERATOR:
        from .asyncgen import AsyncGenerator
        return AsyncGenerator(frame)
    return Generator(frame)


def get_awaitable_iter(obj, where=0, anext=False):
    """`_PyCoro_GetAwaitableIter` with GET_AWAITABLE's and GET_ANEXT's error
    messages: GET_ANEXT turns any failure into a TypeError caused by it."""
    if anext:
        try:
            return get_awaitable_iter(obj)
        except BaseException as error:
            error.__traceback__ = None   # innerpy's own frames, which hold the iterator
            raise TypeError(f"'async for' received an invalid object from __anext__: "
                            f"{type(obj).__name__}") from error
    if type(obj) is Coroutine:
        if obj._delegate() is not None:
            raise RuntimeError("coroutine is being awaited already")
        return obj
    if type(obj) is Generator and obj._code.co_flags & CO_ITERABLE_COROUTINE:
        return obj
    method = getattr(type(obj), "__await__", None)
    if method is None:
        if where == 1:
            raise TypeError(f"'async with' received an object from __aenter__ that does not "
                            f"implement __await__: {type(obj).__name__}")
        if where == 2:
            raise TypeError(f"'async with' received an object from __aexit__ that does not "
                            f"implement __await__: {type(obj).__name__}")
        raise TypeError(f"object {type(obj).__name__} can't be used in 'await' expression")
    it = method(obj)
    if type(it) is Coroutine or (type(it) is Generator and it._code.co_flags & CO_ITERABLE_COROUTINE):
        raise TypeError("__await__() returned a coroutine")
    if not hasattr(type(it), "__next__"):
        raise TypeError(f"__await__() returned non-iterator of type '{type(it).__name__}'")
    return it


install_names(Generator, "generator")
install_names(Coroutine, "coroutine")
Generator.__name__ = Generator.__qualname__ = "generator"
Coroutine.__name__ = Coroutine.__qualname__ = "coroutine"
CoroutineWrapper.__name__ = CoroutineWrapper.__qualname__ = "coroutine_wrapper"
for _cls in (Generator, Coroutine, CoroutineWrapper):
    _cls.__module__ = type_module("builtins")
