"""Isolated guest interpreters in host subinterpreters (PEP 684 on the host).

innerpy's VM is host Python code, so guest interpreters that live in one
host interpreter take turns on the host's GIL. On a 3.12+ host each host
subinterpreter may own its GIL; an *isolated* guest interpreter (own GIL in
its config) is therefore given a host subinterpreter of its own
(`RemoteInterpreter`). That host interpreter imports innerpy afresh (innerpy
is pure Python and needs no single-phase extension module), builds a guest
runtime whose only interpreter carries the id the parent assigned, and runs
guest code there while the parent's host thread waits in the host's
`_interpreters.exec` (3.13) / `_xxsubinterpreters.run_string` (3.12) without
holding the parent's GIL.

Nothing but bytes crosses between host interpreters. Requests go in as the
`shared` namespace of a host exec; results come back through a host FIFO
(`_interpqueues` on 3.13, `_xxinterpchannels` on 3.12).

Guest queues must be reachable from every host interpreter, and an item must
survive the host interpreter that put it, so the queues themselves stay in
the top-level host interpreter (`_interpqueues.LocalQueueStore`). A broker
thread there serves queue operations that children send over a host FIFO;
children see the same store through `BrokerQueueStore`.

Set INNERPY_HOST_SUBINTERPRETERS=0 to keep every guest interpreter local.
"""

import os
import sys as _host_sys
import threading
import time

from . import crossinterp as xi
from .state import RUNTIME

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# -- the host's primitives ------------------------------------------------------

def _host_module():
    if _host_sys.version_info < (3, 12):
        return None
    try:
        import _interpreters as module       # 3.13+
        return module
    except ImportError:
        pass
    try:
        import _xxsubinterpreters as module  # 3.12
        return module
    except ImportError:
        return None


def host_supported():
    """Whether this host can give a guest interpreter its own GIL."""
    if os.environ.get("INNERPY_HOST_SUBINTERPRETERS", "1") == "0":
        return False
    return _host_module() is not None


def wants_host_subinterpreter(config):
    """An own-GIL config runs in a host subinterpreter when the host allows it."""
    return config["gil"] == "own" and host_supported()


class _Fifo:
    """A process-wide FIFO of bytes that every host interpreter can reach by id."""

    def __init__(self):
        try:
            import _interpqueues as queues
        except ImportError:
            queues = None
        self.queues = queues
        if queues is None:
            import _xxinterpchannels as channels
            self.channels = channels
            self.keep = {}

    def create(self):
        if self.queues is not None:
            return self.queues.create(0, 0, 1)
        cid = self.channels.create()
        self.channels.recv(cid, None)      # bind this interpreter's end first
        # A 3.12 channel dies with the last ChannelID object naming it.
        self.keep[int(cid)] = cid
        return int(cid)

    def send(self, fid, data):
        if self.queues is not None:
            self.queues.put(fid, data, 0, 1)
        else:
            self.channels.send(fid, data)

    def recv(self, fid):
        """The oldest item, or None when the FIFO is empty."""
        if self.queues is not None:
            if not self.queues.get_count(fid):
                return None
            return self.queues.get(fid)[0]
        return self.channels.recv(fid, None)

    def destroy(self, fid):
        try:
            if self.queues is not None:
                self.queues.destroy(fid)
            else:
                self.keep.pop(fid, None)
                self.channels.destroy(fid)
        except Exception:
            pass


_fifo = None


def fifo():
    global _fifo
    if _fifo is None:
        _fifo = _Fifo()
    return _fifo


def _wait_recv(fid, timeout=None):
    """Poll a FIFO until an item arrives (spinning briefly, then sleeping longer)."""
    f = fifo()
    delay = 0.0
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        data = f.recv(fid)
        if data is not None:
            return data
        if deadline is not None and time.monotonic() >= deadline:
            return None
        time.sleep(delay)
        delay = min(delay * 2 + 0.00002, 0.002)


# -- process roles --------------------------------------------------------------
#
# The top-level host interpreter owns the queue store and the broker; a child
# knows the broker's FIFO and its own result FIFO.

_child = None          # in a child: dict(broker=fid, result=fid, id=guest id)
_broker = None         # in the top level: the Broker once started
_broker_lock = threading.Lock()


def is_child():
    return _child is not None


def broker_fifo():
    """The broker's request FIFO (starting the broker in the top level)."""
    global _broker
    if _child is not None:
        return _child["broker"]
    with _broker_lock:
        if _broker is None:
            _broker = Broker()
            _broker.start()
        return _broker.fid


