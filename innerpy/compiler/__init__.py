"""innerpy's compiler: source or AST in, 3.12 code object out (Python/compile.c).

Pipeline, as in CPython's `_PyAST_Compile`:

    parse (innerpy.parser) -> future features (future.c) -> constant folding
    (ast_opt.py) -> symbol table (symtable.py) -> code generation
    (codegen.py) -> flow graph passes (flowgraph.py) -> assembly (assemble.py)

`compile()` accepts source text (str/bytes) or an AST from innerpy's parser
or the host's `ast` module: nodes are read by class and field name only.
An AST handed in is validated like CPython's (validate.py) and copied, never
changed; a tree parsed here is folded in place.

API for the rest of innerpy:

    compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1,
            *, inline_comprehensions=None, _feature_version=-1) -> Code | AST
    compile_ast(tree, filename, flags, optimize, inline_comprehensions)
    set_default_inline_comprehensions(flag)   # -X no_inline_comprehensions
    set_default_optimize(level)               # -O / -OO, used when optimize=-1
    warn_explicit                             # replaceable sink for SyntaxWarnings

`dont_inherit` is accepted and ignored: inheriting the calling frame's
__future__ flags is the caller's job (the guest builtin compile() passes them in
`flags`, as CPython's PyEval_MergeCompilerFlags does).
"""

import sys

from .symtable import build_symtable, kind, syntax_error

__all__ = ["compile", "set_default_inline_comprehensions", "set_default_optimize", "PyCF_ONLY_AST",
           "PyCF_ALLOW_TOP_LEVEL_AWAIT", "PyCF_DONT_IMPLY_DEDENT"]

PyCF_ONLY_AST = 0x0400
PyCF_IGNORE_COOKIE = 0x0800
PyCF_TYPE_COMMENTS = 0x1000
PyCF_ALLOW_TOP_LEVEL_AWAIT = 0x2000
PyCF_ALLOW_INCOMPLETE_INPUT = 0x4000
PyCF_DONT_IMPLY_DEDENT = 0x0200
PyCF_SOURCE_IS_UTF8 = 0x0100

CO_FUTURE_BARRY_AS_BDFL = 0x400000
CO_FUTURE_ANNOTATIONS = 0x1000000

_default_inline_comprehensions = True

PyCF_MASK = 0x20000 | 0x40000 | 0x80000 | 0x100000 | 0x200000 | 0x400000 | 0x800000 | 0x1000000
PyCF_MASK_OBSOLETE = 0x0010
PyCF_COMPILE_MASK = (PyCF_ONLY_AST | PyCF_ALLOW_TOP_LEVEL_AWAIT | PyCF_TYPE_COMMENTS
                     | PyCF_DONT_IMPLY_DEDENT | PyCF_ALLOW_INCOMPLETE_INPUT)


def warn_explicit(message, category, filename, lineno):
    """Where compile-time SyntaxWarnings go. The runtime may replace this with
    the guest's `warnings.warn_explicit`; the default is the host's."""
    import warnings
    warnings.warn_explicit(message, category, filename, lineno)


def set_default_inline_comprehensions(flag):
    """Module-wide default for PEP 709 inlining (`-X no_inline_comprehensions` sets False)."""
    global _default_inline_comprehensions
    _default_inline_comprehensions = bool(flag)


def future_parse(mod, filename):
    """`_PyFuture_FromAST`: the __future__ features a module turns on, and where."""
    features = 0
    location = (-1, -1, -1, -1)
    if kind(mod) not in ("Module", "Interactive"):
        return features, location
    body = mod.body
    i = 0
    if body and kind(body[0]) == "Expr" and kind(body[0].value) == "Constant" \
            and isinstance(body[0].value.value, str):
        i = 1
    for s in body[i:]:
        if kind(s) == "ImportFrom" and not s.level and s.module == "__future__":
            for alias in s.names:
                name = alias.name
                if name in ("nested_scopes", "generators", "division", "absolute_import",
                            "with_statement", "print_function", "unicode_literals",
                            "generator_stop"):
                    continue
                if name == "barry_as_FLUFL":
                    features |= CO_FUTURE_BARRY_AS_BDFL
                elif name == "annotations":
                    features |= CO_FUTURE_ANNOTATIONS
                else:
                    msg = "not a chance" if name == "braces" else f"future feature {name} is not defined"
                    # future.c reports the statement's start only (PyErr_SyntaxLocationObject)
                    raise syntax_error(msg, filename, s.lineno, s.col_offset + 1, s.lineno, None)
            location = (s.lineno, getattr(s, "end_lineno", s.lineno), s.col_offset,
                        getattr(s, "end_col_offset", s.col_offset))
        else:
            break
    return features, location


