"""Checking an AST handed to compile() (Python/Python-ast.c obj2ast_* and Python/ast.c).

CPython converts an `ast` object tree into its C AST (obj2ast: missing or
mistyped fields are TypeErrors, missing required values ValueErrors) and then
validates it (PyAST_Validate: contexts, non-empty bodies, argument counts,
constant types, ...). innerpy compiles the object tree directly, so both
checks happen here, with CPython's messages, before any compiler pass runs.
Trees innerpy's own parser produced skip this, as CPython skips it for source.
"""

from .symtable import kind

_MISSING = object()


def _load_asdl():
    """Constructors and attributes from the ASDL table in innerpy.parser.nodes."""
    import re
    from ..parser.nodes import _ASDL
    constructors = {}   # name -> (sum type, [(type, quant, field)])
    sums = {}           # sum type -> (set of constructor names, [(type, quant, attr)])
    products = {}
    text = re.sub(r"\n\s*\|", " |", _ASDL.strip())
    text = re.sub(r"\n\s*attributes", " attributes", text)
    for line in text.splitlines():
        line = line.strip()
        if not line or " = " not in line:
            continue
        name, rhs = line.split(" = ", 1)
        attrs = []
        if " attributes (" in rhs:
            rhs, attr_text = rhs.split(" attributes (")
            attrs = _fields(attr_text.rstrip(")"))
        rhs = rhs.strip()
        if rhs.startswith("("):
            products[name] = (_fields(rhs[1:-1]), attrs)
            continue
        names = set()
        for alt in rhs.split("|"):
            alt = alt.strip()
            cname, _, rest = alt.partition("(")
            cname = cname.strip()
            names.add(cname)
            constructors[cname] = (name, _fields(rest.rstrip(")")) if rest else [])
        sums[name] = (names, attrs)
    return constructors, sums, products


def _fields(text):
    out = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        typ, field = part.split()
        quant = typ[-1] if typ[-1] in "?*" else ""
        out.append((typ.rstrip("?*"), quant, field))
    return out


_TABLES = None


def _tables():
    global _TABLES
    if _TABLES is None:
        _TABLES = _load_asdl()
    return _TABLES


def check_tree(tree):
    """obj2ast's structural checks, then PyAST_Validate."""
    _Structure().node(tree, "mod")
    Validator().mod(tree)


class _Structure:
    """Required fields present, of the right node types (obj2ast_*)."""

    def node(self, obj, typ, owner=None):
        constructors, sums, products = _tables()
        if typ in products:
            fields, attrs = products[typ]
            name = typ
        else:
            names, attrs = sums[typ]
            cname = kind(obj)
            if cname not in names or not hasattr(type(obj), "_fields"):
                raise TypeError(f"expected some sort of {typ}, but got {obj!r}")
            fields = constructors[cname][1]
            name = cname
        for ftype, quant, field in fields:
            value = getattr(obj, field, _MISSING)
            if value is _MISSING or (value is None and quant == "*"):
                if quant == "?" or (field == "type_params" and value is _MISSING):
                    continue  # 3.12 defaults a missing type_params to [] for old code
                raise TypeError(f'required field "{field}" missing from {name}')
            if quant == "*":
                if not isinstance(value, list):
                    raise TypeError(f'{name} field "{field}" must be a list, not a '
                                    f'{type(value).__name__}')
                for item in value:
                    if item is not None:
                        self.value(item, ftype)
            elif value is not None:
                self.value(value, ftype)
            elif quant != "?" and ftype not in ("constant",):
                raise ValueError(f"field '{field}' is required for {name}")
        owner_name = typ if typ not in products else name
        for atype, quant, attr in attrs:
            value = getattr(obj, attr, _MISSING)
            if value is _MISSING or value is None:
                if quant == "?":
                    continue
                raise TypeError(f'required field "{attr}" missing from {owner_name}')
            self.value(value, atype)

    def value(self, value, ftype):
        constructors, sums, products = _tables()
        if ftype in sums or ftype in products:
            self.node(value, ftype)
        elif ftype == "identifier":
            if not isinstance(value, str):
                raise TypeError("AST identifier must be of type str")
        elif ftype == "string":
            if not isinstance(value, str):
                raise TypeError("AST string must be of type str")
        elif ftype == "int":
            if not isinstance(value, int):
                raise ValueError(f"invalid integer value: {value!r}")


_CTX_NAMES = ("Load", "Store", "Del")


