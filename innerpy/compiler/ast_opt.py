"""Constant folding on the AST (Python/ast_opt.c, 3.12).

Folds unary and binary operations on constants (with 3.12's size limits, so
`2**10000` or `'x' * 10**6` stay as code), tuples of constants, constant
subscripts, `not` of an `is`/`in` comparison, literal lists/sets iterated by
`for` or tested with `in` (to tuples/frozensets), `__debug__`, and simple
`'%s' % (a,)` formatting into an f-string. Folding mutates the tree in place;
the caller passes a copy when the tree belongs to someone else.
"""

from .symtable import kind

MAX_INT_SIZE = 128
MAX_COLLECTION_SIZE = 256
MAX_STR_SIZE = 4096
MAX_TOTAL_ITEMS = 1024

CO_FUTURE_ANNOTATIONS = 0x1000000


class _Node:
    """Nodes the optimiser creates; named like the AST classes they stand for."""
    _attributes = ("lineno", "col_offset", "end_lineno", "end_col_offset")

    def __init__(self, **fields):
        self.__dict__.update(fields)


def _node_class(name, fields):
    return type(name, (_Node,), {"_fields": fields})


Constant = _node_class("Constant", ("value", "kind"))
Tuple = _node_class("Tuple", ("elts", "ctx"))
JoinedStr = _node_class("JoinedStr", ("values",))
FormattedValue = _node_class("FormattedValue", ("value", "conversion", "format_spec"))


def _loc(node):
    return dict(lineno=node.lineno, col_offset=node.col_offset,
                end_lineno=getattr(node, "end_lineno", None),
                end_col_offset=getattr(node, "end_col_offset", None))


def make_const(node, value):
    """`make_const`: a Constant node at `node`'s position."""
    return Constant(value=value, kind=None, **_loc(node))


def copy_tree(node):
    """A deep copy of an AST (compile() must not change the caller's tree)."""
    if isinstance(node, list):
        return [copy_tree(n) for n in node]
    cls = type(node)
    fields = getattr(cls, "_fields", None)
    if fields is None:
        return node
    new = cls.__new__(cls)
    state = getattr(node, "__dict__", None)
    if state is not None and hasattr(new, "__dict__"):
        new.__dict__.update({k: (copy_tree(v) if isinstance(v, list) or hasattr(v, "_fields") else v)
                             for k, v in state.items()})
        return new
    names = list(fields) + list(getattr(cls, "_attributes", ()))
    for name in names:
        try:
            value = getattr(node, name)
        except AttributeError:
            continue
        setattr(new, name, copy_tree(value))
    return new


def _num_bits(v):
    return abs(v).bit_length()


def _is_int(v):
    return isinstance(v, int)


def _check_complexity(obj, limit):
    if isinstance(obj, (tuple, frozenset)):
        limit -= len(obj)
        for item in obj:
            if limit < 0:
                break
            limit = _check_complexity(item, limit)
    return limit


class _NoFold(Exception):
    pass


