"""The `innerpy` command line, modelled on `python3` (Modules/main.c).

    innerpy [option] ... [-c cmd | -m mod | file | -] [arg] ...

Options are parsed as CPython parses them: single-letter flags may be
combined (`-uq`), `-c`, `-m`, `-X` and `-W` take the rest of their word or
the next one, and everything after the program is the program's argv.
Exit status follows CPython: 0, 1 after an uncaught exception (whose
traceback goes to stderr), `n` for `SystemExit(n)`, 2 for usage errors.
"""

import os
import sys

from . import GUEST_VERSION, __version__

USAGE = """\
usage: innerpy [option] ... [-c cmd | -m mod | file | -] [arg] ...
Options (and corresponding environment variables):
-c cmd : program passed in as string (terminates option list)
-E     : ignore PYTHON* environment variables (such as PYTHONPATH)
-h     : print this help message and exit (also -? or --help)
-i     : inspect interactively after running script; forces a prompt even
         if stdin does not appear to be a terminal
-I     : isolate innerpy from the user's environment (implies -E and -s)
-m mod : run library module as a script (terminates option list)
-P     : don't prepend a potentially unsafe path to sys.path
-q     : don't print version and copyright messages on interactive startup
-s     : don't add user site directory to sys.path
-S     : don't imply 'import site' on initialization
-u     : force the stdout and stderr streams to be unbuffered
-V     : print the innerpy, guest Python and host CPython versions and exit
         (also --version)
-W arg : warning control; arg is action:message:category:module:lineno
-X opt : set implementation-specific option; innerpy understands
         -X no_inline_comprehensions (compile comprehensions as 3.11 did),
         -X no_superblocks (never translate hot bytecode into host
         functions, to measure what the translation gains),
         -X perf (a /tmp/perf-<pid>.map for Linux perf), -X perf_jit (a
         jitdump for perf inject), and passes every option to the guest as
         sys._xoptions
file   : program read from script file
-      : program read from stdin (default; interactive mode if a tty)
arg ...: arguments passed to program in sys.argv[1:]
"""

HELP_XOPTIONS = """\
The -X options the guest's start-up acts on (all of them reach the guest
as sys._xoptions):
-X dev : development mode: "default" warning filter, faulthandler on
-X faulthandler : dump the Python traceback on a fatal error
-X int_max_str_digits=N : limit int/str conversions to N digits (0: no limit)
-X pycache_prefix=PATH : sys.pycache_prefix for the guest's importlib
-X no_inline_comprehensions, -X no_superblocks, -X perf, -X perf_jit :
         innerpy's own (see innerpy -h)
"""

HELP_ENV = """\
Environment variables the guest's start-up reads (none with -E or -I):
PYTHONPATH     : directories put before the standard library on sys.path
PYTHONHOME     : not used: the guest's standard library is the host's
PYTHONSTARTUP  : file run before the first interactive prompt
PYTHONINSPECT  : like -i
PYTHONUNBUFFERED : like -u
PYTHONDONTWRITEBYTECODE : like -B
PYTHONDEBUG, PYTHONVERBOSE, PYTHONOPTIMIZE : like -d, -v, -O
PYTHONNOUSERSITE, PYTHONSAFEPATH : like -s, -P
PYTHONWARNINGS : warning filters, like -W
PYTHONDEVMODE  : like -X dev
PYTHONFAULTHANDLER : like -X faulthandler
PYTHONINTMAXSTRDIGITS : like -X int_max_str_digits
PYTHONPYCACHEPREFIX : like -X pycache_prefix
PYTHONHASHSEED : 0 turns hash randomization off (the host's hashing)
"""

_LONG_HELP = {"--help-env": HELP_ENV, "--help-xoptions": HELP_XOPTIONS,
              "--help-all": USAGE + "\n" + HELP_XOPTIONS + "\n" + HELP_ENV}

_FLAG_LETTERS = "bBdEhiIOPqRsSuvV?"

# `-m` modules whose command line innerpy provides natively (the guest's
# standard library would show the host's version of them).
NATIVE_MAINS = {
    "dis": ("innerpy.dis", "main"),
    "tokenize": ("innerpy.parser.tokenize_main", "main"),
}
_ARG_LETTERS = "cmXW"


