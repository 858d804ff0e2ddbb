"""Parse every .py file under CPython 3.12's Lib with innerpy and compare with CPython 3.12.

Usage: python tools/parse_parity.py [--limit N] [--show N] [--lib DIR] [--filter SUBSTR]

The reference side runs in a CPython 3.12 subprocess and reports, per file,
a SHA-1 of ast.dump(tree, include_attributes=True) (or the SyntaxError it
raised) and the time ast.parse took.  innerpy's side hashes its own dump, so
the two never have to ship megabytes of dumps across a pipe.  Files are read
as bytes on both sides, so PEP 263 cookies are exercised too.

Prints identical / different / error counts and the parse-time ratio
(innerpy parse time / CPython ast.parse time, dump excluded on both sides).
When this script itself runs on CPython 3.12, the CPython side is also timed
in-process right next to innerpy's parse of the same file, so machine load
affects both sides alike; otherwise the subprocess's timings are used.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from innerpy.parser import dump, parse  # noqa: E402
from tests.support.reference import reference_python  # noqa: E402

_REFERENCE_PROGRAM = r'''
import ast, hashlib, json, sys, time
paths = json.load(sys.stdin)
for path in paths:
    with open(path, "rb") as f:
        data = f.read()
    t0 = time.perf_counter()
    try:
        tree = ast.parse(data)
        dt = time.perf_counter() - t0
        res = ["ok", hashlib.sha1(ast.dump(tree, include_attributes=True).encode("utf-8", "surrogatepass")).hexdigest()]
    except (SyntaxError, ValueError) as e:
        dt = time.perf_counter() - t0
        res = ["err", [type(e).__name__, getattr(e, "msg", str(e)), getattr(e, "lineno", None), getattr(e, "offset", None)]]
    except RecursionError as e:
        dt = 0.0
        res = ["err", ["RecursionError", str(e), None, None]]
    print(json.dumps([path, res, dt]), flush=True)
'''

_DUMP_PROGRAM = r'''
import ast, sys
with open(sys.argv[1], "rb") as f:
    print(ast.dump(ast.parse(f.read()), include_attributes=True))
'''


def collect(lib, limit, substr):
    paths = []
    for root, dirs, files in os.walk(lib):
        dirs.sort()
        if "site-packages" in os.path.relpath(root, lib).split(os.sep):
            continue
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(root, name)
                if substr and substr not in path:
                    continue
                paths.append(path)
    if limit:
        paths = paths[:limit]
    return paths


def innerpy_result(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            tree = parse(data)
            dt = time.perf_counter() - t0
        return ["ok", hashlib.sha1(dump(tree, include_attributes=True).encode("utf-8", "surrogatepass")).hexdigest()], dt, tree
    except (SyntaxError, ValueError) as e:
        dt = 0.0
        return ["err", [type(e).__name__, getattr(e, "msg", str(e)), getattr(e, "lineno", None),
                        getattr(e, "offset", None)]], dt, None
    except Exception as e:  # an internal error is a bug; report it as such
        return ["crash", f"{type(e).__name__}: {e}"], 0.0, None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", type=int, default=5, help="show the first difference of N files")
    ap.add_argument("--lib", default=None)
    ap.add_argument("--filter", default="")
    args = ap.parse_args(argv)
    ref = reference_python()
    if ref is None:
        print("no CPython 3.12 found (set INNERPY_REFERENCE_PYTHON)")
        return 2
    lib = args.lib or subprocess.run([ref, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
                                     capture_output=True, text=True).stdout.strip()
    paths = collect(lib, args.limit, args.filter)
    proc = subprocess.run([ref, "-c", _REFERENCE_PROGRAM], input=json.dumps(paths),
                          capture_output=True, text=True)
    reference = {}
    for line in proc.stdout.splitlines():
        path, res, dt = json.loads(line)
        reference[path] = (res, dt)
    same = different = errors = crashes = 0
    t_ref = t_mine = 0.0
    host_ast = None
    if sys.version_info[:2] == (3, 12):
        import ast as host_ast  # timing only; correctness always comes from the subprocess
    shown = 0
    for path in paths:
        if path not in reference:
            continue
        rres, rdt = reference[path]
        mres, mdt, tree = innerpy_result(path)
        if rres[0] == "ok" and mres[0] == "ok":
            if host_ast is not None:
                with open(path, "rb") as f:
                    data = f.read()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    t0 = time.perf_counter()
                    host_ast.parse(data)
                    rdt = time.perf_counter() - t0
            t_ref += rdt
            t_mine += mdt
        if mres[0] == "crash":
            crashes += 1
            print(f"CRASH {path}: {mres[1]}")
            continue
        if mres == rres:
            same += 1
            continue
        if mres[0] == "err" or rres[0] == "err":
            errors += 1
            if shown < args.show:
                shown += 1
                print(f"ERROR-MISMATCH {path}\n  reference: {rres}\n  innerpy:   {mres}")
            continue
        different += 1
        if shown < args.show:
            shown += 1
            expected = subprocess.run([ref, "-c", _DUMP_PROGRAM, path], capture_output=True,
                                      text=True).stdout.rstrip("\n")
            actual = dump(tree, include_attributes=True)
            i = 0
            while i < min(len(expected), len(actual)) and expected[i] == actual[i]:
                i += 1
            print(f"DIFFERENT {path}\n  reference: ...{expected[max(0, i - 200):i + 120]}\n"
                  f"  innerpy:   ...{actual[max(0, i - 200):i + 120]}")
    total = same + different + errors + crashes
    print(f"files: {total}  identical: {same}  different: {different}  "
          f"error mismatches: {errors}  crashes: {crashes}")
    if t_ref:
        print(f"parse time: innerpy {t_mine:.2f}s, CPython ast.parse {t_ref:.2f}s, "
              f"ratio {t_mine / t_ref:.1f}x (files both parsed)")
    return 0 if different == errors == crashes == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
