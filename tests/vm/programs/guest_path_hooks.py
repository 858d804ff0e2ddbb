"""A path hook the program adds in front of sys.path_hooks makes the finder
for its sys.path entries (cached in sys.path_importer_cache, made again
once the cache is cleared), ahead of later entries (here a module that
shadows one of the standard library); other entries are searched as usual."""

import importlib.abc
import importlib.util
import sys

SOURCES = {"colorsys": "VALUE = 'from the virtual entry'\n"}
calls = []


class VirtualFinder(importlib.abc.MetaPathFinder):
    def __init__(self, path):
        self.path = path

    def find_spec(self, name, target=None):
        if name in SOURCES:
            return importlib.util.spec_from_loader(name, VirtualLoader())
        return None


class VirtualLoader(importlib.abc.Loader):
    def create_module(self, spec):
        return None

    def exec_module(self, module):
        exec(SOURCES[module.__name__], module.__dict__)


def hook(path):
    calls.append(path)
    if path != "<virtual>":
        raise ImportError("not mine")
    return VirtualFinder(path)


sys.path_hooks.insert(0, hook)
sys.path.insert(0, "<virtual>")
import colorsys
print(colorsys.VALUE, type(colorsys.__loader__).__name__)
print(type(sys.path_importer_cache["<virtual>"]).__name__)
import json
print(json.dumps([1]), calls.count("<virtual>"))
sys.path_importer_cache.clear()
del sys.modules["colorsys"]
import colorsys
print(calls.count("<virtual>"))