class Broker:
    """Serves queue operations and id allocation for child host interpreters."""

    def __init__(self):
        self.fid = fifo().create()
        self.thread = threading.Thread(target=self.serve, name="innerpy-xi-broker", daemon=True)

    def start(self):
        self.thread.start()

    def serve(self):
        f = fifo()
        delay = 0.0
        while True:
            try:
                data = f.recv(self.fid)
            except Exception:
                return
            if data is None:
                time.sleep(delay)
                delay = min(delay * 2 + 0.00002, 0.002)
                continue
            delay = 0.0
            reply_fid, op, args = xi.deserialize(data)
            try:
                reply = ("ok", self.handle(op, args))
            except QueueOpError as error:
                reply = (error.kind, str(error))
            except Exception as error:
                reply = ("error", f"{type(error).__name__}: {error}")
            if reply_fid < 0:
                continue          # a put into an unbounded queue: nobody waits
            try:
                try:
                    data = xi.serialize(reply)
                except Exception as error:
                    data = xi.serialize(("error", f"{type(error).__name__}: {error}"))
                f.send(reply_fid, data)
            except Exception:
                pass

    def handle(self, op, args):
        return local_queue_op(op, args)


class QueueOpError(Exception):
    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


def local_queue_op(op, args):
    """One queue operation on the top level's store, without blocking."""
    from ..modules import _interpqueues as qmod
    store = qmod.STORE
    if op == "alloc_id":
        with RUNTIME.lock:
            ident = RUNTIME.next_id
            RUNTIME.next_id += 1
        return ident
    if op == "ping":
        return None
    if op == "register":
        _REGISTRY[args[0]] = args
        return None
    if op == "unregister":
        _REGISTRY.pop(args[0], None)
        return None
    if op == "lookup":
        return _REGISTRY.get(args[0])
    if op == "registered":
        return tuple(sorted(_REGISTRY))
    try:
        if op == "put":
            qid, data, fmt, unboundop, owner = args
            store.put(qid, data, fmt, unboundop, owner, 0.0)
            return None
        if op == "get":
            return tuple(store.get(args[0], 0.0))
        method = getattr(store, op)
        result = method(*args)
        if op == "list_all":
            return tuple(tuple(item) for item in result)
        return result
    except qmod._Empty:
        raise QueueOpError("empty", "") from None
    except qmod._Full:
        raise QueueOpError("full", "") from None
    except xi.QueueNotFoundError as error:
        raise QueueOpError("notfound", str(error)) from None


# In the top level: every guest interpreter living in a host subinterpreter,
# id -> (id, host id, result FIFO, config items), so that any interpreter can
# reach one another interpreter created.
_REGISTRY = {}
_HOST_HANDLES = {}

_reply_fifos = threading.local()


def broker_call(op, *args):
    """Send one operation to the broker and wait for its answer."""
    if _child is None:
        return _unwrap(_local_reply(op, args))
    fid = getattr(_reply_fifos, "fid", None)
    if fid is None:
        fid = _reply_fifos.fid = fifo().create()
    fifo().send(_child["broker"], xi.serialize((fid, op, tuple(args))))
    data = _wait_recv(fid, 120.0)
    if data is None:
        raise xi.QueueError("the top-level interpreter did not answer")
    return _unwrap(xi.deserialize(data))


_posted = False


def broker_post(op, *args):
    """Send one operation to the broker without waiting for an answer."""
    global _posted
    _posted = True
    fifo().send(_child["broker"], xi.serialize((-1, op, tuple(args))))


def broker_sync():
    """Wait until the broker has handled everything posted so far (it works in order)."""
    global _posted
    if _posted:
        _posted = False
        broker_call("ping")


def _local_reply(op, args):
    try:
        return ("ok", local_queue_op(op, args))
    except QueueOpError as error:
        return (error.kind, str(error))


def _unwrap(reply):
    from ..modules import _interpqueues as qmod
    kind, value = reply
    if kind == "ok":
        return value
    if kind == "empty":
        raise qmod._Empty()
    if kind == "full":
        raise qmod._Full()
    if kind == "notfound":
        raise xi.QueueNotFoundError(value)
    raise xi.QueueError(value)


