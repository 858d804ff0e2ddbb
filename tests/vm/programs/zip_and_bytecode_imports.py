"""Modules from zip files and sourceless .pyc files: a zip file on sys.path is
searched by the guest's own zipimporter (its .py and .pyc members, packages,
namespace portions), a legacy .pyc compiled by py_compile imports without its
source, one with a bad magic number is importlib's ImportError, and runpy's
run_path runs a zip file's __main__."""

import importlib
import marshal
import os
import py_compile
import runpy
import sys
import tempfile
import time
import zipfile

root = tempfile.mkdtemp()


def show(text):
    print(str(text).replace(root, "<root>"))


def pyc(source):
    code = compile(source, "<zip>", "exec")
    return (importlib.util.MAGIC_NUMBER + (0).to_bytes(4, "little")
            + int(time.time()).to_bytes(4, "little") + len(source).to_bytes(4, "little")
            + marshal.dumps(code))


archive = os.path.join(root, "lib.zip")
with zipfile.ZipFile(archive, "w") as z:
    z.writestr("zsrc.py", "NAME = 'zip source'\n")
    z.writestr("zpkg/__init__.pyc", pyc("NAME = 'zip package from pyc'\n"))
    z.writestr("zpkg/mod.pyc", pyc("def where():\n    return __name__, __file__\n"))
    z.writestr("zns/", "")
    z.writestr("zns/part.py", "NAME = 'zip namespace portion'\n")
    z.writestr("__main__.py", "import sys\nprint('zip main', __name__, sys.argv[0] == __file__)\n")
sys.path.insert(0, archive)
import zsrc, zpkg, zpkg.mod, zns.part
show(zsrc.NAME)
show(zpkg.NAME)
show(zpkg.mod.where())
show(zns.part.NAME)
show(type(zpkg.__loader__).__name__)

plain = os.path.join(root, "plain")
os.mkdir(plain)
with open(os.path.join(plain, "compiled.py"), "w") as f:
    f.write("VALUE = 6 * 7\n")
py_compile.compile(os.path.join(plain, "compiled.py"), os.path.join(plain, "compiled.pyc"))
os.remove(os.path.join(plain, "compiled.py"))
with open(os.path.join(plain, "badmagic.pyc"), "wb") as f:
    f.write(b"\0\0\0\0" + bytes(12) + marshal.dumps(1))
sys.path.insert(0, plain)
import compiled
show((compiled.VALUE, type(compiled.__loader__).__name__))
try:
    import badmagic
except ImportError as error:
    show(error)

namespace = runpy.run_path(archive)
show(namespace["__name__"])

import shutil
shutil.rmtree(root)