def safe_multiply(v, w):
    if _is_int(v) and _is_int(w) and v and w:
        if _num_bits(v) + _num_bits(w) > MAX_INT_SIZE:
            raise _NoFold
    elif _is_int(v) and isinstance(w, (tuple, frozenset)):
        size = len(w)
        if size:
            if v < 0 or v > MAX_COLLECTION_SIZE // size:
                raise _NoFold
            if v and _check_complexity(w, MAX_TOTAL_ITEMS // v) < 0:
                raise _NoFold
    elif _is_int(v) and isinstance(w, (str, bytes)):
        size = len(w)
        if size:
            if v < 0 or v > MAX_STR_SIZE // size:
                raise _NoFold
    elif _is_int(w) and isinstance(v, (tuple, frozenset, str, bytes)):
        return safe_multiply(w, v)
    return v * w


def safe_power(v, w):
    if _is_int(v) and _is_int(w) and v and w > 0:
        if _num_bits(v) > MAX_INT_SIZE // w:
            raise _NoFold
    return v ** w


def safe_lshift(v, w):
    if _is_int(v) and _is_int(w) and v and w:
        if w < 0:
            raise _NoFold
        vbits = _num_bits(v)
        if w > MAX_INT_SIZE or vbits > MAX_INT_SIZE - w:
            raise _NoFold
    return v << w


def safe_mod(v, w):
    if isinstance(v, (str, bytes)):
        raise _NoFold
    return v % w


_BINOPS = {
    "Add": lambda a, b: a + b,
    "Sub": lambda a, b: a - b,
    "Mult": safe_multiply,
    "Div": lambda a, b: a / b,
    "FloorDiv": lambda a, b: a // b,
    "Mod": safe_mod,
    "Pow": safe_power,
    "LShift": safe_lshift,
    "RShift": lambda a, b: a >> b,
    "BitOr": lambda a, b: a | b,
    "BitXor": lambda a, b: a ^ b,
    "BitAnd": lambda a, b: a & b,
}

_UNARYOPS = {
    "Invert": lambda a: ~a,
    "Not": lambda a: not a,
    "UAdd": lambda a: +a,
    "USub": lambda a: -a,
}

_INVERTED = {"Is": "IsNot", "IsNot": "Is", "In": "NotIn", "NotIn": "In"}


_CMPOP_CLASSES = {name: type(name, (_Node,), {"_fields": ()}) for name in _INVERTED}


def _cmpop(name, like):
    """A comparison operator node of class `name` (only its class name is ever read)."""
    return _CMPOP_CLASSES[name]()


def get_docstring(stmts):
    if not stmts:
        return None
    st = stmts[0]
    if kind(st) != "Expr":
        return None
    v = st.value
    if kind(v) == "Constant" and isinstance(v.value, str):
        return v.value
    return None


# ast_opt.c and symtable.c stop at C_RECURSION_LIMIT * COMPILER_STACK_FRAME_SCALE
# nested statements/expressions (3000 in a 3.12 release build), counting from
# the caller's own depth; 4 is what a top-level compile() call starts from.
RECURSION_LIMIT = 3000
STARTING_DEPTH = 4


class ASTOptimizer:
    """`_PyAST_Optimize`: the astfold_* walk."""

    def __init__(self, optimize, ff_features):
        self.optimize = optimize
        self.ff_features = ff_features
        self.depth = STARTING_DEPTH

    def _enter(self):
        self.depth += 1
        if self.depth > RECURSION_LIMIT:
            raise RecursionError("maximum recursion depth exceeded during compilation")

    def run(self, mod):
        k = kind(mod)
        if k == "Module":
            self.fold_body(mod.body)
        elif k == "Interactive":
            self.fold_stmts(mod.body)
        elif k == "Expression":
            mod.body = self.fold_expr(mod.body)
        return mod

    # -- statements -----------------------------------------------------

    def fold_body(self, stmts):
        """`astfold_body`: a body whose first statement folds into a string gains a docstring."""
        had_doc = get_docstring(stmts) is not None
        self.fold_stmts(stmts)
        if not had_doc and get_docstring(stmts) is not None:
            st = stmts[0]
            st.value = JoinedStr(values=[st.value], **_loc(st))

    def fold_stmts(self, stmts):
        for st in stmts or ():
            self.fold_stmt(st)

    def fold_exprs(self, exprs):
        if exprs:
            for i, e in enumerate(exprs):
                if e is not None:
                    exprs[i] = self.fold_expr(e)

    def fold_opt(self, node, field):
        value = getattr(node, field, None)
        if value is not None:
            setattr(node, field, self.fold_expr(value))

    def fold_arguments(self, args):
        future = self.ff_features & CO_FUTURE_ANNOTATIONS
        for arg in list(args.posonlyargs or ()) + list(args.args or ()):
            if not future:
                self.fold_opt(arg, "annotation")
        if args.vararg is not None and not future:
            self.fold_opt(args.vararg, "annotation")
        for arg in args.kwonlyargs or ():
            if not future:
                self.fold_opt(arg, "annotation")
        self.fold_exprs(args.kw_defaults)
        if args.kwarg is not None and not future:
            self.fold_opt(args.kwarg, "annotation")
        self.fold_exprs(args.defaults)

    def fold_type_params(self, node):
        for tp in getattr(node, "type_params", None) or ():
            if kind(tp) == "TypeVar":
                self.fold_opt(tp, "bound")

    def fold_stmt(self, s):
        """`astfold_stmt`."""
        self._enter()
        try:
            self._fold_stmt(s)
        finally:
            self.depth -= 1

    def _fold_stmt(self, s):
        k = kind(s)
        if k in ("FunctionDef", "AsyncFunctionDef"):
            self.fold_type_params(s)
            self.fold_arguments(s.args)
            self.fold_body(s.body)
            self.fold_exprs(s.decorator_list)
            if not (self.ff_features & CO_FUTURE_ANNOTATIONS):
                self.fold_opt(s, "returns")
        elif k == "ClassDef":
            self.fold_type_params(s)
            self.fold_exprs(s.bases)
            for kw in s.keywords:
                kw.value = self.fold_expr(kw.value)
            self.fold_body(s.body)
            self.fold_exprs(s.decorator_list)
        elif k == "Return":
            self.fold_opt(s, "value")
        elif k == "Delete":
            self.fold_exprs(s.targets)
        elif k == "Assign":
            self.fold_exprs(s.targets)
            s.value = self.fold_expr(s.value)
        elif k == "AugAssign":
            s.target = self.fold_expr(s.target)
            s.value = self.fold_expr(s.value)
        elif k == "AnnAssign":
            s.target = self.fold_expr(s.target)
            if not (self.ff_features & CO_FUTURE_ANNOTATIONS):
                s.annotation = self.fold_expr(s.annotation)
            self.fold_opt(s, "value")
        elif k == "TypeAlias":
            s.name = self.fold_expr(s.name)
            self.fold_type_params(s)
            s.value = self.fold_expr(s.value)
        elif k in ("For", "AsyncFor"):
            s.target = self.fold_expr(s.target)
            s.iter = self.fold_expr(s.iter)
            self.fold_stmts(s.body)
            self.fold_stmts(s.orelse)
            if k == "For":
                s.iter = self.fold_iter(s.iter)
        elif k in ("While", "If"):
            s.test = self.fold_expr(s.test)
            self.fold_stmts(s.body)
            self.fold_stmts(s.orelse)
        elif k in ("With", "AsyncWith"):
            for item in s.items:
                item.context_expr = self.fold_expr(item.context_expr)
                self.fold_opt(item, "optional_vars")
            self.fold_stmts(s.body)
        elif k == "Raise":
            self.fold_opt(s, "exc")
            self.fold_opt(s, "cause")
        elif k in ("Try", "TryStar"):
            self.fold_stmts(s.body)
            for h in s.handlers:
                self.fold_opt(h, "type")
                self.fold_stmts(h.body)
            self.fold_stmts(s.orelse)
            self.fold_stmts(s.finalbody)
        elif k == "Assert":
            s.test = self.fold_expr(s.test)
            self.fold_opt(s, "msg")
        elif k == "Expr":
            s.value = self.fold_expr(s.value)
        elif k == "Match":
            s.subject = self.fold_expr(s.subject)
            for case in s.cases:
                self.fold_pattern(case.pattern)
                self.fold_opt(case, "guard")
                self.fold_stmts(case.body)

    def fold_pattern(self, p):
        k = kind(p)
        if k == "MatchValue":
            p.value = self.fold_expr(p.value)
        elif k == "MatchSequence":
            for sub in p.patterns:
                self.fold_pattern(sub)
        elif k == "MatchMapping":
            self.fold_exprs(p.keys)
            for sub in p.patterns:
                self.fold_pattern(sub)
        elif k == "MatchClass":
            p.cls = self.fold_expr(p.cls)
            for sub in p.patterns:
                self.fold_pattern(sub)
            for sub in p.kwd_patterns:
                self.fold_pattern(sub)
        elif k == "MatchAs":
            if p.pattern is not None:
                self.fold_pattern(p.pattern)
        elif k == "MatchOr":
            for sub in p.patterns:
                self.fold_pattern(sub)

    # -- expressions ----------------------------------------------------

    def fold_expr(self, e):
        """`astfold_expr`: returns the folded node (maybe a new Constant)."""
        self._enter()
        try:
            return self._fold_expr(e)
        finally:
            self.depth -= 1

    def _fold_expr(self, e):
        k = kind(e)
        if k == "BinOp":
            e.left = self.fold_expr(e.left)
            e.right = self.fold_expr(e.right)
            return self.fold_binop(e)
        if k == "UnaryOp":
            e.operand = self.fold_expr(e.operand)
            return self.fold_unaryop(e)
        if k == "BoolOp":
            self.fold_exprs(e.values)
        elif k == "Lambda":
            self.fold_arguments(e.args)
            e.body = self.fold_expr(e.body)
        elif k == "IfExp":
            e.test = self.fold_expr(e.test)
            e.body = self.fold_expr(e.body)
            e.orelse = self.fold_expr(e.orelse)
        elif k == "Dict":
            self.fold_exprs(e.keys)
            self.fold_exprs(e.values)
        elif k == "Set":
            self.fold_exprs(e.elts)
        elif k in ("ListComp", "SetComp", "GeneratorExp"):
            e.elt = self.fold_expr(e.elt)
            self.fold_comprehensions(e.generators)
        elif k == "DictComp":
            e.key = self.fold_expr(e.key)
            e.value = self.fold_expr(e.value)
            self.fold_comprehensions(e.generators)
        elif k in ("Await", "YieldFrom"):
            e.value = self.fold_expr(e.value)
        elif k == "Yield":
            self.fold_opt(e, "value")
        elif k == "Compare":
            e.left = self.fold_expr(e.left)
            self.fold_exprs(e.comparators)
            last = kind(e.ops[-1])
            if last in ("In", "NotIn"):
                e.comparators[-1] = self.fold_iter(e.comparators[-1])
        elif k == "Call":
            e.func = self.fold_expr(e.func)
            self.fold_exprs(e.args)
            for kw in e.keywords:
                kw.value = self.fold_expr(kw.value)
        elif k == "FormattedValue":
            e.value = self.fold_expr(e.value)
            self.fold_opt(e, "format_spec")
        elif k == "JoinedStr":
            self.fold_exprs(e.values)
        elif k == "Attribute":
            e.value = self.fold_expr(e.value)
        elif k == "Subscript":
            e.value = self.fold_expr(e.value)
            e.slice = self.fold_expr(e.slice)
            if kind(e.ctx) == "Load" and kind(e.value) == "Constant" and kind(e.slice) == "Constant":
                try:
                    return make_const(e, e.value.value[e.slice.value])
                except Exception:
                    return e
        elif k == "Starred":
            e.value = self.fold_expr(e.value)
        elif k == "Slice":
            self.fold_opt(e, "lower")
            self.fold_opt(e, "upper")
            self.fold_opt(e, "step")
        elif k == "List":
            self.fold_exprs(e.elts)
        elif k == "Tuple":
            self.fold_exprs(e.elts)
            if kind(e.ctx) == "Load":
                value = _make_const_tuple(e.elts)
                if value is not None:
                    return make_const(e, value)
        elif k == "Name":
            if kind(e.ctx) == "Load" and e.id == "__debug__":
                return make_const(e, not self.optimize)
        elif k == "NamedExpr":
            e.value = self.fold_expr(e.value)
        return e

    def fold_comprehensions(self, generators):
        for gen in generators:
            gen.target = self.fold_expr(gen.target)
            gen.iter = self.fold_expr(gen.iter)
            self.fold_exprs(gen.ifs)
            gen.iter = self.fold_iter(gen.iter)

    def fold_iter(self, arg):
        """`fold_iter`: a literal list iterated over becomes a tuple, a set a frozenset."""
        k = kind(arg)
        if k == "List":
            if any(kind(x) == "Starred" for x in arg.elts):
                return arg
            tup = Tuple(elts=arg.elts, ctx=arg.ctx, **_loc(arg))
            value = _make_const_tuple(arg.elts)
            if value is None:
                return tup
            return make_const(arg, value)
        if k == "Set":
            value = _make_const_tuple(arg.elts)
            if value is None:
                return arg
            return make_const(arg, frozenset(value))
        return arg

    def fold_unaryop(self, node):
        """`fold_unaryop`."""
        arg = node.operand
        op = kind(node.op)
        if kind(arg) != "Constant":
            if op == "Not" and kind(arg) == "Compare" and len(arg.ops) == 1:
                inverted = _INVERTED.get(kind(arg.ops[0]))
                if inverted is not None:
                    arg.ops = [_cmpop(inverted, arg.ops[0])]
                    return arg
            return node
        try:
            return make_const(node, _UNARYOPS[op](arg.value))
        except Exception:
            return node

    def fold_binop(self, node):
        """`fold_binop`."""
        lhs, rhs = node.left, node.right
        if kind(lhs) != "Constant":
            return node
        lv = lhs.value
        op = kind(node.op)
        if op == "Mod" and kind(rhs) == "Tuple" and isinstance(lv, str) \
                and not any(kind(x) == "Starred" for x in rhs.elts):
            return optimize_format(node, lv, rhs.elts)
        if kind(rhs) != "Constant" or op == "MatMult":
            return node
        try:
            value = _BINOPS[op](lv, rhs.value)
        except (_NoFold, Exception):
            return node
        return make_const(node, value)


def _make_const_tuple(elts):
    for e in elts:
        if kind(e) != "Constant":
            return None
    return tuple(e.value for e in elts)


# -- '%s' % (x,) into an f-string (optimize_format and helpers) ---------------

_NOLOC = dict(lineno=-1, col_offset=-1, end_lineno=-1, end_col_offset=-1)
MAXDIGITS = 3


def _parse_literal(fmt, pos):
    start = pos
    size = len(fmt)
    has_percents = False
    while pos < size:
        if fmt[pos] != "%":
            pos += 1
        elif pos + 1 < size and fmt[pos + 1] == "%":
            has_percents = True
            pos += 2
        else:
            break
    if pos == start:
        return None, pos
    text = fmt[start:pos]
    if has_percents:
        text = text.replace("%%", "%")
    return Constant(value=text, kind=None, **_NOLOC), pos


def _simple_format_arg_parse(fmt, pos):
    """Returns (spec, flags_ljust, width, prec, pos) or None if unsupported."""
    n = len(fmt)
    ljust = False
    width = prec = -1

    def nextc(p):
        if p >= n:
            raise IndexError
        return fmt[p], p + 1

    try:
        while True:
            ch, pos = nextc(pos)
            if ch in "-+ #0":
                if ch == "-":
                    ljust = True
                continue
            break
        if "0" <= ch <= "9":
            width = 0
            digits = 0
            while "0" <= ch <= "9":
                width = width * 10 + (ord(ch) - 48)
                ch, pos = nextc(pos)
                digits += 1
                if digits >= MAXDIGITS:
                    return None
        if ch == ".":
            ch, pos = nextc(pos)
            prec = 0
            digits = 0
            while "0" <= ch <= "9":
                prec = prec * 10 + (ord(ch) - 48)
                ch, pos = nextc(pos)
                digits += 1
                if digits >= MAXDIGITS:
                    return None
    except IndexError:
        return None
    return ch, ljust, width, prec, pos


def _parse_format(fmt, pos, arg):
    parsed = _simple_format_arg_parse(fmt, pos)
    if parsed is None:
        return None, pos
    spec, ljust, width, prec, pos = parsed
    if spec not in "sra":
        return None, pos
    buf = ""
    if not ljust and width > 0:
        buf += ">"
    if width >= 0:
        buf += str(width)
    if prec >= 0:
        buf += "." + str(prec)
    format_spec = Constant(value=buf, kind=None, **_NOLOC) if buf else None
    return FormattedValue(value=arg, conversion=ord(spec), format_spec=format_spec, **_loc(arg)), pos


def optimize_format(node, fmt, elts):
    """`optimize_format`: '%s-%r' % (a, b) -> f'{a!s}-{b!r}' when every unit is simple."""
    pos = 0
    cnt = 0
    seq = []
    while True:
        lit, pos = _parse_literal(fmt, pos)
        if lit is not None:
            seq.append(lit)
        if pos >= len(fmt):
            break
        if cnt >= len(elts):
            return node
        pos += 1
        expr, pos = _parse_format(fmt, pos, elts[cnt])
        cnt += 1
        if expr is None:
            return node
        seq.append(expr)
    if cnt < len(elts):
        return node
    return JoinedStr(values=seq, **_loc(node))


def ast_optimize(mod, optimize, ff_features):
    return ASTOptimizer(optimize, ff_features).run(mod)