class Options:
    def __init__(self):
        self.command = None
        self.module = None
        self.filename = None
        self.args = []
        self.xoptions = {}
        self.warnoptions = []
        self.flags = set()
        self.long_help = None


def version_text():
    guest = ".".join(map(str, GUEST_VERSION[:3]))
    host = ".".join(map(str, sys.version_info[:3]))
    return f"innerpy {__version__} (Python {guest} guest) on CPython {host}"


def parse_args(argv):
    """Split argv like CPython's `_PyOS_GetOpt`; raises SystemExit(2) on usage errors."""
    opts = Options()
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            i += 1
            break
        if word in _LONG_HELP:
            opts.long_help = _LONG_HELP[word]
            i += 1
            continue
        if word in ("--help",):
            opts.flags.add("h")
            i += 1
            continue
        if word == "--version":
            opts.flags.add("V")
            i += 1
            continue
        if not word.startswith("-") or word == "-":
            break
        if word.startswith("--"):
            _usage_error(f"unknown option {word}")
        j = 1
        while j < len(word):
            letter = word[j]
            if letter in _ARG_LETTERS:
                value = word[j + 1:]
                if not value:
                    i += 1
                    if i >= len(argv):
                        _usage_error(f"Argument expected for the -{letter} option")
                    value = argv[i]
                if letter == "c":
                    opts.command = value
                    opts.args = ["-c"] + argv[i + 1:]
                    return opts
                if letter == "m":
                    opts.module = value
                    opts.args = ["-m"] + argv[i + 1:]
                    return opts
                if letter == "X":
                    name, eq, val = value.partition("=")
                    opts.xoptions[name] = val if eq else True
                else:
                    opts.warnoptions.append(value)
                break
            if letter == "O" and "O" in opts.flags:
                opts.flags.add("OO")
            if letter == "b" and "b" in opts.flags:
                opts.flags.add("bb")
            if letter not in _FLAG_LETTERS:
                _usage_error(f"Unknown option: -{letter}")
            opts.flags.add(letter)
            j += 1
        i += 1
    rest = argv[i:]
    if rest:
        opts.filename = rest[0]
        opts.args = rest
    else:
        opts.args = [""]
    return opts


def _usage_error(message):
    sys.stderr.write(f"{message}\nusage: innerpy [option] ... [-c cmd | -m mod | file | -] [arg] ...\n"
                     "Try `innerpy -h' for more information.\n")
    raise SystemExit(2)


def optimize_level(opts, environ, ignore_env):
    """-O/-OO and PYTHONOPTIMIZE, as CPython counts them (at most 2 matters here)."""
    level = 2 if "OO" in opts.flags else 1 if "O" in opts.flags else 0
    if not ignore_env:
        value = environ.get("PYTHONOPTIMIZE", "")
        if value:
            level = max(level, int(value) if value.isdigit() else 1)
    return min(level, 2)


def build_path(opts, environ):
    """The guest's sys.path before `site` runs (`config_init_module_search_paths`):
    PYTHONPATH unless -E/-I, then the standard library. `site` adds the
    site-packages and sys.path[0] goes in front afterwards, as in CPython."""
    from .runtime.site_setup import module_search_path
    return module_search_path(opts.flags, environ)


def dev_mode(opts, environ):
    """-X dev or PYTHONDEVMODE (`config_init_dev_mode`)."""
    ignore_env = "E" in opts.flags or "I" in opts.flags
    return "dev" in opts.xoptions or (not ignore_env and bool(environ.get("PYTHONDEVMODE")))


def warn_options(opts, environ):
    """sys.warnoptions, lowest precedence first (`config_init_warnoptions`):
    dev mode's "default", PYTHONWARNINGS, the -W options, then -b/-bb's."""
    options = ["default"] if dev_mode(opts, environ) else []
    if not ("E" in opts.flags or "I" in opts.flags):
        options += [item.strip() for item in environ.get("PYTHONWARNINGS", "").split(",")
                    if item.strip()]
    options += opts.warnoptions
    if "bb" in opts.flags:
        options.append("error::BytesWarning")
    elif "b" in opts.flags:
        options.append("default::BytesWarning")
    return options


