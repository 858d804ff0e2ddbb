"""A running frame reports the line it is on, also to host code an instruction
calls (a property's warning with stacklevel=2, __getattr__, sys._getframe)."""

import sys, warnings

def current():
    fr = sys._getframe()
    a = 1
    return fr.f_lineno - fr.f_code.co_firstlineno

class C:
    @property
    def old(self):
        warnings.warn("old is deprecated", DeprecationWarning, stacklevel=2)
        return 1

warnings.simplefilter("always")
def use(c):
    x = len([1])
    y = c.old
    return x + y

for i in range(300):
    r = current()
print(r)
import io, contextlib
buf = io.StringIO()
with contextlib.redirect_stderr(buf):
    for i in range(300):
        use(C())
print(buf.getvalue().splitlines()[-2:])
def where():
    return sys._getframe(1).f_lineno
class D:
    def __getattr__(self, name):
        return where()
d = D()
print(d.anything, sys._getframe().f_lineno)
