"""How the guest's start-up builds sys.path and imports `site`
(Modules/getpath.py, Python/initconfig.c, pylifecycle.c `init_import_site`,
Modules/main.c `pymain_run_python`).

CPython starts in three steps, and innerpy takes the same ones for the guest:

1. The module search path as getpath computes it: the PYTHONPATH entries
   (unless -E or -I), made absolute, then the standard library -- the zip
   file, the library directory, lib-dynload. The guest's standard library is
   the host's (its pure-Python modules run in the guest, its extension
   modules load through the host), so these are the host's own entries:
   those of the host's sys.path below its base prefixes and not a
   site-packages directory.
2. `import site` (unless -S): the guest runs the standard library's site.py,
   which adds the virtual environment's and the user's site-packages,
   processes .pth files, installs `exit`, `quit`, `help`, `copyright`,
   `credits`, `license` and runs `sitecustomize`/`usercustomize`. site.py
   names site-packages directories after `sys.version_info`; while it is
   imported the guest's `sys.version_info` is the host's, so those are the
   host's site-packages -- where the extension modules the guest loads
   through the host were installed. Afterwards the guest is 3.12 again.
3. sys.path[0]: the script's directory, '' for -c and the REPL, the current
   directory for -m; nothing with -I, -P or PYTHONSAFEPATH.

`sys.flags` follows the command line: no_site (-S), no_user_site (-s, -I,
PYTHONNOUSERSITE), ignore_environment (-E, -I), isolated (-I), safe_path
(-P, -I, PYTHONSAFEPATH), inspect/interactive (-i), quiet (-q).
"""

import os
import sys as _host_sys

SITE_BUILTINS = ("exit", "quit", "help", "copyright", "credits", "license")

_FLAG_FIELDS = ("debug", "inspect", "interactive", "optimize", "dont_write_bytecode",
                "no_user_site", "no_site", "ignore_environment", "verbose", "bytes_warning",
                "quiet", "hash_randomization", "isolated", "dev_mode", "utf8_mode",
                "warn_default_encoding", "safe_path", "int_max_str_digits")


class Flags(tuple):
    """`sys.flags` (a struct sequence in CPython): 3.12's fields."""

    __slots__ = ()
    n_fields = n_sequence_fields = len(_FLAG_FIELDS)
    n_unnamed_fields = 0

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'sys.flags' instances")

    def __repr__(self):
        fields = ", ".join(f"{name}={value!r}" for name, value in zip(_FLAG_FIELDS, self))
        return f"sys.flags({fields})"

    def __reduce__(self):
        return (rebuild_flags, (tuple(self),))


for _index, _name in enumerate(_FLAG_FIELDS):
    setattr(Flags, _name, property(lambda self, i=_index: self[i]))
Flags.__name__ = Flags.__qualname__ = "flags"
Flags.__module__ = "sys"


def make_flags(letters=(), environ=None, **overrides):
    """The guest's sys.flags for command-line option letters (`config_init_*`)
    and, unless -E/-I, the environment variables that stand for them: never
    the host's flags where the host read an environment the guest ignores."""
    host = _host_sys.flags
    values = {name: getattr(host, name, 0) for name in _FLAG_FIELDS}
    environ = os.environ if environ is None else environ
    isolated = "I" in letters
    ignore_env = isolated or "E" in letters

    def env(name):
        return not ignore_env and bool(environ.get(name))

    def level(letter, name):
        """`_Py_get_env_flag`: the option's level, or the variable's if higher
        (a number, else 1 when it is set at all)."""
        value = 0 if ignore_env else environ.get(name)
        if value:
            value = int(value) if value.isdigit() else 1
        return max(int(letter in letters), value or 0)

    values.update(
        debug=level("d", "PYTHONDEBUG"),
        dont_write_bytecode=int("B" in letters or env("PYTHONDONTWRITEBYTECODE")),
        verbose=level("v", "PYTHONVERBOSE"),
        # Off only for PYTHONHASHSEED=0 (`config_init_hash_seed`), unless -R.
        hash_randomization=int("R" in letters or ignore_env
                               or environ.get("PYTHONHASHSEED", "random") != "0"),
        no_site=int("S" in letters),
        no_user_site=int(isolated or "s" in letters or env("PYTHONNOUSERSITE")),
        ignore_environment=int(ignore_env),
        isolated=int(isolated),
        safe_path=bool(isolated or "P" in letters or env("PYTHONSAFEPATH")),
        inspect=int("i" in letters or env("PYTHONINSPECT")),
        interactive=int("i" in letters),
        quiet=int("q" in letters),
    )
    values.update(overrides)
    return tuple.__new__(Flags, tuple(values[name] for name in _FLAG_FIELDS))


