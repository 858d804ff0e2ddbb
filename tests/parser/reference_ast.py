"""Batch oracle: CPython 3.12's ast.dump / SyntaxError for many snippets in one subprocess.

One subprocess per batch keeps the differential tests fast (starting 3.12
costs ~30 ms; parsing hundreds of snippets in it costs less).
"""

import json
import subprocess

from tests.support.reference import require_reference

_PROGRAM = r'''
import ast, json, sys
out = []
for src, mode in json.load(sys.stdin):
    try:
        if isinstance(src, list):
            src = bytes(src)
        out.append(["ok", ast.dump(ast.parse(src, mode=mode), include_attributes=True)])
    except SyntaxError as e:
        out.append(["err", [type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset, e.text]])
    except Exception as e:
        out.append(["exc", type(e).__name__])
print(json.dumps(out))
'''


def reference_results(cases):
    """cases: list of (source str|bytes, mode) -> list of ["ok", dump] / ["err", [...]] / ["exc", name]."""
    ref = require_reference()
    payload = [[list(src) if isinstance(src, bytes) else src, mode] for src, mode in cases]
    proc = subprocess.run([ref, "-c", _PROGRAM], input=json.dumps(payload), capture_output=True,
                          text=True, timeout=300)
    if proc.returncode != 0:
        raise AssertionError(f"reference CPython failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


def innerpy_result(src, mode="exec"):
    import warnings
    from innerpy.parser import dump, parse
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = parse(src, mode=mode)
        return ["ok", dump(tree, include_attributes=True)]
    except SyntaxError as e:
        return ["err", [type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset, e.text]]
    except (ValueError, TypeError, RecursionError, MemoryError) as e:
        return ["exc", type(e).__name__]


def load_cases(path):
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n#----\n")
