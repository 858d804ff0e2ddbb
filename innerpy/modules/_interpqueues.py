"""The guest's `_interpqueues` module (Modules/_interpqueuesmodule.c, 3.13's API).

A queue belongs to no interpreter: it lives in a process-wide store and is
named by an integer id. An item enters as bytes (`crossinterp.serialize`,
which copies shareable data or pickles) and leaves rebuilt in the receiving
interpreter, so nothing is ever shared but immortal objects.

Two stores implement the same operations: `LocalQueueStore` (a dict of
deques under one condition variable) serves interpreters that live in this
host interpreter; when isolated guest interpreters run in host
subinterpreters, `innerpy.runtime.subinterp` installs a store built on the
host's own cross-interpreter queues, so every host interpreter sees the same
queues.

Beyond CPython's functions the module has `_put_wait` and `_get_wait`, which
block in the store (with an optional timeout) instead of polling.
"""

import collections
import threading
import time
import types

from ..runtime import crossinterp as xi
from ..runtime.crossinterp import QueueError, QueueNotFoundError
from ..runtime.state import current_tstate

# What becomes of an item whose interpreter is destroyed (CPython's flags).
UNBOUND_REMOVE = 1    # the item disappears
UNBOUND_ERROR = 2     # get() raises ItemInterpreterDestroyed
UNBOUND_REPLACE = 3   # the item reads as interpreters.UNBOUND


class _Empty(Exception):
    pass


class _Full(Exception):
    pass


class _Queue:
    __slots__ = ("id", "maxsize", "fmt", "unboundop", "items", "refs")

    def __init__(self, id, maxsize, fmt, unboundop):
        self.id = id
        self.maxsize = maxsize
        self.fmt = fmt
        self.unboundop = unboundop
        self.items = collections.deque()   # (data, fmt, unboundop, interpreter id)
        self.refs = 0     # a new queue lives until its first binding is released


class LocalQueueStore:
    """Queues shared by the guest interpreters of this host interpreter."""

    def __init__(self):
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.queues = {}
        self.next_id = 1

    def _queue(self, qid):
        queue = self.queues.get(qid)
        if queue is None:
            raise QueueNotFoundError(f"queue {qid} not found")
        return queue

    def create(self, maxsize, fmt, unboundop):
        with self.lock:
            qid = self.next_id
            self.next_id += 1
            self.queues[qid] = _Queue(qid, maxsize, fmt, unboundop)
            return qid

    def destroy(self, qid):
        with self.lock:
            self._queue(qid)
            del self.queues[qid]
            self.changed.notify_all()

    def list_all(self):
        with self.lock:
            return [(q.id, q.fmt, q.unboundop) for q in self.queues.values()]

    def bind(self, qid):
        with self.lock:
            self._queue(qid).refs += 1

    def release(self, qid):
        """Drop a reference; the last one destroys the queue. (A queue id in
        flight between interpreters holds a reference of its own.)"""
        with self.lock:
            queue = self._queue(qid)
            if queue.refs <= 0:
                raise QueueError(f"queue {qid} was never bound")
            queue.refs -= 1
            if queue.refs == 0:
                del self.queues[qid]
                self.changed.notify_all()

    def defaults(self, qid):
        with self.lock:
            queue = self._queue(qid)
            return queue.fmt, queue.unboundop

    def maxsize(self, qid):
        with self.lock:
            return self._queue(qid).maxsize

    def count(self, qid):
        with self.lock:
            return len(self._queue(qid).items)

    def is_full(self, qid):
        with self.lock:
            queue = self._queue(qid)
            return 0 < queue.maxsize <= len(queue.items)

    def put(self, qid, data, fmt, unboundop, owner, timeout=0.0):
        """Append an item; wait up to `timeout` seconds (None: forever) while full."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self.lock:
            while True:
                queue = self._queue(qid)
                if not (0 < queue.maxsize <= len(queue.items)):
                    queue.items.append((data, fmt, unboundop, owner))
                    self.changed.notify_all()
                    return
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise _Full()
                self.changed.wait(remaining)

    def get(self, qid, timeout=0.0):
        """Pop the oldest item; wait up to `timeout` seconds (None: forever) while empty."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self.lock:
            while True:
                queue = self._queue(qid)
                if queue.items:
                    item = queue.items.popleft()
                    self.changed.notify_all()
                    return item
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise _Empty()
                self.changed.wait(remaining)

    def interpreter_destroyed(self, interp_id):
        """Items put by a destroyed interpreter become unbound (or vanish)."""
        with self.lock:
            for queue in self.queues.values():
                kept = collections.deque()
                for data, fmt, unboundop, owner in queue.items:
                    if owner == interp_id:
                        if unboundop == UNBOUND_REMOVE:
                            continue
                        data, owner = None, None
                    kept.append((data, fmt, unboundop, owner))
                queue.items = kept
            self.changed.notify_all()


STORE = LocalQueueStore()


def _store():
    return STORE


# -- the module's functions -----------------------------------------------------

def _check_qid(qid):
    if isinstance(qid, bool) or not isinstance(qid, int):
        index = getattr(qid, "__index__", None)
        if index is None:
            raise TypeError(f"queue ID must be an int, got {type(qid).__name__}")
        qid = index()
    if qid < 0:
        raise ValueError(f"queue ID must be a non-negative int, got {qid}")
    return qid