def startup_config(opts, environ):
    """sys.flags, `import site` and sys.path[0] for the command line (runtime/site_setup.py)."""
    from .runtime.site_setup import Startup, int_max_str_digits, make_flags, path0, pycache_prefix
    ignore_env = "E" in opts.flags or "I" in opts.flags
    flags = make_flags(opts.flags, environ, optimize=optimize_level(opts, environ, ignore_env),
                       int_max_str_digits=int_max_str_digits(opts.xoptions, environ, ignore_env),
                       dev_mode=dev_mode(opts, environ),
                       bytes_warning=2 if "bb" in opts.flags else int("b" in opts.flags))
    first = path0(opts.command, opts.module, opts.filename, safe_path=flags.safe_path)
    return Startup(flags, first, pycache_prefix(opts.xoptions, environ, ignore_env))


def main(argv=None):
    if argv is None:
        argv = sys.argv[1:]
    opts = parse_args(list(argv))
    if "h" in opts.flags or "?" in opts.flags:
        sys.stdout.write(USAGE)
        return 0
    if opts.long_help is not None:      # --help-env, --help-xoptions, --help-all
        sys.stdout.write(opts.long_help)
        return 0
    if "V" in opts.flags:
        sys.stdout.write(version_text() + "\n")
        return 0
    environ = os.environ
    from .runtime.site_setup import read_pth_file
    pth = read_pth_file(sys.argv[0])     # the launcher (or a link to it) as it was run
    if pth is not None:
        # A ._pth file beside the executable: isolated, no site unless it asks.
        opts.flags |= {"I"} if pth.import_site else {"I", "S"}
    ignore_env = "E" in opts.flags or "I" in opts.flags
    if "u" in opts.flags or (not ignore_env and environ.get("PYTHONUNBUFFERED")):
        _unbuffer()
    else:
        _buffer_std_streams()
    inline = "no_inline_comprehensions" not in opts.xoptions
    if "no_superblocks" in opts.xoptions:
        from .vm import superblocks
        superblocks.set_enabled(False)
    from .compiler import set_default_inline_comprehensions, set_default_optimize
    set_default_inline_comprehensions(inline)
    set_default_optimize(optimize_level(opts, environ, ignore_env))
    from .runtime.pythonrun import initialize
    path = pth.path if pth is not None else build_path(opts, environ)
    interp = initialize(argv=opts.args, xoptions=opts.xoptions, path=path,
                        warnoptions=warn_options(opts, environ), orig_argv=[sys.argv[0]] + list(argv),
                        inline_comprehensions=inline, startup=startup_config(opts, environ))
    _set_faulthandler("faulthandler" in opts.xoptions or dev_mode(opts, environ)
                      or (not ignore_env and bool(environ.get("PYTHONFAULTHANDLER"))))
    from .runtime import perf
    perf.configure(opts.xoptions, None if ignore_env else environ)
    interp.builtins["__debug__"] = optimize_level(opts, environ, ignore_env) == 0
    interactive = "i" in opts.flags
    no_program = opts.command is None and opts.module is None and opts.filename in (None, "-")
    # `stdin_is_interactive`: with -i, stdin counts as a terminal even when it is a pipe.
    stdin_interactive = interactive or _stdin_is_a_tty()
    if no_program and stdin_interactive:
        status = run_stdin_interactively(interp, opts, environ, ignore_env)
    else:
        status = run_main(interp, opts)
        if interactive:
            run_interactive_hook(interp)
            status = run_repl(interp)
    status = _finalize(interp, status)
    if status == UNHANDLED_KEYBOARD_INTERRUPT:
        import signal
        sys.stdout.flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    return status


def _set_faulthandler(wanted):
    """The guest shares the host's faulthandler: on for -X faulthandler, -X dev
    and PYTHONFAULTHANDLER, and off otherwise -- also when the host turned it
    on from an environment variable that -E tells the guest to ignore."""
    import faulthandler
    if wanted and not faulthandler.is_enabled():
        faulthandler.enable()
    elif not wanted and faulthandler.is_enabled():
        faulthandler.disable()


