"""innerpy.symtable against CPython 3.12's symtable for every file of Lib.

Run with a CPython 3.12 interpreter:

    $(pyenv prefix 3.12.1)/bin/python3.12 tools/symtable_parity.py [paths...]

Each file's table tree is dumped (types, names, line numbers, every symbol's
is_* answers, the Function/Class helpers) by both and compared.
"""

import ast
import os
import sys
import symtable
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import innerpy.symtable as innerpy_symtable  # noqa: E402
from tests.compiler.test_symtable_module import dump  # noqa: E402


def main(argv):
    if sys.version_info[:2] != (3, 12):
        sys.exit("symtable_parity.py must run under CPython 3.12 (the oracle)")
    warnings.simplefilter("ignore")
    roots = argv or [os.path.dirname(os.__file__)]
    same = different = 0
    for root in roots:
        walk = os.walk(root) if os.path.isdir(root) else [(os.path.dirname(root), [], [os.path.basename(root)])]
        for dirpath, dirnames, filenames in walk:
            dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "__pycache__"))
            for name in sorted(filenames):
                if not name.endswith(".py"):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    source = open(path, "rb").read().decode("utf-8")
                    expected = dump(symtable.symtable(source, path, "exec"))
                except Exception:
                    continue
                try:
                    actual = dump(innerpy_symtable.symtable(ast.parse(source), path, "exec"))
                except Exception as exc:  # a tool: report and go on
                    actual = repr(exc)
                if actual == expected:
                    same += 1
                else:
                    different += 1
                    print("DIFFERENT", path)
    print(f"symbol tables: {same}/{same + different} files identical")


if __name__ == "__main__":
    main(sys.argv[1:])
