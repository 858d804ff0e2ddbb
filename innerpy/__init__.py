"""innerpy: CPython 3.12's interpreter, rebuilt in Python.

The pipeline mirrors CPython's, one package per stage:

    parser/    tokenizer, grammar, 3.12 AST          (Parser/)
    compiler/  symtable, codegen, flowgraph, assembler (Python/compile.c, flowgraph.c, assemble.c)
    vm/        frames, eval loop, instructions        (Python/ceval.c, bytecodes.c)
    objects/   code, functions, generators, tracebacks (Objects/)
    runtime/   runtime, interpreter and thread state  (Python/pystate.c, import.c)
    modules/   guest-facing native modules            (Modules/, Python/sysmodule.c)

The public helpers below are imported lazily so that `innerpy -c pass`
does not pay for stages it never uses.
"""

__version__ = "0.1.0"

#: The language version innerpy implements (what the guest sees in sys.version_info).
GUEST_VERSION = (3, 12, 1, "final", 0)

_LAZY = {
    "parse": ("innerpy.parser", "parse"),
    "dump": ("innerpy.parser", "dump"),
    "compile": ("innerpy.compiler", "compile"),
}


def __getattr__(name):
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'innerpy' has no attribute {name!r}") from None
    import importlib
    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    return value