def _unbuffer():
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            stream.reconfigure(write_through=True)
        except (AttributeError, ValueError):
            pass


def _stdin_is_a_tty():
    """False too when there is no stdin (its file descriptor was closed)."""
    return sys.stdin is not None and sys.stdin.isatty()


def _buffer_std_streams():
    """Buffered stdout and stderr when the guest did not ask for unbuffered
    ones but the host made them unbuffered, having read PYTHONUNBUFFERED
    from an environment the guest ignores (-E, -I). As `create_stdio`
    makes them: stdout line-buffered only on a terminal, stderr always."""
    import io
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or isinstance(getattr(stream, "buffer", None), io.BufferedWriter):
            continue
        try:
            raw = io.FileIO(stream.fileno(), "wb", closefd=False)
        except (AttributeError, OSError, ValueError):
            continue
        raw.name = f"<{name}>"
        buffered = io.TextIOWrapper(io.BufferedWriter(raw), encoding=stream.encoding,
                                    errors=stream.errors, newline="\n",
                                    line_buffering=name == "stderr" or raw.isatty())
        buffered.mode = "w"
        setattr(sys, name, buffered)
        if getattr(sys, f"__{name}__") is stream:
            setattr(sys, f"__{name}__", buffered)


def run_main(interp, opts):
    """Run the program; returns the exit status (`pymain_run_python`)."""
    from .runtime import pythonrun
    from .runtime.audit import audit
    try:
        if opts.command is not None:
            try:
                opts.command.encode("utf-8")
            except UnicodeEncodeError as error:
                # Bytes the locale could not decode, escaped as surrogates (`pymain_run_command`).
                interp.sys.stderr.write("Unable to decode the command from the command line:\n")
                print_uncaught(interp, error)
                return 1
            audit("cpython.run_command", opts.command + "\n")
            pythonrun.main_namespace(interp, None).pop("__file__", None)
            pythonrun.run_source(interp, opts.command + "\n", "<string>")
        elif opts.module in NATIVE_MAINS:
            # Command-line tools innerpy implements itself, printing what 3.12's do.
            audit("cpython.run_module", opts.module)
            import importlib
            module_name, function = NATIVE_MAINS[opts.module]
            status = getattr(importlib.import_module(module_name), function)(opts.args[1:])
            return status or 0
        elif opts.module is not None:
            audit("cpython.run_module", opts.module)
            pythonrun.run_module(interp, opts.module)
        elif opts.filename is not None and opts.filename != "-" and \
                pythonrun.is_main_importer_path(opts.filename):
            audit("cpython.run_module", "__main__")
            pythonrun.run_module(interp, "__main__", alter_argv=False)
        elif opts.filename is not None and opts.filename != "-":
            audit("cpython.run_file", os.path.abspath(opts.filename))
            try:
                pythonrun.run_file(interp, opts.filename)
            except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
                if error.filename != opts.filename:
                    raise
                sys.stderr.write(f"{sys.executable}: can't open file {os.path.abspath(opts.filename)!r}: "
                                 f"[Errno {error.errno}] {error.strerror}\n")
                return 2
        elif opts.filename == "-" or not _stdin_is_a_tty():
            audit("cpython.run_stdin")
            source = sys.stdin.buffer.read() if sys.stdin is not None else b""
            ns = pythonrun.main_namespace(interp, "<stdin>")
            ns.pop("__file__", None)
            pythonrun.run_source(interp, source, "<stdin>", ns)
    except SystemExit as exit:
        return handle_system_exit(interp, exit)
    except BaseException as error:
        print_uncaught(interp, error)
        if isinstance(error, KeyboardInterrupt):
            return UNHANDLED_KEYBOARD_INTERRUPT
        return 1
    return 0


# run_main's answer after an uncaught KeyboardInterrupt: like CPython, the
# process then ends by SIGINT, so the shell sees 130 (`_Py_UnhandledKeyboardInterrupt`).
UNHANDLED_KEYBOARD_INTERRUPT = -2


def handle_system_exit(interp, exit):
    """`_Py_HandleSystemExit`: the exit status a SystemExit asks for."""
    code = exit.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF if code >= 0 else code & 0xFF
    stderr = interp.sys.stderr
    try:
        stderr.write(f"{code}\n")
        stderr.flush()
    except Exception:
        pass
    return 1


