"""The guest's `sys.executable`: a program that starts innerpy.

Programs start "the same interpreter" again by running `sys.executable`:
subprocess-based tests (`test.support.script_helper`, test_audit's
audit-tests.py), `multiprocessing`'s spawn, `python -m venv`-style tools. On
CPython that is the interpreter itself; for the guest it must be innerpy, not
the host CPython it runs on -- otherwise the child runs on the host and
reports the host's behaviour as if it were innerpy's.

innerpy has no binary of its own, so it writes a small launcher script once
per host interpreter and checkout: `#!<host python>` and a call of
`innerpy.cli.main` with this checkout first on the host's path. It lives in
innerpy's cache directory (`$XDG_CACHE_HOME/innerpy` or `~/.cache/innerpy`),
named after the guest version so that `os.path.basename(sys.executable)`
reads like CPython's. When no launcher can be written the guest keeps the
host's executable, as before.
"""

import hashlib
import os
import sys as _host_sys

_NAME = "python3.12"
_launcher = None


def _cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "innerpy", "bin")


def _script(root):
    return (f"#!{_host_sys.executable}\n"
            "# Starts innerpy (written by innerpy/runtime/launcher.py).\n"
            "import sys\n"
            f"sys.path.insert(0, {root!r})\n"
            "from innerpy.cli import main\n"
            "sys.exit(main())\n")


def guest_executable():
    """The launcher's path (written on first use), or the host's executable."""
    global _launcher
    if _launcher is None:
        _launcher = _write_launcher() or _host_sys.executable
    return _launcher


def _write_launcher():
    host = _host_sys.executable
    if not host or len(host) > 120 or any(c.isspace() for c in host):
        return None     # a shebang line cannot name it
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    script = _script(root)
    key = hashlib.sha1(script.encode("utf-8")).hexdigest()[:16]
    path = os.path.join(_cache_dir(), key, _NAME)
    if os.access(path, os.X_OK):
        return path
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temp = f"{path}.{os.getpid()}.tmp"
        with open(temp, "w", encoding="utf-8") as f:
            f.write(script)
        os.chmod(temp, 0o755)
        os.replace(temp, path)
    except OSError:
        return None
    return path