_INT_MAX_STR_DIGITS_DEFAULT = 4300


def int_max_str_digits(xoptions, environ, ignore_env):
    """`config_init_int_max_str_digits`: -X int_max_str_digits=N, else
    PYTHONINTMAXSTRDIGITS, else 4300; 0 (unlimited) or at least 640. An
    invalid limit is a fatal start-up error (exit status 1)."""
    for source, value in (("-X int_max_str_digits", xoptions.get("int_max_str_digits")),
                          ("PYTHONINTMAXSTRDIGITS",
                           None if ignore_env else environ.get("PYTHONINTMAXSTRDIGITS"))):
        if value is None:
            continue
        digits = int(value) if isinstance(value, str) and value.isdigit() else -1
        if digits != 0 and digits < 640:
            _host_sys.stderr.write(
                f"Fatal Python error: config_init_int_max_str_digits: {source}: invalid limit; "
                "must be >= 640 or 0 for unlimited.\nPython runtime state: preinitialized\n\n")
            raise SystemExit(1)
        return digits
    return _INT_MAX_STR_DIGITS_DEFAULT


def _under(path, prefixes):
    return any(path == prefix or path.startswith(prefix + os.sep) for prefix in prefixes)


def stdlib_path(host_path=None):
    """The host's standard-library entries of sys.path, in the host's order."""
    host_path = _host_sys.path if host_path is None else host_path
    prefixes = {p for p in (_host_sys.base_prefix, _host_sys.base_exec_prefix,
                            getattr(_host_sys, "_stdlib_dir", None)) if p}
    # The host's own sys.path[0] is innerpy's entry point, not the guest's
    # (there is none when the host itself runs with -P or -I).
    first = 0 if getattr(_host_sys.flags, "safe_path", False) else 1
    entries = []
    for entry in host_path[first:]:
        if not entry or entry in entries:
            continue
        parts = entry.split(os.sep)
        if "site-packages" in parts or "dist-packages" in parts:
            continue
        if _under(entry, prefixes):
            entries.append(entry)
    if not entries:     # an unusual host layout: its whole path, as before
        entries = [p for p in host_path[first:] if p]
    return entries


class PthFile:
    """What a `._pth` file says: the whole module search path, and whether
    `site` is imported."""

    def __init__(self, path, import_site):
        self.path = path
        self.import_site = import_site


def read_pth_file(executable):
    """getpath's `._pth` file beside the executable (`<executable>._pth`),
    or None: each line a path relative to the file's directory, `import
    site` to import site, `#` comments. Such a start-up is isolated."""
    if not executable:
        return None
    pth = os.path.abspath(executable) + "._pth"
    try:
        with open(pth, encoding="utf-8-sig") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    directory = os.path.dirname(pth)
    path, import_site = [], False
    for line in lines:
        line = line.partition("#")[0].strip()
        if line == "import site":
            import_site = True
        elif line and not line.startswith("import "):
            path.append(os.path.normpath(os.path.join(directory, line)))
    return PthFile(path, import_site)


def module_search_path(letters, environ):
    """Step 1: PYTHONPATH (unless -E/-I), then the standard library."""
    path = []
    if "E" not in letters and "I" not in letters:
        for entry in environ.get("PYTHONPATH", "").split(os.pathsep):
            if entry:
                entry = os.path.abspath(entry)
                if entry not in path:
                    path.append(entry)
    return path + [p for p in stdlib_path() if p not in path]


