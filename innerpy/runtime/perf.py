"""Guest Python functions by name in Linux `perf` (Python/perf_trampoline.c).

The problem
-----------
`perf` is a sampling profiler. Many times a second it interrupts the
process, records the instruction pointer, and (with `--call-graph dwarf`)
a copy of the top of the native stack, which it later unwinds with the
DWARF call-frame information of the binaries that were mapped. Everything
it sees is native code. For CPython that means `_PyEval_EvalFrameDefault`
everywhere; for innerpy it is worse, because the guest function is two
interpreters away: the guest's `fib` is a list of `(handler, arg)` pairs
walked by `run_frame`, which is host Python code, which runs in the host's
`_PyEval_EvalFrameDefault`. No native address anywhere belongs to `fib`.

CPython 3.12's answer is the *perf trampoline*. Each code object, the first
time it is evaluated while support is active, gets a copy of a tiny
machine-code function whose only job is to call the real frame evaluator.
The copies are identical, but each lives at its own address, so while a
Python function runs the native stack holds a return address inside *its*
copy. CPython writes one line per copy to `/tmp/perf-<pid>.map`,
`<address> <size> py::<qualname>:<filename>`, and perf, which reads that
file for addresses outside any mapped binary, prints the Python name.

What innerpy does
-----------------
The same thing, with its own trampolines, on every host. This module

- maps executable memory with `mmap`/`mprotect` (through ctypes) in arenas
  and fills it with copies of a six-instruction function `tramp()` that
  sets up a frame-pointer frame and calls one fixed address, the ctypes
  callback `_evaluate`: on x86-64 `push %rbp; mov %rsp,%rbp; movabs
  $_evaluate,%rax; call *%rax; pop %rbp; ret` (18 bytes in 32-byte slots),
  on AArch64 the equivalent `stp/mov/ldr/blr/ldp/ret` plus the literal;
- gives every guest code object that starts running while support is
  active its own slot (a ctypes function pointer to that address), and
  writes the map line the moment the slot is handed out -- which is
  exactly "the first time this code object runs while active";
- runs the guest frame *through* that slot: a ctypes call into the slot,
  whose `call` lands in `_evaluate`, which runs the frame with the
  ordinary `run_frame`. While the guest function runs, the native stack
  therefore reads, from the leaf upwards: the host's eval loop running
  innerpy's handlers ... ctypes' callback machinery, libffi, **a return
  address inside this function's slot**. DWARF unwinding stops at the
  slot (it has no CFI, like CPython's), so perf reports the sample under
  `py::fib:/path/prog.py`, the innermost guest function, which is what
  CPython 3.12 shows too.

Nothing travels through the C signature. Converting ctypes arguments costs
more than the native call itself, a callback that returns a Python object
leaks a reference, and one that raises only prints "Exception ignored". So
the frame to run goes in a small per-thread payload list (the call keeps
the GIL, so nothing else runs on this thread in between), and the
callback leaves `(result, True)` or `(exception, False)` in it for the
caller to return or re-raise once the native call is back.

Getting every guest frame to pass through a slot
------------------------------------------------
innerpy's guest-to-guest calls never recurse on the host stack: CALL
pushes a frame and the eval loop switches to it. That is what makes the VM
fast and what makes a per-function native frame impossible, so in perf
mode, and only then, guest calls recurse on the host:

- The call instructions (every handler in `vm/bytecodes.py` that can push a
  callee frame -- found by asking which handlers name `push_frame` or
  `enter_function`, directly or through helpers) are wrapped: the wrapper runs the real handler, and when that answers
  with a freshly pushed callee it undoes the push and runs the callee as
  an entry frame through its trampoline, then pushes the result on the
  caller's stack. The handler table `HANDLERS` gets the wrapped handlers
  while support is active, so code decoded now uses them, and the
  already-decoded instruction lists (shared by every frame of a code
  object, including frames running right now) are patched in place,
  found with one `gc` walk over `Decoded` objects. Deactivation undoes
  both. So there is no flag test, no extra call, nothing at all on the
  hot path while support is off.
- Every place where host code enters the eval loop -- a host call of a
  guest function (`call_function`), a class body, module code run by
  `exec` or the importer, a generator or coroutine resuming -- calls
  `run_frame` through a module global. While active, those globals (in
  every loaded `innerpy.*` module that imported `run_frame`, and in
  `vm/ceval.py` itself, from which later imports take it) are pointed at
  this module's trampoline entry, and restored afterwards.

So module code gets `py::<module>:/path/prog.py`, generator bodies are
attributed while they run, and a guest function called from `sorted(key=)`
still shows under its own name.

Costs
-----
Nothing while support is off: the hooks below are swapped in and out, no
flag is tested anywhere. While active, every guest call pays the host
recursion (a wrapper, an entry `run_frame`) and the native detour (a
ctypes foreign call, libffi's closure, the callback, a payload list):
about 1 microsecond per call on top of roughly 1.5 for a whole innerpy
`fib` call. Measured with `fib(23)` (92735 calls, best of five, CPU time):

    host      off      -X perf   -X perf_jit
    3.11      0.142 s  0.238 s   0.241 s     (+68 %)
    3.12      0.142 s  0.237 s   0.240 s     (+67 %)
    3.13      0.146 s  0.250 s   0.242 s     (+70 %)

CPython 3.12 itself goes from 2 ms to 4 ms on the same program (+100 %).
Code that makes few calls pays next to nothing. Memory: 32 bytes of
executable memory per code object, never reused (as in CPython: a reused
address would make perf attribute old samples to the new function), and
a dict entry that leaves with the code object.

Because guest calls recurse on the host in this mode, guest recursion
depth is bounded by the host's: activation raises the host's recursion
limit so that 3.11 and 3.13 hosts reach the guest's own limit (1000), but
CPython 3.12 counts native recursion separately, against a fixed limit of
1500, and there deep guest recursion raises RecursionError after about 450
levels while support is active.

Why not the host's own trampoline
---------------------------------
On 3.12+ hosts one could give each guest function a *host* code object
named after it (`CodeType.replace(co_name=..., co_filename=...)`), call
through it, and switch on the host's `sys.activate_stack_trampoline("perf")`.
It does not attribute well: the host trampoline wraps every host code
object, and every innerpy instruction handler is a host function, so the
innermost trampoline at a sample -- the only one DWARF unwinding reaches --
mostly belongs to a handler or to `run_frame`, not to the guest function.
(Profiling `fib` under `python3.12 -X perf -m innerpy`, the innermost
Python names were `run_frame`, `enter_function`, `CALL_1`,
`Frame.__init__`, `COMPARE_OP_LT`, `LOAD_FAST`, ...) It also takes the
host's inlined Python-to-Python calls away from every handler call
(+23 % on that `fib` for the VM as a whole, before any guest detour),
fills the map file with innerpy's own functions, and does nothing on
3.11. When the host's trampoline was switched on by `PYTHONPERFSUPPORT`
(which the user meant for the guest), it is switched off again when
innerpy's support starts.

perf_jit
--------
`-X perf_jit` (3.13's extension) uses the same slots but records them in
a jitdump file (innerpy/runtime/perf_jit.py), see there.

After fork
----------
A host `os.register_at_fork` hook in the child opens the child's own
`/tmp/perf-<childpid>.map` and forgets which code objects already have
slots, so the child's map lists what runs in the child, as CPython does.
"""

