"""Audit hooks (PEP 578): `sys.audit`, `sys.addaudithook`, the events innerpy
raises for what it implements, host-raised events forwarded to the guest,
and the guest's `sys.executable` starting innerpy (test_audit's children)."""

import os
import subprocess
import sys
import textwrap

from tests.support.differential import assert_same, run_innerpy

EVENTS = """
import sys, types
seen = []
def hook(event, args):
    if event in WANTED:
        seen.append((event, tuple(a if isinstance(a, (str, bytes, int, type(None))) else type(a).__name__
                                  for a in args)))
WANTED = {"compile", "exec", "sys._getframe", "sys.settrace", "sys.setprofile", "code.__new__",
          "function.__new__", "object.__setattr__", "object.__delattr__", "test.event",
          "marshal.dumps", "marshal.loads", "builtins.input", "builtins.input/result"}
sys.addaudithook(hook)
exec("x = 1")
eval(compile("2", "file.py", "eval"))
sys.audit("test.event", 1, "two")
sys._getframe()
sys.settrace(None); sys.setprofile(None)
def f(a=1): pass
f.__defaults__ = (2,)
f.__defaults__ = None
del f.__kwdefaults__
f.__code__ = f.__code__.replace(co_name="g")
types.FunctionType(f.__code__, {})
class C: pass
C.__name__ = "D"
import marshal
marshal.loads(marshal.dumps((1, "ab")))
for event in seen:
    print(*event)
try:
    sys.audit()
except TypeError as e:
    print(e)
try:
    sys.audit(1)
except TypeError as e:
    print(e)
"""

VETO = """
import sys
heard = []
def veto(event, args):
    heard.append(event)
    if event == "sys.addaudithook":
        raise RuntimeError("no more hooks")
sys.addaudithook(veto)
sys.addaudithook(lambda e, a: heard.append("second " + e))   # vetoed quietly
sys.audit("anything")
print(heard)
"""

BASE_VETO = """
import sys
def hook(event, args):
    if event == "sys.addaudithook":
        raise KeyboardInterrupt("stop")
sys.addaudithook(hook)
try:
    sys.addaudithook(print)
except KeyboardInterrupt as e:
    print("propagated", e)
"""

TRACED = """
import sys
calls = []
class Hook:
    def __call__(self, event, args):
        pass
def trace(frame, event, arg):
    if frame.f_code is Hook.__call__.__code__ and event == "call":
        calls.append(event)
    return None
hook = Hook()
sys.addaudithook(hook)
sys.settrace(trace)
sys.audit("quiet")
hook.__cantrace__ = True
sys.audit("traced")
sys.settrace(None)
print(calls)
"""

EXCEPTHOOK = """
import sys
def hook(event, args):
    if event == "sys.excepthook":
        print(event, args[1].__name__, args[2], flush=True)
sys.addaudithook(hook)
raise ValueError("uncaught")
"""

READS = """
import sys
seen = []
def hook(event, args):
    if event == "object.__getattr__":
        seen.append((type(args[0]).__name__,) + args[1:])
def gen():
    yield 1
async def coro():
    pass
async def agen():
    yield 1
g, c, a = gen(), coro(), agen()
try:
    1 / 0
except ZeroDivisionError as e:
    error = e
tb = error.__traceback__
sys.addaudithook(hook)
for obj, names in [(g, "gi_code gi_frame gi_running gi_suspended gi_yieldfrom __name__"),
                   (c, "cr_code cr_frame cr_running cr_await cr_origin __qualname__"),
                   (a, "ag_code ag_frame ag_running ag_await"),
                   (tb, "tb_frame tb_lasti tb_lineno tb_next"),
                   (sys._getframe(), "f_code f_back f_lasti f_lineno f_globals f_locals")]:
    for name in names.split():
        getattr(obj, name)
    print(seen)
    seen.clear()
# innerpy's own reads behind them raise nothing: resuming, clearing a
# frame, printing a traceback.
next(g)
c.cr_frame
seen.clear()
c.close()
sys.excepthook(type(error), error, tb)
print(seen)
for obj, name in [(g, "gi_frame"), (tb, "tb_frame"), (tb, "tb_lasti"), (tb, "tb_lineno"),
                  (sys._getframe(), "f_code")]:
    try:
        setattr(obj, name, None)
    except AttributeError as error:
        print(error)
"""

FUNCTION_ATTRIBUTES = """
import sys
def f(a, b=1, *, c=2): pass
def outer():
    x = 1
    def inner(): return x
    return inner
inner = outer()
seen = []
def hook(event, args):
    if event.startswith("object.__"):
        seen.append((event,) + tuple(getattr(arg, "co_name", arg) for arg in args[1:]))
sys.addaudithook(hook)
for name in ("__code__", "__defaults__", "__kwdefaults__", "__globals__", "__closure__",
             "__builtins__", "__name__", "__qualname__", "__annotations__", "__module__"):
    getattr(f, name)
print(seen)
seen.clear()
for name, value in [("__defaults__", 5), ("__defaults__", None), ("__defaults__", (3,)),
                    ("__kwdefaults__", []), ("__kwdefaults__", {"c": 9}),
                    ("__kwdefaults__", None), ("__code__", 5), ("__code__", inner.__code__),
                    ("__code__", outer.__code__)]:
    try:
        setattr(f, name, value)
    except (TypeError, ValueError) as error:
        print(name, type(error).__name__, error)
try:
    inner.__code__ = f.__code__
except ValueError as error:
    print(error)
for name in ("__defaults__", "__kwdefaults__", "__code__"):
    try:
        delattr(f, name)
    except TypeError as error:
        print(error)
print(f.__defaults__, f.__kwdefaults__, f.__code__.co_name)
print(seen)
print(f().__name__)   # the new code runs: outer's, which returns inner
print([name for name in dir(f) if not name.startswith("__")])
"""


