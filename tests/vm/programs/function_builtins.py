"""Which builtins a function and a module body get (3.12's
_PyEval_BuiltinsFromGlobals): an imported module's `__builtins__` is the
builtins dict, exec inserts the running frame's builtins dict into bare
globals, and a function made from bare globals inherits the builtins of the
frame making it. Also the message of a `__prepare__` returning a non-mapping."""
import json
import textwrap
import types

print(type(__builtins__).__name__, type(json.__builtins__).__name__,
      json.__builtins__ is __builtins__.__dict__)


def measure(s):
    return len(s)


bare = {}
copy = types.FunctionType(measure.__code__, bare)
print(copy.__builtins__ is __builtins__.__dict__, copy("abc"), bare)

module = types.ModuleType("scratch")
exec("def f(): pass\nsame = f.__builtins__ is __builtins__", module.__dict__)
print(type(module.__dict__["__builtins__"]).__name__, module.same)

safe = {"None": None}
namespace = {"type": type, "__builtins__": safe}
exec(textwrap.dedent("""
    def inner(): pass
    copied = type(inner)(inner.__code__, {})
"""), namespace)
print(namespace["inner"].__builtins__ is safe, namespace["copied"].__builtins__ is safe)
try:
    len
    exec("len", {"__builtins__": safe})
except NameError as error:
    print(error)


class NotAType:
    @classmethod
    def __prepare__(cls, *args):
        return None


class BadMeta(type):
    @classmethod
    def __prepare__(cls, *args):
        return None


for meta in (BadMeta, NotAType()):
    try:
        class Foo(metaclass=meta):
            pass
    except TypeError as error:
        print(error)
