"""The compile() API: flags, modes, inlining switch, and the host-independence rules."""

import os
import re

import pytest

from innerpy.compiler import (PyCF_ONLY_AST, compile as innerpy_compile,
                              set_default_inline_comprehensions)
from innerpy.compiler.parity_nodes import build as node
from innerpy.objects.code import Code


def module(*body):
    return node("Module", body=list(body), type_ignores=[])


def name(id, ctx="Load", col=0):
    return node("Name", id=id, ctx=node(ctx), lineno=1, col_offset=col, end_lineno=1,
                end_col_offset=col + len(id))


def listcomp():
    # [x for x in y]
    comp = node("comprehension", target=name("x", "Store", 7), iter=name("y", col=12), ifs=[],
                is_async=0)
    e = node("ListComp", elt=name("x", col=1), generators=[comp], lineno=1, col_offset=0,
             end_lineno=1, end_col_offset=14)
    return module(node("Expr", value=e, lineno=1, col_offset=0, end_lineno=1, end_col_offset=14))


def test_returns_innerpy_code():
    code = innerpy_compile(listcomp(), "<t>", "exec")
    assert isinstance(code, Code)
    assert code.co_name == "<module>"


def test_only_ast_returns_the_tree():
    tree = listcomp()
    assert innerpy_compile(tree, "<t>", "exec", PyCF_ONLY_AST) is tree


def test_inline_comprehensions_switch():
    inlined = innerpy_compile(listcomp(), "<t>", "exec")
    assert not [c for c in inlined.co_consts if isinstance(c, Code)]
    nested = innerpy_compile(listcomp(), "<t>", "exec", inline_comprehensions=False)
    [fn] = [c for c in nested.co_consts if isinstance(c, Code)]
    assert fn.co_name == "<listcomp>" and fn.co_argcount == 1 and fn.co_varnames == (".0", "x")
    set_default_inline_comprehensions(False)
    try:
        code = innerpy_compile(listcomp(), "<t>", "exec")
        assert [c.co_name for c in code.co_consts if isinstance(c, Code)] == ["<listcomp>"]
    finally:
        set_default_inline_comprehensions(True)


def test_callers_tree_is_not_modified():
    tree = module(node("Expr", value=node("BinOp", left=node("Constant", value=1, kind=None,
                                                             lineno=1, col_offset=0, end_lineno=1,
                                                             end_col_offset=1),
                                          op=node("Add"),
                                          right=node("Constant", value=2, kind=None, lineno=1,
                                                     col_offset=4, end_lineno=1, end_col_offset=5),
                                          lineno=1, col_offset=0, end_lineno=1, end_col_offset=5),
                       lineno=1, col_offset=0, end_lineno=1, end_col_offset=5))
    innerpy_compile(tree, "<t>", "exec")
    assert type(tree.body[0].value).__name__ == "BinOp"


def test_no_host_front_end_in_compiler_sources():
    root = os.path.join(os.path.dirname(__file__), "..", "..", "innerpy", "compiler")
    forbidden = re.compile(r"^\s*(import|from)\s+(ast|symtable|dis|opcode)\b|\bbuiltins\.compile\b", re.M)
    for filename in os.listdir(root):
        if filename.endswith(".py"):
            with open(os.path.join(root, filename)) as f:
                assert not forbidden.search(f.read()), filename


def test_unrecognised_flags():
    with pytest.raises(ValueError, match="unrecognised flags"):
        innerpy_compile(listcomp(), "<t>", "exec", 0x8000000)


def test_syntax_warning_becomes_error_when_filtered(monkeypatch):
    import innerpy.compiler as compiler_pkg
    seen = []
    monkeypatch.setattr(compiler_pkg, "warn_explicit", lambda *a: seen.append(a))
    # 1 is 1  -> SyntaxWarning
    cmp = node("Compare", left=node("Constant", value=1, kind=None, lineno=1, col_offset=0,
                                    end_lineno=1, end_col_offset=1),
               ops=[node("Is")], comparators=[node("Constant", value=1, kind=None, lineno=1,
                                                   col_offset=5, end_lineno=1, end_col_offset=6)],
               lineno=1, col_offset=0, end_lineno=1, end_col_offset=6)
    tree = module(node("Expr", value=cmp, lineno=1, col_offset=0, end_lineno=1, end_col_offset=6))
    innerpy_compile(tree, "<t>", "exec")
    assert seen and seen[0][1] is SyntaxWarning and "literal" in seen[0][0]

    def error(*a):
        raise SyntaxWarning(a[0])
    monkeypatch.setattr(compiler_pkg, "warn_explicit", error)
    with pytest.raises(SyntaxError, match='"is" with \'int\' literal'):
        innerpy_compile(tree, "<t>", "exec")


