"""importlib's ExtensionFileLoader loads the file its spec names, under the
spec's name: a multi-phase extension module is a new module object each
time, and one of the file's other init functions is reached by name."""

import importlib.machinery
import importlib.util

try:
    import _testmultiphase
except ImportError:
    print("no _testmultiphase")
    raise SystemExit
path = _testmultiphase.__file__


def load(name):
    loader = importlib.machinery.ExtensionFileLoader(name, path)
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


first, second = load("_testmultiphase"), load("_testmultiphase")
print(first is second, first is _testmultiphase, type(first).__name__, first.__name__)
print(first.Example is second.Example, sorted(n for n in dir(first) if n.startswith("call"))[:3])
short = load("x")
print(short.__name__, type(short).__name__)
