"""Details of `__import__` that a meta path finder can see: a module the
loader's create_module made gets its __spec__ (and name, package, loader)
before exec_module; a package whose __init__ fails after importing a
submodule is imported again by `import pkg.sub`; relative imports warn when
__package__ and __spec__ disagree or both are missing."""

import importlib.machinery
import importlib.util
import sys
import types
import warnings


class Finder:
    def __init__(self, code):
        self.code = code

    def find_spec(self, name, path=None, target=None):
        if name in self.code:
            return importlib.util.spec_from_loader(name, self, is_package=name == "pkg")

    def create_module(self, spec):
        return types.ModuleType(spec.name)

    def exec_module(self, module):
        print("exec", module.__spec__.name, repr(module.__package__), module.__loader__ is self)
        exec(self.code[module.__spec__.name], module.__dict__)


sys.meta_path.insert(0, Finder({"pkg": "import pkg.sub\n1/0\n", "pkg.sub": "X = 1\n",
                                "plain": "Y = 2\n"}))
import plain
print(plain.Y, plain.__spec__.name)
for attempt in range(2):
    try:
        __import__("pkg.sub")
    except ZeroDivisionError as error:
        print("failed:", error, "pkg" in sys.modules, "pkg.sub" in sys.modules)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for globals in ({"__package__": "a", "__spec__": importlib.machinery.ModuleSpec("b.c", None)},
                    {"__name__": "nowhere.mod"}):
        try:
            __import__("missing", globals, None, (), 1)
        except ImportError as error:
            print(type(error).__name__, error)
for warning in caught:
    print(warning.category.__name__, warning.message)