def path0(command=None, module=None, filename=None, safe_path=False):
    """Step 3: what goes in front of sys.path (`_PyPathConfig_ComputeSysPath0`), or None.
    A directory or zip file run as a program goes there itself, even with -P."""
    if filename not in (None, "-") and command is None and module is None:
        from .pythonrun import is_main_importer_path
        if is_main_importer_path(filename):
            return os.path.abspath(filename)
    if safe_path:
        return None
    if module is not None:
        return os.getcwd()
    if command is not None or filename in (None, "-"):
        return ""
    return os.path.dirname(os.path.abspath(filename))


def pycache_prefix(xoptions, environ, ignore_env):
    """`config_init_pycache_prefix`: -X pycache_prefix=PATH, else (unless
    -E/-I) PYTHONPYCACHEPREFIX; an empty or missing PATH means none."""
    if "pycache_prefix" in xoptions:
        value = xoptions["pycache_prefix"]
        return value if isinstance(value, str) and value else None
    return None if ignore_env else environ.get("PYTHONPYCACHEPREFIX") or None


class Startup:
    """What the command line asks of start-up; `apply` runs steps 2 and 3."""

    def __init__(self, flags, path0=None, pycache_prefix=None):
        self.flags = flags
        self.path0 = path0
        self.pycache_prefix = pycache_prefix

    def set_flags(self, interp):
        """sys.flags, and what follows from them: sys.dont_write_bytecode and
        the limit on int/str conversions (the host's, which the guest shares)."""
        interp.sys.flags = self.flags
        interp.sys.dont_write_bytecode = bool(self.flags.dont_write_bytecode)
        _host_sys.set_int_max_str_digits(self.flags.int_max_str_digits)

    def apply(self, interp):
        interp.sys.pycache_prefix = self.pycache_prefix
        builtins = interp.builtins
        for name in SITE_BUILTINS:      # site.py makes these; -S leaves them out
            builtins.pop(name, None)
        # New interpreters start from the path as it was before `site` ran
        # (config->module_search_paths and sys.path[0]) and run `site` themselves.
        initial = list(interp.sys.path)
        if not self.flags.no_site:
            import_site(interp)
        if self.path0 is not None:
            interp.sys.path.insert(0, self.path0)
            initial.insert(0, self.path0)
        interp.config["initial_sys_path"] = initial

    def apply_to_new_interpreter(self, interp):
        """A subinterpreter's start-up (runtime/subinterp.py `start_site`): these
        flags, and `site` unless -S; an exception from `site` propagates."""
        self.set_flags(interp)
        for name in SITE_BUILTINS:
            interp.builtins.pop(name, None)
        if not self.flags.no_site:
            _run_site(interp)


def import_site(interp):
    """`init_import_site`: import the guest's site module; failing is fatal, as in CPython."""
    try:
        _run_site(interp)
    except BaseException as error:
        from .errors import print_exception
        stderr = interp.sys.stderr
        stderr.write("Fatal Python error: init_import_site: Failed to import the site module\n"
                     "Python runtime state: initialized\n")
        print_exception(error, file=stderr)
        stderr.flush()
        raise SystemExit(1)


def _run_site(interp):
    guest_sys = interp.sys
    guest_version, guest_executable = guest_sys.version_info, guest_sys.executable
    guest_sys.version_info = _host_sys.version_info
    # site.py finds a virtual environment's pyvenv.cfg next to sys.executable:
    # the host's, not innerpy's launcher (runtime/launcher.py).
    guest_sys.executable = _host_sys.executable
    try:
        interp.importer.import_module_level("site")
    finally:
        guest_sys.version_info, guest_sys.executable = guest_version, guest_executable


def rebuild_flags(values):
    """sys.flags from its fields (pickling, and flags sent to a host subinterpreter)."""
    return tuple.__new__(Flags, values)
