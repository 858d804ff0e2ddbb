"""CPython 3.12's AST node classes, generated from a compact copy of Parser/Python.asdl.

Why generated: there are ~120 classes whose only content is their field list,
attribute list and base class; a table is easier to check line by line against
the ASDL than 120 hand-written classes.  The classes behave like the host's
`ast` classes in 3.12 (the compiler dispatches on `type(node).__name__` and
reads fields with `getattr`):

* `_fields` / `_attributes` in ASDL order;
* the constructor takes positional args in `_fields` order plus keywords;
* optional (`?`) fields and optional attributes default to None at class level,
  which is also what `dump` uses to decide whether to omit a None value;
* sequence and required fields that were never set raise AttributeError, as in 3.12.
"""

__all__ = ["AST"]

# name = Constructor(field-spec, ...) | ... ; attributes(...) on the last line.
# A field spec is "type name" with optional ? or * suffix on the type.
_ASDL = r"""
mod = Module(stmt* body, type_ignore* type_ignores)
    | Interactive(stmt* body)
    | Expression(expr body)
    | FunctionType(expr* argtypes, expr returns)

stmt = FunctionDef(identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment, type_param* type_params)
    | AsyncFunctionDef(identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment, type_param* type_params)
    | ClassDef(identifier name, expr* bases, keyword* keywords, stmt* body, expr* decorator_list, type_param* type_params)
    | Return(expr? value)
    | Delete(expr* targets)
    | Assign(expr* targets, expr value, string? type_comment)
    | TypeAlias(expr name, type_param* type_params, expr value)
    | AugAssign(expr target, operator op, expr value)
    | AnnAssign(expr target, expr annotation, expr? value, int simple)
    | For(expr target, expr iter, stmt* body, stmt* orelse, string? type_comment)
    | AsyncFor(expr target, expr iter, stmt* body, stmt* orelse, string? type_comment)
    | While(expr test, stmt* body, stmt* orelse)
    | If(expr test, stmt* body, stmt* orelse)
    | With(withitem* items, stmt* body, string? type_comment)
    | AsyncWith(withitem* items, stmt* body, string? type_comment)
    | Match(expr subject, match_case* cases)
    | Raise(expr? exc, expr? cause)
    | Try(stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody)
    | TryStar(stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody)
    | Assert(expr test, expr? msg)
    | Import(alias* names)
    | ImportFrom(identifier? module, alias* names, int? level)
    | Global(identifier* names)
    | Nonlocal(identifier* names)
    | Expr(expr value)
    | Pass
    | Break
    | Continue
    attributes (int lineno, int col_offset, int? end_lineno, int? end_col_offset)

expr = BoolOp(boolop op, expr* values)
    | NamedExpr(expr target, expr value)
    | BinOp(expr left, operator op, expr right)
    | UnaryOp(unaryop op, expr operand)
    | Lambda(arguments args, expr body)
    | IfExp(expr test, expr body, expr orelse)
    | Dict(expr* keys, expr* values)
    | Set(expr* elts)
    | ListComp(expr elt, comprehension* generators)
    | SetComp(expr elt, comprehension* generators)
    | DictComp(expr key, expr value, comprehension* generators)
    | GeneratorExp(expr elt, comprehension* generators)
    | Await(expr value)
    | Yield(expr? value)
    | YieldFrom(expr value)
    | Compare(expr left, cmpop* ops, expr* comparators)
    | Call(expr func, expr* args, keyword* keywords)
    | FormattedValue(expr value, int conversion, expr? format_spec)
    | JoinedStr(expr* values)
    | Constant(constant value, string? kind)
    | Attribute(expr value, identifier attr, expr_context ctx)
    | Subscript(expr value, expr slice, expr_context ctx)
    | Starred(expr value, expr_context ctx)
    | Name(identifier id, expr_context ctx)
    | List(expr* elts, expr_context ctx)
    | Tuple(expr* elts, expr_context ctx)
    | Slice(expr? lower, expr? upper, expr? step)
    attributes (int lineno, int col_offset, int? end_lineno, int? end_col_offset)

expr_context = Load | Store | Del
boolop = And | Or
operator = Add | Sub | Mult | MatMult | Div | Mod | Pow | LShift | RShift | BitOr | BitXor | BitAnd | FloorDiv
unaryop = Invert | Not | UAdd | USub
cmpop = Eq | NotEq | Lt | LtE | Gt | GtE | Is | IsNot | In | NotIn

comprehension = (expr target, expr iter, expr* ifs, int is_async)

excepthandler = ExceptHandler(expr? type, identifier? name, stmt* body)
    attributes (int lineno, int col_offset, int? end_lineno, int? end_col_offset)

arguments = (arg* posonlyargs, arg* args, arg? vararg, arg* kwonlyargs, expr* kw_defaults, arg? kwarg, expr* defaults)

arg = (identifier arg, expr? annotation, string? type_comment)
    attributes (int lineno, int col_offset, int? end_lineno, int? end_col_offset)

keyword = (identifier? arg, expr value)
    attributes (int lineno, int col_offset, int? end_lineno, int? end_col_offset)

alias = (identifier name, identifier? asname)
    attributes (int lineno, int col_offset, int? end_lineno, int? end_col_offset)

withitem = (expr context_expr, expr? optional_vars)

match_case = (pattern pattern, expr? guard, stmt* body)

pattern = MatchValue(expr value)
    | MatchSingleton(constant value)
    | MatchSequence(pattern* patterns)
    | MatchMapping(expr* keys, pattern* patterns, identifier? rest)
    | MatchClass(expr cls, pattern* patterns, identifier* kwd_attrs, pattern* kwd_patterns)
    | MatchStar(identifier? name)
    | MatchAs(pattern? pattern, identifier? name)
    | MatchOr(pattern* patterns)
    attributes (int lineno, int col_offset, int end_lineno, int end_col_offset)

type_ignore = TypeIgnore(int lineno, string tag)

type_param = TypeVar(identifier name, expr? bound)
    | ParamSpec(identifier name)
    | TypeVarTuple(identifier name)
    attributes (int lineno, int col_offset, int end_lineno, int end_col_offset)
"""


