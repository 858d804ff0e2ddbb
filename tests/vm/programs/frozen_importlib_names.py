"""importlib's two halves are CPython's frozen modules `_frozen_importlib`
and `_frozen_importlib_external`, renamed by `importlib`: their classes are
named after the frozen modules, their frames are `<frozen importlib._bootstrap>`,
and zipimport (which imports them itself) works before importlib is imported."""

import sys
import traceback
import zipimport

print(zipimport.zipimporter, sys.path_hooks[0] is zipimport.zipimporter)
import importlib
import importlib.machinery
import importlib.util

print(importlib.machinery.SourceFileLoader, importlib.machinery.BuiltinImporter)
print(importlib.machinery.PathFinder, importlib.util.spec_from_loader.__module__)
print(importlib._bootstrap.__name__, importlib._bootstrap is sys.modules["_frozen_importlib"])
print(importlib._bootstrap_external is sys.modules["importlib._bootstrap_external"])
print(type(importlib.__loader__), type(sys.__loader__))
print([type(f).__name__ if not isinstance(f, type) else f.__name__ for f in sys.meta_path][-1])
try:
    importlib.import_module("no_such_module_here")
except ImportError as error:
    print([(frame.filename, frame.name) for frame in traceback.extract_tb(error.__traceback__)][2:])
