"""Asynchronous generators (Objects/genobject.c, the async_gen parts).

An async generator's frame both *awaits* (values that must travel out to
the event loop) and *yields* (values for `async for`). The compiler wraps
every yielded value in `AsyncGenWrappedValue` (INTRINSIC_ASYNC_GEN_WRAP),
so the awaitables returned by `__anext__`/`asend`, `athrow` and `aclose`
can tell the two apart: a wrapped value ends the awaitable with
StopIteration(value); anything else is passed through to whoever drives
the coroutine. The frame finishing becomes StopAsyncIteration.
"""

import sys as _host_sys
from types import GenericAlias
from operator import attrgetter as _attrgetter

from .generator import (AsyncGenWrappedValue, Coroutine, CoroutineWrapper, _GeneratorBase,
                        _frame_of, _is_suspended, exception_to_throw, get_awaitable_iter,
                        guest_warn, install_names, normalize_thrown)
from .getset import absent, audited, dir_listing, getset, readonly_member, type_module
from ..vm.frame import FRAME_CREATED

_INIT, _ITER, _CLOSED = 0, 1, 2


class AsyncGenerator(_GeneratorBase):
    __slots__ = ("_hooks_inited", "_finalizer", "_running_async", "_closed")
    __dir__ = dir_listing("aclose", "ag_await", "ag_code", "ag_frame", "ag_running",
                          "ag_suspended", "asend", "athrow")
    # The generator methods an async generator does not have (it shares their
    # machinery through _GeneratorBase).
    send, throw, close = absent(), absent(), absent()
    __class_getitem__ = classmethod(GenericAlias)

    _kind = "async generator"

    def __init__(self, frame):
        super().__init__(frame)
        self._hooks_inited = False
        self._finalizer = None
        self._running_async = False
        self._closed = False

    def _init_hooks(self):
        """`async_gen_init_hooks`: let the event loop know about a new async generator."""
        if self._hooks_inited:
            return
        self._hooks_inited = True
        hooks = _host_sys.get_asyncgen_hooks()
        self._finalizer = hooks.finalizer
        if hooks.firstiter is not None:
            hooks.firstiter(self)

    def __aiter__(self):
        return self

    def __anext__(self):
        self._init_hooks()
        return _ASend(self, None)

    def asend(self, value):
        self._init_hooks()
        return _ASend(self, value)

    def athrow(self, *args):
        """athrow(value)
athrow(type[,value[,tb]])

raise exception in generator.
the (type, val, tb) signature is deprecated, 
and may be removed in a future version of Python."""
        if not args:
            raise TypeError("athrow expected at least 1 argument, got 0")
        if len(args) > 3:
            raise TypeError(f"athrow expected at most 3 arguments, got {len(args)}")
        if len(args) > 1:
            guest_warn("the (type, exc, tb) signature of athrow() is deprecated, "
                       "use the single-arg signature instead.", DeprecationWarning, stacklevel=1)
        self._init_hooks()
        return _AThrow(self, args)

    def aclose(self):
        self._init_hooks()
        return _AThrow(self, None)

    def _step(self, value, throw=None):
        """Resume the frame; wrapped values end the awaitable, the end of the frame is StopAsyncIteration."""
        try:
            result = self._resume(value, throw)
        except StopIteration:
            self._closed = True
            self._running_async = False
            raise StopAsyncIteration from None
        except (StopAsyncIteration, GeneratorExit):
            self._closed = True
            self._running_async = False
            raise
        except BaseException:
            self._running_async = False
            raise
        if type(result) is AsyncGenWrappedValue:
            self._running_async = False
            raise StopIteration(result.value)
        return result

    def _step_throw(self, exc):
        return self._step(None, exc)

    ag_frame = audited("ag_frame", _frame_of)
    ag_code = audited("ag_code", _attrgetter("_code"))

    @readonly_member
    def ag_running(self):
        return self._running_async

    @getset
    def ag_await(self):
        return self._delegate()

    @getset
    def ag_suspended(self):
        return _is_suspended(self)

    def _finalize(self):
        """The event loop's finalizer hook, if any, else a GeneratorExit thrown in."""
        f = self._frame
        if f is None or self._finished or f.state == FRAME_CREATED:
            return
        finalizer = self._finalizer
        if finalizer is not None:
            finalizer(self)
            return
        try:
            self._throw(GeneratorExit())
        except BaseException:
            pass

    __del__ = _finalize


class _Awaitable:
    """What the two awaitables below share: they are their own iterators,
    driven by `send`, and `close` just retires them."""

    __slots__ = ("_gen", "_state")
    __dir__ = dir_listing("close", "send", "throw")

    def __init__(self, gen):
        self._gen = gen
        self._state = _INIT

    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __next__(self):
        return self.send(None)

    def close(self):
        self._state = _CLOSED


