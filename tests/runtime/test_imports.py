"""Guest imports: reload, importlib.resources, namespace packages, import_module."""

import subprocess
import sys

import pytest

from tests.support.reference import require_reference

MAIN = """\
import importlib, importlib.resources, importlib.util
import mypkg
print(mypkg.VALUE, mypkg.__spec__.name)
with open(mypkg.__file__, "w") as f:
    f.write("VALUE = 2\\n")
importlib.reload(mypkg)
print(mypkg.VALUE)
print(importlib.resources.files("mypkg.data").joinpath("greeting.txt").read_text().strip())
from nsp.sub import mod
print(mod.X, importlib.util.find_spec("nsp").submodule_search_locations is not None)
print(importlib.import_module("nsp.sub.mod") is mod)
"""


def _tree(root):
    (root / "mypkg" / "data").mkdir(parents=True)
    (root / "mypkg" / "__init__.py").write_text("VALUE = 1\n", encoding="utf-8")
    (root / "mypkg" / "data" / "__init__.py").write_text("", encoding="utf-8")
    (root / "mypkg" / "data" / "greeting.txt").write_text("hello resource\n", encoding="utf-8")
    (root / "nsp" / "sub").mkdir(parents=True)
    (root / "nsp" / "sub" / "mod.py").write_text('X = "ns"\n', encoding="utf-8")
    (root / "main.py").write_text(MAIN, encoding="utf-8")


@pytest.mark.parametrize("interpreter", ["innerpy", "cpython"])
def test_reload_resources_and_namespace_packages(tmp_path, interpreter):
    _tree(tmp_path)
    command = [sys.executable, "-m", "innerpy"] if interpreter == "innerpy" else [require_reference()]
    proc = subprocess.run([*command, "main.py"], capture_output=True, text=True, cwd=tmp_path,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["1 mypkg", "2", "hello resource", "ns True", "True"]


RE_TEMPLATES = """\
import re
print(re.sub(r"(a)", r"\\1\\1", "xax"), re.compile("(?P<n>b)").sub(r"[\\g<n>]", "abc"))
for template in [r"\\c", r"\\g<2>", "\\\\400", r"\\g<a"]:
    try:
        re.sub("(x)", template, "x")
    except re.error as error:
        print("re.error:", error)
print(re._compile_template.cache_info().currsize)
"""


@pytest.mark.skipif(sys.version_info < (3, 12),
                    reason="a 3.11 host's _sre calls its stdlib's re._subx through the "
                           "host's import system on every substitution")
def test_re_template_errors_are_the_guests_re_error():
    """The C `_sre` compiles templates with the `re._compile_template` it looks
    up by name: the guest's own `_sre` instance finds the guest's `re`."""
    from tests.support.differential import run_innerpy, run_reference
    expected = run_reference(RE_TEMPLATES)
    actual = run_innerpy(RE_TEMPLATES)
    assert expected.returncode == 0, expected.stderr
    assert (actual.stdout, actual.stderr, actual.returncode) == \
        (expected.stdout, expected.stderr, expected.returncode)
