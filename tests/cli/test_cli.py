"""The command line behaves like `python3.12`'s: modes, options, exit codes."""

import os
import pathlib
import subprocess
import sys

import pytest

from tests.support.differential import assert_same, run_innerpy
from tests.support.reference import require_reference

INNERPY = [sys.executable, "-m", "innerpy"]


def run(*args, stdin=None, env=None, cwd=None):
    full_env = dict(os.environ, PYTHONIOENCODING="utf-8")
    full_env.pop("PYTHONPATH", None)
    full_env.update(env or {})
    return subprocess.run([*INNERPY, *args], input=stdin, capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=120)


def reference(*args, stdin=None, cwd=None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("PYTHONPATH", None)
    return subprocess.run([require_reference(), *args], input=stdin, capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=120)


def same_as_reference(*args, stdin=None, cwd=None):
    mine, theirs = run(*args, stdin=stdin, cwd=cwd), reference(*args, stdin=stdin, cwd=cwd)
    assert (mine.stdout, mine.stderr, mine.returncode) == \
        (theirs.stdout, theirs.stderr, theirs.returncode)
    return mine


def test_dash_c_gets_argv_and_runs_code():
    result = same_as_reference("-c", "import sys; print(sys.argv); print(6 * 7)", "x", "-y")
    assert "['-c', 'x', '-y']" in result.stdout


def test_program_from_stdin():
    same_as_reference("-", "a1", stdin="import sys\nprint('stdin', sys.argv)\n")
    same_as_reference(stdin="print('implicit stdin')\n")


def test_system_exit_codes():
    assert run("-c", "raise SystemExit(7)").returncode == 7
    assert run("-c", "import sys; sys.exit()").returncode == 0
    same_as_reference("-c", "import sys; sys.exit('message to stderr')")


def test_uncaught_exception_prints_traceback_and_exits_1():
    result = same_as_reference("-c", "def f():\n    1/0\nf()")
    assert result.returncode == 1
    assert "ZeroDivisionError: division by zero" in result.stderr


def test_xoptions_reach_the_guest():
    result = run("-X", "foo=bar", "-Xflag", "-c", "import sys; print(sorted(sys._xoptions.items()))")
    assert result.stdout == "[('flag', True), ('foo', 'bar')]\n"


def test_version_names_innerpy_guest_and_host():
    result = run("-V")
    host = ".".join(map(str, sys.version_info[:3]))
    assert result.returncode == 0
    assert result.stdout.startswith("innerpy ")
    assert "Python 3.12" in result.stdout and f"CPython {host}" in result.stdout
    assert run("--version").stdout == result.stdout


def test_help_and_usage_errors():
    assert "usage: innerpy" in run("-h").stdout
    bad = run("-Z")
    assert bad.returncode == 2 and "Unknown option: -Z" in bad.stderr
    missing = run("-c")
    assert missing.returncode == 2 and "Argument expected for the -c option" in missing.stderr


def test_module_mode_runs_as_main(tmp_path):
    (tmp_path / "hello_mod.py").write_text(
        "import sys\nprint(__name__, sys.argv[1:])\n", encoding="utf-8")
    result = run("-m", "hello_mod", "arg", cwd=tmp_path)
    assert result.stdout == "__main__ ['arg']\n", result.stderr


def test_dash_m_argv0_is_dash_m_while_the_module_is_found(tmp_path):
    """While `-m` finds the module (running its package's __init__),
    sys.argv[0] is '-m'; the module itself sees its file there."""
    package = tmp_path / "argpkg"
    package.mkdir()
    (package / "__init__.py").write_text("import sys\nprint('init', sys.argv)\n", encoding="utf-8")
    (package / "mod.py").write_text("import sys\nprint('mod', sys.argv[1:])\n", encoding="utf-8")
    same_as_reference("-m", "argpkg.mod", "x", cwd=tmp_path)


def test_compiled_script_runs_without_its_source(tmp_path):
    """`python script.pyc` runs the code py_compile wrote (each interpreter
    its own), with a SourcelessFileLoader; a bad magic number is an error."""
    (tmp_path / "script.py").write_text(
        "import sys\nprint(__file__, type(__loader__).__name__, sys.argv[1:])\n", encoding="utf-8")
    (tmp_path / "bad.pyc").write_bytes(b"\0" * 20)
    compile_it = "import py_compile; py_compile.compile('script.py', 'script.pyc')"
    for interpreter in (run, reference):
        interpreter("-c", compile_it, cwd=tmp_path)
        if interpreter is run:
            mine = run("script.pyc", "a", cwd=tmp_path), run("bad.pyc", cwd=tmp_path)
        else:
            theirs = reference("script.pyc", "a", cwd=tmp_path), reference("bad.pyc", cwd=tmp_path)
    assert [(r.stdout, r.stderr, r.returncode) for r in mine] == \
        [(r.stdout, r.stderr, r.returncode) for r in theirs]


def test_script_with_a_null_byte_is_the_file_tokenizers_error(tmp_path):
    """A script run by path with a NUL byte: CPython's file tokenizer's
    SyntaxError (its line, cut at the NUL), not compile()'s."""
    script = tmp_path / "nul.py"
    script.write_bytes(b"a = 1\n'''multi\nline\0 here'''\nprint('never')\n")
    result = same_as_reference(str(script))
    assert "source code cannot contain null bytes" in result.stderr


def test_package_main_and_relative_import(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("VALUE = 'from package'\n", encoding="utf-8")
    (package / "helper.py").write_text("def shout(s):\n    return s.upper()\n", encoding="utf-8")
    (package / "__main__.py").write_text(
        "from . import VALUE\nfrom .helper import shout\nprint(shout(VALUE), __name__)\n",
        encoding="utf-8")
    same_as_reference("-m", "pkg", cwd=tmp_path)


MAIN_REPORT = ("import sys\n"
               "print(__name__, __spec__, repr(sys.argv), repr(sys.path[0]), __file__)\n")


def _same_but_executable(*args, cwd):
    """Same output and status as CPython once each names its own sys.executable."""
    mine, theirs = run(*args, cwd=cwd), reference(*args, cwd=cwd)
    executable = run("-c", "import sys; print(sys.executable)").stdout.strip()
    mine_err = mine.stderr.replace(executable, "<python>")
    theirs_err = theirs.stderr.replace(require_reference(), "<python>")
    assert (mine.stdout, mine_err, mine.returncode) == (theirs.stdout, theirs_err, theirs.returncode)
    return mine


def test_directory_and_zip_file_run_their_main(tmp_path):
    """`python DIR` and `python FILE.zip` run `__main__` found through
    sys.path[0] (runpy._run_module_as_main), the zip one through the guest's
    zipimport; also with -P. Module reprs name CPython's loader types."""
    import re
    import zipfile
    app = tmp_path / "app"
    app.mkdir()
    (app / "__main__.py").write_text(MAIN_REPORT, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "app.zip", "w") as archive:
        archive.writestr("__main__.py", MAIN_REPORT)
    for args in (("app", "x"), ("app.zip",), ("-P", "app")):
        mine, theirs = run(*args, cwd=tmp_path), reference(*args, cwd=tmp_path)
        strip = re.compile(r" at 0x[0-9a-f]+")
        assert strip.sub("", mine.stdout) == strip.sub("", theirs.stdout), mine.stderr
    assert "_frozen_importlib_external.SourceFileLoader object" in run("app", cwd=tmp_path).stdout
    assert "zipimporter object" in run("app.zip", cwd=tmp_path).stdout


def test_dash_m_and_main_errors_are_runpys(tmp_path):
    """What cannot run as a module or directory gets runpy's message after
    sys.executable, and exit status 1."""
    (tmp_path / "nomain").mkdir()
    (tmp_path / "nomain" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    for args in (("-m", "no_such_module"), ("-m", "no_such.sub"), ("-m", "nomain"), ("empty",)):
        result = _same_but_executable(*args, cwd=tmp_path)
        assert result.returncode == 1


def test_zip_file_on_sys_path_imports_packages_and_resources(tmp_path):
    import zipfile
    with zipfile.ZipFile(tmp_path / "lib.zip", "w") as archive:
        archive.writestr("zpkg/__init__.py", "VALUE = 'zipped'\n")
        archive.writestr("zpkg/mod.py", "def f():\n    return 42\n")
        archive.writestr("zpkg/data.txt", "payload\n")
    program = ("import sys, inspect, importlib.resources as r\n"
               f"sys.path.insert(0, {str(tmp_path / 'lib.zip')!r})\n"
               "import zpkg, zpkg.mod\n"
               "print(zpkg.VALUE, zpkg.mod.f(), type(zpkg.__loader__).__name__, zpkg.__path__)\n"
               "print(r.files('zpkg').joinpath('data.txt').read_text().strip())\n"
               "print(inspect.getsource(zpkg.mod.f).strip())\n")
    same_as_reference("-c", program, cwd=tmp_path)


def test_warning_options_dev_mode_and_bytes_warnings():
    """sys.warnoptions gathers dev mode's "default", PYTHONWARNINGS, -W and
    -b/-bb in 3.12's order; -X dev and PYTHONDEVMODE set sys.flags.dev_mode
    (and turn faulthandler on); -E ignores the environment variables."""
    program = ("import sys, faulthandler, warnings\n"
               "print(sys.warnoptions, sys.flags.dev_mode, sys.flags.bytes_warning,"
               " faulthandler.is_enabled())\n"
               "warnings.warn('old', DeprecationWarning)\n")
    environment = {"PYTHONWARNINGS": "ignore::UserWarning,once", "PYTHONDEVMODE": "1"}
    for options in (("-X", "dev", "-W", "error::RuntimeWarning", "-b"), ("-E", "-bb"), ()):
        mine = run(*options, "-c", program, env=environment)
        env = dict(os.environ, PYTHONIOENCODING="utf-8", **environment)
        env.pop("PYTHONPATH", None)
        theirs = subprocess.run([require_reference(), *options, "-c", program],
                                capture_output=True, text=True, env=env, timeout=120)
        assert (mine.stdout, mine.stderr) == (theirs.stdout, theirs.stderr)
        assert mine.returncode == theirs.returncode == 0


def test_missing_file_exits_2(tmp_path):
    result = run(str(tmp_path / "nope.py"))
    assert result.returncode == 2
    assert "can't open file" in result.stderr


def test_interactive_flag_reads_statements(tmp_path):
    result = run("-i", "-c", "x = 20", stdin="print(x + 1)\nx * 2\n")
    assert "21\n40\n" == result.stdout


def test_dash_i_without_a_program_reads_stdin_statement_by_statement():
    """`python -i` with a piped stdin runs the REPL on it, one statement at a
    time (prompts and tracebacks interleave), after the banner; it does not
    read the pipe to its end as one program first."""
    stdin = "1/0\nprint('after')\nx = 3\nx\n"
    for args in (("-i",), ("-i", "-S"), ("-q", "-i"), ("-i", "-")):
        mine, theirs = run(*args, stdin=stdin), reference(*args, stdin=stdin)
        banner = lambda err: err.split("\n", 1)[1] if "-q" not in args else err
        assert (mine.stdout, banner(mine.stderr), mine.returncode) == \
            (theirs.stdout, banner(theirs.stderr), theirs.returncode)


def test_repl_flushes_stdout_after_each_statement():
    """The REPL flushes stdout after each statement (`flush_io`): a caller
    reading a piped stdout sees the output while stdin is still open."""
    import select
    import time
    process = subprocess.Popen([*INNERPY, "-E", "-i"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        process.stdin.write(b"print('fo' + 'o')\n")
        process.stdin.flush()
        data, deadline = b"", time.monotonic() + 60
        while b"foo" not in data and time.monotonic() < deadline:
            if select.select([process.stdout], [], [], 0.5)[0]:
                data += process.stdout.read1(100)
        assert data == b"foo\n"
    finally:
        process.kill()
        process.wait()


def test_unbuffered_and_quiet_flags_are_accepted():
    result = run("-u", "-q", "-E", "-c", "print('ok')")
    assert result.stdout == "ok\n" and result.returncode == 0


def test_isolated_mode_keeps_std_streams_buffered_despite_pythonunbuffered():
    """-I ignores PYTHONUNBUFFERED (which the host itself obeyed): stdout and
    stderr are buffered as create_stdio makes them, so a failing flush at
    exit is reported once and exits 120."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
    report = ("import sys\n"
              "for s in (sys.stdout, sys.stderr):\n"
              "    print(s.write_through, s.line_buffering, type(s.buffer).__name__, s)\n")
    flush_fails = "import os, sys\nsys.stdout.write('x')\nos.close(sys.stdout.fileno())\n"
    for code in (report, flush_fails):
        mine, theirs = (subprocess.run([*command, "-I", "-c", code], capture_output=True,
                                       text=True, env=env, timeout=120)
                        for command in (INNERPY, [require_reference()]))
        assert (mine.stdout, mine.stderr, mine.returncode) == \
            (theirs.stdout, theirs.stderr, theirs.returncode)


def test_closed_stdin(tmp_path):
    """With file descriptor 0 closed sys.stdin is None: a program runs, and
    with no program there is nothing to read (exit 0)."""
    def without_stdin(command, *args):
        return subprocess.run([*command, *args], capture_output=True, text=True, timeout=120,
                              preexec_fn=lambda: os.close(0),
                              env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    for args in (("-c", "import sys; print(sys.stdin)"), (), ("-",)):
        mine, theirs = without_stdin(INNERPY, *args), without_stdin([require_reference()], *args)
        assert (mine.stdout, mine.stderr, mine.returncode) == \
            (theirs.stdout, theirs.stderr, theirs.returncode)


def test_flags_from_options_and_the_environment_the_guest_reads():
    """sys.flags follow the guest's options and, unless -E, its environment
    (not the host's flags, which read the environment regardless);
    -X int_max_str_digits/PYTHONINTMAXSTRDIGITS set the conversion limit
    and an invalid one is a fatal start-up error; -R is accepted."""
    code = ("import sys; f = sys.flags; print(f.debug, f.dont_write_bytecode, f.verbose, "
            "f.hash_randomization, f.int_max_str_digits, sys.get_int_max_str_digits(), "
            "sys.dont_write_bytecode)")
    environ = {"PYTHONDEBUG": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
               "PYTHONINTMAXSTRDIGITS": "5000"}
    for args in (("-E",), ("-E", "-X", "int_max_str_digits=6000"), ("-R",), ("-B",),
                 ("-X", "int_max_str_digits=0"), ("-X", "int_max_str_digits=100"),
                 ("-X", "int_max_str_digits")):
        # (An invalid PYTHONINTMAXSTRDIGITS stops the host itself from starting.)
        for extra_env in (environ, {"PYTHONINTMAXSTRDIGITS": "6000"}):
            env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
            env.update(extra_env, PYTHONIOENCODING="utf-8")
            mine, theirs = (subprocess.run([*command, *args, "-c", code], capture_output=True,
                                           text=True, env=env, timeout=120)
                            for command in (INNERPY, [require_reference()]))
            assert (mine.stdout, mine.stderr, mine.returncode) == \
                (theirs.stdout, theirs.stderr, theirs.returncode), (args, extra_env)


def test_pycache_prefix_from_option_or_environment(tmp_path):
    """sys.pycache_prefix: -X pycache_prefix=PATH over PYTHONPYCACHEPREFIX; an
    empty or missing PATH, or -E hiding the variable, means None."""
    code = "import sys; print(sys.pycache_prefix)"
    for args, value in ((), None), ((), "envdir"), (("-X", "pycache_prefix=opt"), "envdir"), \
            (("-X", "pycache_prefix="), "envdir"), (("-X", "pycache_prefix"), "envdir"), \
            (("-E",), "envdir"):
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"}
        if value is not None:
            env["PYTHONPYCACHEPREFIX"] = value
        mine, theirs = (subprocess.run([*command, *args, "-c", code], capture_output=True,
                                       text=True, env=env, cwd=tmp_path, timeout=120)
                        for command in (INNERPY, [require_reference()]))
        assert (mine.stdout, mine.stderr, mine.returncode) == \
            (theirs.stdout, theirs.stderr, theirs.returncode), (args, value)


def test_pth_file_beside_the_executable(tmp_path):
    """`<executable>._pth` (getpath): its lines, relative to its directory,
    are the whole sys.path; start-up is isolated and imports site only
    when a line says `import site`."""
    code = ("import sys; print([p for p in sys.path if 'test_pth' in p], "
            "sys.flags.isolated, sys.flags.no_site, 'site' in sys.modules)")
    lines = ["# comment", "lib", "../outside", "", "lib"]
    stdlib = "import os; print(os.path.dirname(os.__file__))"
    for extra in ([], ["import site"]):
        results = []
        for real, lib in ((run("-c", "import sys; print(sys.executable)").stdout.strip(),
                           run("-c", stdlib).stdout.strip()),
                          (require_reference(), reference("-c", stdlib).stdout.strip())):
            link = tmp_path / ("inner" if len(results) == 0 else "ref") / "python3.12"
            link.parent.mkdir(exist_ok=True)
            if not link.exists():
                link.symlink_to(real)
            pth = pathlib.Path(f"{link}._pth")
            pth.write_text("\n".join(lines + [lib, os.path.join(lib, "lib-dynload")] + extra)
                           + "\n", encoding="utf-8")
            result = subprocess.run([str(link), "-c", code], capture_output=True, text=True,
                                    env=dict(os.environ, PYTHONPATH="ignored"), timeout=120)
            results.append((result.stdout.replace(str(link.parent), "<dir>"), result.returncode))
        assert results[0] == results[1]


def test_undecodable_command():
    """A -c command with bytes the locale cannot decode (escaped as
    surrogates) is reported, not run: exit status 1."""
    env = dict(os.environ, LC_ALL="C", PYTHONCOERCECLOCALE="0")
    code = b'print(ascii("\xff"))'
    mine, theirs = (subprocess.run([*command, "-c", code], capture_output=True, env=env,
                                   timeout=120)
                    for command in (INNERPY, [require_reference()]))
    assert (mine.stdout, mine.stderr, mine.returncode) == \
        (theirs.stdout, theirs.stderr, theirs.returncode)


def test_long_help_options():
    """--help-env names the environment variables (PYTHONHOME among them),
    --help-xoptions the -X options (-X dev among them), --help-all both
    after the usage; plain --help stays short and names neither."""
    env, xoptions, full, short = (run(option) for option in
                                  ("--help-env", "--help-xoptions", "--help-all", "--help"))
    assert all(r.returncode == 0 and not r.stderr for r in (env, xoptions, full, short))
    assert "PYTHONHOME" in env.stdout and "-X dev" in xoptions.stdout
    assert full.stdout.startswith("usage:") and "PYTHONHOME" in full.stdout
    assert "-X dev" in full.stdout and full.stdout.isascii()
    assert "PYTHONHOME" not in short.stdout and "-X dev" not in short.stdout
    assert len(short.stdout.splitlines()) < 50


def test_flag_levels_from_the_environment():
    """PYTHONDEBUG/PYTHONVERBOSE/PYTHONOPTIMIZE give a level: their number,
    1 for any other value (`_Py_get_env_flag`). (stderr is not compared:
    CPython's verbose import tracing writes there.)"""
    code = "import sys; f = sys.flags; print(f.debug, f.optimize, f.verbose, f.dont_write_bytecode)"
    for value in ("", "1", "text", "2"):
        env = dict(os.environ, PYTHONDEBUG=value, PYTHONVERBOSE=value, PYTHONOPTIMIZE=value,
                   PYTHONDONTWRITEBYTECODE=value)
        mine, theirs = (subprocess.run([*command, "-c", code], capture_output=True, text=True,
                                       env=env, timeout=120)
                        for command in (INNERPY, [require_reference()]))
        assert (mine.stdout, mine.returncode) == (theirs.stdout, theirs.returncode), value


def test_isolated_mode_ignores_pythonpath(tmp_path):
    (tmp_path / "shadow.py").write_text("print('imported shadow')\n", encoding="utf-8")
    code = "import sys; print(any(p == %r for p in sys.path))" % str(tmp_path)
    assert run("-c", code, env={"PYTHONPATH": str(tmp_path)}).stdout == "True\n"
    assert run("-I", "-c", code, env={"PYTHONPATH": str(tmp_path)}).stdout == "False\n"


def test_no_inline_comprehensions_switch_compiles_a_function():
    code = "import sys\ndef f():\n    return [sys._getframe().f_code.co_name for _ in 'a']\nprint(f())"
    assert run("-c", code).stdout == "['f']\n"
    assert run("-X", "no_inline_comprehensions", "-c", code).stdout == "['<listcomp>']\n"


def test_dash_m_tokenize_prints_what_312_prints(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text("x = f'{a!r:>{width}}' + 1\nif x:\n    pass\n", encoding="utf-8")
    same_as_reference("-m", "tokenize", str(source))


def test_uncaught_keyboard_interrupt_ends_by_sigint():
    import signal
    result = same_as_reference("-c", "raise KeyboardInterrupt")
    assert result.returncode == -signal.SIGINT


def test_optimize_flags_strip_asserts_and_docstrings():
    code = "def f():\n    'doc'\n    assert False\n    return 1\nprint(f(), f.__doc__, __debug__)"
    for flag in ("-O", "-OO"):
        same_as_reference(flag, "-c", code)