def print_uncaught(interp, error):
    """`PyErr_Print`: flush stdout, then call the guest's sys.excepthook."""
    sysmod = interp.sys
    try:
        sysmod.stdout.flush()
    except Exception:
        pass
    hook = getattr(sysmod, "excepthook", None)
    from .objects.traceback import get_traceback
    if hook is None:
        from .runtime.errors import print_exception
        print_exception(error, sysmod.stderr)
        return
    from .runtime.audit import audit
    try:
        audit("sys.excepthook", hook, type(error), error, get_traceback(error))
    except RuntimeError:
        return
    except Exception as audit_error:
        from .modules.unraisable import report
        report(sysmod, audit_error, "Exception ignored in audit hook")
    try:
        hook(type(error), error, get_traceback(error))
    except BaseException as hook_error:
        from .runtime.errors import print_exception
        sysmod.stderr.write("Error in sys.excepthook:\n")
        print_exception(hook_error, sysmod.stderr)
        sysmod.stderr.write("\nOriginal exception was:\n")
        print_exception(error, sysmod.stderr)


def run_startup(interp, path):
    """`pymain_run_startup`: PYTHONSTARTUP runs in __main__ before the first prompt."""
    from .runtime import pythonrun
    from .runtime.audit import audit
    try:
        audit("cpython.run_startup", path)
        with open(path, "rb") as f:
            source = f.read()
        pythonrun.run_source(interp, source, path)
    except SystemExit:
        raise
    except OSError as error:
        interp.sys.stderr.write(f"Could not open PYTHONSTARTUP\n{type(error).__name__}: {error}\n")
    except BaseException as error:
        print_uncaught(interp, error)


def run_interactive_hook(interp):
    """`pymain_run_interactive_hook`: call `sys.__interactivehook__` (site sets it) before the REPL."""
    from .runtime.audit import audit
    hook = getattr(interp.sys, "__interactivehook__", None)
    if hook is None:
        return
    try:
        audit("cpython.run_interactivehook", hook)
        hook()
    except SystemExit:
        raise
    except BaseException as error:
        interp.sys.stderr.write("Failed calling sys.__interactivehook__\n")
        print_uncaught(interp, error)


def run_stdin_interactively(interp, opts, environ, ignore_env):
    """No program and an interactive stdin (a terminal, or any stdin with -i):
    the banner unless -q, PYTHONSTARTUP, the interactive hook, then the
    REPL reads stdin statement by statement (`pymain_header` and
    `pymain_run_stdin`). Reading a piped stdin as one program instead would
    print nothing until it ends, which a caller talking to `python -i`
    through pipes waits for forever."""
    sysmod = interp.sys
    if "q" not in opts.flags:
        sysmod.stderr.write(f"{version_text()}\n")
        if not sysmod.flags.no_site:
            sysmod.stderr.write('Type "help", "copyright", "credits" or "license" '
                                "for more information.\n")
    if not ignore_env and environ.get("PYTHONSTARTUP"):
        run_startup(interp, environ["PYTHONSTARTUP"])
    run_interactive_hook(interp)
    return run_repl(interp)


def run_repl(interp):
    """A minimal interactive loop (`PyRun_InteractiveLoop`) compiling in 'single' mode."""
    from .compiler import compile as innerpy_compile
    from .runtime.pythonrun import run_code
    sysmod = interp.sys
    ns = interp.modules["__main__"].__dict__
    ns.pop("__file__", None)
    buffer = []
    while True:
        prompt = getattr(sysmod, "ps2" if buffer else "ps1", "... " if buffer else ">>> ")
        try:
            sysmod.stderr.write(str(prompt))
            sysmod.stderr.flush()
            line = sysmod.stdin.readline()
        except KeyboardInterrupt:
            sysmod.stderr.write("\nKeyboardInterrupt\n")
            buffer = []
            continue
        if not line:
            sysmod.stderr.write("\n")
            return 0
        buffer.append(line.rstrip("\n"))
        source = "\n".join(buffer)
        if _needs_more(buffer):
            continue
        buffer = []
        try:
            code = innerpy_compile(source + "\n", "<stdin>", "single", dont_inherit=True)
            run_code(code, ns, ns)
        except SystemExit as exit:
            return handle_system_exit(interp, exit)
        except BaseException as error:
            print_uncaught(interp, error)
        _flush_io(sysmod)


