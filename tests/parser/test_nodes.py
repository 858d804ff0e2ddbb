"""innerpy's AST classes must match CPython 3.12's ast classes one for one."""

from innerpy.parser import nodes
from innerpy.parser import dump, parse
from tests.support.reference import reference_json

_PROGRAM = r'''
import ast, json
d = {}
for n in dir(ast):
    c = getattr(ast, n)
    if (isinstance(c, type) and issubclass(c, ast.AST) and c.__module__ == 'ast' and n != 'AST'
            and not n.startswith('_') and n not in ('AugLoad', 'AugStore', 'ExtSlice', 'Index',
                                                     'Param', 'Suite', 'slice')):
        d[n] = [c.__mro__[1].__name__, list(c._fields), list(c._attributes),
                sorted(f for f in c._fields + c._attributes if getattr(c, f, ...) is None)]
print(json.dumps(d))
'''


def test_classes_match_cpython_312():
    expected = reference_json(_PROGRAM)
    actual = {}
    for name in nodes.__all__:
        if name == "AST":
            continue
        c = getattr(nodes, name)
        actual[name] = [c.__mro__[1].__name__, list(c._fields), list(c._attributes),
                        sorted(f for f in c._fields + c._attributes if getattr(c, f, ...) is None)]
    assert actual == expected


def test_constructor_positional_and_keywords():
    n = nodes.BinOp(nodes.Constant(1), nodes.Add(), right=nodes.Name("x", nodes.Load()))
    assert dump(n) == "BinOp(left=Constant(value=1), op=Add(), right=Name(id='x', ctx=Load()))"
    try:
        nodes.Name("a", nodes.Load(), 3)
    except TypeError:
        pass
    else:
        raise AssertionError("too many positional arguments accepted")


def test_dump_options():
    tree = parse("x = f(1, *a)\n")
    assert dump(tree) == ("Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Call("
                          "func=Name(id='f', ctx=Load()), args=[Constant(value=1), Starred(value="
                          "Name(id='a', ctx=Load()), ctx=Load())], keywords=[]))], type_ignores=[])")
    assert dump(parse("pass"), indent=2) == ("Module(\n  body=[\n    Pass()],\n  type_ignores=[])")
    assert dump(parse("pass"), annotate_fields=False) == "Module([Pass()], [])"


def test_missing_fields_and_optional_defaults():
    assert nodes.Return().value is None
    assert dump(nodes.Return()) == "Return()"
    assert dump(nodes.Constant(1, "u")) == "Constant(value=1, kind='u')"


_DOCS_PROGRAM = r'''
import ast, json
out = {}
for n in dir(ast):
    c = getattr(ast, n)
    if (isinstance(c, type) and issubclass(c, ast.AST) and c.__module__ == 'ast'
            and n not in ('AugLoad', 'AugStore', 'ExtSlice', 'Index', 'Param', 'Suite', 'slice',
                          'Num', 'Str', 'Bytes', 'NameConstant', 'Ellipsis', '_ast_Ellipsis')):
        out[n] = [c.__doc__, repr(c), list(c.__match_args__)]
print(json.dumps(out))
'''


def test_docs_reprs_and_match_args_match_cpython_312():
    """Guest code sees these classes through _ast: docstrings, reprs, class patterns."""
    expected = reference_json(_DOCS_PROGRAM)
    actual = {}
    for name in ["AST"] + list(nodes.__all__):
        c = getattr(nodes, name)
        actual[name] = [c.__doc__, repr(c), list(c.__match_args__)]
    assert actual == expected
    assert repr(nodes.Name()).startswith("<ast.Name object at ")