import gc
import mmap
import os
import sys as _host_sys
import threading
import weakref
from types import FunctionType

# -- machine code -------------------------------------------------------------

# tramp(): call the callback at FN inside a frame of our own. FN, the address of the one
# ctypes callback, is the same for every trampoline, so it is baked into the code.
def _x86_64(fn):
    # Encodings as `llvm-mc -triple=x86_64 -show-encoding` gives them.
    return (bytes([0x55,                        # push   %rbp
                   0x48, 0x89, 0xE5,            # mov    %rsp,%rbp
                   0x48, 0xB8])                 # movabs $FN,%rax
            + fn.to_bytes(8, "little")
            + bytes([0xFF, 0xD0,                # call   *%rax
                     0x5D,                      # pop    %rbp
                     0xC3]))                    # ret


def _aarch64(fn):
    # Encodings checked with `llvm-mc -triple=aarch64 -show-encoding`; never run here (these
    # machines are x86-64). Linux makes freshly mapped pages coherent for instruction
    # fetch when they become executable, so no cache flush is issued.
    words = (0xA9BF7BFD,                        # stp x29, x30, [sp, #-16]!
             0x910003FD,                        # mov x29, sp
             0x58000090,                        # ldr x16, .+16 (FN below)
             0xD63F0200,                        # blr x16
             0xA8C17BFD,                        # ldp x29, x30, [sp], #16
             0xD65F03C0)                        # ret
    return b"".join(word.to_bytes(4, "little") for word in words) + fn.to_bytes(8, "little")


