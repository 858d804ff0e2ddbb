"""Queues between interpreters (PEP 734), over innerpy's `_interpqueues`."""

import queue
import weakref

import _interpqueues
from _interpqueues import QueueError, QueueNotFoundError

__all__ = [
    "UNBOUND", "UNBOUND_ERROR", "UNBOUND_REMOVE",
    "create", "list_all", "Queue",
    "QueueError", "QueueNotFoundError", "QueueEmpty", "QueueFull",
    "ItemInterpreterDestroyed",
]


class QueueEmpty(QueueError, queue.Empty):
    """get_nowait() found the queue empty, or get() timed out."""


class QueueFull(QueueError, queue.Full):
    """put_nowait() found the queue full, or put() timed out."""


class ItemInterpreterDestroyed(QueueError):
    """The interpreter that put the next item is gone (UNBOUND_ERROR)."""


class _UnboundMarker:
    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return self._name


UNBOUND = _UnboundMarker("UNBOUND")
UNBOUND_ERROR = _UnboundMarker("UNBOUND_ERROR")
UNBOUND_REMOVE = _UnboundMarker("UNBOUND_REMOVE")
_UNBOUND_OPS = {UNBOUND_REMOVE: 1, UNBOUND_ERROR: 2, UNBOUND: 3}

_SHARED_ONLY = 0
_PICKLED = 1


def _unboundop(unbound):
    try:
        return _UNBOUND_OPS[unbound]
    except (KeyError, TypeError):
        raise NotImplementedError(f"unsupported unbound replacement {unbound!r}") from None


def create(maxsize=0, *, syncobj=False, unbounditems=UNBOUND):
    """A new queue holding at most `maxsize` items (0: no limit).

    With `syncobj` true, only shareable objects may be put; otherwise
    anything that pickles may be (the default)."""
    fmt = _SHARED_ONLY if syncobj else _PICKLED
    qid = _interpqueues.create(maxsize, fmt, _unboundop(unbounditems))
    return Queue(qid)


def list_all():
    """Every queue that exists now."""
    return [Queue(qid) for qid, fmt, op in _interpqueues.list_all()]


def _check_timeout(timeout):
    if timeout is None:
        return None
    if timeout < 0:
        raise ValueError("timeout value must be non-negative")
    return float(timeout)


_instances = weakref.WeakValueDictionary()


class Queue:
    """A queue any interpreter can use; it crosses between interpreters by id."""

    def __new__(cls, id, /):
        if not isinstance(id, int):
            raise TypeError(f"id must be an int, got {id!r}")
        id = int(id)
        self = _instances.get(id)
        if self is not None:
            return self
        fmt, op = _interpqueues.get_queue_defaults(id)
        self = super().__new__(cls)
        self._id = id
        self._fmt = fmt
        self._unboundop = op
        _interpqueues.bind(id)       # released by __del__
        _instances[id] = self
        return self

    def __del__(self):
        try:
            _interpqueues.release(self._id)
        except QueueNotFoundError:
            pass

    def __repr__(self):
        return f"{type(self).__name__}({self._id})"

    def __hash__(self):
        return hash(self._id)

    def __reduce__(self):
        return (type(self), (self._id,))

    def _innerpy_xid(self):
        # Queues are shareable: they cross as their id.
        return ("queue", self._id)

    @property
    def id(self):
        return self._id

    @property
    def maxsize(self):
        return _interpqueues.get_maxsize(self._id)

    def empty(self):
        return self.qsize() == 0

    def full(self):
        return _interpqueues.is_full(self._id)

    def qsize(self):
        return _interpqueues.get_count(self._id)

    def _options(self, syncobj, unbound):
        fmt = self._fmt if syncobj is None else (_SHARED_ONLY if syncobj else _PICKLED)
        op = self._unboundop if unbound is None else _unboundop(unbound)
        return fmt, op

    def put(self, obj, timeout=None, *, syncobj=None, unbound=None):
        """Add `obj`, waiting while the queue is full (QueueFull after `timeout`)."""
        fmt, op = self._options(syncobj, unbound)
        _interpqueues._put_wait(self._id, obj, fmt, op, _check_timeout(timeout))

    def put_nowait(self, obj, *, syncobj=None, unbound=None):
        fmt, op = self._options(syncobj, unbound)
        _interpqueues.put(self._id, obj, fmt, op)

    def get(self, timeout=None):
        """Remove and return the oldest item, waiting while the queue is empty."""
        obj, fmt, op = _interpqueues._get_wait(self._id, _check_timeout(timeout))
        return obj if op is None else _resolve_unbound(op)

    def get_nowait(self):
        obj, fmt, op = _interpqueues.get(self._id)
        return obj if op is None else _resolve_unbound(op)


def _resolve_unbound(op):
    if op == 2:
        raise ItemInterpreterDestroyed("item's original interpreter destroyed")
    return UNBOUND


_interpqueues._register_heap_types(Queue, QueueEmpty, QueueFull)