class Validator:
    """`PyAST_Validate` (Python/ast.c)."""

    def __init__(self):
        from .ast_opt import STARTING_DEPTH
        self.depth = STARTING_DEPTH

    def mod(self, m):
        k = kind(m)
        if k in ("Module", "Interactive"):
            self.stmts(m.body)
        elif k == "Expression":
            self.expr(m.body, "Load")
        elif k == "FunctionType":
            self.exprs(m.argtypes, "Load", False)
            self.expr(m.returns, "Load")

    # -- helpers --------------------------------------------------------

    @staticmethod
    def positions(node):
        """`VALIDATE_POSITIONS`."""
        lineno = node.lineno
        col = node.col_offset
        end_lineno = getattr(node, "end_lineno", None)
        end_col = getattr(node, "end_col_offset", None)
        if end_lineno is None:
            end_lineno = lineno
        if end_col is None:
            end_col = col
        if lineno > end_lineno:
            raise ValueError(f"AST node line range ({lineno}, {end_lineno}) is not valid")
        if (lineno < 0 and end_lineno != lineno) or (col < 0 and col != end_col):
            raise ValueError(f"AST node column range ({col}, {end_col}) for line range "
                             f"({lineno}, {end_lineno}) is not valid")
        if lineno == end_lineno and col > end_col:
            raise ValueError(f"line {lineno}, column {col}-{end_col} is not a valid range")

    @staticmethod
    def nonempty(seq, what, owner):
        if not seq:
            raise ValueError(f"empty {what} on {owner}")

    def body(self, body, owner):
        self.nonempty(body, "body", owner)
        self.stmts(body)

    def stmts(self, stmts):
        for s in stmts:
            if s is None:
                raise ValueError("None disallowed in statement list")
            self.stmt(s)

    def exprs(self, exprs, ctx, null_ok):
        for e in exprs:
            if e is None:
                if not null_ok:
                    raise ValueError("None disallowed in expression list")
                continue
            self.expr(e, ctx)

    def arguments(self, args):
        for arg in list(args.posonlyargs) + list(args.args):
            self.positions(arg)
            if arg.annotation is not None:
                self.expr(arg.annotation, "Load")
        if args.vararg is not None and args.vararg.annotation is not None:
            self.expr(args.vararg.annotation, "Load")
        for arg in args.kwonlyargs:
            self.positions(arg)
            if arg.annotation is not None:
                self.expr(arg.annotation, "Load")
        if args.kwarg is not None and args.kwarg.annotation is not None:
            self.expr(args.kwarg.annotation, "Load")
        if len(args.defaults) > len(args.posonlyargs) + len(args.args):
            raise ValueError("more positional defaults than args on arguments")
        if len(args.kw_defaults) != len(args.kwonlyargs):
            raise ValueError("length of kwonlyargs is not the same as kw_defaults on arguments")
        self.exprs(args.defaults, "Load", False)
        self.exprs(args.kw_defaults, "Load", True)

    def keywords(self, keywords):
        for kw in keywords:
            self.expr(kw.value, "Load")

    def comprehension(self, generators):
        if not generators:
            raise ValueError("comprehension with no generators")
        for comp in generators:
            self.expr(comp.target, "Store")
            self.expr(comp.iter, "Load")
            self.exprs(comp.ifs, "Load", False)

    def type_params(self, node):
        for tp in getattr(node, "type_params", None) or ():
            self.positions(tp)
            if kind(tp) == "TypeVar" and tp.bound is not None:
                self.expr(tp.bound, "Load")

    def constant(self, value):
        if value is None or value is Ellipsis:
            return True
        if type(value) in (int, float, complex, bool, str, bytes):
            return True
        if type(value) in (tuple, frozenset):
            return all(self.constant(v) for v in value)
        return False

    # -- statements -------------------------------------------------------

    def stmt(self, s):
        self.positions(s)
        k = kind(s)
        if k in ("FunctionDef", "AsyncFunctionDef"):
            self.body(s.body, k)
            self.type_params(s)
            self.arguments(s.args)
            self.exprs(s.decorator_list, "Load", False)
            if s.returns is not None:
                self.expr(s.returns, "Load")
        elif k == "ClassDef":
            self.body(s.body, k)
            self.type_params(s)
            self.exprs(s.bases, "Load", False)
            self.keywords(s.keywords)
            self.exprs(s.decorator_list, "Load", False)
        elif k == "Return":
            if s.value is not None:
                self.expr(s.value, "Load")
        elif k == "Delete":
            self.nonempty(s.targets, "targets", "Delete")
            self.exprs(s.targets, "Del", False)
        elif k == "Assign":
            self.nonempty(s.targets, "targets", "Assign")
            self.exprs(s.targets, "Store", False)
            self.expr(s.value, "Load")
        elif k == "AugAssign":
            self.expr(s.target, "Store")
            self.expr(s.value, "Load")
        elif k == "AnnAssign":
            if s.simple and kind(s.target) != "Name":
                raise TypeError("AnnAssign with simple non-Name target")
            self.expr(s.target, "Store")
            if s.value is not None:
                self.expr(s.value, "Load")
            self.expr(s.annotation, "Load")
        elif k == "TypeAlias":
            if kind(s.name) != "Name":
                raise TypeError("TypeAlias with non-Name name")
            self.expr(s.name, "Store")
            self.type_params(s)
            self.expr(s.value, "Load")
        elif k in ("For", "AsyncFor"):
            self.expr(s.target, "Store")
            self.expr(s.iter, "Load")
            self.body(s.body, k)
            self.stmts(s.orelse)
        elif k in ("While", "If"):
            self.expr(s.test, "Load")
            self.body(s.body, k)
            self.stmts(s.orelse)
        elif k in ("With", "AsyncWith"):
            self.nonempty(s.items, "items", k)
            for item in s.items:
                self.expr(item.context_expr, "Load")
                if item.optional_vars is not None:
                    self.expr(item.optional_vars, "Store")
            self.body(s.body, k)
        elif k == "Match":
            self.expr(s.subject, "Load")
            self.nonempty(s.cases, "cases", "Match")
            for case in s.cases:
                self.pattern(case.pattern, False)
                if case.guard is not None:
                    self.expr(case.guard, "Load")
                self.body(case.body, "match_case")
        elif k == "Raise":
            if s.exc is not None:
                self.expr(s.exc, "Load")
                if s.cause is not None:
                    self.expr(s.cause, "Load")
            elif s.cause is not None:
                raise ValueError("Raise with cause but no exception")
        elif k in ("Try", "TryStar"):
            self.body(s.body, k)
            if not s.handlers and not s.finalbody:
                raise ValueError(f"{k} has neither except handlers nor finalbody")
            if not s.handlers and s.orelse:
                raise ValueError(f"{k} has orelse but no except handlers")
            for h in s.handlers:
                self.positions(h)
                if h.type is not None:
                    self.expr(h.type, "Load")
                self.body(h.body, "ExceptHandler")
            self.stmts(s.finalbody)
            self.stmts(s.orelse)
        elif k == "Assert":
            self.expr(s.test, "Load")
            if s.msg is not None:
                self.expr(s.msg, "Load")
        elif k == "Import":
            self.nonempty(s.names, "names", "Import")
        elif k == "ImportFrom":
            if s.level is not None and s.level < 0:
                raise ValueError("Negative ImportFrom level")
            self.nonempty(s.names, "names", "ImportFrom")
        elif k in ("Global", "Nonlocal"):
            self.nonempty(s.names, "names", k)
        elif k == "Expr":
            self.expr(s.value, "Load")

    # -- expressions ------------------------------------------------------

    def expr(self, e, ctx):
        """`validate_expr`."""
        from .ast_opt import RECURSION_LIMIT
        self.depth += 1
        if self.depth > RECURSION_LIMIT:
            raise RecursionError("maximum recursion depth exceeded during compilation")
        try:
            self._expr(e, ctx)
        finally:
            self.depth -= 1

    def _expr(self, e, ctx):
        self.positions(e)
        k = kind(e)
        if k in ("Attribute", "Subscript", "Starred", "Name", "List", "Tuple"):
            if k == "Name" and e.id in ("None", "True", "False"):
                raise ValueError(f"identifier field can't represent '{e.id}' constant")
            actual = kind(e.ctx)
            if actual != ctx:
                raise ValueError(f"expression must have {ctx} context but has {actual} instead")
        elif ctx != "Load":
            raise ValueError(f"expression which can't be assigned to in {ctx} context")
        if k == "BoolOp":
            if len(e.values) < 2:
                raise ValueError("BoolOp with less than 2 values")
            self.exprs(e.values, "Load", False)
        elif k == "BinOp":
            self.expr(e.left, "Load")
            self.expr(e.right, "Load")
        elif k == "UnaryOp":
            self.expr(e.operand, "Load")
        elif k == "Lambda":
            self.arguments(e.args)
            self.expr(e.body, "Load")
        elif k == "IfExp":
            self.expr(e.test, "Load")
            self.expr(e.body, "Load")
            self.expr(e.orelse, "Load")
        elif k == "Dict":
            if len(e.keys) != len(e.values):
                raise ValueError("Dict doesn't have the same number of keys as values")
            self.exprs(e.keys, "Load", True)
            self.exprs(e.values, "Load", False)
        elif k == "Set":
            self.exprs(e.elts, "Load", False)
        elif k in ("ListComp", "SetComp", "GeneratorExp"):
            self.comprehension(e.generators)
            self.expr(e.elt, "Load")
        elif k == "DictComp":
            self.comprehension(e.generators)
            self.expr(e.key, "Load")
            self.expr(e.value, "Load")
        elif k == "Yield":
            if e.value is not None:
                self.expr(e.value, "Load")
        elif k in ("YieldFrom", "Await"):
            self.expr(e.value, "Load")
        elif k == "Compare":
            if not e.comparators:
                raise ValueError("Compare with no comparators")
            if len(e.comparators) != len(e.ops):
                raise ValueError("Compare has a different number of comparators and operands")
            self.exprs(e.comparators, "Load", False)
            self.expr(e.left, "Load")
        elif k == "Call":
            self.expr(e.func, "Load")
            self.exprs(e.args, "Load", False)
            self.keywords(e.keywords)
        elif k == "Constant":
            if not self.constant(e.value):
                raise TypeError(f"got an invalid type in Constant: {type(e.value).__name__}")
        elif k == "JoinedStr":
            self.exprs(e.values, "Load", False)
        elif k == "FormattedValue":
            self.expr(e.value, "Load")
            if e.format_spec is not None:
                self.expr(e.format_spec, "Load")
        elif k == "Attribute":
            self.expr(e.value, "Load")
        elif k == "Subscript":
            self.expr(e.slice, "Load")
            self.expr(e.value, "Load")
        elif k == "Starred":
            self.expr(e.value, ctx)
        elif k == "Slice":
            for part in (e.lower, e.upper, e.step):
                if part is not None:
                    self.expr(part, "Load")
        elif k in ("List", "Tuple"):
            self.exprs(e.elts, ctx, False)
        elif k == "NamedExpr":
            if kind(e.target) != "Name":
                raise TypeError("NamedExpr target must be a Name")
            self.expr(e.value, "Load")

    # -- patterns ---------------------------------------------------------

    def pattern(self, p, star_ok):
        """`validate_pattern`."""
        self.positions(p)
        k = kind(p)
        if k == "MatchValue":
            self.pattern_match_value(p.value)
        elif k == "MatchSingleton":
            if p.value not in (None, True, False) or type(p.value) not in (type(None), bool):
                raise ValueError("MatchSingleton can only contain True, False and None")
        elif k == "MatchSequence":
            for sub in p.patterns:
                self.pattern(sub, True)
        elif k == "MatchMapping":
            if len(p.keys) != len(p.patterns):
                raise ValueError("MatchMapping doesn't have the same number of keys as patterns")
            if p.rest is not None:
                self.capture(p.rest)
            for key in p.keys:
                if kind(key) == "Constant" and key.value in (None, True, False) \
                        and type(key.value) in (type(None), bool):
                    continue
                self.pattern_match_value(key)
            for sub in p.patterns:
                self.pattern(sub, False)
        elif k == "MatchClass":
            self.expr(p.cls, "Load")
            cls = p.cls
            while kind(cls) == "Attribute":
                cls = cls.value
            if kind(cls) != "Name":
                raise ValueError("MatchClass cls field can only contain Name or Attribute nodes.")
            if len(p.kwd_attrs) != len(p.kwd_patterns):
                raise ValueError("MatchClass doesn't have the same number of keyword attributes as patterns")
            for sub in list(p.patterns) + list(p.kwd_patterns):
                self.pattern(sub, False)
        elif k == "MatchStar":
            if not star_ok:
                raise ValueError("can't use MatchStar here")
            if p.name is not None:
                self.capture(p.name)
        elif k == "MatchAs":
            if p.name is not None:
                self.capture(p.name)
            if p.pattern is not None:
                if p.name is None:
                    raise ValueError("MatchAs must specify a target name if a pattern is given")
                self.pattern(p.pattern, False)
        elif k == "MatchOr":
            if len(p.patterns) < 2:
                raise ValueError("MatchOr requires at least 2 patterns")
            for sub in p.patterns:
                self.pattern(sub, False)

    def capture(self, name):
        if name == "_":
            raise ValueError("can't capture name '_' in patterns")
        if name in ("None", "True", "False"):
            raise ValueError(f"identifier field can't represent '{name}' constant")

    def pattern_match_value(self, e):
        self.expr(e, "Load")
        k = kind(e)
        if k == "Constant":
            if e.value is None or type(e.value) is bool:
                raise ValueError("unexpected constant inside of a literal pattern")
            return
        if k in ("Attribute", "JoinedStr"):
            return
        if k == "UnaryOp" and kind(e.op) == "USub" and kind(e.operand) == "Constant":
            return
        if k == "BinOp" and kind(e.op) in ("Add", "Sub"):
            return
        raise ValueError("patterns may only match literals and attribute lookups")
