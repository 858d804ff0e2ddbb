"""perf profiler support (innerpy/runtime/perf.py), after CPython's test_perf_profiler.

The map-file tests run innerpy in a subprocess, as CPython's TestPerfTrampoline
does, and read /tmp/perf-<pid>.map; the end-to-end test runs the real `perf
record` / `perf report` and is skipped where perf is missing or not allowed.
"""

import os
import shutil
import string
import subprocess
import sys
import textwrap

import pytest

from innerpy.runtime import perf

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.uname().machine not in ("x86_64", "amd64"),
    reason="innerpy's perf trampolines are x86-64 Linux machine code (AArch64 is untested)")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(tmp_path, source, *options, env=None, name="perftest.py"):
    script = tmp_path / name
    script.write_text(textwrap.dedent(source), encoding="utf-8")
    environ = dict(os.environ)
    environ.pop("PYTHONPERFSUPPORT", None)
    environ["PYTHONPATH"] = ROOT
    if env:
        environ.update(env)
    with subprocess.Popen([sys.executable, "-m", "innerpy", *options, str(script)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=environ, cwd=str(tmp_path)) as proc:
        stdout, stderr = proc.communicate(timeout=120)
    return Result(proc.pid, proc.returncode, stdout, stderr), str(script)


class Result:
    def __init__(self, pid, returncode, stdout, stderr):
        self.pid, self.returncode, self.stdout, self.stderr = pid, returncode, stdout, stderr


def read_map(pid):
    path = f"/tmp/perf-{pid}.map"
    if not os.path.exists(path):
        return None
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    finally:
        os.unlink(path)


CHAIN = """\
    def foo():
        pass

    def bar():
        foo()

    def baz():
        bar()

    baz()
"""


def check_lines(contents, script, names):
    lines = contents.splitlines()
    for name in names:
        symbol = f"py::{name}:{script}"
        line = next((line for line in lines if line.endswith(" " + symbol)), None)
        assert line is not None, f"{symbol} not in the map file:\n{contents}"
        address, size, _ = line.split(" ", 2)
        assert not address.startswith("0x")
        assert set(address) <= set(string.hexdigits) and set(size) <= set(string.hexdigits)
        assert int(size, 16) > 0


@pytest.mark.parametrize("how", ["-X perf", "PYTHONPERFSUPPORT=1"])
def test_trampoline_works(tmp_path, how):
    if how.startswith("-X"):
        proc, script = run(tmp_path, CHAIN, "-X", "perf")
    else:
        proc, script = run(tmp_path, CHAIN, env={"PYTHONPERFSUPPORT": "1"})
    contents = read_map(proc.pid)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    assert contents is not None, "no map file"
    check_lines(contents, script, ["foo", "bar", "baz", "<module>"])
    # One line per code object, each with its own address.
    ours = [line for line in contents.splitlines() if line.endswith(":" + script)]
    assert len(ours) == 4
    assert len({line.split()[0] for line in ours}) == 4


def test_off_without_switch(tmp_path):
    for env, options in (({"PYTHONPERFSUPPORT": "0"}, ()), ({}, ()),
                         ({"PYTHONPERFSUPPORT": "1"}, ("-E",))):
        source = textwrap.dedent(CHAIN) + "import sys\nprint(sys.is_stack_trampoline_active())\n"
        proc, script = run(tmp_path, source, *options, env=env)
        contents = read_map(proc.pid) or ""
        assert (proc.returncode, proc.stdout, proc.stderr) == (0, "False\n", "")
        assert f"py::foo:{script}" not in contents


def test_sys_api(tmp_path):
    source = """\
        import sys
        def foo():
            pass

        def spam():
            pass

        def bar():
            sys.deactivate_stack_trampoline()
            print(sys.is_stack_trampoline_active())
            foo()
            sys.activate_stack_trampoline("perf")
            print(sys.is_stack_trampoline_active())
            spam()

        def baz():
            bar()

        print(sys.is_stack_trampoline_active())
        sys.activate_stack_trampoline("perf")
        sys.activate_stack_trampoline("perf")
        baz()
        sys.deactivate_stack_trampoline()
        sys.deactivate_stack_trampoline()
    """
    proc, script = run(tmp_path, source)
    contents = read_map(proc.pid)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "False\nFalse\nTrue\n", "")
    assert f"py::foo:{script}" not in contents
    check_lines(contents, script, ["spam", "bar", "baz"])


