"""Expressions back to source text (Python/ast_unparse.c, 3.12).

Used for annotations under `from __future__ import annotations`, which are
stored as strings. The output must match CPython's byte for byte, so this
follows ast_unparse.c's precedence table and spacing, not `ast.unparse`.
"""

from .symtable import kind

(PR_TUPLE, PR_TEST, PR_OR, PR_AND, PR_NOT, PR_CMP, PR_EXPR, PR_BXOR, PR_BAND, PR_SHIFT,
 PR_ARITH, PR_TERM, PR_FACTOR, PR_POWER, PR_AWAIT, PR_ATOM) = range(16)
PR_BOR = PR_EXPR

_BINOP = {
    "Add": (" + ", PR_ARITH), "Sub": (" - ", PR_ARITH), "Mult": (" * ", PR_TERM),
    "MatMult": (" @ ", PR_TERM), "Div": (" / ", PR_TERM), "Mod": (" % ", PR_TERM),
    "LShift": (" << ", PR_SHIFT), "RShift": (" >> ", PR_SHIFT), "BitOr": (" | ", PR_BOR),
    "BitXor": (" ^ ", PR_BXOR), "BitAnd": (" & ", PR_BAND), "FloorDiv": (" // ", PR_TERM),
    "Pow": (" ** ", PR_POWER),
}
_UNARY = {"Invert": ("~", PR_FACTOR), "Not": ("not ", PR_NOT), "UAdd": ("+", PR_FACTOR),
          "USub": ("-", PR_FACTOR)}
_CMPOP = {"Eq": " == ", "NotEq": " != ", "Lt": " < ", "LtE": " <= ", "Gt": " > ", "GtE": " >= ",
          "Is": " is ", "IsNot": " is not ", "In": " in ", "NotIn": " not in "}


def unparse_annotation(e):
    """`_PyAST_ExprAsUnicode`."""
    return expr(e, PR_TEST)


def _repr(value):
    """`append_repr`: infinities spelled 1e309 so the text evaluates back."""
    text = repr(value)
    if (type(value) is float and value in (float("inf"), float("-inf"))) or type(value) is complex:
        text = text.replace("inf", "1e309")
    return text


def _constant(value):
    if type(value) is tuple:
        inner = ", ".join(_constant(v) for v in value)
        return "(" + inner + ("," if len(value) == 1 else "") + ")"
    return _repr(value)


def _paren(cond, text):
    return "(" + text + ")" if cond else text


def expr(e, level):
    k = kind(e)
    if k == "BoolOp":
        pr = PR_AND if kind(e.op) == "And" else PR_OR
        op = " and " if pr == PR_AND else " or "
        return _paren(level > pr, op.join(expr(v, pr + 1) for v in e.values))
    if k == "BinOp":
        op, pr = _BINOP[kind(e.op)]
        rassoc = 1 if kind(e.op) == "Pow" else 0
        return _paren(level > pr, expr(e.left, pr + rassoc) + op + expr(e.right, pr + 1 - rassoc))
    if k == "UnaryOp":
        op, pr = _UNARY[kind(e.op)]
        return _paren(level > pr, op + expr(e.operand, pr))
    if k == "Lambda":
        args = e.args
        n = (len(args.posonlyargs or ()) + len(args.args or ()) + len(args.kwonlyargs or ())
             + (args.vararg is not None) + (args.kwarg is not None))
        text = ("lambda " if n else "lambda") + _arguments(args) + ": " + expr(e.body, PR_TEST)
        return _paren(level > PR_TEST, text)
    if k == "IfExp":
        text = (expr(e.body, PR_TEST + 1) + " if " + expr(e.test, PR_TEST + 1) + " else "
                + expr(e.orelse, PR_TEST))
        return _paren(level > PR_TEST, text)
    if k == "Dict":
        items = []
        for key, value in zip(e.keys, e.values):
            if key is None:
                items.append("**" + expr(value, PR_EXPR))
            else:
                items.append(expr(key, PR_TEST) + ": " + expr(value, PR_TEST))
        return "{" + ", ".join(items) + "}"
    if k == "Set":
        if not e.elts:
            return "{*()}"
        return "{" + ", ".join(expr(x, PR_TEST) for x in e.elts) + "}"
    if k == "GeneratorExp":
        return "(" + expr(e.elt, PR_TEST) + _comprehensions(e.generators) + ")"
    if k == "ListComp":
        return "[" + expr(e.elt, PR_TEST) + _comprehensions(e.generators) + "]"
    if k == "SetComp":
        return "{" + expr(e.elt, PR_TEST) + _comprehensions(e.generators) + "}"
    if k == "DictComp":
        return ("{" + expr(e.key, PR_TEST) + ": " + expr(e.value, PR_TEST)
                + _comprehensions(e.generators) + "}")
    if k == "Yield":
        if e.value is None:
            return "(yield)"
        return "(yield " + expr(e.value, PR_TEST) + ")"
    if k == "YieldFrom":
        return "(yield from " + expr(e.value, PR_TEST) + ")"
    if k == "Await":
        return _paren(level > PR_AWAIT, "await " + expr(e.value, PR_ATOM))
    if k == "Compare":
        text = expr(e.left, PR_CMP + 1)
        for op, right in zip(e.ops, e.comparators):
            text += _CMPOP[kind(op)] + expr(right, PR_CMP + 1)
        return _paren(level > PR_CMP, text)
    if k == "Call":
        text = expr(e.func, PR_ATOM)
        if len(e.args) == 1 and not e.keywords and kind(e.args[0]) == "GeneratorExp":
            return text + expr(e.args[0], PR_TEST)
        parts = [expr(a, PR_TEST) for a in e.args]
        for kw in e.keywords:
            parts.append(("**" if kw.arg is None else kw.arg + "=") + expr(kw.value, PR_TEST))
        return text + "(" + ", ".join(parts) + ")"
    if k == "Constant":
        if e.value is Ellipsis:
            return "..."
        prefix = getattr(e, "kind", None) or ""
        return prefix + _constant(e.value)
    if k == "JoinedStr":
        return _joinedstr(e, False)
    if k == "FormattedValue":
        return "f" + _repr(_formattedvalue(e))
    if k == "Attribute":
        v = e.value
        period = " ." if kind(v) == "Constant" and type(v.value) is int else "."
        return expr(v, PR_ATOM) + period + e.attr
    if k == "Subscript":
        return expr(e.value, PR_ATOM) + "[" + expr(e.slice, PR_TUPLE) + "]"
    if k == "Starred":
        return "*" + expr(e.value, PR_EXPR)
    if k == "Name":
        return e.id
    if k == "List":
        return "[" + ", ".join(expr(x, PR_TEST) for x in e.elts) + "]"
    if k == "Tuple":
        if not e.elts:
            return "()"
        text = ", ".join(expr(x, PR_TEST) for x in e.elts)
        if len(e.elts) == 1:
            text += ","
        return _paren(level > PR_TUPLE, text)
    if k == "Slice":
        text = expr(e.lower, PR_TEST) if e.lower is not None else ""
        text += ":"
        if e.upper is not None:
            text += expr(e.upper, PR_TEST)
        if e.step is not None:
            text += ":" + expr(e.step, PR_TEST)
        return text
    if k == "NamedExpr":
        return _paren(level > PR_TUPLE, expr(e.target, PR_ATOM) + " := " + expr(e.value, PR_ATOM))
    raise SystemError(f"unknown expression kind {k}")