class BrokerQueueStore:
    """A child's view of the top level's queue store (the LocalQueueStore interface).

    A put into an unbounded queue is posted without waiting: the broker
    handles requests in order, so each producer's order holds and a later
    get from the same thread sees the item."""

    def __init__(self):
        self.maxsizes = {}

    def create(self, maxsize, fmt, unboundop):
        return broker_call("create", maxsize, fmt, unboundop)

    def destroy(self, qid):
        self.maxsizes.pop(qid, None)
        broker_call("destroy", qid)

    def list_all(self):
        return [tuple(item) for item in broker_call("list_all")]

    def bind(self, qid):
        broker_call("bind", qid)

    def release(self, qid):
        broker_call("release", qid)

    def defaults(self, qid):
        return tuple(broker_call("defaults", qid))

    def maxsize(self, qid):
        return broker_call("maxsize", qid)

    def count(self, qid):
        return broker_call("count", qid)

    def is_full(self, qid):
        return broker_call("is_full", qid)

    def interpreter_destroyed(self, interp_id):
        broker_call("interpreter_destroyed", interp_id)

    def put(self, qid, data, fmt, unboundop, owner, timeout=0.0):
        maxsize = self.maxsizes.get(qid)
        if maxsize is None:
            maxsize = self.maxsizes[qid] = broker_call("maxsize", qid)
        if maxsize <= 0:
            broker_post("put", qid, data, fmt, unboundop, owner)
            return
        self._retry(timeout, "put", qid, data, fmt, unboundop, owner)

    def get(self, qid, timeout=0.0):
        return self._retry(timeout, "get", qid)

    def _retry(self, timeout, op, *args):
        from ..modules import _interpqueues as qmod
        deadline = None if timeout is None else time.monotonic() + timeout
        delay = 0.0
        while True:
            try:
                return broker_call(op, *args)
            except (qmod._Empty, qmod._Full):
                if deadline is not None and time.monotonic() >= deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2 + 0.00005, 0.002)


# -- the parent's handle on a guest interpreter in a host subinterpreter ----------

class RemoteInterpreter:
    """A guest interpreter living in its own host subinterpreter."""

    def __init__(self, id, config, host_id):
        self.id = id
        self.config = {"xi_config": config, "xi_whence": 5}
        self.host_id = host_id
        self.result_fid = fifo().create()
        self.lock = threading.Lock()
        self._running = 0
        self.threads = {}
        self.atexit_callbacks = []

    def __repr__(self):
        return f"<innerpy interpreter {self.id} (host subinterpreter {self.host_id})>"

    @property
    def xi_running(self):
        if self._running:
            return self._running
        try:
            return int(bool(_host_module().is_running(self.host_id)))
        except Exception:
            return 0

    @classmethod
    def attach(cls, record):
        """A handle on an interpreter another host interpreter created."""
        ident, host_id, result_fid, config = record
        self = cls.__new__(cls)
        self.id = ident
        self.config = {"xi_config": dict(config), "xi_whence": 5}
        self.host_id = host_id
        self.result_fid = result_fid
        self.lock = threading.Lock()
        self._running = 0
        self.threads = {}
        self.atexit_callbacks = []
        return self

    @classmethod
    def create(cls, config):
        from .state import current_tstate
        host = _host_module()
        if hasattr(host, "new_config"):
            host_id = int(host.create("isolated"))
        else:
            # 3.12 gives an InterpreterID, and the host interpreter dies with
            # the last such object: keep it while the guest interpreter lives.
            handle = host.create(isolated=True)
            host_id = int(handle)
            _HOST_HANDLES[host_id] = handle
        ident = _allocate_id()
        self = cls(ident, config, host_id)
        caller = current_tstate().interp
        main = RUNTIME.main
        source = caller.sys if caller.sys is not None else main.sys
        params = (ident, tuple(sorted(config.items())), tuple(initial_sys_path(main)),
                  tuple(source.argv), tuple(source._xoptions.items()) if all(
                      isinstance(v, (str, bool)) for v in source._xoptions.values()) else (),
                  tuple(source.warnoptions), tuple(source.orig_argv),
                  bool(source.dont_write_bytecode), bool(caller.inline_comprehensions),
                  broker_fifo(), self.result_fid, tuple(source.flags))
        script = ("import sys\n"
                  f"if {_ROOT!r} not in sys.path: sys.path.insert(0, {_ROOT!r})\n"
                  + _THREADING_FIX +
                  "from innerpy.runtime import subinterp as _innerpy_subinterp\n"
                  "_innerpy_subinterp.child_boot(_innerpy_request)\n")
        try:
            self._host_exec(script, xi.serialize(params))
            self._result()
        except BaseException:
            self._host_destroy()
            raise
        with RUNTIME.lock:
            RUNTIME.interpreters[ident] = self
        broker_call("register", ident, host_id, self.result_fid, tuple(sorted(config.items())))
        _register_cleanup()
        return self

    # Operations, run in the child while this host thread waits.

    def _host_exec(self, script, request):
        try:
            self._host_exec_raw(script, request)
        except xi.InterpreterError:
            raise
        except Exception as error:
            if "unrecognized interpreter" in str(error) or "not found" in str(error):
                self.xi_destroyed = True
                raise xi.InterpreterNotFoundError(f"unrecognized interpreter ID {self.id}") from None
            raise

    def _host_exec_raw(self, script, request):
        host = _host_module()
        shared = {"_innerpy_request": request}
        if hasattr(host, "new_config"):
            failure = host.exec(self.host_id, script, shared)
            if failure is not None:
                if "already running" in (failure.msg or ""):
                    raise xi.InterpreterError("interpreter already running")
                raise xi.InterpreterError(f"host subinterpreter failed: {failure.formatted}")
        else:
            try:
                host.run_string(self.host_id, script, shared)
            except host.RunFailedError as error:
                raise xi.InterpreterError(f"host subinterpreter failed: {error}") from None
            except RuntimeError as error:
                if "already running" in str(error):
                    raise xi.InterpreterError("interpreter already running") from None
                raise

    def _result(self):
        data = fifo().recv(self.result_fid)
        if data is None:
            raise xi.InterpreterError("host subinterpreter gave no result")
        ok, value = xi.deserialize(data)
        if not ok:
            raise xi.InterpreterError(value)
        return value

    def _request(self, *request):
        from ..modules._interpreters import InterpreterError
        with self.lock:
            if self.xi_running:
                raise InterpreterError("interpreter already running")
            self._running += 1
        try:
            _flush_guest_streams()
            self._host_exec("_innerpy_subinterp.child_request(_innerpy_request)\n",
                            xi.serialize(request, xi.FMT_PICKLED))
            return self._result()
        finally:
            with self.lock:
                self._running -= 1

    def remote_exec(self, code, payload):
        if isinstance(code, str):
            request = ("exec", "source", code, payload)
        else:
            from ..modules.marshal import dumps
            request = ("exec", "code", dumps(code), payload)
        return self._request(*request)

    def remote_call(self, request):
        return self._request("call", request)

    def remote_set_main_attrs(self, payload):
        snapshot = self._request("set_main", payload)
        if snapshot is not None:
            raise xi.InterpreterError(snapshot[4])

    def remote_destroy(self):
        try:
            self._request("finalize")
        finally:
            try:
                broker_call("unregister", self.id)
            except Exception:
                pass
            self._host_destroy()
            fifo().destroy(self.result_fid)

    def _host_destroy(self):
        try:
            _host_module().destroy(self.host_id)
        except Exception:
            pass
        _HOST_HANDLES.pop(self.host_id, None)