def test_invalid_backend(tmp_path):
    source = """\
        import sys
        for backend in ("invalid", "perf_jit", 1):
            try:
                sys.activate_stack_trampoline(backend)
            except (ValueError, TypeError) as e:
                print(type(e).__name__, e)
        print(sys.is_stack_trampoline_active())
    """
    proc, _ = run(tmp_path, source)
    assert read_map(proc.pid) is None
    assert proc.stdout == ("ValueError invalid backend: invalid\n"
                           "ValueError invalid backend: perf_jit\n"
                           "TypeError activate_stack_trampoline() argument must be str, not int\n"
                           "False\n")
    assert proc.returncode == 0, proc.stderr


def test_fork_writes_child_map(tmp_path):
    source = """\
        import os, sys

        def foo_fork():
            pass

        def bar_fork():
            foo_fork()

        def foo():
            pid = os.fork()
            if pid == 0:
                print(os.getpid())
                bar_fork()
                os._exit(0)
            else:
                _, status = os.waitpid(pid, 0)
                sys.exit(status)

        def bar():
            foo()

        bar()
    """
    proc, script = run(tmp_path, source, "-X", "perf")
    parent = read_map(proc.pid)
    assert proc.returncode == 0, proc.stderr
    child = read_map(int(proc.stdout.strip()))
    check_lines(parent, script, ["foo", "bar"])
    assert f"py::foo_fork:{script}" not in parent
    assert child is not None, "the child wrote no map file"
    check_lines(child, script, ["foo_fork", "bar_fork"])


BEHAVIOUR = """\
    import sys

    def r(n):
        return n if n == 0 else 1 + r(n - 1)

    def inf(n):
        return inf(n + 1)

    def gen(n):
        total = yield n
        yield total * 2

    class K:
        def __init__(self, x, *, y=2):
            self.x = x + y
        def m(self, *a, **k):
            return (self.x, a, k)

    def boom():
        raise ValueError("boom")

    def outer():
        try:
            boom()
        except ValueError as e:
            raise KeyError("k") from e

    print(r(300))
    try:
        inf(0)
    except RecursionError as e:
        print("RecursionError", e)
    g = gen(3)
    print(next(g), g.send(5), list(map(r, [1, 2])), sorted([3, 1, 2], key=lambda v: -v))
    print(K(3).m(1, *[2], z=3), K.m(K(1, y=0)), [x * r(2) for x in range(3)])
    class Meta(type):
        pass
    class C(metaclass=Meta):
        v = r(4)
    print(C.v, sys.is_stack_trampoline_active())

    def deco(fn):
        def wrapper(*args, **kwargs):
            return fn(*args, **kwargs) * 2
        return wrapper

    @deco
    def add(a, b=1):
        return a + b

    class D(K):
        def __init__(self):
            super().__init__(10)
        @staticmethod
        def sm(x):
            return -x
        @classmethod
        def cm(cls):
            return cls.__name__
    import functools
    print(add(1), add(1, b=5), D().x, D.sm(3), D.cm(), functools.reduce(add, [1, 2, 3]))
    outer()
"""


def test_guest_behaviour_unchanged(tmp_path):
    """Calls through trampolines give the same results, exceptions and tracebacks."""
    off, script = run(tmp_path, BEHAVIOUR)
    on, _ = run(tmp_path, BEHAVIOUR, "-X", "perf")
    contents = read_map(on.pid)
    assert off.stdout.replace("False", "True") == on.stdout
    assert off.stderr == on.stderr and "KeyError: 'k'" in on.stderr
    assert off.returncode == on.returncode == 1
    check_lines(contents, script, ["r", "inf", "gen", "K.__init__", "K.m", "boom", "outer", "C",
                                   "<lambda>", "<module>", "deco", "deco.<locals>.wrapper", "add",
                                   "D.__init__", "D.sm", "D.cm"])


