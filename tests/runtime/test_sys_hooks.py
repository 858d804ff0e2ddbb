"""sys.excepthook's sys.tracebacklimit and sys.unraisablehook, compared with CPython 3.12."""

import pytest

from tests.support.differential import assert_same

TRACEBACKLIMIT = """
import sys
def f1():
    1 / 0
def f2():
    f1()
sys.tracebacklimit = {limit}
f2()
"""

UNRAISABLE = """
import sys, _testcapi, io
def captured(hook, exc, err_msg, obj):
    saved_hook, saved_err = sys.unraisablehook, sys.stderr
    sys.unraisablehook, sys.stderr = hook, io.StringIO()
    try:
        _testcapi.write_unraisable_exc(exc, err_msg, obj)
        return sys.stderr.getvalue()
    finally:
        sys.unraisablehook, sys.stderr = saved_hook, saved_err
for err_msg in (None, "original hook"):
    print(repr(captured(sys.__unraisablehook__, ValueError(42), err_msg, "an object")))
def hook_func(args):
    raise Exception("hook_func failed")
print(repr(captured(hook_func, ValueError(42), "custom hook fail", None)
           .replace(hex(id(hook_func)), "ID")))
try:
    sys.__unraisablehook__(ValueError(1))
except TypeError as e:
    print(e)
seen = []
e = ValueError(3)
captured(seen.append, e, "custom", None)
a = seen[0]
print(type(a).__name__, a.exc_type, a.exc_value, a.exc_traceback is e.__traceback__,
      a.exc_traceback is not None, a.err_msg, a.object)
"""


@pytest.mark.parametrize("limit", ["10", "2", "1", "0", "-1", "1 << 1000", "-1 << 1000", "None", "True"])
def test_tracebacklimit(limit):
    assert_same(TRACEBACKLIMIT.format(limit=limit))


def test_unraisablehook_reports():
    pytest.importorskip("_testcapi")
    import _testcapi
    if not hasattr(_testcapi, "write_unraisable_exc"):
        pytest.skip("this host's _testcapi has no write_unraisable_exc (3.13 moved it)")
    assert_same(UNRAISABLE)