# 3.12's threading takes the thread that first imports it in a subinterpreter
# for that interpreter's main thread and waits for it when the interpreter is
# destroyed -- forever, if the destroying thread is another one. The guest
# interpreter's own threads are joined before destruction anyway.
_THREADING_FIX = ("import threading\n"
                  "if hasattr(threading, '_shutdown_locks'):\n"
                  "    with threading._shutdown_locks_lock:\n"
                  "        threading._shutdown_locks.discard(threading._main_thread._tstate_lock)\n")


class ForeignMain:
    """The main interpreter seen from a child host interpreter: always running."""

    id = 0
    config = {"xi_whence": 1}
    xi_running = 1

    def _busy(self, *args):
        raise xi.InterpreterError("interpreter already running")

    remote_exec = remote_call = remote_set_main_attrs = _busy

    def remote_destroy(self):
        raise xi.InterpreterError("interpreter running")


_cleanup_registered = False


def _register_cleanup():
    global _cleanup_registered
    if not _cleanup_registered:
        import atexit
        atexit.register(_destroy_remaining)
        _cleanup_registered = True


def _destroy_remaining():
    """At host exit, end the host subinterpreters still alive (3.12 crashes
    finalizing them itself), running their guest atexit callbacks first."""
    for target in list(RUNTIME.interpreters.values()):
        if isinstance(target, RemoteInterpreter) and not getattr(target, "xi_destroyed", False):
            target.xi_destroyed = True
            if not target.xi_running:
                try:
                    target.remote_destroy()
                except BaseException:
                    target._host_destroy()


def _allocate_id():
    if _child is not None:
        return broker_call("alloc_id")
    with RUNTIME.lock:
        ident = RUNTIME.next_id
        RUNTIME.next_id += 1
    return ident


