"""code and traceback are built-in types: they report __module__ 'builtins'
but their instances have no __module__, so inspect.getmodule finds the module
of a code object by its file, as on CPython."""
import inspect
import pickle
import sys
import types


def f():
    pass


try:
    1 / 0
except ZeroDivisionError as error:
    tb = error.__traceback__

for cls, obj in ((types.CodeType, f.__code__), (types.TracebackType, tb)):
    print(cls, cls.__module__, cls.__module__ == "builtins", hasattr(obj, "__module__"))
    try:
        obj.__module__
    except AttributeError as error:
        print(error)

print(inspect.getmodule(f.__code__) is sys.modules[__name__])
name = "__code_types_dummy"
module = sys.modules[name] = types.ModuleType(name)
module.__file__ = "<string>"
module.__loader__ = "dummy"
exec("def x(): pass", module.__dict__)
print(inspect.getsourcefile(module.x.__code__))
try:
    pickle.dumps(f.__code__)
except TypeError as error:
    print(error)