class AST:
    """Root of the node hierarchy (mirrors `ast.AST`)."""

    _fields = ()
    _attributes = ()

    def __init__(self, *args, **kwargs):
        fields = self._fields
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__} constructor takes at most "
                            f"{len(fields)} positional argument{'' if len(fields) == 1 else 's'}")
        for name, value in zip(fields, args):
            setattr(self, name, value)
        for name, value in kwargs.items():
            setattr(self, name, value)

    def __reduce__(self):
        return type(self), (), self.__dict__


def _signature(name, text):
    """'Name', 'identifier id, expr_context ctx' -> 'Name(identifier id, expr_context ctx)' (3.12's __doc__)."""
    text = " ".join(text.split())
    return f"{name}({text})" if text else name


def _parse_fields(text):
    """'expr* a, int? b' -> [(name, optional_flag)]"""
    out = []
    text = text.strip()
    if not text:
        return out
    for part in text.split(","):
        typ, name = part.split()
        out.append((name, typ.endswith("?")))
    return out


def _build(namespace):
    """Create the classes described by _ASDL in `namespace` (this module's globals)."""
    blocks = [b for b in _ASDL.strip().split("\n\n")]
    for block in blocks:
        text = " ".join(line.strip() for line in block.strip().splitlines())
        attrs = []
        if " attributes (" in text:
            text, attr_text = text.split(" attributes (")
            attrs = _parse_fields(attr_text.rstrip(")"))
        # simple sums may share a block: "a = X | Y b = Z" never happens because
        # each definition sits on its own line; split on lines starting a new "name ="
        for definition in _split_definitions(text):
            _build_definition(namespace, definition, attrs)


def _split_definitions(text):
    import re
    parts = re.split(r"\s(?=\w+ = )", " " + text)
    return [p.strip() for p in parts if p.strip()]


def _build_definition(namespace, definition, attrs):
    base_name, rhs = definition.split(" = ", 1)
    rhs = rhs.strip()
    attr_names = tuple(n for n, _ in attrs)
    attr_optional = [n for n, opt in attrs if opt]
    if rhs.startswith("("):
        # product type: the class itself carries the fields
        fields = _parse_fields(rhs[1:-1])
        ns = {"_fields": tuple(n for n, _ in fields), "_attributes": attr_names,
              "__match_args__": tuple(n for n, _ in fields), "__module__": "ast",
              "__doc__": _signature(base_name, rhs[1:-1])}
        for n, opt in fields:
            if opt:
                ns[n] = None
        for n in attr_optional:
            ns[n] = None
        namespace[base_name] = type(base_name, (AST,), ns)
        return
    docs = []
    for ctor in rhs.split("|"):
        ctor = ctor.strip()
        if "(" in ctor:
            cname, ftext = ctor.split("(", 1)
            docs.append(_signature(cname.strip(), ftext.rstrip(")")))
        else:
            docs.append(ctor)
    base_ns = {"_fields": (), "_attributes": attr_names, "__match_args__": (), "__module__": "ast",
               "__doc__": f"{base_name} = " + (" | " if "(" not in rhs else
                                               "\n" + " " * (len(base_name) + 1) + "| ").join(docs)}
    for n in attr_optional:
        base_ns[n] = None
    base = namespace[base_name] = type(base_name, (AST,), base_ns)
    for ctor in rhs.split("|"):
        ctor = ctor.strip()
        if "(" in ctor:
            name, ftext = ctor.split("(", 1)
            fields = _parse_fields(ftext.rstrip(")"))
        else:
            name, fields = ctor, []
        # As in 3.12's ast: module "ast", and class patterns match fields positionally.
        ns = {"_fields": tuple(n for n, _ in fields), "__match_args__": tuple(n for n, _ in fields),
              "__module__": "ast",
              "__doc__": _signature(name.strip(), ftext.rstrip(")")) if "(" in ctor else ctor}
        for n, opt in fields:
            if opt:
                ns[n] = None
        namespace[name.strip()] = type(name.strip(), (base,), ns)


AST.__module__ = "ast"
AST.__match_args__ = ()
AST.__doc__ = None   # as CPython's; see the module docstring instead
_build(globals())
__all__ += [n for n, v in list(globals().items())
            if isinstance(v, type) and issubclass(v, AST) and n != "AST"]

# Shared singletons: CPython's parser reuses one instance per context/operator.
LOAD = Load()
STORE = Store()
DEL = Del()