def _flush_io(sysmod):
    """`flush_io`: after each interactive statement stderr and stdout are
    flushed, so a block-buffered stdout (a pipe) shows the result at once."""
    for name in ("stderr", "stdout"):
        try:
            getattr(sysmod, name).flush()
        except Exception:
            pass


def _needs_more(lines):
    """Whether the statement typed so far continues on the next line."""
    last = lines[-1]
    if len(lines) > 1:
        return last.strip() != ""
    stripped = last.rstrip()
    if stripped.endswith(":") or stripped.endswith("\\"):
        return True
    depth = 0
    for ch in stripped:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
    return depth > 0


def _finalize(interp, status):
    """`Py_FinalizeEx`, the parts the guest can see: atexit callbacks, flushed streams."""
    for func, args, kwargs in reversed(interp.atexit_callbacks):
        try:
            func(*args, **kwargs)
        except BaseException as error:
            print_uncaught(interp, error)
    # The main interpreter's `atexit` is the host's: its callbacks run now, as
    # Py_FinalizeEx runs them, while the module globals they use still exist.
    import atexit
    atexit._run_exitfuncs()
    interp.finalizing = True
    clear_modules(interp)
    if not _flush_std_files(interp) and status == 0:
        status = 120
    return status


def _flush_std_files(interp):
    """`flush_std_files`: flush sys.stdout and sys.stderr unless they are None
    or closed (a program may close them itself, as `json.tool` closes stdout);
    a failing stdout flush is reported as unraisable. False when either failed."""
    from .modules.unraisable import report
    ok = True
    for name in ("stdout", "stderr"):
        stream = getattr(interp.sys, name, None)
        if stream is None or _file_is_closed(stream):
            continue
        try:
            stream.flush()
        except Exception as error:
            ok = False
            if name == "stdout":
                report(interp.sys, error, None, stream)
            if getattr(sys, name) is stream:
                # Reported once: the host's own flush at its exit would report it again.
                setattr(sys, name, None)
    return ok


def _file_is_closed(stream):
    """`file_is_closed`: a stream whose `closed` cannot be read counts as open."""
    try:
        return bool(stream.closed)
    except Exception:
        return False


def clear_modules(interp):
    """`finalize_modules`, the guest-visible part: guest modules (`__main__`
    and those run from source) leave sys.modules (their entries become None),
    then garbage is collected: modules nothing else holds are freed with
    their objects, whose `__del__` still sees intact module globals (cycles
    through several modules included). The globals of modules still alive
    after that are released (`__main__` first, then newest first), so the
    objects they held are finalised before the process exits."""
    import gc
    import weakref
    from .runtime.importer import BytecodeLoader, SourceLoader
    # Garbage (pending asyncio tasks, cycles) is collected while module
    # globals still exist, so its finalisers see a working world.
    gc.collect()
    modules = interp.modules
    names = ["__main__"] + [
        name for name, module in reversed(list(modules.items()))
        if name != "__main__" and isinstance(getattr(module, "__loader__", None),
                                             (SourceLoader, BytecodeLoader))]
    weaklist = []
    for name in names:
        module = modules.get(name)
        if module is None:
            continue
        try:
            weaklist.append(weakref.ref(module))
        except TypeError:
            weaklist.append(lambda module=module: module)
        modules[name] = None
    del module
    gc.collect()
    for ref in weaklist:
        module = ref()
        if module is not None:
            _clear_module_dict(module.__dict__)


def _clear_module_dict(namespace):
    """`_PyModule_ClearDict`: names with one leading underscore first, then the rest."""
    for single_underscore in (True, False):
        for key in list(namespace):
            if not isinstance(key, str) or key == "__builtins__":
                continue
            if single_underscore and not (key[:1] == "_" and key[1:2] != "_"):
                continue
            if namespace.get(key) is not None:
                namespace[key] = None
