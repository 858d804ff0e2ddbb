"""`atexit` imported again after its removal from sys.modules is a new module
object sharing the interpreter's callbacks: both registrations run at exit,
last first."""

import sys
import atexit as atexit1

del sys.modules["atexit"]
import atexit as atexit2

print(atexit1 is atexit2, atexit1, atexit2.__name__)
atexit1.register(print, "registered through the first")
atexit2.register(print, "registered through the second")
print(atexit1._ncallbacks(), atexit2._ncallbacks())