def _check_unboundop(unboundop):
    if unboundop not in (UNBOUND_REPLACE, UNBOUND_ERROR, UNBOUND_REMOVE):
        raise ValueError(f"unsupported unboundop {unboundop}")
    return unboundop


def create(maxsize, fmt, unboundop):
    """create(maxsize, fmt, unboundop) -> qid

Create a new cross-interpreter queue and return its unique generated ID.
It is a new reference as though bind() had been called on the queue.

The caller is responsible for calling destroy() for the new queue
before the runtime is finalized."""
    if not isinstance(maxsize, int):
        raise TypeError(f"'{type(maxsize).__name__}' object cannot be interpreted as an integer")
    return _store().create(maxsize, fmt, _check_unboundop(unboundop))


def destroy(qid):
    """destroy(qid)

Clear and destroy the queue.  Afterward attempts to use the queue
will behave as though it never existed."""
    _store().destroy(_check_qid(qid))


def list_all():
    """list_all() -> [(qid, fmt)]

Return the list of IDs for all queues.
Each corresponding default format is also included."""
    return _store().list_all()


def bind(qid):
    """bind(qid)

Take a reference to the identified queue.
The queue is not destroyed until there are no references left."""
    _store().bind(_check_qid(qid))


def release(qid):
    """release(qid)

Release a reference to the queue."""
    _store().release(_check_qid(qid))


def get_queue_defaults(qid):
    """get_queue_defaults(qid)

Return the queue's default values, set when it was created."""
    return _store().defaults(_check_qid(qid))


def get_maxsize(qid):
    """get_maxsize(qid)

Return the maximum number of items in the queue."""
    return _store().maxsize(_check_qid(qid))


def get_count(qid):
    """get_count(qid)

Return the number of items in the queue."""
    return _store().count(_check_qid(qid))


def is_full(qid):
    """is_full(qid)

Return true if the queue has a maxsize and has reached it."""
    return _store().is_full(_check_qid(qid))


def _types():
    interp = current_tstate().interp
    registered = getattr(interp, "xi_queue_types", None)
    if registered is None:
        return None, QueueError, QueueError
    return registered


def _owner():
    return current_tstate().interp.id


def put(qid, obj, fmt, unboundop):
    """put(qid, obj, fmt, unboundop)

Add the object's data to the queue."""
    _put_wait(qid, obj, fmt, unboundop, 0.0)


def _put_wait(qid, obj, fmt, unboundop, timeout=None):
    qid = _check_qid(qid)
    data = xi.serialize(obj, fmt)
    try:
        _store().put(qid, data, fmt, _check_unboundop(unboundop), _owner(), timeout)
    except _Full:
        raise _types()[2](f"queue {qid} is full") from None


def get(qid):
    """get(qid) -> (obj, fmt)

Return a new object from the data at the front of the queue.
The object's format is also returned.

If there is nothing to receive then raise QueueEmpty."""
    return _get_wait(qid, 0.0)


def _get_wait(qid, timeout=None):
    qid = _check_qid(qid)
    try:
        data, fmt, unboundop, _ = _store().get(qid, timeout)
    except _Empty:
        raise _types()[1](f"queue {qid} is empty") from None
    if data is None:
        return None, fmt, unboundop
    return xi.deserialize(data), fmt, None


def _register_heap_types(queuetype, emptyerror, fullerror):
    """Remember this interpreter's Queue class and its Empty/Full exceptions."""
    current_tstate().interp.xi_queue_types = (queuetype, emptyerror, fullerror)


def _queue_from_id(qid):
    """A queue id arriving in an interpreter becomes that interpreter's Queue
    object, which takes over the reference the id held in flight."""
    interp = current_tstate().interp
    registered = getattr(interp, "xi_queue_types", None)
    if registered is None:
        interp.importer.find_and_load("interpreters._queues")
        registered = interp.xi_queue_types
    queue = registered[0](qid)
    try:
        _store().release(qid)
    except QueueError:
        pass
    return queue


def _queue_id_of(obj):
    """The id of a Queue object (of any interpreter's registered Queue class), or None."""
    kind = type(obj)
    if getattr(kind, "_innerpy_xid", None) is not None:
        return obj._innerpy_xid()[1]
    try:
        registered = current_tstate().interp.xi_queue_types
    except (AttributeError, RuntimeError):
        return None
    if isinstance(obj, registered[0]):
        return obj.id
    return None


def _queue_in_flight(qid):
    """Serializing a queue id: the id holds a reference until it arrives."""
    _store().bind(qid)


xi.register_xid("queue", _queue_from_id, _queue_id_of, _queue_in_flight)


_FUNCTIONS = (create, destroy, list_all, bind, release, get_queue_defaults, get_maxsize,
              get_count, is_full, put, get, _put_wait, _get_wait, _register_heap_types)


def make_interpqueues(interp):
    module = types.ModuleType("_interpqueues", "This module provides primitive operations to "
                              "manage Python interpreters.\nThe 'interpreters' module provides "
                              "a more convenient interface.")
    ns = module.__dict__
    for func in _FUNCTIONS:
        ns[func.__name__] = func
    ns.update(QueueError=QueueError, QueueNotFoundError=QueueNotFoundError)
    return module
