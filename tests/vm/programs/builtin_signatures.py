"""The builtins and sys functions innerpy writes itself look like CPython's
C functions to inspect: builtin_function_or_method instances bound to their
module, with 3.12's text signatures, and still not binding as methods."""
import builtins
import inspect
import sys
import types

for module, names in ((builtins, ["__import__", "print", "input", "globals", "locals", "vars",
                                  "dir", "compile", "exec", "eval", "breakpoint", "anext",
                                  "__build_class__"]),
                      (sys, ["_getframe", "exc_info", "exception", "settrace", "gettrace",
                             "displayhook", "excepthook", "addaudithook", "audit",
                             "setrecursionlimit", "intern", "call_tracing", "unraisablehook"])):
    for name in names:
        function = getattr(module, name)
        try:
            signature = str(inspect.signature(function))
        except ValueError as error:
            signature = f"ValueError: {error}"
        print(name, signature, function.__self__ is module, hasattr(function, "__wrapped__"))

print(isinstance(print, types.BuiltinFunctionType), inspect.isbuiltin(print),
      inspect.ismethoddescriptor(print), type(print).__name__, print.__class__.__name__)


class A:
    p = print
    e = sys.exc_info


A().p("no binding", A().e())