_MACHINE_CODE = {"x86_64": _x86_64, "amd64": _x86_64, "aarch64": _aarch64, "arm64": _aarch64}

SLOT_SIZE = 32
ARENA_SIZE = 1 << 16            # 2048 trampolines per arena

# ctypes is imported on first activation, so that start-up without perf pays nothing.
ctypes = None
_TRAMPOLINE_TYPE = None          # tramp() as ctypes sees it
_evaluate_callback = None        # the libffi closure around `_evaluate`, every trampoline's FN


class _Arenas:
    """Executable memory handed out in SLOT_SIZE pieces (`perf_code_arena`)."""

    def __init__(self, code):
        self.code = code
        self.size = len(code)
        self.lock = threading.Lock()
        self.base = 0
        self.used = ARENA_SIZE // SLOT_SIZE   # "full": the first allocation maps an arena
        self.arenas = []
        libc = ctypes.CDLL(None, use_errno=True)
        self._mmap = libc.mmap
        self._mmap.restype = ctypes.c_void_p
        self._mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                               ctypes.c_int, ctypes.c_long]
        self._mprotect = libc.mprotect
        self._mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        self._munmap = libc.munmap
        self._munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]

    def _new_arena(self):
        address = self._mmap(None, ARENA_SIZE, mmap.PROT_READ | mmap.PROT_WRITE,
                             mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, -1, 0)
        if address is None or address == ctypes.c_void_p(-1).value:
            raise OSError(ctypes.get_errno(), "mmap of trampoline memory failed")
        slot = self.code + b"\xcc" * (SLOT_SIZE - self.size)   # int3 padding
        ctypes.memmove(address, slot * (ARENA_SIZE // SLOT_SIZE), ARENA_SIZE)
        if self._mprotect(address, ARENA_SIZE, mmap.PROT_READ | mmap.PROT_EXEC) != 0:
            raise OSError(ctypes.get_errno(), "mprotect of trampoline memory failed")
        self.arenas.append(address)
        self.base = address
        self.used = 0

    def allocate(self):
        """The address of a fresh trampoline."""
        with self.lock:
            if self.used >= ARENA_SIZE // SLOT_SIZE:
                self._new_arena()
            address = self.base + self.used * SLOT_SIZE
            self.used += 1
            return address


_arenas = None
_unavailable = None      # why trampolines cannot be made here, once we know


def _get_arenas():
    global _arenas, _unavailable, ctypes, _TRAMPOLINE_TYPE, _evaluate_callback, _EVALUATE
    if _arenas is None and _unavailable is None:
        assemble = _MACHINE_CODE.get(os.uname().machine)
        if not _host_sys.platform.startswith("linux") or assemble is None:
            _unavailable = "perf trampoline not available"
        else:
            try:
                import ctypes
                # PYFUNCTYPE: the call keeps the GIL, so nothing else runs in between.
                _TRAMPOLINE_TYPE = ctypes.PYFUNCTYPE(None)
                _evaluate_callback = ctypes.PYFUNCTYPE(None)(_evaluate)
                arenas = _Arenas(assemble(ctypes.cast(_evaluate_callback, ctypes.c_void_p).value))
                arenas._new_arena()
                _arenas = arenas
            except (OSError, AttributeError, ImportError) as error:
                _unavailable = f"can't activate perf trampoline: {error}"
    if _arenas is None:
        raise ValueError(_unavailable)
    return _arenas


# -- map-file writers -----------------------------------------------------------

class PerfMapWriter:
    """`/tmp/perf-<pid>.map` (Python/perf_trampoline.c's perf_map_* callbacks)."""

    def __init__(self):
        self.pid = os.getpid()
        self.path = f"/tmp/perf-{self.pid}.map"
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
        self.fd = os.open(self.path, flags, 0o600)

    def write(self, address, size, code):
        line = f"{address:x} {size:x} py::{code.co_qualname}:{code.co_filename}\n"
        os.write(self.fd, line.encode("utf-8", "backslashreplace"))

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _make_writer(backend):
    if backend == "perf_jit":
        from .perf_jit import JitDumpWriter
        return JitDumpWriter(_get_arenas())
    return PerfMapWriter()


# -- state ----------------------------------------------------------------------

_lock = threading.RLock()
_active = False
_backend = None
_writer = None
_entries = {}            # id(code) -> (weakref to code, ctypes trampoline)
_saved_handlers = {}     # opcode -> (handler, decoder) while active
_wrapped = {}            # plain call handler -> its perf wrapper
_patched_modules = []    # modules whose `run_frame` global we pointed here
_fork_hook = False
_host_recursion_saved = None   # the host's limit before activation raised it

# The frame evaluator the trampolines end in, bound at first activation.
_run_frame = None
_Frame = None
_EXIT = None


def is_active():
    return _active


def backend():
    return _backend if _active else None


def activate(name):
    """Start perf support with backend `name` ("perf", or "perf_jit" from the command line)."""
    global _active, _backend, _writer
    with _lock:
        if _active and name == _backend:
            return
        arenas = _get_arenas()          # ValueError where there are no trampolines
        if _active:
            _deactivate_locked()
        if _writer is None or _writer.pid != os.getpid() or _backend != name:
            if _writer is not None:
                _writer.close()
            _writer = _make_writer(name)
        _entries.clear()                 # a new activation gives every code object a new slot
        _bind_vm()
        _install_hooks()
        _raise_host_recursion_limit()
        _register_fork_hook()
        del arenas
        _backend = name
        _active = True


def deactivate():
    with _lock:
        if _active:
            _deactivate_locked()


def _deactivate_locked():
    global _active
    _remove_hooks()
    _restore_host_recursion_limit()
    _active = False


# -- the guest's sys API ----------------------------------------------------------

def activate_stack_trampoline(backend, /):
    """sys.activate_stack_trampoline(backend, /): activate stack profiler trampoline *backend*."""
    if not isinstance(backend, str):
        raise TypeError(f"activate_stack_trampoline() argument must be str, not "
                        f"{type(backend).__name__}")
    if backend != "perf":
        raise ValueError(f"invalid backend: {backend}")
    activate(backend)


def deactivate_stack_trampoline():
    """sys.deactivate_stack_trampoline(): deactivate the current stack profiler trampoline backend.

    If no stack profiler is activated, this function has no effect."""
    deactivate()


def is_stack_trampoline_active():
    """sys.is_stack_trampoline_active(): return *True* if a stack profiler trampoline is active."""
    return _active


def configure(xoptions, environ):
    """Start-up: `-X perf`, `-X perf_jit`, `PYTHONPERFSUPPORT=N` (`environ` is None under -E/-I).

    As CPython: any -X perf (even -X perf=0) or a positive integer in the
    environment variable switches support on; anything else leaves it off
    without a word. Where trampolines cannot be made, start-up goes on
    without them."""
    name = None
    if "perf_jit" in xoptions:
        name = "perf_jit"
    elif "perf" in xoptions:
        name = "perf"
    elif environ is not None:
        value = environ.get("PYTHONPERFSUPPORT", "")
        try:
            if int(value) > 0:
                name = "perf"
        except ValueError:
            pass
        if name is not None:
            _quiet_host_trampoline()
    if name is None:
        return False
    try:
        activate(name)
    except (ValueError, OSError):
        return False
    return True


def _quiet_host_trampoline():
    """PYTHONPERFSUPPORT also switched on the host's (3.12+) trampoline, which would hide the
    guest's frames behind innerpy's own; turn it off unless the host was asked with -X."""
    host_active = getattr(_host_sys, "is_stack_trampoline_active", None)
    if host_active is None or not host_active():
        return
    if any(key in _host_sys._xoptions for key in ("perf", "perf_jit")):
        return
    _host_sys.deactivate_stack_trampoline()


# -- running frames through trampolines ------------------------------------------------

_handoff = threading.local()     # the payload on its way through the native call, per thread


def _evaluate():
    """The one ctypes callback every trampoline calls: run the frame, report how it went.

    Arguments through ctypes cost more than the call itself, so the payload
    travels in a thread-local instead."""
    payload = _handoff.payload
    try:
        payload[0] = _run_frame(payload[0], payload[1], payload[2])
        payload[3] = True
    except BaseException as exc:
        payload[0] = exc
        payload[3] = False


def _new_entry(code):
    """A code object's first run while active: its trampoline and its map line."""
    with _lock:
        key = id(code)
        entry = _entries.get(key)
        if entry is not None and entry[0]() is code:
            return entry
        address = _get_arenas().allocate()
        entries = _entries

        def forget(ref, key=key):
            current = entries.get(key)
            if current is not None and current[0] is ref:
                del entries[key]

        entry = (weakref.ref(code, forget), _TRAMPOLINE_TYPE(address))
        _entries[key] = entry
        writer = _writer
        if writer is not None:
            writer.write(address, _arenas.size, code)
        return entry


def run_frame(tstate, frame, throw=None):
    """`run_frame` (vm/ceval.py) with a native frame of the code object's own around it."""
    code = frame.code
    entry = _entries.get(id(code))   # an entry leaves with its code object, before the id is reused
    if entry is None:
        entry = _new_entry(code)
    payload = _handoff.payload = [tstate, frame, throw, None]
    try:
        entry[1]()
    except ctypes.ArgumentError:
        # The host ran out of recursion while converting the arguments (3.13).
        raise RecursionError("maximum recursion depth exceeded") from None
    done = payload[3]
    if done is True:
        return payload[0]
    if done is False:
        exc = payload[0]
        del payload
        try:
            raise exc
        finally:
            exc = None
    # The callback never ran its body: ctypes could not call into Python (recursion).
    raise RecursionError("maximum recursion depth exceeded")


def _wrap_call_handler(handler):
    """Perf mode's version of a call instruction: a pushed guest callee runs through its
    trampoline with host recursion instead of being switched to by the eval loop."""
    Frame = _Frame
    EXIT = _EXIT

    def perf_call(f, stack, arg):
        r = handler(f, stack, arg)
        if r is None or r.__class__ is int or r is EXIT or r.__class__ is not Frame \
                or r.previous is not f or r.generator is not None:
            # Not a fresh callee: a generator resumed by `next(gen)` or
            # `gen.send(v)` runs inline in the loop, as FOR_ITER's does.
            return r
        # Undo push_frame (the run below re-does it as an entry frame).
        tstate = f.tstate
        tstate.frame = f
        tstate.depth -= 1
        stack.append(run_frame(tstate, r))
        return f.pc

    perf_call.__name__ = perf_call.__qualname__ = f"perf_{handler.__name__}"
    perf_call.__doc__ = handler.__doc__
    perf_call.plain = handler
    return perf_call


def _wrap_decoder(plain, decoder):
    wrapped = _wrapped

    def perf_decoder(ctx, handler, oparg):
        if decoder is None:
            return wrapped.get(plain, plain), oparg
        h, arg = decoder(ctx, plain, oparg)
        return wrapped.get(h, h), arg

    return perf_decoder


def _bind_vm():
    global _run_frame, _Frame, _EXIT
    if _run_frame is None:
        from ..vm import ceval
        from ..vm.frame import Frame
        _run_frame = ceval.run_frame
        _Frame = Frame
        _EXIT = ceval.EXIT


# The VM's ways of linking a callee frame for the eval loop to switch to (vm/ceval.py).
FRAME_PUSHERS = ("push_frame", "enter_function")


def _call_handlers():
    """The handlers that can push a guest callee frame: the functions of vm/bytecodes.py that
    name one of FRAME_PUSHERS, or name a function of vm/bytecodes.py or vm/ceval.py that
    does, and so on."""
    from ..vm import bytecodes, ceval
    functions = {}
    for module in (ceval, bytecodes):
        for name, value in vars(module).items():
            if isinstance(value, FunctionType) and value.__module__ == module.__name__:
                functions.setdefault(name, []).append(value)
    pushing = set(FRAME_PUSHERS)
    changed = True
    while changed:
        changed = False
        for name, values in functions.items():
            if name not in pushing and any(pushing.intersection(v.__code__.co_names)
                                           for v in values):
                pushing.add(name)
                changed = True
    return {value for name, values in functions.items() if name in pushing
            for value in values if value.__module__ == bytecodes.__name__}


def _install_hooks():
    from ..vm import bytecodes, superblocks
    # Superblocks call the plain handlers directly; every guest call must go
    # through the trampolines instead, so translation stops while perf is on.
    superblocks.set_enabled(False)
    _reset_superblocks()
    handlers = bytecodes.HANDLERS
    _wrapped.clear()
    for plain in _call_handlers():
        _wrapped[plain] = _wrap_call_handler(plain)
    _saved_handlers.clear()
    for opcode, (handler, decoder) in list(handlers.items()):
        if handler in _wrapped or decoder is not None:
            _saved_handlers[opcode] = (handler, decoder)
            handlers[opcode] = (_wrapped.get(handler, handler), _wrap_decoder(handler, decoder))
    _patch_decoded(_wrapped)
    _patch_run_frame_globals(_run_frame, run_frame)


def _remove_hooks():
    from ..vm import bytecodes, superblocks
    handlers = bytecodes.HANDLERS
    for opcode, entry in _saved_handlers.items():
        handlers[opcode] = entry
    _saved_handlers.clear()
    superblocks.set_enabled(True)
    _reset_superblocks()
    _patch_decoded({wrapper: plain for plain, wrapper in _wrapped.items()})
    _patch_run_frame_globals(run_frame, _run_frame)


def _reset_superblocks():
    """Every decoded code object back to its cold, untranslated instruction list."""
    from ..vm.decode import Decoded
    from ..vm.superblocks import revert
    for obj in gc.get_objects():
        if obj.__class__ is Decoded:
            revert(obj)


def _patch_decoded(mapping):
    """Swap handlers in every decoded instruction list (frames share them, so running frames
    see the change at their next call)."""
    if not mapping:
        return
    from ..vm.decode import Decoded
    for obj in gc.get_objects():
        if obj.__class__ is Decoded:
            instrs = obj.instrs
            for index, (handler, arg) in enumerate(instrs):
                replacement = mapping.get(handler)
                if replacement is not None:
                    instrs[index] = (replacement, arg)


def _patch_run_frame_globals(old, new):
    """Point `run_frame` module globals from `old` to `new` in innerpy's loaded modules."""
    for name, module in list(_host_sys.modules.items()):
        if module is None or not (name == "innerpy" or name.startswith("innerpy.")):
            continue
        if name == __name__:
            continue
        namespace = getattr(module, "__dict__", None)
        if namespace is not None and namespace.get("run_frame") is old:
            namespace["run_frame"] = new


HOST_RECURSION_LIMIT = 20000


def _raise_host_recursion_limit():
    """Guest calls recurse on the host while active; leave room for the guest's own limit."""
    global _host_recursion_saved
    current = _host_sys.getrecursionlimit()
    if current < HOST_RECURSION_LIMIT:
        _host_recursion_saved = current
        _host_sys.setrecursionlimit(HOST_RECURSION_LIMIT)


def _restore_host_recursion_limit():
    global _host_recursion_saved
    saved, _host_recursion_saved = _host_recursion_saved, None
    if saved is not None and _host_sys.getrecursionlimit() == HOST_RECURSION_LIMIT:
        try:
            _host_sys.setrecursionlimit(saved)
        except RecursionError:      # deeper than that right now: keep the higher limit
            pass


# -- fork ------------------------------------------------------------------------------

def _register_fork_hook():
    global _fork_hook
    if not _fork_hook and hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork_child)
        _fork_hook = True


def _after_fork_child():
    """`_PyPerfTrampoline_AfterFork_Child`: the child writes its own file from scratch."""
    global _writer
    if not _active:
        return
    if _writer is not None:
        _writer.close()
    _writer = _make_writer(_backend)
    _entries.clear()