def test_function_code_and_defaults_are_audited_and_checked():
    """funcobject.c's getsets: reading `__code__`, `__defaults__` and
    `__kwdefaults__` raises `object.__getattr__`; assigning them checks the
    type (and the free variables of a new code object) and raises
    `object.__setattr__`, or `object.__delattr__` for None; the VM's own
    reads when calling raise nothing."""
    out = assert_same(FUNCTION_ATTRIBUTES)
    assert "[('object.__getattr__', '__code__'), ('object.__getattr__', '__defaults__')" in out.stdout
    assert "__code__ ValueError f() requires a code object with 0 free vars, not 1" in out.stdout

GC_EVENTS = """
import gc, sys
events = []
sys.addaudithook(lambda event, args: event.startswith("gc.") and events.append(event))
def finished():
    marker = object()
    try:
        1 / 0
    except ZeroDivisionError as error:
        return marker, error.__traceback__
marker, tb = finished()
gc.get_referrers(marker)
gc.get_objects()
gc.get_referents(marker)
print(events)
"""


def test_gc_events_are_the_guests_calls_only():
    """The guest's gc view asks the host collector which frame owns a list;
    that lookup is innerpy's work and raises no event the guest sees."""
    out = assert_same(GC_EVENTS)
    assert "['gc.get_referrers', 'gc.get_objects', 'gc.get_referents']" in out.stdout

SYSLOG = """
import sys, syslog
sys.addaudithook(lambda event, args: event.startswith("syslog.") and print(event, *args))
syslog.openlog('python')
syslog.syslog('innerpy test')
syslog.closelog()
syslog.syslog('innerpy test 2')     # opens the log itself, named after sys.argv[0]
syslog.openlog(logoption=syslog.LOG_NDELAY)
sys.argv = None
syslog.openlog()
syslog.closelog()
"""


def test_syslog_is_named_after_the_guests_program():
    """The shared C syslog names the log after sys.argv[0]: the guest's, not
    innerpy's launcher (test_audit test_syslog)."""
    out = assert_same(SYSLOG)
    assert "syslog.openlog prog.py 0" in out.stdout


def test_reading_code_and_frames_of_generators_frames_and_tracebacks_is_audited():
    """3.12 raises `object.__getattr__` for gi_code/gi_frame (cr_, ag_),
    tb_frame and f_code, and for nothing else the guest reads of them;
    innerpy's own reads (running frames, resuming, the default excepthook's
    printing) raise nothing."""
    out = assert_same(READS)
    assert "[('generator', 'gi_code'), ('generator', 'gi_frame')]\n" in out.stdout


def test_events_innerpy_raises_are_cpython_312s():
    out = assert_same(EVENTS)
    assert "test.event (1, 'two')\n" in out.stdout and "exec ('code',)\n" in out.stdout


def test_a_hook_can_veto_new_hooks():
    assert_same(VETO)
    assert assert_same(BASE_VETO).stdout == "propagated stop\n"


def test_hooks_are_not_traced_unless_they_ask():
    assert_same(TRACED)


def test_excepthook_event():
    assert_same(EXCEPTHOOK)


def test_host_events_reach_guest_hooks_but_not_innerpys_own_work(tmp_path):
    (tmp_path / "helper_mod.py").write_text("VALUE = 1\n")
    source = textwrap.dedent(f"""
        import sys
        events = []
        sys.addaudithook(lambda e, a: events.append((e, a[0] if a else None)))
        sys.path.insert(0, {str(tmp_path)!r})
        import helper_mod
        with open({str(tmp_path / "data.txt")!r}, "w") as f:
            f.write("x")
        print([(e, a if isinstance(a, str) else type(a).__name__) for e, a in events
               if e in ("import", "open", "exec", "pickle.find_class")])
        """)
    out = run_innerpy(source)
    assert out.returncode == 0, out.stderr
    events = eval(out.stdout)
    assert events[0] == ("import", "helper_mod")
    assert [e for e, _ in events] == ["import", "exec", "open"] and events[1][1] == "code"
    assert events[-1][1].endswith("data.txt")


def test_extension_modules_raise_a_second_import_event_with_their_file():
    out = run_innerpy(textwrap.dedent("""
        import sys
        events = []
        sys.addaudithook(lambda e, a: events.append(a[:2]) if e == "import" else None)
        import _json
        print(events[0][0], events[0][1], events[1][0], events[1][1].endswith(".so"))
        """))
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["_json", "None", "_json", "True"]


def test_command_line_events_seen_from_sitecustomize(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(textwrap.dedent("""
        import sys
        def hook(event, args):
            if event.startswith("cpython.run"):
                print(event, args, flush=True)
        sys.addaudithook(hook)
        """))
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), root]))
    proc = subprocess.run([sys.executable, "-m", "innerpy", "-c", "print('body')"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.stdout.splitlines()[-2:] == ["cpython.run_command (\"print('body')\\n\",)", "body"]


def test_sys_executable_starts_innerpy():
    out = run_innerpy("import sys, subprocess\n"
                      "print(subprocess.run([sys.executable, '-c', 'import sys; print(sys.version)'],"
                      " capture_output=True, text=True).stdout)")
    assert out.returncode == 0, out.stderr
    assert "innerpy" in out.stdout