def test_nothing_left_behind_when_off():
    """Activation swaps handlers, decoded instructions and run_frame globals; deactivation
    restores every one of them, so the hot path is untouched while support is off."""
    from innerpy.runtime.pythonrun import initialize, run_source
    from innerpy.vm import bytecodes, ceval, decode
    from innerpy.objects import generator
    interp = initialize(argv=[""])
    run_source(interp, "def f(x):\n    return x + 1\nvalue = f(1)\n", "<perf-test>")
    handlers = dict(bytecodes.HANDLERS)
    original = ceval.run_frame
    decoded_f = interp.modules["__main__"].f.__code__._decoded
    instrs = list(decoded_f.instrs)
    module_code = [obj for obj in __import__("gc").get_objects()
                   if obj.__class__ is decode.Decoded and obj.code.co_filename == "<perf-test>"]
    before = [list(d.instrs) for d in module_code]
    limit = sys.getrecursionlimit()
    pid = os.getpid()
    existed = os.path.exists(f"/tmp/perf-{pid}.map")
    try:
        perf.activate("perf")
        assert perf.is_stack_trampoline_active()
        assert ceval.run_frame is perf.run_frame and generator.run_frame is perf.run_frame
        assert any(d.instrs != b for d, b in zip(module_code, before)), "CALL not switched"
        run_source(interp, "value = f(41)\n", "<perf-test-2>")
        assert interp.modules["__main__"].value == 42
    finally:
        perf.deactivate()
        if not existed and os.path.exists(f"/tmp/perf-{pid}.map"):
            os.unlink(f"/tmp/perf-{pid}.map")
    assert not perf.is_stack_trampoline_active()
    assert sys.getrecursionlimit() == limit
    assert bytecodes.HANDLERS == handlers
    assert ceval.run_frame is original and generator.run_frame is original
    assert decoded_f.instrs == instrs
    assert [d.instrs for d in module_code] == before


# -- the real thing ----------------------------------------------------------------

PROFILED = """\
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    def main():
        fib(21)

    main()
"""


def _perf_env(tmp_path, **extra):
    """The environment for perf and the program it runs (perf's build-id cache, ~/.debug,
    goes under tmp_path)."""
    environ = dict(os.environ, PYTHONPATH=ROOT, HOME=str(tmp_path), **extra)
    environ.pop("PYTHONPERFSUPPORT", None)
    return environ


def _perf_usable(tmp_path):
    perf_bin = shutil.which("perf")
    if perf_bin is None:
        return None, "perf is not installed (Debian: linux-perf)"
    probe = subprocess.run([perf_bin, "record", "-q", "-e", "cpu-clock", "-o",
                            str(tmp_path / "probe.data"), "--", "true"],
                           capture_output=True, text=True, env=_perf_env(tmp_path), timeout=60)
    if probe.returncode != 0:
        return None, f"perf record is not permitted here: {probe.stderr.strip()[:200]}"
    return perf_bin, None


def test_perf_record_names_guest_functions(tmp_path):
    perf_bin, why = _perf_usable(tmp_path)
    if perf_bin is None:
        pytest.skip(why)
    script = tmp_path / "prog.py"
    script.write_text(textwrap.dedent(PROFILED), encoding="utf-8")
    environ = _perf_env(tmp_path)
    data = tmp_path / "perf.data"
    record = subprocess.run(
        [perf_bin, "record", "-q", "-e", "cpu-clock", "-F", "999", "--call-graph", "dwarf",
         "-o", str(data), "--", sys.executable, "-m", "innerpy", "-X", "perf", str(script)],
        capture_output=True, text=True, env=environ, cwd=str(tmp_path), timeout=120)
    if record.returncode != 0:
        pytest.skip(f"perf record failed: {record.stderr.strip()[:200]}")
    report = subprocess.run(
        [perf_bin, "report", "-i", str(data), "--stdio", "--no-children"],
        capture_output=True, text=True, env=environ, timeout=120)
    try:
        assert report.returncode == 0, report.stderr
        assert f"py::fib:{script}" in report.stdout, report.stdout[:3000]
    finally:
        _remove_maps_naming(str(script))


def _remove_maps_naming(script):
    """The profiled process's map file (perf started it, so its pid is not ours to know)."""
    for name in os.listdir("/tmp"):
        if name.startswith("perf-") and name.endswith(".map"):
            path = os.path.join("/tmp", name)
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    if script in f.read():
                        os.unlink(path)
            except OSError:
                pass


# -- -X perf_jit -------------------------------------------------------------------------