def _chain(n):
    def nm(id, ctx="Load"):
        return node("Name", id=id, ctx=node(ctx), lineno=1, col_offset=0, end_lineno=1,
                    end_col_offset=1)
    e = nm("a")
    for _ in range(n - 1):
        e = node("BinOp", left=e, op=node("Add"), right=nm("a"), lineno=1, col_offset=0,
                 end_lineno=1, end_col_offset=1)
    return module(node("Assign", targets=[nm("x", "Store")], value=e, lineno=1, col_offset=0,
                       end_lineno=1, end_col_offset=1, type_comment=None))


def test_deep_expressions_compile_up_to_cpythons_limit():
    # CPython 3.12 compiles `x = a + a + ... + a` with 2995 terms and refuses 2996.
    assert innerpy_compile(_chain(2995), "<t>", "exec").co_stacksize == 2
    with pytest.raises(RecursionError, match="during compilation"):
        innerpy_compile(_chain(2996), "<t>", "exec")


RUN_SOURCE = '''
def f(n):
    a = [i * i for i in range(n) if i % 2]
    b = {i: [j for j in range(i)] for i in range(3)}
    c = sorted({x for x in "hello"})
    d = [lambda: i for i in range(3)]
    return a, b, c, [g() for g in d], list(k + 1 for k in a)
class C:
    y = 10
    z = [y2 for y2 in range(3)]
out = (f(7), C.z, [k for k in range(3)], 'k' in globals())
'''


@pytest.mark.skipif(__import__("sys").version_info[:2] != (3, 12),
                    reason="runs innerpy's 3.12 bytecode on the host, which needs a 3.12 host")
@pytest.mark.parametrize("inline", [True, False])
def test_comprehension_code_runs_on_cpython(inline):
    import ast
    import types

    def to_host(c):
        consts = tuple(to_host(x) if isinstance(x, Code) else x for x in c.co_consts)
        return types.CodeType(c.co_argcount, c.co_posonlyargcount, c.co_kwonlyargcount,
                              c.co_nlocals, c.co_stacksize, c.co_flags, c.co_code, consts,
                              c.co_names, c.co_varnames, c.co_filename, c.co_name, c.co_qualname,
                              c.co_firstlineno, c.co_linetable, c.co_exceptiontable,
                              c.co_freevars, c.co_cellvars)

    code = innerpy_compile(ast.parse(RUN_SOURCE), "<t>", "exec", inline_comprehensions=inline)
    namespace = {"__name__": "m"}
    exec(to_host(code), namespace)
    assert namespace["out"] == (([1, 9, 25], {0: [], 1: [0], 2: [0, 1]}, ["e", "h", "l", "o"],
                                 [2, 2, 2], [2, 10, 26]), [0, 1, 2], [0, 1, 2], False)


def test_default_optimize_level():
    from innerpy.compiler import set_default_optimize
    assert_stmt = node("Assert", test=name("x"), msg=None, lineno=1, col_offset=0, end_lineno=1,
                       end_col_offset=8)
    tree = module(assert_stmt)
    assert "x" in innerpy_compile(tree, "<t>", "exec").co_names
    set_default_optimize(1)
    try:
        assert "x" not in innerpy_compile(tree, "<t>", "exec").co_names
        assert "x" in innerpy_compile(tree, "<t>", "exec", optimize=0).co_names
    finally:
        set_default_optimize(0)


@pytest.mark.parametrize("args,message", [
    (("x", "<t>", "exec", 0x100), "compile(): unrecognised flags"),
    (("x", "<t>", "exec", 0, False, 5), "compile(): invalid optimize value"),
    (("x", "<t>", "bad"), "compile() mode must be 'exec', 'eval' or 'single'"),
    (("x", "<t>", "bad", PyCF_ONLY_AST), "compile() mode must be 'exec', 'eval', 'single' or 'func_type'"),
    (("x", "<t>", "func_type"), "compile() mode 'func_type' requires flag PyCF_ONLY_AST"),
])
def test_argument_errors(args, message):
    with pytest.raises(ValueError) as info:
        innerpy_compile(*args)
    assert str(info.value) == message
