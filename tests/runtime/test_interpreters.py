"""Subinterpreters: `_interpreters`, `_interpqueues`, `interpreters` (PEP 734).

Each test runs one guest program under innerpy (a subprocess, so every test
starts from a fresh runtime) and checks what it prints. The expectations are
CPython 3.13's behaviour and error texts (SPEC-312 §3).
"""

import os
import subprocess
import sys
import tempfile
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


import pytest

# On a 3.12+ host isolated interpreters normally run in host subinterpreters;
# "local" keeps them in the main host interpreter (the only mode on 3.11).
MODES = ["default", "local"] if sys.version_info >= (3, 12) else ["default"]


def run_guest(source, timeout=120, mode="default", options=()):
    """Run `source` under the innerpy of this checkout; its stdout lines."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "prog.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(source))
        env = dict(os.environ, PYTHONPATH=ROOT, PYTHONIOENCODING="utf-8")
        # Subinterpreters import the stdlib again: let them reuse the bytecode cache.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if mode == "local":
            env["INNERPY_HOST_SUBINTERPRETERS"] = "0"
        proc = subprocess.run([sys.executable, "-m", "innerpy", *options, path], capture_output=True,
                              text=True, timeout=timeout, env=env, cwd=tmp)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_lowlevel_configs_and_errors():
    lines = run_guest("""
        import _interpreters as m
        def t(f, *a, **k):
            try:
                print('OK', repr(f(*a, **k)))
            except BaseException as e:
                print(type(e).__module__, type(e).__name__, e)
        print(m.new_config())
        print(m.new_config('legacy'))
        t(m.new_config, 'spam')
        t(m.new_config, 'isolated', gil='spam')
        t(m.new_config, 'isolated', spam=1)
        t(m.new_config, 'isolated', allow_fork='x')
        t(m.new_config, None)
        t(m.create, m.new_config('isolated', gil='shared', check_multi_interp_extensions=False))
        t(m.create, 42)
        t(m.create, {'gil': 'own'})
        t(m.exec, 1000, 'x=1')
        t(m.destroy, 1000)
        t(m.destroy, 0)
        print(m.get_main(), m.get_current())
        i = m.create()
        print(m.whence(i), m.is_running(i), m.list_all() == [(0, 1), (i, 5)])
        r = m.exec(i, 'raise ValueError("bad")')
        print(r.type.__name__, r.type.__module__, r.msg, r.formatted)
        print(r.errdisplay.splitlines()[-1])
        t(m.exec, i, 42)
        t(m.set___main___attrs, i, {'a': [1]})
        t(m.set___main___attrs, i, {'a': 1, 'b': (1, 'x')})
        t(m.exec, i, 'print(a, b)')
        t(m.exec, i, 'import _interpreters as m; m.destroy(m.get_current()[0])')
        r = m.exec(i, 'import _interpreters as m; m.exec(0, "pass")')
        print(r.formatted)
        r = m.exec(i, 'raise SystemExit(3)')
        print(r.formatted)
        print(m.get_config(i).gil)
        t(m.is_shareable, [1]); t(m.is_shareable, (1, 'x', 2.0, None, b''))
        t(m.destroy, i)
        t(m.exec, i, 'x')
        t(m.destroy, i)
        """)
    assert lines == [
        "namespace(use_main_obmalloc=False, allow_fork=False, allow_exec=False, allow_threads=True, "
        "allow_daemon_threads=False, check_multi_interp_extensions=True, gil='own')",
        "namespace(use_main_obmalloc=True, allow_fork=True, allow_exec=True, allow_threads=True, "
        "allow_daemon_threads=True, check_multi_interp_extensions=False, gil='shared')",
        "builtins ValueError unsupported config name 'spam'",
        "builtins ValueError unsupported interpreter config .gil value 'spam'",
        "builtins ValueError config dict has 1 extra item ({'spam': 1})",
        "builtins TypeError invalid config type: allow_fork",
        "builtins TypeError _interpreters.new_config() argument 1 must be str, not None",
        "interpreters InterpreterError interpreter creation failed",
        "builtins TypeError bad config 42",
        "builtins TypeError bad config {'gil': 'own'}",
        "interpreters InterpreterNotFoundError unrecognized interpreter ID 1000",
        "interpreters InterpreterNotFoundError unrecognized interpreter ID 1000",
        "interpreters InterpreterError cannot destroy the current interpreter",
        "(0, 1) (0, 1)",
        "5 False True",
        "ValueError builtins bad ValueError: bad",
        "ValueError: bad",
        "builtins TypeError _interpreters.exec() argument 2 must be a string, a function, "
        "or a code object, not int",
        "interpreters NotShareableError [1] does not support cross-interpreter data",
        "OK None",
        "1 (1, 'x')",
        "OK None",
        "OK namespace(type=namespace(__name__='InterpreterError', __qualname__='InterpreterError', "
        "__module__='interpreters'), msg='cannot destroy the current interpreter', "
        "formatted='interpreters.InterpreterError: cannot destroy the current interpreter', "
        "errdisplay='Traceback (most recent call last):\\n  File \"<string>\", line 1, in <module>\\n"
        "interpreters.InterpreterError: cannot destroy the current interpreter')",
        "interpreters.InterpreterError: interpreter already running",
        "SystemExit: 3",
        "own",
        "OK False",
        "OK True",
        "OK None",
        "interpreters InterpreterNotFoundError unrecognized interpreter ID 1",
        "interpreters InterpreterNotFoundError unrecognized interpreter ID 1",
    ]


@pytest.mark.parametrize("mode", MODES)
def test_highlevel_api(mode):
    lines = run_guest("""
        import interpreters as I
        import concurrent.interpreters as CI
        print(CI is I, I.get_main(), I.get_current(), I.list_all())
        i = I.create()
        print(i, i.id, i.whence, i.is_running(), I.list_all())
        i.exec("x = 40 + 2")
        i.prepare_main(a=1, b=(2, 'three', None))
        i.exec("print(a, b, x, __name__)")
        i.exec("import sys; sys.modules['spam'] = 1")
        import sys
        print('spam' in sys.modules)
        try:
            i.exec("def f():\\n    raise KeyError('k')\\nf()")
        except I.ExecutionFailed as e:
            print(e.excinfo.type.__name__, e.excinfo.msg)
            print(str(e).splitlines())
        def body():
            print('body runs in', __name__, 'x is', x)
        i.exec(body)
        def add(a, b):
            return a + b
        print(i.call(add, 2, 3), i.call(sorted, [3, 1, 2]))
        t = i.call_in_thread(print, 'from a thread')
        t.join()
        i.exec("import atexit; atexit.register(print, 'atexit ran in the subinterpreter')")
        i.close()
        for action in (lambda: i.exec("1"), i.close, I.get_current().close, lambda: i.prepare_main(a=1)):
            try:
                action()
            except I.InterpreterError as e:
                print(type(e).__name__, e)
        j = I.create()
        try:
            j.prepare_main(a=[1])
        except I.NotShareableError as e:
            print(type(e).__name__, e)
        j.exec("import os\\ntry:\\n    os.fork()\\nexcept RuntimeError as e:\\n    print(e)")
        j.exec("import threading\\ntry:\\n    threading.Thread(target=print, daemon=True).start()\\n"
               "except RuntimeError as e:\\n    print(e)")
        """, mode=mode)
    assert lines == [
        "True Interpreter(0) Interpreter(0) [Interpreter(0)]",
        "Interpreter(1) 1 _interpreters module False [Interpreter(0), Interpreter(1)]",
        "1 (2, 'three', None) 42 __main__",
        "False",
        "KeyError 'k'",
        ["KeyError: 'k'", "", "Uncaught in the interpreter:", "", "Traceback (most recent call last):",
         '  File "<string>", line 3, in <module>', '  File "<string>", line 2, in f',
         "KeyError: 'k'"].__repr__(),
        "body runs in __main__ x is 42",
        "5 [1, 2, 3]",
        "from a thread",
        "atexit ran in the subinterpreter",
        "InterpreterNotFoundError unrecognized interpreter ID 1",
        "InterpreterNotFoundError unrecognized interpreter ID 1",
        "InterpreterError cannot destroy unrecognized interpreter 0",
        "InterpreterNotFoundError unrecognized interpreter ID 1",
        "NotShareableError [1] does not support cross-interpreter data",
        "fork not supported for isolated subinterpreters",
        # 3.11's threading.py never asks whether daemon threads are allowed.
        "daemon threads are disabled in this (sub)interpreter" if sys.version_info >= (3, 12) else "",
    ]


@pytest.mark.parametrize("mode", MODES)
def test_queues_and_shareable_data(mode):
    lines = run_guest("""
        import interpreters as I
        q = I.create_queue()
        big, text, f = 10 ** 30, 'runtime ' + str(12345), 1.5
        for obj in (None, True, 7, 256, -5, '', 'a', (), b'', b'x'):
            q.put(obj, syncobj=True)
            print(repr(obj), q.get() is obj)
        for obj in (257, big, text, f, b'bytes!', (1, 'two', 3.0, None, b'4')):
            q.put(obj, syncobj=True)
            got = q.get()
            print(repr(obj), got == obj, got is obj)
        try:
            q.put([1], syncobj=True)
        except I.NotShareableError as e:
            print(type(e).__name__, e)
        q.put([1, {'a': 2}])
        print(q.get())
        try:
            q.put(lambda: 1)
        except Exception as e:
            print(type(e).__name__)
        try:
            q.get_nowait()
        except I.QueueEmpty as e:
            print('QueueEmpty', e)
        try:
            q.get(timeout=0.01)
        except I.QueueEmpty as e:
            print('QueueEmpty', e)
        q2 = I.create_queue(1)
        q2.put(1)
        print(q2.full(), q2.qsize(), q2.maxsize)
        for action in (lambda: q2.put_nowait(2), lambda: q2.put(2, timeout=0.01)):
            try:
                action()
            except I.QueueFull as e:
                print('QueueFull', e)
        import queue
        print(issubclass(I.QueueEmpty, queue.Empty), issubclass(I.QueueFull, queue.Full))
        print(I.is_shareable(q), I.is_shareable([]))
        sub = I.create()
        sub.prepare_main(q=q, back=q2)
        sub.exec("print('sub got', q, back); q.put(('hello', back.get()))")
        print(q.get())
        """, mode=mode)
    assert lines == [
        "None True", "True True", "7 True", "256 True", "-5 True", "'' True", "'a' True",
        "() True", "b'' True", "b'x' True",
        "257 True False", "1000000000000000000000000000000 True False", "'runtime 12345' True False",
        "1.5 True False", "b'bytes!' True False", "(1, 'two', 3.0, None, b'4') True False",
        "NotShareableError [1] does not support cross-interpreter data",
        "[1, {'a': 2}]",
        "PicklingError",
        "QueueEmpty queue 1 is empty",
        "QueueEmpty queue 1 is empty",
        "True 1 1",
        "QueueFull queue 2 is full",
        "QueueFull queue 2 is full",
        "True True",
        "True False",
        "sub got Queue(1) Queue(2)",
        "('hello', 1)",
    ]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("no_site", [False, True], ids=["site", "no-site"])
def test_new_interpreters_import_site_unless_told_not_to(mode, no_site):
    """As CPython 3.12: a new interpreter inherits sys.flags and sys.path and
    runs `site` (its builtins get `exit`) unless -S was given."""
    lines = run_guest("""
        import sys
        import interpreters as I
        print(len(sys.path), 'site' in sys.modules, sys.flags.no_site)
        i = I.create()
        i.exec("import sys, builtins; "
               "print(len(sys.path), 'site' in sys.modules, sys.flags.no_site, hasattr(builtins, 'exit'))")
        """, mode=mode, options=("-S",) if no_site else ())
    main = lines[0].split()
    assert main[1:] == (["False", "1"] if no_site else ["True", "0"])
    assert lines[1] == " ".join(main + [str(not no_site)])


def test_many_messages_none_lost_order_kept():
    lines = run_guest("""
        import interpreters as I, threading
        PRODUCERS, EACH = 4, 600
        q = I.create_queue()
        producers = [I.create() for _ in range(PRODUCERS)]
        for n, interp in enumerate(producers):
            interp.prepare_main(q=q, n=n, each=EACH)
        code = "for k in range(each):\\n    q.put((n, k), syncobj=True)"
        threads = [threading.Thread(target=p.exec, args=(code,)) for p in producers]
        for t in threads: t.start()
        seen = {n: [] for n in range(PRODUCERS)}
        for _ in range(PRODUCERS * EACH):
            n, k = q.get(timeout=60)
            seen[n].append(k)
        for t in threads: t.join()
        print(all(seen[n] == list(range(EACH)) for n in seen), q.empty())
        """)
    assert lines == ["True True"]


def test_interpreter_pool_executor():
    lines = run_guest("""
        from concurrent.futures import InterpreterPoolExecutor
        import math
        def square(x):
            return x * x
        with InterpreterPoolExecutor(max_workers=2) as pool:
            print(list(pool.map(square, range(6))), pool.submit(math.factorial, 10).result())
        """)
    assert lines == ["[0, 1, 4, 9, 16, 25] 3628800"]


def test_extension_modules_checked_in_isolated_interpreters():
    lines = run_guest("""
        import sys, interpreters as I, _interpreters
        iso = I.create()
        leg = I.Interpreter(_interpreters.create('legacy'), _ownsref=True)
        for interp in (iso, leg):
            for mod in ('faulthandler', 'math', '_interpreters'):
                try:
                    interp.exec(f"import {mod}")
                    print(interp.id, mod, 'ok')
                except I.ExecutionFailed as e:
                    print(interp.id, mod, e.excinfo.formatted)
        import importlib.util
        if hasattr(importlib.util, '_incompatible_extension_module_restrictions'):
            iso.exec("import importlib.util as u\\n"
                     "with u._incompatible_extension_module_restrictions(disable_check=True):\\n"
                     "    import faulthandler\\n")
        print('done')
        """)
    assert lines == [
        "1 faulthandler ImportError: module faulthandler does not support loading in subinterpreters",
        "1 math ok",
        "1 _interpreters ok",
        "2 faulthandler ok",
        "2 math ok",
        "2 _interpreters ok",
        "done",
    ]


@pytest.mark.parametrize("mode", MODES)
def test_parallel_flag_isolation_and_failures(mode):
    lines = run_guest('''
        import sys, interpreters as I
        a, b = I.create(), I.create()
        a.exec("import sys\\nsys.spam = 'a'\\nx = 1")
        b.exec("import sys\\nprint(hasattr(sys, 'spam'), 'x' in globals())")
        print(hasattr(sys, 'spam'), I.PARALLEL)
        try:
            a.exec("import sys; sys.exit(5)")
        except I.ExecutionFailed as e:
            print(e.excinfo.type.__name__, e.excinfo.msg)
        a.exec("print('a still works', x)")
        b.exec("print('b still works')")
        ''', mode=mode)
    parallel = sys.version_info >= (3, 12) and mode == "default"
    assert lines == ["False False", f"False {parallel}", "SystemExit 5", "a still works 1",
                     "b still works"]


def test_interpreters_reach_each_other():
    lines = run_guest("""
        import interpreters as I, _interpreters
        a, b = I.create(), I.create()
        a.prepare_main(bid=b.id)
        a.exec('''if True:
            import interpreters as I, _interpreters
            print('a sees', [i for i, _ in _interpreters.list_all()])
            b = I.Interpreter(bid)
            b.exec("print('b runs, asked by a')")
            c = I.create()
            ''')
        a.exec("b.close()")
        print('main sees', [i for i, _ in _interpreters.list_all()])
        try:
            b.exec("1")
        except I.InterpreterNotFoundError as e:
            print(type(e).__name__, e)
        I.Interpreter(a.id + 2).exec("print('main reached c')")
        """)
    assert lines == ["a sees [0, 1, 2]", "b runs, asked by a", "main sees [0, 1, 3]",
                     "InterpreterNotFoundError unrecognized interpreter ID 2", "main reached c"]