def read_jitdump(pid):
    """[(record id, fields)] of /tmp/jit-<pid>.dump, checking the header; removes the file."""
    import struct
    path = f"/tmp/jit-{pid}.dump"
    assert os.path.exists(path), "no jitdump"
    try:
        with open(path, "rb") as f:
            data = f.read()
    finally:
        os.unlink(path)
    magic, version, size, mach, _, header_pid, _, _ = struct.unpack_from("<IIIIIIQQ", data)
    assert (magic, version, size, header_pid) == (0x4A695444, 1, 40, pid)
    assert mach in (62, 183)
    records = []
    offset = size
    while offset < len(data):
        kind, total, _ = struct.unpack_from("<IIQ", data, offset)
        body = data[offset + 16:offset + total]
        if kind == 0:       # JIT_CODE_LOAD
            rpid, _, vma, addr, code_size, index = struct.unpack_from("<IIQQQQ", body)
            name, _, rest = body[40:].partition(b"\0")
            assert rpid == pid and vma == addr and len(rest) == code_size
            records.append(("load", name.decode(), addr, index))
        elif kind == 4:     # JIT_CODE_UNWINDING_INFO
            unwind_size, hdr_size, mapped = struct.unpack_from("<QQQ", body)
            assert hdr_size == 20 and mapped >= unwind_size and total % 8 == 0
            assert len(body) >= 24 + unwind_size
            records.append(("unwind",))
        offset += total
    assert offset == len(data)
    return records


def test_perf_jit_writes_jitdump(tmp_path):
    proc, script = run(tmp_path, CHAIN, "-X", "perf_jit")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    records = read_jitdump(proc.pid)
    assert read_map(proc.pid) is None
    loads = [r for r in records if r[0] == "load"]
    names = [r[1] for r in loads]
    for name in ("foo", "bar", "baz", "<module>"):
        assert f"py::{name}:{script}" in names
    # Every load follows its unwinding record; addresses and indices are distinct.
    assert all(records[i - 1][0] == "unwind" for i, r in enumerate(records) if r[0] == "load")
    assert len({r[2] for r in loads}) == len({r[3] for r in loads}) == len(loads)


def test_perf_inject_recovers_guest_stacks(tmp_path):
    perf_bin, why = _perf_usable(tmp_path)
    if perf_bin is None:
        pytest.skip(why)
    script = tmp_path / "stacks.py"
    script.write_text(textwrap.dedent("""\
        def leaf(n):
            s = 0
            for i in range(n):
                s += i * i
            return s

        def middle():
            return leaf(150000)

        def main():
            middle()

        main()
    """), encoding="utf-8")
    environ = _perf_env(tmp_path)
    data, injected = tmp_path / "perf.data", tmp_path / "perf.jit.data"
    record = subprocess.run(
        [perf_bin, "record", "-q", "-k", "1", "-e", "cpu-clock", "-F", "999", "--call-graph",
         "dwarf", "-o", str(data), "--", sys.executable, "-m", "innerpy", "-X", "perf_jit",
         str(script)], capture_output=True, text=True, env=environ, cwd=str(tmp_path), timeout=120)
    if record.returncode != 0:
        pytest.skip(f"perf record failed: {record.stderr.strip()[:200]}")
    try:
        inject = subprocess.run([perf_bin, "inject", "--jit", "-i", str(data), "-o", str(injected)],
                                capture_output=True, text=True, env=environ, cwd=str(tmp_path),
                                timeout=120)
        assert inject.returncode == 0, inject.stderr
        out = subprocess.run([perf_bin, "script", "-i", str(injected)], capture_output=True,
                             text=True, env=environ, timeout=120).stdout
        # One sample's stack: the leaf, and beneath it every guest caller up to the module.
        stacks = [chunk for chunk in out.split("\n\n") if f"py::leaf:{script}" in chunk]
        assert stacks, out[:2000]
        full = [chunk for chunk in stacks
                if all(f"py::{name}:{script}" in chunk for name in ("middle", "main", "<module>"))]
        assert len(full) > len(stacks) // 2, stacks[0]
    finally:
        _remove_jit_files_naming(str(script))


def _remove_jit_files_naming(script):
    """The dump and the ELF objects `perf inject` wrote next to it, for our program only."""
    for name in os.listdir("/tmp"):
        if name.startswith("jit-") and name.endswith(".dump"):
            path = os.path.join("/tmp", name)
            try:
                with open(path, "rb") as f:
                    if script.encode() not in f.read():
                        continue
                os.unlink(path)
            except OSError:
                continue
            pid = name[len("jit-"):-len(".dump")]
            for other in os.listdir("/tmp"):
                if other.startswith(f"jitted-{pid}-") and other.endswith(".so"):
                    os.unlink(os.path.join("/tmp", other))
