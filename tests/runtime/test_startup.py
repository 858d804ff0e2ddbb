"""Start-up as CPython's: sys.path, `import site`, -S/-s/-E/-I/-P, PYTHONPATH
(runtime/site_setup.py). Functional only: start-up times are benchmark figures
(`python -m innerpy.bench --startup`), never asserted here."""

import json
import os
import subprocess
import sys
import textwrap

from innerpy.runtime import site_setup

GUEST_ONLY = "import sys\nif hasattr(sys.implementation, '_innerpy'):\n    print('sitecustomize ran')\n"


def _run(args, env=None, cwd=None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "innerpy", *args], capture_output=True,
                          text=True, env=full_env, cwd=cwd, timeout=120)
    return proc


def _state(args=(), env=None, cwd=None):
    code = ("import sys, json; print(json.dumps({'path': sys.path, 'site': 'site' in sys.modules, "
            "'exit': 'exit' in dir(__builtins__), 'flags': [sys.flags.no_site, "
            "sys.flags.no_user_site, sys.flags.ignore_environment, sys.flags.isolated, "
            "int(sys.flags.safe_path)]}))")
    proc = _run([*args, "-c", code], env=env, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


def _host_path(args=(), env=None, cwd=None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    full_env.update(env or {})
    out = subprocess.run([sys.executable, *args, "-c", "import sys, json; print(json.dumps(sys.path))"],
                         capture_output=True, text=True, env=full_env, cwd=cwd, timeout=60).stdout
    return json.loads(out)


def test_sys_path_is_the_hosts(tmp_path):
    # The guest's standard library and site-packages are the host's: the same
    # sys.path as the host interpreter builds for `-c`, PYTHONPATH included.
    env = {"PYTHONPATH": "extra"}
    state = _state(env=env, cwd=tmp_path)
    assert state["path"] == _host_path(env=env, cwd=tmp_path)
    assert state["path"][:2] == ["", str(tmp_path / "extra")]
    assert state["site"] and state["exit"] and state["flags"] == [0, 0, 0, 0, 0]


def test_no_site(tmp_path):
    state = _state(["-S"], cwd=tmp_path)
    assert not state["site"] and not state["exit"] and state["flags"][0] == 1
    assert state["path"] == _host_path(["-S"], cwd=tmp_path)
    assert not any("site-packages" in p for p in state["path"])


def test_isolated_and_ignore_environment(tmp_path):
    env = {"PYTHONPATH": str(tmp_path), "PYTHONNOUSERSITE": "1"}
    isolated = _state(["-I"], env=env, cwd=tmp_path)
    assert isolated["flags"] == [0, 1, 1, 1, 1]
    assert isolated["path"] == _host_path(["-I"], env=env, cwd=tmp_path)
    assert "" not in isolated["path"] and str(tmp_path) not in isolated["path"]
    ignore = _state(["-E"], env=env, cwd=tmp_path)
    assert ignore["flags"] == [0, 0, 1, 0, 0]
    assert ignore["path"][0] == "" and str(tmp_path) not in ignore["path"]
    assert _state(env=env, cwd=tmp_path)["flags"] == [0, 1, 0, 0, 0]
    assert _state(["-s", "-P"], cwd=tmp_path)["flags"] == [0, 1, 0, 0, 1]
    assert _state(["-P"], cwd=tmp_path)["path"][0] != ""


def test_sitecustomize_runs_in_the_guest_unless_S(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(GUEST_ONLY)
    env = {"PYTHONPATH": str(tmp_path)}
    assert _run(["-c", "pass"], env=env).stdout == "sitecustomize ran\n"
    assert _run(["-S", "-c", "pass"], env=env).stdout == ""
    assert _run(["-E", "-c", "pass"], env=env).stdout == ""


def test_path0_for_scripts_and_modules(tmp_path):
    script_dir = tmp_path / "scripts"
    script_dir.mkdir()
    (script_dir / "prog.py").write_text("import sys; print(sys.path[0])\n")
    (tmp_path / "mod.py").write_text("import sys; print(sys.path[0])\n")
    assert _run([str(script_dir / "prog.py")], cwd=tmp_path).stdout.strip() == str(script_dir)
    assert _run(["-m", "mod"], cwd=tmp_path).stdout.strip() == str(tmp_path)
    assert _run(["-I", str(script_dir / "prog.py")], cwd=tmp_path).stdout.strip() != str(script_dir)


def test_exit_quit_and_pth_files(tmp_path):
    assert _run(["-c", "exit(3)"]).returncode == 3
    assert _run(["-c", "quit()"]).returncode == 0
    assert "NameError" in _run(["-S", "-c", "exit(3)"]).stderr
    site_dir = tmp_path / "sitedir"
    site_dir.mkdir()
    (tmp_path / "added").mkdir()
    (site_dir / "extra.pth").write_text(f"# a comment\n{tmp_path / 'added'}\n"
                                        "import sys; sys.pth_ran = True\n")
    code = textwrap.dedent(f"""
        import site, sys
        site.addsitedir({str(site_dir)!r})
        print({str(tmp_path / 'added')!r} in sys.path, sys.pth_ran)
    """)
    proc = _run(["-c", code])
    assert proc.stdout == "True True\n", proc.stderr


def test_stdlib_path_keeps_only_standard_library_entries():
    base = sys.base_prefix
    host = ["", os.path.join(base, "lib", "python3.x.zip"), os.path.join(base, "lib", "python3.x"),
            "/somewhere/else", os.path.join(base, "lib", "python3.x", "site-packages")]
    assert site_setup.stdlib_path(host) == host[1:3]
    flags = site_setup.make_flags("I", environ={})
    assert (flags.isolated, flags.no_user_site, flags.ignore_environment, flags.safe_path) == (1, 1, 1, True)
    assert repr(flags).startswith("sys.flags(debug=")


def test_flags_follow_the_command_line():
    proc = _run(["-OO", "-q", "-c", "import sys; print(sys.flags.optimize, sys.flags.quiet, sys.flags.no_site)"])
    assert proc.stdout == "2 1 0\n", proc.stderr
    proc = _run(["-c", "import sys; print(sys.flags.optimize)"], env={"PYTHONOPTIMIZE": "1"})
    assert proc.stdout == "1\n", proc.stderr
