"""Namespace packages: the module gets a NamespaceLoader (its spec's too)
and no __file__; its __path__ is importlib's _NamespacePath, which finds a
portion added to sys.path later; importlib.invalidate_caches() makes a
module written after a failed import findable."""

import importlib
import importlib.machinery
import os
import shutil
import sys
import tempfile

root = tempfile.mkdtemp()
for portion in ("one", "two"):
    os.makedirs(os.path.join(root, portion, "nsp"))
with open(os.path.join(root, "one", "nsp", "first.py"), "w") as f:
    f.write("NAME = 'first'\n")
with open(os.path.join(root, "two", "nsp", "second.py"), "w") as f:
    f.write("NAME = 'second'\n")


def show(value):
    print(str(value).replace(root, "<root>"))


sys.path.append(os.path.join(root, "one"))
import nsp
import nsp.first

show(type(nsp.__path__).__name__)
show(list(nsp.__path__))
show((type(nsp.__loader__).__name__, nsp.__loader__ is nsp.__spec__.loader,
      isinstance(nsp.__loader__, importlib.machinery.NamespaceLoader)))
show((nsp.__file__, nsp.__spec__.origin, getattr(nsp, "__cached__", "no __cached__")))
try:
    import nsp.second
except ImportError as error:
    show(error)
sys.path.append(os.path.join(root, "two"))
import nsp.second
show((nsp.first.NAME, nsp.second.NAME, list(nsp.__path__)))

try:
    import nsp.third
except ImportError as error:
    show(error)
with open(os.path.join(root, "two", "nsp", "third.py"), "w") as f:
    f.write("NAME = 'third'\n")
importlib.invalidate_caches()
import nsp.third
show(nsp.third.NAME)
shutil.rmtree(root)
