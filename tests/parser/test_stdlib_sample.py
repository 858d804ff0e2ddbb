"""A sample of CPython 3.12's own Lib parses to exactly the same tree (positions included).

`python tools/parse_parity.py` runs the full comparison; this keeps a
deterministic sample of ~80 files in the normal test run.
"""

import hashlib
import json
import subprocess
import warnings

import pytest

from innerpy.parser import dump, parse
from tests.support.reference import require_reference

_PROGRAM = r'''
import ast, hashlib, json, os, sys, sysconfig
lib = sysconfig.get_paths()["stdlib"]
paths = []
for root, dirs, files in os.walk(lib):
    dirs.sort()
    if "site-packages" in root:
        continue
    paths += [os.path.join(root, f) for f in sorted(files) if f.endswith(".py")]
out = {}
for path in paths[::22]:
    with open(path, "rb") as f:
        data = f.read()
    try:
        d = ast.dump(ast.parse(data), include_attributes=True)
        out[path] = hashlib.sha1(d.encode("utf-8", "surrogatepass")).hexdigest()
    except (SyntaxError, ValueError) as e:
        out[path] = type(e).__name__
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def reference_hashes():
    ref = require_reference()
    proc = subprocess.run([ref, "-c", _PROGRAM], capture_output=True, text=True, timeout=600)
    return json.loads(proc.stdout)


def test_stdlib_sample_identical(reference_hashes):
    assert len(reference_hashes) > 50
    different = []
    for path, expected in reference_hashes.items():
        with open(path, "rb") as f:
            data = f.read()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                d = dump(parse(data), include_attributes=True)
            got = hashlib.sha1(d.encode("utf-8", "surrogatepass")).hexdigest()
        except (SyntaxError, ValueError) as e:
            got = type(e).__name__
        if got != expected:
            different.append(path)
    assert not different