class _ASend(_Awaitable):
    """What `__anext__`/`asend` return (`async_generator_asend`)."""

    __slots__ = ("_value",)

    def __init__(self, gen, value):
        super().__init__(gen)
        self._value = value

    def send(self, value):
        if self._state == _CLOSED:
            raise RuntimeError("cannot reuse already awaited __anext__()/asend()")
        gen = self._gen
        if self._state == _INIT:
            if gen._running_async:
                self._state = _CLOSED
                raise RuntimeError("anext(): asynchronous generator is already running")
            if value is None:
                value = self._value
            self._state = _ITER
        gen._running_async = True
        try:
            return gen._step(value)
        except BaseException:
            self._state = _CLOSED
            raise

    def throw(self, *args):
        if self._state == _CLOSED:
            raise RuntimeError("cannot reuse already awaited __anext__()/asend()")
        gen = self._gen
        try:
            exc = exception_to_throw("throw", args)
            return gen._step(None, exc)
        except BaseException:
            self._state = _CLOSED
            raise


class _AThrow(_Awaitable):
    """What `athrow` and `aclose` return (`async_generator_athrow`); args None means aclose."""

    __slots__ = ("_args",)

    def __init__(self, gen, args):
        super().__init__(gen)
        self._args = args

    def _what(self):
        return "aclose()" if self._args is None else "athrow()"

    def send(self, value):
        gen = self._gen
        if self._state == _CLOSED:
            raise RuntimeError("cannot reuse already awaited aclose()/athrow()")
        if gen._finished:
            self._state = _CLOSED
            raise StopIteration
        if self._state == _INIT:
            if gen._running_async:
                self._state = _CLOSED
                raise RuntimeError(f"{self._what()}: asynchronous generator is already running")
            if gen._closed:
                self._state = _CLOSED
                raise StopAsyncIteration
            self._state = _ITER
            gen._running_async = True
            if self._args is None:
                gen._closed = True
                return self._after(lambda: gen._step_throw(GeneratorExit()))
            return self._after(lambda: gen._step_throw(normalize_thrown(*self._args)))
        return self._after(lambda: gen._step(value))

    def _after(self, step):
        gen = self._gen
        try:
            result = step()
        except (StopAsyncIteration, GeneratorExit):
            self._state = _CLOSED
            if self._args is None:
                raise StopIteration from None
            raise
        except StopIteration:
            self._state = _CLOSED
            if self._args is None:
                raise RuntimeError("async generator ignored GeneratorExit") from None
            raise
        except BaseException:
            self._state = _CLOSED
            raise
        return result

    def throw(self, *args):
        if self._state == _CLOSED:
            raise RuntimeError("cannot reuse already awaited aclose()/athrow()")
        exc = exception_to_throw("throw", args)
        return self._after(lambda: self._gen._step(None, exc))


_NO_DEFAULT = object()


def anext(aiterator, default=_NO_DEFAULT, /):
    """async anext(aiterator[, default])

Return the next item from the async iterator.  If default is given and the async
iterator is exhausted, it is returned instead of raising StopAsyncIteration."""
    method = getattr(type(aiterator), "__anext__", None)
    if method is None:
        raise TypeError(f"'{type(aiterator).__name__}' object is not an async iterator")
    awaitable = method(aiterator)
    if default is _NO_DEFAULT:
        return awaitable
    return _AnextAwaitable(awaitable, default)


class _AnextAwaitable:
    """What `anext(aiterator, default)` returns (Objects/iterobject.c's
    anextawaitable). innerpy's own, not the host's: the host cannot await
    innerpy's generator-based coroutines (a `types.coroutine` generator),
    which `_PyCoro_GetAwaitableIter` accepts by their code flag. Every step
    awaits the wrapped awaitable afresh; its StopAsyncIteration becomes
    StopIteration(default), as if `__anext__` had returned the default."""

    __slots__ = ("_wrapped", "_default")
    __dir__ = dir_listing("close", "send", "throw")

    def __init__(self, wrapped, default):
        self._wrapped = wrapped
        self._default = default

    def _iter(self):
        """`anextawaitable_getiter`: a coroutine is awaited through its `__await__`."""
        wrapped = self._wrapped
        if type(wrapped) is Coroutine:
            return CoroutineWrapper(wrapped)
        return get_awaitable_iter(wrapped)

    def _step(self, step):
        try:
            return step()
        except StopAsyncIteration:
            pass
        raise StopIteration(self._default)

    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __next__(self):
        it = self._iter()
        return self._step(lambda: next(it))

    def send(self, value):
        it = self._iter()
        return self._step(lambda: it.send(value))

    def throw(self, *args):
        it = self._iter()
        return self._step(lambda: it.throw(*args))

    def close(self, *args):
        it = self._iter()
        return self._step(lambda: it.close(*args))

    def __reduce__(self):
        raise TypeError("cannot pickle 'anext_awaitable' object")


install_names(AsyncGenerator, "async generator")
AsyncGenerator.__name__ = AsyncGenerator.__qualname__ = "async_generator"
_ASend.__name__ = _ASend.__qualname__ = "async_generator_asend"
_AThrow.__name__ = _AThrow.__qualname__ = "async_generator_athrow"
_AnextAwaitable.__name__ = _AnextAwaitable.__qualname__ = "anext_awaitable"
for _cls in (AsyncGenerator, _ASend, _AThrow, _AnextAwaitable):
    _cls.__module__ = type_module("builtins")