def compile_ast(tree, filename="<unknown>", flags=0, optimize=-1, inline_comprehensions=None,
                copy=True, validate=False):
    """`_PyAST_Compile`: an AST (Module/Interactive/Expression) to a Code object."""
    from .ast_opt import ast_optimize, copy_tree
    from .codegen import Compiler
    if inline_comprehensions is None:
        inline_comprehensions = _default_inline_comprehensions
    if optimize == -1:
        optimize = _current_optimize_level()
    # The passes recurse on the host stack; ast_opt enforces CPython's own
    # nesting limit, so give the host room for that depth (a few frames per level).
    old_limit = sys.getrecursionlimit()
    if old_limit < _HOST_RECURSION_LIMIT:
        sys.setrecursionlimit(_HOST_RECURSION_LIMIT)
    try:
        if validate:
            from .validate import check_tree
            check_tree(tree)
        if copy:
            tree = copy_tree(tree)
        features, future_location = future_parse(tree, filename)
        merged = features | flags
        tree = ast_optimize(tree, optimize, merged)
        table = build_symtable(tree, filename, merged, inline_comprehensions)
        compiler = Compiler(filename, table, merged, future_location, flags, optimize)
        return compiler.compile_mod(tree)
    finally:
        if old_limit < _HOST_RECURSION_LIMIT:
            sys.setrecursionlimit(old_limit)


_HOST_RECURSION_LIMIT = 30000


_default_optimize = 0


def set_default_optimize(level):
    """The optimisation level `optimize=-1` means: the interpreter's -O count (0, 1 or 2).
    The CLI sets it from -O/-OO/PYTHONOPTIMIZE."""
    global _default_optimize
    if level not in (0, 1, 2):
        raise ValueError("optimize level must be 0, 1 or 2")
    _default_optimize = level


def _current_optimize_level():
    return _default_optimize


def compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1, *,
            inline_comprehensions=None, _feature_version=-1):
    """The compile() builtin for innerpy: returns an innerpy `Code` (or an AST with PyCF_ONLY_AST)."""
    if flags & ~(PyCF_MASK | PyCF_MASK_OBSOLETE | PyCF_COMPILE_MASK):
        raise ValueError("compile(): unrecognised flags")
    if optimize not in (-1, 0, 1, 2):
        raise ValueError("compile(): invalid optimize value")
    if mode not in ("exec", "eval", "single", "func_type"):
        if flags & PyCF_ONLY_AST:
            raise ValueError("compile() mode must be 'exec', 'eval', 'single' or 'func_type'")
        raise ValueError("compile() mode must be 'exec', 'eval' or 'single'")
    if mode == "func_type" and not flags & PyCF_ONLY_AST:
        raise ValueError("compile() mode 'func_type' requires flag PyCF_ONLY_AST")
    if isinstance(filename, (bytes, bytearray)):
        filename = bytes(filename).decode("utf-8", "surrogateescape")
    elif not isinstance(filename, str):
        import os
        filename = os.fspath(filename)
        if isinstance(filename, bytes):
            filename = filename.decode("utf-8", "surrogateescape")
    if hasattr(source, "_fields"):
        tree = source
        expected = {"exec": "Module", "eval": "Expression", "single": "Interactive",
                    "func_type": "FunctionType"}[mode]
        if kind(tree) != expected:
            raise TypeError(f"expected {expected} node, got {type(tree).__name__}")
        if flags & PyCF_ONLY_AST:
            return tree
        return compile_ast(tree, filename, flags, optimize, inline_comprehensions, copy=True,
                           validate=True)
    if mode == "func_type" and not flags & PyCF_ONLY_AST:
        raise ValueError("compile() mode 'func_type' requires flag PyCF_ONLY_AST")
    if isinstance(source, str):
        text = source
    elif isinstance(source, (bytes, bytearray, memoryview)):
        text = bytes(source)
    else:
        raise TypeError("compile() arg 1 must be a string, bytes or AST object")
    from ..parser import parse
    options = {}
    if flags & PyCF_TYPE_COMMENTS:
        options["type_comments"] = True
    if _feature_version is not None and _feature_version >= 0:
        options["feature_version"] = (3, _feature_version)
    tree = parse(text, filename, mode, **options)
    if flags & PyCF_ONLY_AST:
        return tree
    return compile_ast(tree, filename, flags, optimize, inline_comprehensions, copy=False)
