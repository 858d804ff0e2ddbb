"""At exit, modules leave sys.modules and are collected before any module's
globals are cleared: a `__del__` in one module still sees its own globals,
another module's globals and the builtins (CPython's finalize_modules)."""

import atexit
import os
import shutil
import sys
import tempfile

root = tempfile.mkdtemp()
atexit.register(shutil.rmtree, root)
with open(os.path.join(root, "fin_a.py"), "w") as f:
    f.write("import shutil\n"
            "import fin_b\n"
            "x = 'a'\n"
            "class C:\n"
            "    def __del__(self):\n"
            "        print('x =', x, 'fin_b.x =', fin_b.x, 'len =', len.__name__,\n"
            "              'rmtree =', shutil.rmtree.__name__)\n"
            "c = C()\n")
with open(os.path.join(root, "fin_b.py"), "w") as f:
    f.write("import fin_a\n"
            "x = 'b'\n")
sys.path.insert(0, root)
import fin_a
print("imported", fin_a.x, fin_a.fin_b.x)