def allocate_local_id():
    """Reserve the id a new local interpreter will take (children ask the top level)."""
    if _child is not None:
        RUNTIME.next_id = broker_call("alloc_id")


def _flush_guest_streams():
    from .state import current_tstate
    try:
        sysmod = current_tstate().interp.sys
    except Exception:
        return
    for name in ("stdout", "stderr"):
        try:
            getattr(sysmod, name).flush()
        except Exception:
            pass


# -- the child's side -------------------------------------------------------------

def child_boot(request):
    """In a new host subinterpreter: build the guest runtime for one interpreter."""
    global _child
    (ident, config, path, argv, xoptions, warnoptions, orig_argv, dont_write_bytecode,
     inline, broker, result, flags) = xi.deserialize(request)
    _child = {"broker": broker, "result": result, "id": ident}
    try:
        from ..modules import _interpqueues
        _interpqueues.STORE = BrokerQueueStore()
        from .pythonrun import initialize
        RUNTIME.next_id = ident
        interp = initialize(argv=list(argv), xoptions=dict(xoptions), path=list(path),
                            warnoptions=list(warnoptions), orig_argv=list(orig_argv),
                            inline_comprehensions=inline, bind=True,
                            config={"xi_config": dict(config), "xi_whence": 5,
                                    "xi_child": True})
        interp.sys.dont_write_bytecode = dont_write_bytecode
        interp.xi_running = 0
        from ..modules._interpreters import install_extension_check
        install_extension_check(interp)
        from .site_setup import rebuild_flags
        start_site(interp, rebuild_flags(flags))
        _reply(True, None)
    except BaseException as error:
        _reply(False, f"cannot start the guest interpreter: {type(error).__name__}: {error}")


def initial_sys_path(main):
    """The sys.path a new interpreter starts from: the main interpreter's before
    `site` added to it (an embedder's main, never started up, gives its current one)."""
    return main.config.get("initial_sys_path", main.sys.path)


def start_site(interp, flags):
    """`init_interp_main` for a new interpreter: it inherits the creating
    interpreter's sys.flags and, unless they say -S, imports `site` (which
    finds its site-packages already on the inherited sys.path and adds
    `exit`, `help`, ... to the new builtins), as CPython 3.12 does. Its
    sys.path is the main interpreter's before `site` ran (initial_sys_path). A failing
    `site` fails the creation (3.12: "interpreter creation failed")."""
    from .site_setup import Startup
    try:
        Startup(flags).apply_to_new_interpreter(interp)
    except BaseException as error:
        raise xi.InterpreterError("interpreter creation failed") from error


def _reply(ok, value):
    fifo().send(_child["result"], xi.serialize((ok, value), xi.FMT_PICKLED))


def child_request(request):
    """Serve one request from the parent; the answer goes to the result FIFO."""
    from ..modules import _interpreters as imod
    interp = RUNTIME.main
    RUNTIME.bind(interp.thread_state())
    try:
        parts = xi.deserialize(request)
        op = parts[0]
        if op == "exec":
            _, kind, code, payload = parts
            if kind == "code":
                from ..modules.marshal import loads
                code = loads(code)
            _, snapshot = imod._run_local(interp, lambda: imod._exec_in(interp, code, payload))
            value = snapshot
        elif op == "call":
            value = imod._run_local(interp, lambda: imod.call_request(interp, parts[1]))
        elif op == "set_main":
            _, snapshot = imod._run_local(interp, lambda: imod._bind_main_attrs(interp, parts[1]))
            value = snapshot
        elif op == "finalize":
            imod._finalize_local(interp)
            value = None
        else:
            raise ValueError(f"unknown request {op!r}")
        ok = True
    except BaseException as error:
        ok, value = False, f"{type(error).__name__}: {error}"
    for name in ("stdout", "stderr"):
        try:
            getattr(interp.sys, name).flush()
        except Exception:
            pass
    try:
        broker_sync()     # what this request put is in the queues before it returns
    except Exception:
        pass
    _reply(ok, value)


def find_foreign(ident):
    """A handle on an interpreter made in another host interpreter, or None."""
    if not host_supported():
        return None
    try:
        record = broker_call("lookup", ident)
    except Exception:
        return None
    if record is None:
        return None
    return RemoteInterpreter.attach(record)


def foreign_ids():
    """Ids of interpreters living in host subinterpreters, wherever they were made."""
    if not host_supported() or (_child is None and _broker is None):
        return ()
    try:
        return broker_call("registered")
    except Exception:
        return ()