def _comprehensions(generators):
    out = ""
    for gen in generators:
        out += " async for " if gen.is_async else " for "
        out += expr(gen.target, PR_TUPLE) + " in " + expr(gen.iter, PR_TEST + 1)
        for cond in gen.ifs:
            out += " if " + expr(cond, PR_TEST + 1)
    return out


def _arg(a):
    text = a.arg
    if getattr(a, "annotation", None) is not None:
        text += ": " + expr(a.annotation, PR_TEST)
    return text


def _arguments(args):
    parts = []
    posonly = list(args.posonlyargs or ())
    positional = posonly + list(args.args or ())
    defaults = list(args.defaults or ())
    for i, a in enumerate(positional):
        text = _arg(a)
        di = i - len(positional) + len(defaults)
        if di >= 0:
            text += "=" + expr(defaults[di], PR_TEST)
        parts.append(text)
        if posonly and i + 1 == len(posonly):
            parts[-1] += ", /"
    kwonly = list(args.kwonlyargs or ())
    if args.vararg is not None or kwonly:
        parts.append("*" + (_arg(args.vararg) if args.vararg is not None else ""))
    kw_defaults = list(args.kw_defaults or ())
    for i, a in enumerate(kwonly):
        text = _arg(a)
        di = i - len(kwonly) + len(kw_defaults)
        if di >= 0 and kw_defaults[di] is not None:
            text += "=" + expr(kw_defaults[di], PR_TEST)
        parts.append(text)
    if args.kwarg is not None:
        parts.append("**" + _arg(args.kwarg))
    return ", ".join(parts)


def _escape_braces(text):
    return text.replace("{", "{{").replace("}", "}}")


def _fstring_element(e, is_format_spec):
    k = kind(e)
    if k == "Constant":
        return _escape_braces(e.value)
    if k == "JoinedStr":
        return _joinedstr(e, is_format_spec)
    if k == "FormattedValue":
        return _formattedvalue(e)
    raise SystemError("unknown expression kind inside f-string")


def _joinedstr(e, is_format_spec):
    body = "".join(_fstring_element(v, is_format_spec) for v in e.values)
    if is_format_spec:
        return body
    return "f" + _repr(body)


def _formattedvalue(e):
    inner = expr(e.value, PR_TEST + 1)
    text = "{ " if inner.startswith("{") else "{"
    text += inner
    conversion = e.conversion
    if conversion is not None and conversion > 0:
        text += "!" + chr(conversion)
    if e.format_spec is not None:
        text += ":" + _fstring_element(e.format_spec, True)
    return text + "}"
