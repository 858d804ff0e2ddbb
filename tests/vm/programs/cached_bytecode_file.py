"""Importing a module from source writes the `.pyc` its `__cached__` names;
moved beside where the source was (a "legacy" .pyc), it imports without the
source, as runpy's and test.support's make_legacy_pyc users expect."""

import importlib
import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = False
root = tempfile.mkdtemp()
source = os.path.join(root, "cachedmod.py")
with open(source, "w") as f:
    f.write("VALUE = 'compiled once'\n")
sys.path.insert(0, root)
import cachedmod

cached = cachedmod.__cached__
print(os.path.relpath(cached, root).split(".")[0], os.path.exists(cached))
os.remove(source)
shutil.move(cached, os.path.join(root, "cachedmod.pyc"))
del sys.modules["cachedmod"]
importlib.invalidate_caches()
import cachedmod

print(cachedmod.VALUE, type(cachedmod.__loader__).__name__, os.path.basename(cachedmod.__file__))
shutil.rmtree(root)
