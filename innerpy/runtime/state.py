"""Runtime, interpreter and thread state (Python/pystate.c).

CPython 3.12 keeps guest-visible state in three layers so that several
interpreters can live in one process: one `_PyRuntimeState`, a
`PyInterpreterState` per interpreter (modules, sys, builtins, import state,
recursion limit) and a `PyThreadState` per thread running in an interpreter
(current frame, handled-exception stack). innerpy keeps exactly these three
layers; nothing guest-visible lives in module globals.

The current thread state is found through a `threading.local`, so a host
thread that calls into guest code (a `threading.Thread` target, an atexit
callback, a `__del__`) gets its own thread state on first use.
"""

import threading


class ExcInfo:
    """One entry of the handled-exception stack (`_PyErr_StackItem`).

    A running generator links its own entry on top, so `sys.exception()`
    inside it sees what it handles itself, then what its caller handles."""

    __slots__ = ("value", "previous")

    def __init__(self, value=None, previous=None):
        self.value = value
        self.previous = previous


class Runtime:
    """The process-wide state (`_PyRuntimeState`): the interpreters and their ids."""

    def __init__(self):
        self.lock = threading.Lock()
        self.interpreters = {}
        self.next_id = 0
        self.main = None
        self._local = threading.local()

    def new_interpreter(self, config=None):
        with self.lock:
            interp = Interpreter(self, self.next_id, config or {})
            self.next_id += 1
            self.interpreters[interp.id] = interp
            if self.main is None:
                self.main = interp
        return interp

    def current_tstate(self):
        """This host thread's current thread state (`_PyThreadState_GET`)."""
        return getattr(self._local, "tstate", None)

    def bind(self, tstate):
        """Make `tstate` current on this host thread; returns the previous one."""
        local = self._local
        previous = getattr(local, "tstate", None)
        local.tstate = tstate
        return previous


class Interpreter:
    """One interpreter (`PyInterpreterState`): everything its guest code can see."""

    def __init__(self, runtime, id, config):
        self.runtime = runtime
        self.id = id
        self.config = config
        self.modules = {}              # the guest's sys.modules
        self.sys = None                # the guest's sys module (modules/sys.py)
        self.builtins = None           # the guest's builtins dict (modules/builtins.py)
        self.importer = None           # runtime/importer.py
        self.recursion_limit = 1000
        self.atexit_callbacks = []
        self.lock = threading.RLock()  # this interpreter's GIL
        self.threads = {}
        self.audit_hooks = ()          # sys.addaudithook (runtime/audit.py)
        self.finalizing = False        # sys.is_finalizing: set once atexit callbacks have run
        self.inline_comprehensions = config.get("inline_comprehensions", True)

    def thread_state(self):
        """The calling host thread's state in this interpreter, made on first use."""
        ident = threading.get_ident()
        tstate = self.threads.get(ident)
        if tstate is None:
            tstate = self.threads[ident] = ThreadState(self, ident)
        return tstate

    def __repr__(self):
        return f"<innerpy interpreter {self.id}>"


class ThreadState:
    """One host thread running in one interpreter (`PyThreadState`)."""

    __slots__ = ("interp", "ident", "frame", "depth", "exc_info", "retval",
                 "reraise", "reraise_lasti", "tracefunc", "profilefunc", "tracing", "trace_depth", "builtins",
                 "__weakref__")

    def __init__(self, interp, ident):
        self.interp = interp
        self.ident = ident
        self.frame = None          # the innermost running guest frame
        self.depth = 0             # guest frames on this thread, for the recursion limit
        self.exc_info = ExcInfo()  # top of the handled-exception stack
        self.retval = None         # an entry frame's result, handed to run_frame
        self.reraise = False       # the exception in flight is re-raised: no traceback entry
        self.reraise_lasti = None  # RERAISE's saved instruction index, for the frame's f_lineno
        self.tracefunc = None      # sys.settrace
        self.profilefunc = None    # sys.setprofile
        self.tracing = False       # a trace or profile function is set and not running now
        self.trace_depth = 0       # > 0 while a trace or profile function runs
        self.builtins = None

    def update_tracing(self):
        """Recompute `tracing`: the eval loop switches to the tracing loop when it is true."""
        self.tracing = (self.tracefunc is not None or self.profilefunc is not None) \
            and self.trace_depth == 0

    def handled_exception(self):
        """The exception being handled now (`_PyErr_GetTopmostException`)."""
        item = self.exc_info
        while item is not None:
            value = item.value
            if value is not None:
                return value
            item = item.previous
        return None


RUNTIME = Runtime()


def current_tstate():
    """The calling thread's state, creating one in the main interpreter if needed."""
    tstate = RUNTIME.current_tstate()
    if tstate is None:
        interp = RUNTIME.main
        if interp is None:
            raise RuntimeError("innerpy: no interpreter has been initialised")
        tstate = interp.thread_state()
        RUNTIME.bind(tstate)
    return tstate
