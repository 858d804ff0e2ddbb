"""Compile every file of CPython 3.12's Lib with innerpy and with CPython; count identical code objects.

Run with a CPython 3.12 interpreter (the host compiler is the oracle):

    $(pyenv prefix 3.12.1)/bin/python3.12 tools/compile_parity.py [--parser innerpy|host] [-O 0|1|2] [--limit N] [-v] [paths...]

With `--parser host` (default) innerpy's compiler is fed the host's AST, so
only the compiler is measured; `--parser innerpy` measures parser+compiler.
A code object counts as identical when every compared field (tests/compiler/
parity.py FIELDS, nested code objects compared separately) matches.
"""

import argparse
import collections
import os
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "compiler"))

from parity import describe, count, diff_flat  # noqa: E402


def lib_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "__pycache__"))
        for name in sorted(filenames):
            if name.endswith(".py"):
                yield os.path.join(dirpath, name)


def main(argv=None):
    import ast
    from innerpy.compiler import compile as innerpy_compile
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--parser", choices=("host", "innerpy"), default="host")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("-O", "--optimize", type=int, default=0, choices=(0, 1, 2))
    ap.add_argument("--future-annotations", action="store_true",
                    help="compile as under `from __future__ import annotations` (checks the unparser)")
    args = ap.parse_args(argv)
    if sys.version_info[:2] != (3, 12):
        sys.exit("compile_parity.py must run under CPython 3.12 (the oracle)")
    paths = args.paths or [os.path.dirname(os.__file__)]
    files = []
    for p in paths:
        files.extend(lib_files(p) if os.path.isdir(p) else [p])
    flags = 0x1000000 if args.future_annotations else 0
    if args.limit:
        files = files[:args.limit]
    same = total = files_same = files_done = 0
    errors = collections.Counter()
    field_diffs = collections.Counter()
    start = time.time()
    warnings.simplefilter("ignore")
    for path in files:
        with open(path, "rb") as f:
            source = f.read()
        try:
            expected_code = compile(source, path, "exec", flags, dont_inherit=True,
                                    optimize=args.optimize)
        except (SyntaxError, ValueError):
            continue
        files_done += 1
        expected = describe(expected_code)
        try:
            if args.parser == "host":
                actual_code = innerpy_compile(ast.parse(source, path), path, "exec", flags,
                                              optimize=args.optimize)
            else:
                actual_code = innerpy_compile(source, path, "exec", flags, optimize=args.optimize)
            actual = describe(actual_code)
        except Exception as exc:  # a tool: count every failure and go on
            errors[f"{type(exc).__name__}: {str(exc)[:80]}"] += 1
            s, t = count(expected, None)
            total += t
            if args.verbose:
                print(f"ERROR {path}: {type(exc).__name__}: {exc}")
            continue
        s, t = count(expected, actual)
        same += s
        total += t
        if s == t:
            files_same += 1
        else:
            _collect_field_diffs(expected, actual, field_diffs)
            if args.verbose:
                print(f"{path}: {s}/{t}")
    elapsed = time.time() - start
    print(f"files: {files_same}/{files_done} identical; code objects: {same}/{total} identical "
          f"({100.0 * same / max(total, 1):.2f}%) in {elapsed:.0f}s")
    if field_diffs:
        print("differing fields:", dict(field_diffs.most_common()))
    for msg, n in errors.most_common(15):
        print(f"  {n:5d} x {msg}")


def _collect_field_diffs(e, a, counter):
    for f in diff_flat(e, a):
        counter[f] += 1
    ne = [c["code"] for c in e["co_consts"] if "code" in c]
    na = [c["code"] for c in a["co_consts"] if "code" in c]
    for x, y in zip(ne, na):
        _collect_field_diffs(x, y, counter)


if __name__ == "__main__":
    main()
