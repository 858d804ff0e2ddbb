"""importlib.resources on a package imported from source: files() is the
guest's own pathlib.Path, so as_file() hands back the file itself rather
than a temporary copy, and the Traversable API works on it."""

import importlib.resources as resources
import os
import pathlib
import shutil
import sys
import tempfile

root = tempfile.mkdtemp()
os.mkdir(os.path.join(root, "respkg"))
with open(os.path.join(root, "respkg", "__init__.py"), "w") as f:
    f.write("")
with open(os.path.join(root, "respkg", "data.txt"), "w") as f:
    f.write("resource text\n")
sys.path.insert(0, root)
import respkg

files = resources.files(respkg)
print(type(files).__name__, isinstance(files, pathlib.Path))
with resources.as_file(files / "data.txt") as path:
    print(path == pathlib.Path(root, "respkg", "data.txt"), path.read_text().strip())
print(sorted(p.name for p in files.iterdir() if p.name != "__pycache__"))
shutil.rmtree(root)
