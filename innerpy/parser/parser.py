"""Recursive-descent parser for Python 3.12 producing `innerpy.parser.nodes`.

Follows the structure of CPython's Grammar/python.gram, with the usual
hand-written shortcuts, chosen because they make the parser fast without
changing the resulting tree:

* assignment targets, `for` targets and `with` targets are parsed as
  expressions and then converted to Store/Del context (with CPython's
  "cannot assign to ..." errors), instead of trying every target rule first;
* the few places that need real backtracking (parenthesised `with` items,
  soft keywords `match`/`case`/`type`, lambda vs. other atoms) save the token
  index and restore it on `_Fail`;
* the token list is precomputed with a parallel list of "kinds" (the string
  for operators and keywords, the type for everything else) so most checks
  are one list index plus one string comparison.

Positions: every node gets lineno/col_offset (UTF-8 byte column) of its
first token and end_lineno/end_col_offset of its last token, exactly like
CPython's EXTRA macro.
"""

import sys
import unicodedata

from . import nodes as N
from .tokenizer import Token, Tokenizer, decode_source

KEYWORDS = frozenset("""False None True and as assert async await break class continue
def del elif else except finally for from global if import in is lambda nonlocal not or
pass raise return try while with yield""".split())

_OBJ_NEW = object.__new__
LOAD = N.LOAD
STORE = N.STORE
DEL = N.DEL

_AUGOPS = {"+=": N.Add, "-=": N.Sub, "*=": N.Mult, "@=": N.MatMult, "/=": N.Div,
           "%=": N.Mod, "&=": N.BitAnd, "|=": N.BitOr, "^=": N.BitXor, "<<=": N.LShift,
           ">>=": N.RShift, "**=": N.Pow, "//=": N.FloorDiv}
_AUGOPS = {k: v() for k, v in _AUGOPS.items()}
_ADD, _SUB, _MULT, _MATMULT, _DIV, _MOD, _POW = N.Add(), N.Sub(), N.Mult(), N.MatMult(), N.Div(), N.Mod(), N.Pow()
_LSHIFT, _RSHIFT, _BITOR, _BITXOR, _BITAND, _FLOORDIV = N.LShift(), N.RShift(), N.BitOr(), N.BitXor(), N.BitAnd(), N.FloorDiv()
_TERM_OPS = {"*": _MULT, "/": _DIV, "//": _FLOORDIV, "%": _MOD, "@": _MATMULT}
_ARITH_OPS = {"+": _ADD, "-": _SUB}
_SHIFT_OPS = {"<<": _LSHIFT, ">>": _RSHIFT}
_CMP_OPS = {"==": N.Eq(), "!=": N.NotEq(), "<": N.Lt(), "<=": N.LtE(), ">": N.Gt(),
            ">=": N.GtE(), "in": N.In(), "is": N.Is()}
_NOTIN = N.NotIn()
_ISNOT = N.IsNot()
_AND = N.And()
_OR = N.Or()
_NOT = N.Not()
_UNARY = {"+": N.UAdd(), "-": N.USub(), "~": N.Invert()}

_SOFT_KEYWORDS = frozenset(["match", "case", "_", "type"])
_EXPR_STARTS = frozenset(["NAME", "NUMBER", "STRING", "FSTRING_START", "(", "[", "{", "-", "+",
                          "~", "not", "lambda", "await", "None", "True", "False", "...", "*"])


#: CPython's PEG parser gives up ("Parser stack overflowed") at a fixed stack
#: depth; measured on 3.12.1, `lambda:` and `**` chains fail after 2984 levels.
_MAX_STACK = 5969
#: ast2obj refuses trees deeper than this (RecursionError during ast construction).
_MAX_AST_DEPTH = 2996


def _stack_overflow():
    return MemoryError("Parser stack overflowed - Python source too complex to parse")


def check_ast_depth(node, depth):
    """Raise RecursionError like CPython's ast2obj if the tree is deeper than 3.12 allows."""
    stack = [(node, depth)]
    pop = stack.pop
    push = stack.append
    AST = N.AST
    while stack:
        n, d = pop()
        if d > _MAX_AST_DEPTH:
            raise RecursionError("maximum recursion depth exceeded during ast construction")
        for name in n._fields:
            v = getattr(n, name, None)
            if v.__class__ is list:
                for x in v:
                    if isinstance(x, AST) and x._fields:
                        push((x, d + 1))
            elif isinstance(v, AST) and v._fields:
                push((v, d + 1))


#: Tokens after which a NAME/NUMBER is a complete expression.
_SIMPLE_FOLLOW = frozenset([",", ")", "]", "}", ":", "=", "NEWLINE", ";", "for", "async", "as", "from",
                            "else", "!", "+=", "-=", "*=", "@=", "/=", "%=", "&=", "|=", "^=", "<<=",
                            ">>=", "**=", "//=", "->"])


class _Fail(Exception):
    """Backtracking signal: the current alternative does not match."""


def _mk(cls, s, e, *args):
    """Build a node of `cls` with fields `args` spanning from `s`'s start to `e`'s end."""
    n = _OBJ_NEW(cls)
    d = n.__dict__
    for k, v in zip(cls._fields, args):
        d[k] = v
    d["lineno"] = s.lineno
    d["col_offset"] = s.col_offset
    d["end_lineno"] = e.end_lineno
    d["end_col_offset"] = e.end_col_offset
    return n


def _mk_nopos(cls, *args):
    n = _OBJ_NEW(cls)
    d = n.__dict__
    for k, v in zip(cls._fields, args):
        d[k] = v
    return n


class _Pos:
    """A bare position, for nodes whose span is not one token or node."""
    __slots__ = ("lineno", "col_offset", "end_lineno", "end_col_offset")

    def __init__(self, lineno, col_offset, end_lineno, end_col_offset):
        self.lineno = lineno
        self.col_offset = col_offset
        self.end_lineno = end_lineno
        self.end_col_offset = end_col_offset


_NODE_DESCRIPTIONS = {
    "Attribute": "attribute", "Subscript": "subscript", "Starred": "starred", "Name": "name",
    "List": "list", "Tuple": "tuple",
    "Call": "function call", "Await": "await expression", "Yield": "yield expression",
    "YieldFrom": "yield expression", "Lambda": "lambda", "IfExp": "conditional expression",
    "Compare": "comparison", "BoolOp": "expression", "BinOp": "expression", "UnaryOp": "expression",
    "GeneratorExp": "generator expression", "ListComp": "list comprehension",
    "SetComp": "set comprehension", "DictComp": "dict comprehension", "Dict": "dict literal",
    "Set": "set display", "JoinedStr": "f-string expression", "FormattedValue": "f-string expression",
    "NamedExpr": "named expression", "Slice": "expression",
}


def _describe(node):
    name = type(node).__name__
    if name == "Constant":
        v = node.value
        if v is None:
            return "None"
        if v is True:
            return "True"
        if v is False:
            return "False"
        if v is Ellipsis:
            return "ellipsis"
        return "literal"
    return _NODE_DESCRIPTIONS.get(name, "expression")


#: `invalid_type_param`'s messages (bounds on `*Ts` and `**P`).
_INVALID_TYPE_PARAM_MESSAGES = frozenset(
    f"cannot use {kind} with {what}" for kind in ("bound", "constraints")
    for what in ("TypeVarTuple", "ParamSpec"))


class Parser:
    def __init__(self, source, filename="<unknown>", type_comments=False, exec_input=True):
        self.filename = filename
        self.source = source
        self.type_comments = type_comments
        tk = Tokenizer(source, filename, type_comments=type_comments, exec_input=exec_input)
        self.tokenizer = tk
        raw = tk.tokenize()
        toks = [t for t in raw if t.type != "COMMENT" and t.type != "NL"]
        kinds = []
        for t in toks:
            ty = t.type
            if ty == "OP":
                kinds.append(t.string)
            elif ty == "NAME":
                s = t.string
                kinds.append(s if s in KEYWORDS else "NAME")
            else:
                kinds.append(ty)
        # padding so that one-token lookahead past the end never raises IndexError
        toks.extend([toks[-1]] * 3)
        kinds.extend([kinds[-1]] * 3)
        self.toks = toks
        self.kinds = kinds
        self.p = 0
        self.src = tk.src
        self.depth = 0
        self.spec_depth = 0
        self.mode = "exec"

    # ------------------------------------------------------------------
    # token helpers

    def fail(self, msg="invalid syntax", tok=None, end_tok=None):
        """Raise a SyntaxError located at `tok` (a token or node; default: current token)."""
        if tok is None:
            tok = self.toks[min(self.p, len(self.toks) - 1)]
        raise self._error(msg, tok, end_tok)

    def _error(self, msg, a, b=None, cls=SyntaxError):
        """Build CPython's SyntaxError for the range a..b (tokens or nodes).

        Offsets are 1-based character columns.  INDENT/DEDENT/ENDMARKER tokens
        have no range in the C tokenizer, so CPython reports the cursor
        position and end_offset -1 for them; we do the same.
        """
        if b is None:
            b = a
        tk = self.tokenizer
        if a.__class__ is Token:
            ty = a.type
            if ty == "ERRORTOKEN":
                return tk.unclosed or tk.token_error
            if ty == "INDENT":
                return cls(msg, (self.filename, a.lineno, a.end_col, self._line(a.lineno), a.lineno, -1))
            if ty == "DEDENT" or ty == "ENDMARKER":
                if a.spos >= len(self.src):
                    ln = len(tk.lines)
                    line = self._line(ln)
                    return cls(msg, (self.filename, ln, len(line.rstrip("\n")) + 1, line, ln, -1))
                return cls(msg, (self.filename, a.lineno, a.col, self._line(a.lineno), a.lineno, -1))
            lineno, col = a.lineno, a.col
        else:
            lineno, col = a.lineno, self._char_col(a.lineno, a.col_offset)
        if b.__class__ is Token:
            end_lineno, end_col = b.end_lineno, b.end_col
        else:
            end_lineno, end_col = b.end_lineno, self._char_col(b.end_lineno, b.end_col_offset)
        return cls(msg, (self.filename, lineno, col + 1, self._line(lineno), end_lineno, end_col + 1))

    def _line(self, lineno):
        """Source line for SyntaxError.text: the parser sees every line newline-terminated."""
        text = self.tokenizer.line_text(lineno)
        if not text.isascii() and _has_escaped_bytes(text):
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if not text.endswith("\n") and self.mode in ("exec", "single"):
            # CPython's file/interactive input gets an implicit final newline
            text += "\n"
        return text

    def _last_real(self):
        for t in reversed(self.toks[:self.p + 1]):
            if t.type not in ("ENDMARKER", "DEDENT", "NEWLINE", "INDENT"):
                return t
        return None

    def last_real(self):
        """The last consumed token that is not NEWLINE/INDENT/DEDENT (CPython's EXTRA end)."""
        toks = self.toks
        i = self.p - 1
        while toks[i].type in ("NEWLINE", "DEDENT", "INDENT"):
            i -= 1
        return toks[i]

    def expect(self, kind):
        p = self.p
        if self.kinds[p] == kind:
            self.p = p + 1
            return self.toks[p]
        raise _Fail(kind)

    def expect_hard(self, kind, msg=None):
        """Like expect, but a mismatch is a SyntaxError rather than a backtrack."""
        p = self.p
        if self.kinds[p] == kind:
            self.p = p + 1
            return self.toks[p]
        if msg is None:
            if kind in (":",):
                msg = f"expected '{kind}'"
            else:
                msg = "invalid syntax"
        self.fail(msg, self.toks[p])

    def name_tok(self):
        p = self.p
        if self.kinds[p] == "NAME":
            self.p = p + 1
            return self.toks[p]
        raise _Fail("NAME")

    def at_soft(self, word):
        return self.kinds[self.p] == "NAME" and self.toks[self.p].string == word

    # ------------------------------------------------------------------
    # entry points

    def parse(self, mode):
        self.mode = mode
        try:
            if mode == "exec":
                body = self.statements_until("ENDMARKER")
                ignores = [_mk_nopos(N.TypeIgnore, ln, tag) for ln, tag in self.tokenizer.type_ignores]
                return _mk_nopos(N.Module, body, ignores)
            if mode == "eval":
                while self.kinds[self.p] == "NEWLINE":
                    self.p += 1
                if self.kinds[self.p] == "ENDMARKER" and not self.src.strip():
                    lines = self.tokenizer.lines
                    ln = len(lines) if self.src else 0
                    raise SyntaxError("invalid syntax", (self.filename, ln, 0,
                                                         lines[ln - 1] if ln else "", ln, 0))
                body = self.expressions()
                if self.p > 2700:
                    check_ast_depth(body, 2)
                while self.kinds[self.p] == "NEWLINE":
                    self.p += 1
                if self.kinds[self.p] != "ENDMARKER":
                    self.fail()
                return _mk_nopos(N.Expression, body)
            if mode == "single":
                while self.kinds[self.p] == "NEWLINE":
                    self.p += 1
                if self.kinds[self.p] == "ENDMARKER":
                    # an empty interactive statement is an error at the last line
                    lines = self.tokenizer.lines
                    ln = len(lines) if self.src else 0
                    raise SyntaxError("invalid syntax", (self.filename, ln, 0,
                                                         lines[ln - 1] if ln else "", ln, 0))
                body = self.statement()
                end_stmt = self.p - 1
                while self.kinds[self.p] == "NEWLINE":
                    self.p += 1
                if self.kinds[self.p] != "ENDMARKER":
                    nl = self.toks[end_stmt]
                    if nl.type != "NEWLINE":
                        nl = self.toks[end_stmt + 1]
                    raise self._error("multiple statements found while compiling a single statement", nl)
                return _mk_nopos(N.Interactive, body)
            if mode == "func_type":
                self.expect_hard("(")
                argtypes = []
                if self.kinds[self.p] != ")":
                    while True:
                        if self.kinds[self.p] in ("*", "**"):
                            st = self.toks[self.p]
                            self.p += 1
                            v = self.expression()
                            argtypes.append(v)   # CPython drops the star here
                        else:
                            argtypes.append(self.expression())
                        if self.kinds[self.p] != ",":
                            break
                        self.p += 1
                        if self.kinds[self.p] == ")":
                            break
                self.expect_hard(")")
                self.expect_hard("->")
                returns = self.expression()
                while self.kinds[self.p] == "NEWLINE":
                    self.p += 1
                if self.kinds[self.p] != "ENDMARKER":
                    self.fail()
                return _mk_nopos(N.FunctionType, argtypes, returns)
            raise ValueError("compile() mode must be 'exec', 'eval', 'single' or 'func_type'")
        except _Fail:
            err = self._invalid_syntax()
        except SyntaxError as exc:
            err = exc
        except RecursionError as exc:
            if "during ast construction" in str(exc):
                raise
            # the host ran out of stack first: report it the way CPython does
            raise _stack_overflow() from None
        except (MemoryError, ValueError):
            raise
        except Exception:
            # A bug in this parser must not escape as an internal error; the
            # differential tests catch the mismatch instead.
            err = self._invalid_syntax()
        tk = self.tokenizer
        if tk.token_error is not None and err is not tk.token_error:
            # CPython re-tokenizes the rest of the input after a parse error
            # and a tokenizer error found there wins -- except over the
            # generic "unexpected indent" and inside f-strings.
            if not (getattr(err, "_generic_indent", False) or tk.error_in_fstring or tk.error_is_status):
                err = tk.token_error
        unclosed = self.tokenizer.unclosed
        if (unclosed is not None and err is not unclosed
                and max(err.lineno or 0, self.toks[min(self.p, len(self.toks) - 1)].lineno) > unclosed.lineno):
            err = unclosed
        raise err

    def _invalid_syntax(self):
        tok = self.toks[min(self.p, len(self.toks) - 1)]
        if tok.type == "INDENT":
            err = self._error("unexpected indent", tok, tok, IndentationError)
            err._generic_indent = True
            return err
        if tok.type == "DEDENT" and self.p + 1 < len(self.toks):
            pass
        return self._error("invalid syntax", tok, tok)

    def _invalid_eq(self, test):
        """`if x = 1:` -- CPython suggests '==' or ':='."""
        self.p += 1
        try:
            rhs = self.bitwise_or()
        except _Fail:
            return
        if test.__class__ is N.Name:
            raise self._error("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", test, rhs)
        if test.__class__ not in (N.Compare, N.BoolOp, N.IfExp, N.Lambda, N.NamedExpr, N.Tuple, N.List,
                                  N.GeneratorExp) and not (test.__class__ is N.UnaryOp and test.op is _NOT):
            raise self._node_error(f"cannot assign to {_describe(test)} here. Maybe you meant '==' instead of '='?", test)

    # ------------------------------------------------------------------
    # statements

    def statements_until(self, end_kind):
        body = []
        kinds = self.kinds
        while kinds[self.p] != end_kind:
            if kinds[self.p] == "NEWLINE":
                self.p += 1
                continue
            sp = self.p
            stmts = self.statement()
            if self.p - sp > 2700:
                # only a statement this long can be deep enough to matter
                for st in stmts:
                    check_ast_depth(st, 2)
            body.extend(stmts)
        return body

    def statement(self):
        k = self.kinds[self.p]
        if k in _COMPOUND:
            return [getattr(self, _COMPOUND[k])()]
        if k == "NAME":
            s = self.toks[self.p].string
            if s == "match":
                self.match_hint = None
                r = self.try_match_stmt()
                if r is not None:
                    return [r]
                if self.match_hint is not None:
                    hint = self.match_hint
                    self.match_hint = None
                    try:
                        return self.simple_stmts()
                    except (_Fail, SyntaxError):
                        raise hint from None
        if k == "INDENT":
            tok = self.toks[self.p]
            err = self._error("unexpected indent", tok, tok, IndentationError)
            err._generic_indent = True
            raise err
        return self.simple_stmts()

    def simple_stmts(self):
        stmts = [self.simple_stmt()]
        kinds = self.kinds
        while kinds[self.p] == ";":
            self.p += 1
            if kinds[self.p] == "NEWLINE":
                break
            stmts.append(self.simple_stmt())
        if kinds[self.p] != "NEWLINE":
            self._simple_stmt_trailing_error(stmts[-1])
        self.p += 1
        return stmts

    def _simple_stmt_trailing_error(self, last):
        tok = self.toks[self.p]
        k = self.kinds[self.p]
        # "Perhaps you forgot a comma?" when two expressions are juxtaposed inside
        # brackets is reported elsewhere; here we mimic the generic cases.
        if (last.__class__ is N.Expr and last.value.__class__ is N.Name
                and last.value.id in ("print", "exec") and k in _EXPR_STARTS and k != "("):
            save = self.p
            try:
                b = self.star_expressions()
            except (_Fail, SyntaxError):
                b = None
            if b is not None:
                name = last.value.id
                raise self._error_span(f"Missing parentheses in call to '{name}'. Did you mean {name}(...)?",
                                       last.value, b)
            self.p = save
        raise self._error("invalid syntax", tok, tok)

    def simple_stmt(self):
        k = self.kinds[self.p]
        tok = self.toks[self.p]
        m = getattr(self, _SIMPLE.get(k, "expr_stmt"))
        return m()

    def expr_stmt(self):
        sp = self.p
        toks = self.toks
        kinds = self.kinds
        start = toks[self.p]
        if kinds[self.p] == "NAME" and start.string == "type" and kinds[self.p + 1] == "NAME":
            r = self.try_type_alias()
            if r is not None:
                return r
        if kinds[self.p] == "yield":
            e = self.yield_expr()
        else:
            e = self.star_expressions()
        k = kinds[self.p]
        if k == "=":
            targets = [e]
            while kinds[self.p] == "=":
                self.p += 1
                if kinds[self.p] == "yield":
                    v = self.yield_expr()
                else:
                    v = self.star_expressions()
                targets.append(v)
            value = targets.pop()
            tc = None
            if kinds[self.p] == "TYPE_COMMENT":
                tc = toks[self.p].string
                self.p += 1
            for i, t in enumerate(targets):
                if ((t.__class__ is N.Yield or t.__class__ is N.YieldFrom)
                        and (len(targets) > 1 or (t.lineno, t.col_offset) == (start.lineno, start.col_offset))):
                    raise self._node_error("assignment to yield expression not possible", t)
                # CPython's invalid_named_expression only looks at `target = value`
                # at the very start of the statement
                here = (len(targets) == 1 and value.__class__ not in (N.Lambda, N.Yield, N.YieldFrom, N.Starred)
                        and not (value.__class__ is N.UnaryOp and value.op is _NOT))
                if here and (t.lineno, t.col_offset) != (start.lineno, start.col_offset):
                    here = "paren"
                self.set_context(t, STORE, "here" if here is True else ("here-paren" if here else "assign"))
            return _mk(N.Assign, start, self.toks[self.p - 1], targets, value, tc)
        if k == ":":
            self.p += 1
            parenthesised = start.string == "(" and start.type == "OP"
            cls = e.__class__
            if cls is N.Tuple:
                if not parenthesised:
                    raise self._node_error("only single target (not tuple) can be annotated", e.elts[0])
                raise self._node_error("only single target (not tuple) can be annotated", e)
            if cls is N.List:
                raise self._node_error("only single target (not list) can be annotated", e)
            if cls not in (N.Name, N.Attribute, N.Subscript):
                raise self._node_error("illegal target for annotation", e)
            self.set_context(e, STORE, "assign")
            ann = self.expression()
            end = ann
            value = None
            if kinds[self.p] == "=":
                self.p += 1
                if kinds[self.p] == "yield":
                    value = self.yield_expr()
                else:
                    value = self.star_expressions()
                end = value
            simple = 1 if (cls is N.Name and not parenthesised) else 0
            return _mk(N.AnnAssign, start, self.toks[self.p - 1], e, ann, value, simple)
        if k in _AUGOPS:
            op = _AUGOPS[k]
            cls = e.__class__
            if cls not in (N.Name, N.Attribute, N.Subscript):
                raise self._node_error(f"'{_describe(e)}' is an illegal expression for augmented assignment", e)
            self.set_context(e, STORE, "assign")
            self.p += 1
            if kinds[self.p] == "yield":
                v = self.yield_expr()
            else:
                v = self.star_expressions()
            return _mk(N.AugAssign, start, self.toks[self.p - 1], e, op, v)
        return _mk(N.Expr, start, self.toks[self.p - 1], e)

    def _node_error(self, msg, node, cls=SyntaxError):
        return self._error(msg, node, node, cls)

    def _char_col(self, lineno, bcol):
        line = self._line(lineno)
        if line.isascii():
            return bcol
        return len(line.encode("utf-8")[:bcol].decode("utf-8", "replace"))

    def set_context(self, node, ctx, what):
        """Turn a Load expression into an assignment/deletion target, or raise CPython's error."""
        cls = node.__class__
        if cls is N.Name:
            node.ctx = ctx
            return
        if cls is N.Attribute or cls is N.Subscript:
            node.ctx = ctx
            return
        here = what == "here" or what == "here-paren"
        paren = what == "here-paren"
        if here:
            what = "assign"
        if cls is N.Starred:
            if ctx is DEL:
                raise self._node_error("cannot delete starred", node)
            node.ctx = ctx
            self.set_context(node.value, ctx, what)
            return
        if cls is N.Tuple or cls is N.List:
            node.ctx = ctx
            for elt in node.elts:
                self.set_context(elt, ctx, what)
            return
        desc = _describe(node)
        if ctx is DEL:
            raise self._node_error(f"cannot delete {desc}", node)
        if (here and (paren or cls not in (N.GeneratorExp, N.Compare, N.BoolOp, N.IfExp, N.Lambda, N.NamedExpr))
                and cls is not N.GeneratorExp
                and not (cls is N.UnaryOp and node.op is _NOT and not paren)
                and not (cls is N.Constant and node.value in (None, True, False) and node.value.__class__ is not int)):
            raise self._node_error(f"cannot assign to {desc} here. Maybe you meant '==' instead of '='?", node)
        raise self._node_error(f"cannot assign to {desc}", node)


    def try_type_alias(self):
        """`type X[T] = ...` -- `type` is a soft keyword only in this position."""
        save = self.p
        start = self.toks[self.p]
        self.p += 1
        ntok = self.toks[self.p]
        self.p += 1
        if self.kinds[self.p] not in ("=", "["):
            self.p = save
            return None
        tparams = []
        if self.kinds[self.p] == "[":
            tparams = self.type_params()
        if self.kinds[self.p] != "=":
            self.p = save
            return None
        self.p += 1
        value = self.expression()
        name = _mk(N.Name, ntok, ntok, ntok.string, STORE)
        return _mk(N.TypeAlias, start, self.toks[self.p - 1], name, tparams, value)

    def return_stmt(self):
        start = self.toks[self.p]
        self.p += 1
        value = None
        end = start
        if self.kinds[self.p] not in (";", "NEWLINE"):
            value = self.star_expressions()
            end = value
        return _mk(N.Return, start, self.toks[self.p - 1], value)

    def pass_stmt(self):
        t = self.toks[self.p]
        self.p += 1
        return _mk(N.Pass, t, t)

    def break_stmt(self):
        t = self.toks[self.p]
        self.p += 1
        return _mk(N.Break, t, t)

    def continue_stmt(self):
        t = self.toks[self.p]
        self.p += 1
        return _mk(N.Continue, t, t)

    def raise_stmt(self):
        start = self.toks[self.p]
        self.p += 1
        exc = cause = None
        end = start
        if self.kinds[self.p] not in (";", "NEWLINE"):
            exc = self.expression()
            end = exc
            if self.kinds[self.p] == "from":
                self.p += 1
                cause = self.expression()
                end = cause
        return _mk(N.Raise, start, self.toks[self.p - 1], exc, cause)

    def global_stmt(self, cls=N.Global):
        start = self.toks[self.p]
        self.p += 1
        names = [self.name_tok()]
        while self.kinds[self.p] == ",":
            self.p += 1
            names.append(self.name_tok())
        return _mk(cls, start, names[-1], [t.string for t in names])

    def nonlocal_stmt(self):
        return self.global_stmt(N.Nonlocal)

    def del_stmt(self):
        start = self.toks[self.p]
        self.p += 1
        targets = []
        end = start
        while True:
            if self.kinds[self.p] in (";", "NEWLINE"):
                break
            t = self.star_target_expr(allow_star=False)
            self.set_context(t, DEL, "del")
            targets.append(t)
            end = self.toks[self.p - 1]
            if self.kinds[self.p] != ",":
                break
            self.p += 1
            end = self.toks[self.p - 1]
        if not targets:
            self.fail()
        return _mk(N.Delete, start, end, targets)

    def assert_stmt(self):
        start = self.toks[self.p]
        self.p += 1
        test = self.expression()
        msg = None
        end = test
        if self.kinds[self.p] == ",":
            self.p += 1
            msg = self.expression()
            end = msg
        return _mk(N.Assert, start, self.toks[self.p - 1], test, msg)

    def dotted_name(self):
        t = self.name_tok()
        parts = [t.string]
        end = t
        while self.kinds[self.p] == "." and self.kinds[self.p + 1] == "NAME":
            self.p += 1
            end = self.name_tok()
            parts.append(end.string)
        return ".".join(parts), t, end

    def import_stmt(self):
        start = self.toks[self.p]
        self.p += 1
        names = []
        while True:
            name, s, e = self.dotted_name()
            asname = None
            if self.kinds[self.p] == "as":
                self.p += 1
                e = self.name_tok()
                asname = e.string
            names.append(_mk(N.alias, s, e, name, asname))
            if self.kinds[self.p] != ",":
                break
            self.p += 1
        if self.kinds[self.p] == "from":
            save = self.p
            try:
                self.p += 1
                self.dotted_name()
            except _Fail:
                self.p = save
            else:
                # CPython ends this range at its tokenizer cursor: just after
                # the lookahead token, with no +1.
                look = self.toks[self.p]
                raise SyntaxError("Did you mean to use 'from ... import ...' instead?",
                                  (self.filename, start.lineno, start.col + 1, self._line(start.lineno),
                                   look.end_lineno, look.end_col))
        return _mk(N.Import, start, names[-1], names)

    def from_stmt(self):
        start = self.toks[self.p]
        self.p += 1
        level = 0
        kinds = self.kinds
        while kinds[self.p] in (".", "..."):
            level += len(self.toks[self.p].string)
            self.p += 1
        module = None
        if kinds[self.p] == "NAME":
            module = self.dotted_name()[0]
        elif level == 0:
            self.fail()
        self.expect_hard("import")
        names = []
        if kinds[self.p] == "*":
            t = self.toks[self.p]
            self.p += 1
            names.append(_mk(N.alias, t, t, "*", None))
            return _mk(N.ImportFrom, start, t, module, names, level)
        paren = kinds[self.p] == "("
        if paren:
            self.p += 1
        while True:
            t = self.name_tok()
            e = t
            asname = None
            if kinds[self.p] == "as":
                self.p += 1
                e = self.name_tok()
                asname = e.string
            names.append(_mk(N.alias, t, e, t.string, asname))
            if kinds[self.p] != ",":
                break
            self.p += 1
            if paren and kinds[self.p] == ")":
                break
            if not paren and kinds[self.p] in ("NEWLINE", ";"):
                self.fail("trailing comma not allowed without surrounding parentheses",
                          self.toks[self.p])
        end = names[-1]
        if paren:
            end = self.expect_hard(")")
        return _mk(N.ImportFrom, start, end, module, names, level)

    # ---- compound statements --------------------------------------------

    def block(self, what, header_tok):
        """Parse ':' already consumed; a NEWLINE INDENT ... DEDENT suite or simple statements."""
        kinds = self.kinds
        if kinds[self.p] == "NEWLINE":
            self.p += 1
            if kinds[self.p] != "INDENT":
                tok = self.toks[self.p]
                raise self._error(f"expected an indented block after {what} on line {header_tok.lineno}",
                                  tok, tok, IndentationError)
            self.p += 1
            body = []
            while kinds[self.p] != "DEDENT":
                if kinds[self.p] == "ENDMARKER":
                    break
                body.extend(self.statement())
            self.p += 1
            return body
        return self.simple_stmts()

    def type_comment(self):
        """An optional TYPE_COMMENT token (only present with type_comments=True)."""
        if self.kinds[self.p] == "TYPE_COMMENT":
            self.p += 1
            return self.toks[self.p - 1].string
        return None

    def colon(self):
        p = self.p
        if self.kinds[p] == ":":
            self.p = p + 1
            return
        tok = self.toks[p]
        if tok.type == "NEWLINE":
            # CPython's invalid_*_stmt rules: header then NEWLINE
            raise self._error("expected ':'", tok)
        self.fail()

    def if_stmt(self, cls=N.If):
        start = self.toks[self.p]
        self.p += 1
        test = self.named_expression()
        if self.kinds[self.p] == "=":
            self._invalid_eq(test)
        self.colon()
        body = self.block(f"'{start.string}' statement", start)
        orelse = []
        k = self.kinds[self.p]
        if k == "elif":
            orelse = [self.if_stmt()]
        elif k == "else":
            et = self.toks[self.p]
            self.p += 1
            self.colon()
            orelse = self.block("'else' statement", et)
        end = self.last_real()
        return _mk(N.If, start, end, test, body, orelse)

    def while_stmt(self):
        start = self.toks[self.p]
        self.p += 1
        test = self.named_expression()
        if self.kinds[self.p] == "=":
            self._invalid_eq(test)
        self.colon()
        body = self.block("'while' statement", start)
        orelse = []
        if self.kinds[self.p] == "else":
            et = self.toks[self.p]
            self.p += 1
            self.colon()
            orelse = self.block("'else' statement", et)
        return _mk(N.While, start, self.last_real(), test, body, orelse)

    def for_stmt(self, start=None, is_async=False):
        if start is None:
            start = self.toks[self.p]
        ftok = self.toks[self.p]
        self.p += 1
        target = self.star_targets()
        self.expect_hard("in")
        it = self.star_expressions()
        self.colon()
        tc = self.type_comment()
        body = self.block("'for' statement", ftok)
        orelse = []
        if self.kinds[self.p] == "else":
            et = self.toks[self.p]
            self.p += 1
            self.colon()
            orelse = self.block("'else' statement", et)
        cls = N.AsyncFor if is_async else N.For
        return _mk(cls, start, self.last_real(), target, it, body, orelse, tc)

    def with_stmt(self, start=None, is_async=False):
        if start is None:
            start = self.toks[self.p]
        wtok = self.toks[self.p]
        self.p += 1
        items = None
        parenthesised = False
        if self.kinds[self.p] == "(":
            save = self.p
            try:
                self.p += 1
                items = [self.with_item()]
                while self.kinds[self.p] == ",":
                    self.p += 1
                    if self.kinds[self.p] == ")":
                        break
                    items.append(self.with_item())
                self.expect(")")
                if self.kinds[self.p] not in (":", "NEWLINE"):
                    raise _Fail()
                parenthesised = True
            except (_Fail, SyntaxError):
                self.p = save
                items = None
        if items is None:
            items = [self.with_item()]
            while self.kinds[self.p] == ",":
                self.p += 1
                items.append(self.with_item())
        self.colon()
        tc = self.type_comment() if not parenthesised else None
        body = self.block("'with' statement", wtok)
        cls = N.AsyncWith if is_async else N.With
        return _mk(cls, start, self.last_real(), items, body, tc)

    def with_item(self):
        e = self.expression()
        var = None
        if self.kinds[self.p] == "as":
            self.p += 1
            var = self.star_target_expr(allow_star=True)
            self.set_context(var, STORE, "with")
            if self.kinds[self.p] not in (",", ")", ":", "NEWLINE"):
                raise _Fail()
        return _mk_nopos(N.withitem, e, var)

    def try_stmt(self):
        start = self.toks[self.p]
        self.p += 1
        self.colon()
        body = self.block("'try' statement", start)
        handlers = []
        star = None
        kinds = self.kinds
        while kinds[self.p] == "except":
            et = self.toks[self.p]
            self.p += 1
            is_star = False
            if kinds[self.p] == "*":
                is_star = True
                self.p += 1
            if star is None:
                star = is_star
            elif star != is_star:
                self.fail("cannot have both 'except' and 'except*' on the same 'try'", et,
                          self.toks[self.p - 1] if is_star else et)
            typ = None
            name = None
            if kinds[self.p] not in (":", "NEWLINE"):
                typ = self.expression()
                if kinds[self.p] == ",":
                    while kinds[self.p] == ",":
                        self.p += 1
                        self.expression()
                    if kinds[self.p] == "as":
                        self.p += 2
                    self.fail("multiple exception types must be parenthesized", typ, self.toks[self.p - 1])
                if kinds[self.p] == "as":
                    self.p += 1
                    name = self.name_tok().string
            elif is_star:
                self.fail("expected one or more exception types", self.toks[self.p])
            self.colon()
            hbody = self.block("'except*' statement" if is_star else "'except' statement", et)
            handlers.append(_mk(N.ExceptHandler, et, self.last_real(), typ, name, hbody))
        orelse = []
        final = []
        if kinds[self.p] == "else":
            if not handlers:
                self.fail()
            et = self.toks[self.p]
            self.p += 1
            self.colon()
            orelse = self.block("'else' statement", et)
        if kinds[self.p] == "finally":
            ft = self.toks[self.p]
            self.p += 1
            self.colon()
            final = self.block("'finally' statement", ft)
        if not handlers and not final:
            tok = self.toks[self.p]
            raise self._error("expected 'except' or 'finally' block", tok, tok)
        end = self.last_real()
        cls = N.TryStar if star else N.Try
        return _mk(cls, start, end, body, handlers, orelse, final)

    def decorated(self):
        decorators = []
        kinds = self.kinds
        while kinds[self.p] == "@":
            self.p += 1
            decorators.append(self.named_expression())
            if kinds[self.p] != "NEWLINE":
                self.fail()
            self.p += 1
        k = kinds[self.p]
        if k == "def":
            return self.funcdef(decorators)
        if k == "class":
            return self.classdef(decorators)
        if k == "async" and kinds[self.p + 1] == "def":
            return self.funcdef(decorators)
        self.fail()

    def async_stmt(self):
        start = self.toks[self.p]
        k = self.kinds[self.p + 1]
        if k == "def":
            return self.funcdef([])
        self.p += 1
        if k == "for":
            return self.for_stmt(start, True)
        if k == "with":
            return self.with_stmt(start, True)
        self.fail()

    def funcdef(self, decorators):
        start = self.toks[self.p]
        is_async = False
        if self.kinds[self.p] == "async":
            is_async = True
            self.p += 1
        dtok = self.toks[self.p]
        self.p += 1
        name = self.name_tok().string
        tparams = []
        if self.kinds[self.p] == "[":
            lb = self.toks[self.p]
            try:
                tparams = self.type_params()
            except (_Fail, SyntaxError) as exc:
                if isinstance(exc, SyntaxError) and exc.msg in _INVALID_TYPE_PARAM_MESSAGES:
                    raise  # invalid_type_param's error wins over the forced '('
                if self.toks[self.p].type == "ERRORTOKEN":
                    raise self._error("", self.toks[self.p]) from None  # the tokenizer's error
                raise self._error("expected '('", lb) from None
        self.expect_hard("(", "expected '('")
        args = self.parameters(")", annotations=True)
        self.expect_hard(")")
        returns = None
        if self.kinds[self.p] == "->":
            self.p += 1
            returns = self.expression()
        self.colon()
        tc = self.type_comment()
        kinds = self.kinds
        if (tc is None and kinds[self.p] == "NEWLINE" and kinds[self.p + 1] == "TYPE_COMMENT"
                and kinds[self.p + 2] == "NEWLINE" and kinds[self.p + 3] == "INDENT"):
            tc = self.toks[self.p + 1].string
            self.p += 2
        body = self.block("function definition", dtok)
        cls = N.AsyncFunctionDef if is_async else N.FunctionDef
        return _mk(cls, start, self.last_real(), name, args, body, decorators, returns, tc, tparams)

    def classdef(self, decorators):
        start = self.toks[self.p]
        self.p += 1
        name = self.name_tok().string
        tparams = []
        if self.kinds[self.p] == "[":
            tparams = self.type_params()
        bases = []
        keywords = []
        if self.kinds[self.p] == "(":
            self.p += 1
            if self.kinds[self.p] != ")":
                bases, keywords = self.arguments(genexp_ok=False)
            self.expect_hard(")")
        self.colon()
        body = self.block("class definition", start)
        return _mk(N.ClassDef, start, self.last_real(), name, bases, keywords, body, decorators, tparams)

    def type_params(self):
        self.p += 1   # '['
        params = []
        kinds = self.kinds
        while True:
            k = kinds[self.p]
            t = self.toks[self.p]
            if k == "*":
                self.p += 1
                n = self.name_tok()
                self._invalid_type_param_bound("TypeVarTuple")
                params.append(_mk(N.TypeVarTuple, t, n, n.string))
            elif k == "**":
                self.p += 1
                n = self.name_tok()
                self._invalid_type_param_bound("ParamSpec")
                params.append(_mk(N.ParamSpec, t, n, n.string))
            else:
                n = self.name_tok()
                bound = None
                end = n
                if kinds[self.p] == ":":
                    self.p += 1
                    bound = self.expression()
                    end = bound
                params.append(_mk(N.TypeVar, n, self.toks[self.p - 1], n.string, bound))
            if kinds[self.p] != ",":
                break
            self.p += 1
            if kinds[self.p] == "]":
                break
        self.expect_hard("]")
        return params

    def _invalid_type_param_bound(self, what):
        """`invalid_type_param`: `*Ts: ...` or `**P: ...` (from the colon to
        the end of the bound)."""
        if self.kinds[self.p] != ":":
            return
        colon = self.toks[self.p]
        self.p += 1
        bound = self.expression()
        if self.toks[self.p].type == "ERRORTOKEN":
            raise self._error("", self.toks[self.p])  # the tokenizer's error comes first
        kind = "constraints" if bound.__class__ is N.Tuple else "bound"
        raise self._error(f"cannot use {kind} with {what}", colon, bound)

    def parameters(self, closer, annotations):
        """Parameter list up to (not including) `closer`; returns an `arguments` node."""
        self._last_param = None
        kinds = self.kinds
        posonly = []
        args = []
        defaults = []
        vararg = None
        kwonly = []
        kw_defaults = []
        kwarg = None
        seen_star = False
        seen_default = False
        while kinds[self.p] != closer:
            k = kinds[self.p]
            t = self.toks[self.p]
            if k == "/":
                if seen_star or posonly or not args:
                    if not args and not posonly:
                        self.fail("at least one argument must precede /", t)
                    self.fail("/ may appear only once" if posonly else "/ must be ahead of *", t)
                self.p += 1
                posonly = args
                args = []
                if kinds[self.p] == "*":
                    self.fail("expected comma between / and *")
            elif k == "*":
                if seen_star:
                    self.fail("* argument may appear only once", t)
                seen_star = True
                self.p += 1
                if kinds[self.p] in (",", closer):
                    if kinds[self.p] == closer or kinds[self.p + 1] in (closer, "**"):
                        self.fail("named arguments must follow bare *", t if annotations else None)
                else:
                    vararg = self.param(annotations, star=True)
                    if kinds[self.p] == "=":
                        self.fail("var-positional argument cannot have default value", self.toks[self.p])
            elif k == "**":
                self.p += 1
                kwarg = self.param(annotations)
                if kinds[self.p] == "=":
                    self.fail("var-keyword argument cannot have default value", self.toks[self.p])
                if kinds[self.p] == ",":
                    self.p += 1
                if kinds[self.p] != closer:
                    self.fail("arguments cannot follow var-keyword argument", self.toks[self.p])
                break
            else:
                a = self.param(annotations)
                default = None
                if kinds[self.p] == "=":
                    self.p += 1
                    if kinds[self.p] in (",", closer):
                        self.fail("expected default value expression", self.toks[self.p - 1])
                    default = self.expression()
                if seen_star:
                    kwonly.append(a)
                    kw_defaults.append(default)
                else:
                    args.append(a)
                    if default is not None:
                        defaults.append(default)
                        seen_default = True
                    elif seen_default:
                        self.fail("parameter without a default follows parameter with a default", t)
            if kinds[self.p] == "TYPE_COMMENT" and kinds[self.p + 1] == closer:
                self._attach_type_comment(posonly, args, kwonly, vararg, kwarg)
                break
            if kinds[self.p] != ",":
                break
            self.p += 1
            if kinds[self.p] == "TYPE_COMMENT":
                self._attach_type_comment(posonly, args, kwonly, vararg, kwarg)
        return _mk_nopos(N.arguments, posonly, args, vararg, kwonly, kw_defaults, kwarg, defaults)

    def _attach_type_comment(self, posonly, args, kwonly, vararg, kwarg):
        """`def f(a,  # type: int` -- the comment belongs to the parameter just parsed."""
        tok = self.toks[self.p]
        self.p += 1
        last = self._last_param
        if last is None:
            raise self._error("invalid syntax", tok)
        last.type_comment = tok.string

    _last_param = None

    def param(self, annotations, star=False):
        if self.kinds[self.p] == "(":
            # Python 2 tuple parameters
            lp = self.toks[self.p]
            depth = 0
            i = self.p
            while True:
                k = self.kinds[i]
                if k == "(":
                    depth += 1
                elif k == ")":
                    depth -= 1
                    if depth == 0:
                        break
                elif k in ("NEWLINE", "ENDMARKER"):
                    self.fail()
                i += 1
            what = "Function parameters" if annotations else "Lambda expression parameters"
            raise self._error(f"{what} cannot be parenthesized", lp, self.toks[i])
        t = self.name_tok()
        ann = None
        end = t
        if annotations and self.kinds[self.p] == ":":
            self.p += 1
            if star and self.kinds[self.p] == "*":
                st = self.toks[self.p]
                self.p += 1
                v = self.expression()
                ann = _mk(N.Starred, st, self.toks[self.p - 1], v, LOAD)
            else:
                ann = self.expression()
            end = ann
        node = _mk(N.arg, t, self.toks[self.p - 1], t.string, ann, None)
        self._last_param = node
        return node

    # ---- match statement --------------------------------------------------

    def try_match_stmt(self):
        save = self.p
        start = self.toks[self.p]
        self.p += 1
        sp = self.p
        kinds = self.kinds
        if kinds[self.p] in ("=", ".", "(", "[") and kinds[self.p] not in ("(", "["):
            self.p = save
            return None
        try:
            if kinds[self.p] in ("NEWLINE", ":", ";") or kinds[self.p] in _AUGOPS:
                raise _Fail()
            subject = self.star_named_expression()
            if kinds[self.p] == ",":
                elts = [subject]
                while kinds[self.p] == ",":
                    self.p += 1
                    if kinds[self.p] == ":":
                        break
                    elts.append(self.star_named_expression())
                subject = _mk(N.Tuple, self.toks[sp], self.toks[self.p - 1], elts, LOAD)
            if kinds[self.p] != ":":
                tok = self.toks[self.p]
                if tok.type == "NEWLINE":
                    self.match_hint = self._error("expected ':'", tok)
                else:
                    self.match_hint = self._error("invalid syntax", tok)
                raise _Fail()
        except (_Fail, SyntaxError):
            self.p = save
            return None
        self.p += 1
        if kinds[self.p] != "NEWLINE":
            self.fail()
        self.p += 1
        if kinds[self.p] != "INDENT":
            tok = self.toks[self.p]
            raise self._error(f"expected an indented block after 'match' statement on line {start.lineno}",
                              tok, tok, IndentationError)
        self.p += 1
        cases = []
        while kinds[self.p] != "DEDENT":
            if not self.at_soft("case"):
                self.fail()
            cases.append(self.case_block())
        self.p += 1
        return _mk(N.Match, start, self.last_real(), subject, cases)

    def case_block(self):
        ctok = self.toks[self.p]
        self.p += 1
        pattern = self.patterns()
        guard = None
        if self.kinds[self.p] == "if":
            self.p += 1
            guard = self.named_expression()
        self.colon()
        body = self.block("'case' statement", ctok)
        return _mk_nopos(N.match_case, pattern, guard, body)

    def patterns(self):
        start = self.toks[self.p]
        if self.kinds[self.p] == "*":
            first = self.star_pattern()
        else:
            first = self.pattern()
        if self.kinds[self.p] != ",":
            if first.__class__ is N.MatchStar:
                return _mk(N.MatchSequence, first, first, [first])
            return first
        pats = [first]
        while self.kinds[self.p] == ",":
            self.p += 1
            if self.kinds[self.p] in (":", "if"):
                break
            pats.append(self.maybe_star_pattern())
        return _mk(N.MatchSequence, start, self.toks[self.p - 1], pats)

    def maybe_star_pattern(self):
        if self.kinds[self.p] == "*":
            return self.star_pattern()
        return self.pattern()

    def star_pattern(self):
        st = self.toks[self.p]
        self.p += 1
        n = self.name_tok()
        return _mk(N.MatchStar, st, n, None if n.string == "_" else n.string)

    def pattern(self):
        sp = self.p
        p = self.or_pattern()
        if self.kinds[self.p] == "as":
            self.p += 1
            if self.kinds[self.p] != "NAME" or self.kinds[self.p + 1] in (".", "(", "[", "+", "-", "*", "|"):
                st = self.toks[self.p]
                try:
                    self.bitwise_or()
                except _Fail:
                    self.fail()
                raise self._error("invalid pattern target", st, self.toks[self.p - 1])
            n = self.name_tok()
            if n.string == "_":
                self.fail("cannot use '_' as a target", n)
            return _mk(N.MatchAs, self.toks[sp], n, p, n.string)
        return p

    def or_pattern(self):
        sp = self.p
        first = self.closed_pattern()
        if self.kinds[self.p] != "|":
            return first
        pats = [first]
        while self.kinds[self.p] == "|":
            self.p += 1
            pats.append(self.closed_pattern())
        return _mk(N.MatchOr, self.toks[sp], self.toks[self.p - 1], pats)

    def closed_pattern(self):
        kinds = self.kinds
        k = kinds[self.p]
        t = self.toks[self.p]
        if k == "NAME":
            if kinds[self.p + 1] not in (".", "("):
                self.p += 1
                if t.string == "_":
                    return _mk(N.MatchAs, t, t, None, None)
                return _mk(N.MatchAs, t, t, None, t.string)
            # dotted value or class pattern
            self.p += 1
            node = _mk(N.Name, t, t, t.string, LOAD)
            while kinds[self.p] == ".":
                self.p += 1
                a = self.name_tok()
                node = _mk(N.Attribute, t, a, node, a.string, LOAD)
            if kinds[self.p] == "(":
                return self.class_pattern(node)
            if node.__class__ is N.Name:
                self.fail()
            return _mk(N.MatchValue, node, node, node)
        if k in ("None", "True", "False"):
            self.p += 1
            return _mk(N.MatchSingleton, t, t, {"None": None, "True": True, "False": False}[k])
        if k in ("NUMBER", "-"):
            v = self.signed_number_pattern()
            return _mk(N.MatchValue, v, v, v)
        if k in ("STRING", "FSTRING_START"):
            v = self.strings()
            # 3.12's parser accepts f-strings here; the compiler rejects them
            return _mk(N.MatchValue, v, v, v)
        if k == "(":
            self.p += 1
            if kinds[self.p] == ")":
                e = self.toks[self.p]
                self.p += 1
                return _mk(N.MatchSequence, t, e, [])
            first = self.maybe_star_pattern()
            if kinds[self.p] == ")" and first.__class__ is not N.MatchStar:
                self.p += 1
                return first
            pats = [first]
            while kinds[self.p] == ",":
                self.p += 1
                if kinds[self.p] == ")":
                    break
                pats.append(self.maybe_star_pattern())
            e = self.expect_hard(")")
            return _mk(N.MatchSequence, t, e, pats)
        if k == "[":
            self.p += 1
            pats = []
            while kinds[self.p] != "]":
                pats.append(self.maybe_star_pattern())
                if kinds[self.p] != ",":
                    break
                self.p += 1
            e = self.expect_hard("]")
            return _mk(N.MatchSequence, t, e, pats)
        if k == "{":
            return self.mapping_pattern()
        self.fail()

    def signed_number_pattern(self):
        t = self.toks[self.p]
        neg = False
        if self.kinds[self.p] == "-":
            neg = True
            self.p += 1
        nt = self.toks[self.p]
        if self.kinds[self.p] != "NUMBER":
            self.fail()
        self.p += 1
        v = _mk(N.Constant, nt, nt, self.number_value(nt), None)
        if neg:
            v = _mk(N.UnaryOp, t, nt, _UNARY["-"], v)
        if self.kinds[self.p] in ("+", "-"):
            # complex_number: real_number must be real (_PyPegen_ensure_real)
            real = v.operand if neg else v
            if isinstance(real.value, complex):
                raise self._node_error("real number required in complex literal", real)
            op = _ARITH_OPS[self.kinds[self.p]]
            self.p += 1
            it = self.toks[self.p]
            if self.kinds[self.p] != "NUMBER":
                self.fail()
            self.p += 1
            iv = _mk(N.Constant, it, it, self.number_value(it), None)
            if not isinstance(iv.value, complex):
                raise self._node_error("imaginary number required in complex literal", iv)
            v = _mk(N.BinOp, v, iv, v, op, iv)
        return v

    def class_pattern(self, cls):
        self.p += 1   # '('
        kinds = self.kinds
        pats = []
        kwd_attrs = []
        kwd_pats = []
        while kinds[self.p] != ")":
            if kinds[self.p] == "NAME" and kinds[self.p + 1] == "=":
                n = self.toks[self.p]
                self.p += 2
                kwd_attrs.append(n.string)
                kwd_pats.append(self.pattern())
            else:
                if kwd_attrs:
                    pt = self.pattern()
                    raise self._node_error("positional patterns follow keyword patterns", pt)
                pats.append(self.pattern())
            if kinds[self.p] != ",":
                break
            self.p += 1
        e = self.expect_hard(")")
        return _mk(N.MatchClass, cls, e, cls, pats, kwd_attrs, kwd_pats)

    def mapping_pattern(self):
        t = self.toks[self.p]
        self.p += 1
        kinds = self.kinds
        keys = []
        pats = []
        rest = None
        while kinds[self.p] != "}":
            if kinds[self.p] == "**":
                self.p += 1
                rest_tok = self.name_tok()
                if rest_tok.string == "_":
                    self.fail(tok=rest_tok)
                rest = rest_tok.string
                if kinds[self.p] == ",":
                    self.p += 1
                break
            k = kinds[self.p]
            kt = self.toks[self.p]
            if k in ("NUMBER", "-"):
                key = self.signed_number_pattern()
            elif k in ("STRING", "FSTRING_START"):
                key = self.strings()
            elif k in ("None", "True", "False"):
                self.p += 1
                key = _mk(N.Constant, kt, kt, {"None": None, "True": True, "False": False}[k], None)
            elif k == "NAME":
                self.p += 1
                key = _mk(N.Name, kt, kt, kt.string, LOAD)
                if kinds[self.p] != ".":
                    self.fail()
                while kinds[self.p] == ".":
                    self.p += 1
                    a = self.name_tok()
                    key = _mk(N.Attribute, kt, a, key, a.string, LOAD)
            else:
                self.fail()
            self.expect_hard(":")
            keys.append(key)
            pats.append(self.pattern())
            if kinds[self.p] != ",":
                break
            self.p += 1
        e = self.expect_hard("}")
        return _mk(N.MatchMapping, t, e, keys, pats, rest)

    # ------------------------------------------------------------------
    # expressions

    def expressions(self):
        """expressions: expression (',' expression)* [','] (used by eval mode)."""
        sp = self.p
        first = self.expression()
        if self.kinds[self.p] != ",":
            return first
        elts = [first]
        while self.kinds[self.p] == ",":
            self.p += 1
            if self.kinds[self.p] not in _EXPR_STARTS or self.kinds[self.p] == "*":
                break
            elts.append(self.expression())
        return _mk(N.Tuple, self.toks[sp], self.toks[self.p - 1], elts, LOAD)

    def star_expressions(self):
        sp = self.p
        kinds = self.kinds
        first = self.star_expression()
        if kinds[self.p] != ",":
            return first
        elts = [first]
        while kinds[self.p] == ",":
            self.p += 1
            if kinds[self.p] not in _EXPR_STARTS:
                break
            elts.append(self.star_expression())
        return _mk(N.Tuple, self.toks[sp], self.toks[self.p - 1], elts, LOAD)

    def star_expression(self):
        if self.kinds[self.p] == "*":
            t = self.toks[self.p]
            self.p += 1
            v = self.bitwise_or()
            return _mk(N.Starred, t, self.toks[self.p - 1], v, LOAD)
        return self.expression()

    def star_named_expression(self):
        if self.kinds[self.p] == "*":
            t = self.toks[self.p]
            self.p += 1
            v = self.bitwise_or()
            return _mk(N.Starred, t, self.toks[self.p - 1], v, LOAD)
        return self.named_expression()

    def named_expression(self):
        p = self.p
        if self.kinds[p] == "NAME" and self.kinds[p + 1] == ":=":
            t = self.toks[p]
            self.p = p + 2
            value = self.expression()
            target = _mk(N.Name, t, t, t.string, STORE)
            return _mk(N.NamedExpr, t, self.toks[self.p - 1], target, value)
        e = self.expression()
        if self.kinds[self.p] == ":=":
            raise self._node_error(f"cannot use assignment expressions with {_describe(e)}", e)
        return e

    def expression(self):
        sp = self.p
        kinds = self.kinds
        k = kinds[sp]
        # Fast path: a lone name or number (the commonest expression) skips
        # the thirteen precedence levels below.
        if (k == "NAME" or k == "NUMBER") and kinds[sp + 1] in _SIMPLE_FOLLOW:
            t = self.toks[sp]
            self.p = sp + 1
            if k == "NAME":
                return _mk(N.Name, t, t, t.string, LOAD)
            return _mk(N.Constant, t, t, self.number_value(t), None)
        if k == "STRING" and kinds[sp + 1] in _SIMPLE_FOLLOW:
            return self.strings()
        if k == "lambda":
            return self.lambdef()
        body = self.disjunction()
        if self.kinds[self.p] == "if":
            self.p += 1
            test = self.disjunction()
            if self.kinds[self.p] != "else":
                tok = self.toks[self.p]
                if self.kinds[self.p] == ":":
                    self.fail()
                raise self._error("expected 'else' after 'if' expression", body, test)
            self.p += 1
            orelse = self.expression()
            return _mk(N.IfExp, self.toks[sp], self.toks[self.p - 1], test, body, orelse)
        return body

    def lambdef(self):
        t = self.toks[self.p]
        self.p += 1
        args = self.parameters(":", annotations=False)
        colon = self.toks[self.p]
        if colon.spos in self.tokenizer.spec_colons and colon.string == ":" \
                and self.kinds[self.p + 1] in ("FSTRING_MIDDLE", "{"):
            # the ':' began a format spec (invalid_expression's f-string lambda)
            raise self._error("f-string: lambda expressions are not allowed without parentheses", t, colon)
        self.expect_hard(":")
        self.depth += 2
        if self.depth > _MAX_STACK:
            raise _stack_overflow()
        body = self.expression()
        self.depth -= 2
        return _mk(N.Lambda, t, self.toks[self.p - 1], args, body)

    def disjunction(self):
        sp = self.p
        first = self.conjunction()
        if self.kinds[self.p] != "or":
            return first
        values = [first]
        while self.kinds[self.p] == "or":
            self.p += 1
            values.append(self.conjunction())
        return _mk(N.BoolOp, self.toks[sp], self.toks[self.p - 1], _OR, values)

    def conjunction(self):
        sp = self.p
        first = self.inversion()
        if self.kinds[self.p] != "and":
            return first
        values = [first]
        while self.kinds[self.p] == "and":
            self.p += 1
            values.append(self.inversion())
        return _mk(N.BoolOp, self.toks[sp], self.toks[self.p - 1], _AND, values)

    def inversion(self):
        if self.kinds[self.p] == "not":
            t = self.toks[self.p]
            self.p += 1
            self.depth += 1
            if self.depth > _MAX_STACK:
                raise _stack_overflow()
            v = self.inversion()
            self.depth -= 1
            return _mk(N.UnaryOp, t, self.toks[self.p - 1], _NOT, v)
        return self.comparison()

    def comparison(self):
        sp = self.p
        left = self.bitwise_or()
        kinds = self.kinds
        k = kinds[self.p]
        if k not in _CMP_OPS and k != "not":
            return left
        ops = []
        comps = []
        while True:
            k = kinds[self.p]
            if k in _CMP_OPS:
                self.p += 1
                if k == "is" and kinds[self.p] == "not":
                    self.p += 1
                    ops.append(_ISNOT)
                else:
                    ops.append(_CMP_OPS[k])
            elif k == "not" and kinds[self.p + 1] == "in":
                self.p += 2
                ops.append(_NOTIN)
            else:
                break
            comps.append(self.bitwise_or())
        if not ops:
            return left
        return _mk(N.Compare, self.toks[sp], self.toks[self.p - 1], left, ops, comps)

    def bitwise_or(self):
        sp = self.p
        left = self.bitwise_xor()
        while self.kinds[self.p] == "|":
            self.p += 1
            right = self.bitwise_xor()
            left = _mk(N.BinOp, self.toks[sp], self.toks[self.p - 1], left, _BITOR, right)
        return left

    def bitwise_xor(self):
        sp = self.p
        left = self.bitwise_and()
        while self.kinds[self.p] == "^":
            self.p += 1
            right = self.bitwise_and()
            left = _mk(N.BinOp, self.toks[sp], self.toks[self.p - 1], left, _BITXOR, right)
        return left

    def bitwise_and(self):
        sp = self.p
        left = self.shift_expr()
        while self.kinds[self.p] == "&":
            self.p += 1
            right = self.shift_expr()
            left = _mk(N.BinOp, self.toks[sp], self.toks[self.p - 1], left, _BITAND, right)
        return left

    def shift_expr(self):
        sp = self.p
        left = self.sum()
        kinds = self.kinds
        while kinds[self.p] in _SHIFT_OPS:
            op = _SHIFT_OPS[kinds[self.p]]
            self.p += 1
            right = self.sum()
            left = _mk(N.BinOp, self.toks[sp], self.toks[self.p - 1], left, op, right)
        return left

    def sum(self):
        sp = self.p
        left = self.term()
        kinds = self.kinds
        while kinds[self.p] in _ARITH_OPS:
            op = _ARITH_OPS[kinds[self.p]]
            self.p += 1
            right = self.term()
            left = _mk(N.BinOp, self.toks[sp], self.toks[self.p - 1], left, op, right)
        return left

    def term(self):
        sp = self.p
        left = self.factor()
        kinds = self.kinds
        while kinds[self.p] in _TERM_OPS:
            op = _TERM_OPS[kinds[self.p]]
            self.p += 1
            right = self.factor()
            left = _mk(N.BinOp, self.toks[sp], self.toks[self.p - 1], left, op, right)
        return left

    def factor(self):
        k = self.kinds[self.p]
        if k in _UNARY:
            t = self.toks[self.p]
            self.p += 1
            self.depth += 1
            if self.depth > _MAX_STACK:
                raise _stack_overflow()
            v = self.factor()
            self.depth -= 1
            return _mk(N.UnaryOp, t, self.toks[self.p - 1], _UNARY[k], v)
        return self.power()

    def power(self):
        sp = self.p
        if self.kinds[self.p] == "await":
            t = self.toks[self.p]
            self.p += 1
            v = self.primary()
            left = _mk(N.Await, t, self.toks[self.p - 1], v)
        else:
            left = self.primary()
        if self.kinds[self.p] == "**":
            self.p += 1
            self.depth += 2
            if self.depth > _MAX_STACK:
                raise _stack_overflow()
            right = self.factor()
            self.depth -= 2
            return _mk(N.BinOp, self.toks[sp], self.toks[self.p - 1], left, _POW, right)
        return left

    def primary(self):
        sp = self.p
        node = self.atom()
        kinds = self.kinds
        toks = self.toks
        while True:
            k = kinds[self.p]
            if k == ".":
                self.p += 1
                n = self.name_tok()
                node = _mk(N.Attribute, self.toks[sp], n, node, n.string, LOAD)
            elif k == "(":
                node = self.call(node, sp)
            elif k == "[":
                self.p += 1
                sl = self.slices()
                e = self.expect_hard("]")
                node = _mk(N.Subscript, self.toks[sp], e, node, sl, LOAD)
            else:
                return node

    def call(self, func, sp):
        lp = self.toks[self.p]
        self.p += 1
        kinds = self.kinds
        if kinds[self.p] == ")":
            e = self.toks[self.p]
            self.p += 1
            return _mk(N.Call, self.toks[sp], e, func, [], [])
        # generator expression as the sole argument
        save = self.p
        if kinds[self.p] not in ("*", "**") and not (kinds[self.p] == "NAME" and kinds[self.p + 1] == "="):
            first = self.named_expression()
            if kinds[self.p] in ("for", "async"):
                gens = self.for_if_clauses()
                e = self.toks[self.p]
                if kinds[self.p] != ")":
                    if kinds[self.p] == ",":
                        raise self._error("Generator expression must be parenthesized", first, self.toks[self.p - 1])
                    self.fail()
                self.p += 1
                g = _mk(N.GeneratorExp, lp, e, first, gens)
                return _mk(N.Call, self.toks[sp], e, func, [g], [])
            # continue with the argument already parsed (re-parsing it would
            # make nested calls exponential)
            args, keywords = self.arguments(first=first)
        else:
            args, keywords = self.arguments()
        e = self.expect_hard(")")
        return _mk(N.Call, self.toks[sp], e, func, args, keywords)

    def arguments(self, genexp_ok=True, first=None):
        """Call arguments up to ')' (not consumed): returns (args, keywords)."""
        kinds = self.kinds
        args = []
        keywords = []
        seen_kw = False
        seen_dstar = False
        order_error = None
        while first is not None or kinds[self.p] != ")":
            k = kinds[self.p]
            t = self.toks[self.p]
            v = None
            if first is not None:
                k = None
            if k == "*":
                if seen_dstar:
                    self.fail("iterable argument unpacking follows keyword argument unpacking", t)
                self.p += 1
                v = self.expression()
                if kinds[self.p] == "=":
                    self.p += 1
                    self.expression()
                    raise self._error("cannot assign to iterable argument unpacking", t, self.toks[self.p - 1])
                args.append(_mk(N.Starred, t, self.toks[self.p - 1], v, LOAD))
            elif k == "**":
                self.p += 1
                v = self.expression()
                if kinds[self.p] == "=":
                    self.p += 1
                    self.expression()
                    raise self._error("cannot assign to keyword argument unpacking", t, self.toks[self.p - 1])
                keywords.append(_mk(N.keyword, t, self.toks[self.p - 1], None, v))
                seen_dstar = True
            elif k == "NAME" and kinds[self.p + 1] == "=":
                self.p += 2
                if kinds[self.p] in (",", ")"):
                    raise self._error("expected argument value expression", t, self.toks[self.p - 1])
                v = self.expression()
                if kinds[self.p] in ("for", "async"):
                    # invalid_kwarg: `f(a = i for i in x)`, once the clauses parse
                    save = self.p
                    try:
                        self.for_if_clauses()
                    except _Fail:
                        self.p = save
                    else:
                        raise self._error("invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                                          t, self.toks[self.toks.index(t) + 1])
                keywords.append(_mk(N.keyword, t, self.toks[self.p - 1], t.string, v))
                seen_kw = True
            else:
                if first is not None:
                    v = first
                    first = None
                else:
                    v = self.named_expression()
                if kinds[self.p] in ("for", "async"):
                    if not genexp_ok:
                        self.fail()
                    gens = self.for_if_clauses()
                    raise self._error("Generator expression must be parenthesized", v, self.toks[self.p - 1])
                if kinds[self.p] == "=":
                    if v.__class__ is N.Constant and v.value in (None, True, False) and v.value.__class__ is not int:
                        raise self._error(f"cannot assign to {v.value}", v, self.toks[self.p])
                    raise self._error('expression cannot contain assignment, perhaps you meant "=="?',
                                      v, self.toks[self.p])
                if seen_dstar and order_error is None:
                    order_error = "positional argument follows keyword argument unpacking"
                elif seen_kw and order_error is None:
                    order_error = "positional argument follows keyword argument"
                args.append(v)
            if kinds[self.p] != ",":
                if kinds[self.p] != ")" and v is not None:
                    self._comma_error(v)  # invalid_expression: `f(a b)`
                break
            v = None
            self.p += 1
        if order_error is not None:
            # CPython raises this once the whole argument list has been read
            raise self._error(order_error, self.toks[self.p])
        return args, keywords

    def slices(self):
        sp = self.p
        kinds = self.kinds
        first = self.slice_item()
        if kinds[self.p] != ",":
            if first.__class__ is N.Starred:
                return _mk(N.Tuple, self.toks[sp], self.toks[self.p - 1], [first], LOAD)
            return first
        elts = [first]
        while kinds[self.p] == ",":
            self.p += 1
            if kinds[self.p] == "]":
                break
            elts.append(self.slice_item())
        return _mk(N.Tuple, self.toks[sp], self.toks[self.p - 1], elts, LOAD)

    def slice_item(self):
        kinds = self.kinds
        t = self.toks[self.p]
        if kinds[self.p] == "*":
            self.p += 1
            v = self.bitwise_or()
            return _mk(N.Starred, t, self.toks[self.p - 1], v, LOAD)
        lower = upper = step = None
        if kinds[self.p] != ":":
            lower = self.named_expression()
            if kinds[self.p] != ":":
                return lower
        self.p += 1   # ':'
        if kinds[self.p] not in (":", ",", "]"):
            upper = self.expression()
        if kinds[self.p] == ":":
            self.p += 1
            if kinds[self.p] not in (",", "]"):
                step = self.expression()
        return _mk(N.Slice, t, self.toks[self.p - 1], lower, upper, step)

    def atom(self):
        p = self.p
        k = self.kinds[p]
        t = self.toks[p]
        if k == "NAME":
            self.p = p + 1
            return _mk(N.Name, t, t, t.string, LOAD)
        if k == "NUMBER":
            self.p = p + 1
            return _mk(N.Constant, t, t, self.number_value(t), None)
        if k == "STRING" or k == "FSTRING_START":
            return self.strings()
        if k == "(":
            return self.paren_atom()
        if k == "[":
            return self.list_atom()
        if k == "{":
            return self.dict_or_set()
        if k == "None":
            self.p = p + 1
            return _mk(N.Constant, t, t, None, None)
        if k == "True":
            self.p = p + 1
            return _mk(N.Constant, t, t, True, None)
        if k == "False":
            self.p = p + 1
            return _mk(N.Constant, t, t, False, None)
        if k == "...":
            self.p = p + 1
            return _mk(N.Constant, t, t, Ellipsis, None)
        raise _Fail()

    def _nest(self):
        self.depth += 1
        if self.depth > _MAX_STACK:
            raise _stack_overflow()

    def paren_atom(self):
        lp = self.toks[self.p]
        self.p += 1
        self._nest()
        kinds = self.kinds
        try:
            if kinds[self.p] == ")":
                e = self.toks[self.p]
                self.p += 1
                return _mk(N.Tuple, lp, e, [], LOAD)
            if kinds[self.p] == "yield":
                v = self.yield_expr()
                self.expect_hard(")")
                return v
            first = self.star_named_expression()
            k = kinds[self.p]
            if k == ")":
                self.p += 1
                if first.__class__ is N.Starred:
                    raise self._node_error("cannot use starred expression here", first)
                return first
            if k in ("for", "async"):
                gens = self.for_if_clauses(first)
                e = self.expect_hard(")")
                return _mk(N.GeneratorExp, lp, e, first, gens)
            if k == ",":
                elts = [first]
                while kinds[self.p] == ",":
                    self.p += 1
                    if kinds[self.p] == ")":
                        break
                    elts.append(self.star_named_expression())
                if kinds[self.p] != ")":
                    self._comma_error(elts[-1])
                e = self.expect_hard(")")
                return _mk(N.Tuple, lp, e, elts, LOAD)
            self._comma_error(first)
        finally:
            self.depth -= 1

    def _comma_error(self, first):
        """Two juxtaposed expressions inside brackets (`invalid_expression`):
        CPython suggests a missing comma -- or, after a bare `print`/`exec`,
        the parentheses (`invalid_legacy_expression`)."""
        kinds = self.kinds
        k = kinds[self.p]
        if k == "=":
            self._invalid_eq(first)
            self.fail()
        if k in _EXPR_STARTS and k not in ("*", "-", "+", "(", "["):
            # the expression juxtaposed is the innermost trailing one
            while first.__class__ in (N.IfExp, N.Lambda, N.NamedExpr):
                first = first.orelse if first.__class__ is N.IfExp else \
                    first.body if first.__class__ is N.Lambda else first.value
            start = self._token_at(first)
            if start is not None and kinds[start] == "NAME" and (
                    self.toks[start].string in _SOFT_KEYWORDS
                    or kinds[start + 1] == "STRING"):
                self.fail()   # !(NAME STRING | SOFT_KEYWORD)
            save = self.p
            legacy = first.__class__ is N.Name and first.id in ("print", "exec")
            try:
                second = self.star_expressions() if legacy else self.expression()
            except (_Fail, SyntaxError):
                self.p = save
                self.fail()
            if legacy:
                raise self._error_span(f"Missing parentheses in call to '{first.id}'. "
                                       f"Did you mean {first.id}(...)?", first, second)
            raise self._error_span("invalid syntax. Perhaps you forgot a comma?", first, second)
        self.fail()

    def _token_at(self, node):
        """The index of the token where `node` starts (searching back from the current one)."""
        for i in range(self.p - 1, -1, -1):
            tok = self.toks[i]
            if tok.lineno == node.lineno and tok.col_offset == node.col_offset:
                return i
            if tok.lineno < node.lineno:
                return None
        return None

    def _error_span(self, msg, a, b):
        line = self._line(a.lineno)
        if self.toks[min(self.p, len(self.toks) - 1)].lineno > a.lineno and line.endswith("\n"):
            # CPython's tokenizer has moved past the line (its lookahead is on
            # a later one): it takes the text from its buffers, unterminated
            line = line[:-1]
        return SyntaxError(msg, (self.filename, a.lineno, self._char_col(a.lineno, a.col_offset) + 1, line,
                                 b.end_lineno, self._char_col(b.end_lineno, b.end_col_offset) + 1))

    def list_atom(self):
        lb = self.toks[self.p]
        self.p += 1
        self._nest()
        kinds = self.kinds
        try:
            if kinds[self.p] == "]":
                e = self.toks[self.p]
                self.p += 1
                return _mk(N.List, lb, e, [], LOAD)
            first = self.star_named_expression()
            if kinds[self.p] in ("for", "async"):
                gens = self.for_if_clauses(first)
                e = self.expect_hard("]")
                return _mk(N.ListComp, lb, e, first, gens)
            elts = [first]
            while kinds[self.p] == ",":
                self.p += 1
                if kinds[self.p] == "]":
                    break
                elts.append(self.star_named_expression())
            if kinds[self.p] != "]":
                if kinds[self.p] in ("for", "async") and len(elts) > 1:
                    raise self._error("did you forget parentheses around the comprehension target?",
                                      elts[0], elts[-1])
                self._comma_error(elts[-1])
            e = self.toks[self.p]
            self.p += 1
            return _mk(N.List, lb, e, elts, LOAD)
        finally:
            self.depth -= 1

    def dict_or_set(self):
        lb = self.toks[self.p]
        self.p += 1
        self._nest()
        kinds = self.kinds
        try:
            if kinds[self.p] == "}":
                e = self.toks[self.p]
                self.p += 1
                return _mk(N.Dict, lb, e, [], [])
            if kinds[self.p] == "**":
                self.p += 1
                first_key = None
                first_val = self.bitwise_or()
            else:
                first = self.star_named_expression()
                if kinds[self.p] != ":":
                    # set display / comprehension
                    if kinds[self.p] in ("for", "async"):
                        gens = self.for_if_clauses(first)
                        e = self.expect_hard("}")
                        return _mk(N.SetComp, lb, e, first, gens)
                    elts = [first]
                    while kinds[self.p] == ",":
                        self.p += 1
                        if kinds[self.p] == "}":
                            break
                        elts.append(self.star_named_expression())
                    if kinds[self.p] != "}":
                        if kinds[self.p] in ("for", "async") and len(elts) > 1:
                            raise self._error("did you forget parentheses around the comprehension target?",
                                              elts[0], elts[-1])
                        self._comma_error(elts[-1])
                    e = self.toks[self.p]
                    self.p += 1
                    return _mk(N.Set, lb, e, elts)
                self.p += 1
                first_key = first
                first_val = self.dict_value()
                if kinds[self.p] in ("for", "async"):
                    gens = self.for_if_clauses()
                    e = self.expect_hard("}")
                    return _mk(N.DictComp, lb, e, first_key, first_val, gens)
            keys = [first_key]
            values = [first_val]
            while kinds[self.p] == ",":
                self.p += 1
                if kinds[self.p] == "}":
                    break
                if kinds[self.p] == "**":
                    self.p += 1
                    keys.append(None)
                    values.append(self.bitwise_or())
                else:
                    key = self.expression()
                    keys.append(key)
                    if kinds[self.p] != ":":
                        if kinds[self.p] in (",", "}"):
                            raise SyntaxError("':' expected after dictionary key",
                                              (self.filename, key.lineno, self._char_col(key.lineno, key.col_offset) + 1,
                                               self._line(key.lineno), key.lineno, 0))
                        self._comma_error(key)
                    self.p += 1
                    values.append(self.dict_value())
            if kinds[self.p] != "}":
                self._comma_error(values[-1])
            e = self.expect_hard("}")
            return _mk(N.Dict, lb, e, keys, values)
        finally:
            self.depth -= 1

    def dict_value(self):
        kinds = self.kinds
        if kinds[self.p] in (",", "}"):
            self.fail("expression expected after dictionary key and ':'", self.toks[self.p - 1])
        if kinds[self.p] == "*":
            st = self.toks[self.p]
            self.p += 1
            self.bitwise_or()
            raise self._error("cannot use a starred expression in a dictionary value", st, self.toks[self.p - 1])
        return self.expression()

    def for_if_clauses(self, elt=None):
        if elt is not None and elt.__class__ is N.Starred:
            raise self._node_error("iterable unpacking cannot be used in comprehension", elt)
        gens = []
        kinds = self.kinds
        while True:
            k = kinds[self.p]
            is_async = 0
            if k == "async" and kinds[self.p + 1] == "for":
                is_async = 1
                self.p += 1
            elif k != "for":
                break
            self.p += 1
            target = self.star_targets()
            if kinds[self.p] != "in":
                self.fail("invalid syntax")
            self.p += 1
            it = self.disjunction()
            ifs = []
            while kinds[self.p] == "if":
                self.p += 1
                ifs.append(self.disjunction())
            gens.append(_mk_nopos(N.comprehension, target, it, ifs, is_async))
        return gens

    def yield_expr(self):
        t = self.toks[self.p]
        self.p += 1
        if self.kinds[self.p] == "from":
            self.p += 1
            v = self.expression()
            return _mk(N.YieldFrom, t, self.toks[self.p - 1], v)
        if self.kinds[self.p] in _EXPR_STARTS:
            v = self.star_expressions()
            return _mk(N.Yield, t, self.toks[self.p - 1], v)
        return _mk(N.Yield, t, t, None)

    # ---- targets -----------------------------------------------------------

    def star_target_expr(self, allow_star=True):
        if self.kinds[self.p] == "*" and allow_star:
            t = self.toks[self.p]
            self.p += 1
            v = self.star_target_expr()
            return _mk(N.Starred, t, self.toks[self.p - 1], v, LOAD)
        return self.bitwise_or()

    def star_targets(self):
        """for-loop / comprehension targets: a comma list of targets, in Store context."""
        sp = self.p
        first = self.star_target_expr()
        kinds = self.kinds
        if kinds[self.p] == ",":
            elts = [first]
            while kinds[self.p] == ",":
                self.p += 1
                if kinds[self.p] in ("in", "="):
                    break
                elts.append(self.star_target_expr())
            first = _mk(N.Tuple, self.toks[sp], self.toks[self.p - 1], elts, LOAD)
        self.set_context(first, STORE, "for")
        return first

    # ---- literals ----------------------------------------------------------

    def number_value(self, t):
        s = t.string
        try:
            last = s[-1]
            if last == "j" or last == "J":
                return complex(0.0, float(s[:-1].replace("_", "")))
            if s[:2].lower() in ("0x", "0o", "0b"):
                return int(s, 0)
            if "." in s or "e" in s or "E" in s:
                return float(s.replace("_", ""))
            return int(s.replace("_", ""))
        except ValueError as exc:
            digits = len(s.replace("_", ""))
            raise SyntaxError(f"Exceeds the limit ({sys.get_int_max_str_digits()} digits) for integer "
                              f"string conversion: value has {digits} digits; use "
                              f"sys.set_int_max_str_digits() to increase the limit - Consider "
                              f"hexadecimal for huge integer literals to avoid decimal conversion "
                              f"limits.", (self.filename, t.lineno, 0, self._line(t.lineno), t.lineno, 0)) from None

    def strings(self):
        """One or more adjacent string/f-string tokens: Constant or JoinedStr."""
        kinds = self.kinds
        toks = self.toks
        first = toks[self.p]
        pieces = []   # (kind, value, start_tok, end_tok) for constants, ("fv", node) for fields
        has_f = False
        is_bytes = None
        kind_u = None
        last = first
        mixed = False
        while True:
            k = kinds[self.p]
            if k == "STRING":
                t = toks[self.p]
                self.p += 1
                prefix, value, b = self.decode_string(t)
                if is_bytes is None:
                    is_bytes = b
                    kind_u = "u" if "u" in prefix else None
                elif is_bytes != b:
                    mixed = True
                pieces.append(("c", value, t, t))
                last = t
            elif k == "FSTRING_START":
                if is_bytes is None:
                    is_bytes = False
                elif is_bytes:
                    mixed = True
                has_f = True
                last = self.fstring(pieces)
            else:
                break
        if mixed:
            raise self._error("cannot mix bytes and nonbytes literals", toks[self.p])
        if not has_f:
            if len(pieces) == 1:
                value = pieces[0][1]
            else:
                value = (b"" if is_bytes else "").join(pc[1] for pc in pieces)
            return _mk(N.Constant, first, last, value, kind_u)
        values = self._merge_pieces(pieces, drop_empty=True)
        return _mk(N.JoinedStr, first, last, values)

    def _merge_pieces(self, pieces, drop_empty):
        values = []
        cur = None
        for pc in pieces:
            if pc[0] == "c":
                if cur is None:
                    cur = [pc[1], pc[2], pc[3]]
                else:
                    cur[0] += pc[1]
                    cur[2] = pc[3]
            else:
                if cur is not None:
                    if cur[0] or not drop_empty:
                        values.append(_mk(N.Constant, cur[1], cur[2], cur[0], None))
                    cur = None
                values.append(pc[1])
        if cur is not None and (cur[0] or not drop_empty):
            values.append(_mk(N.Constant, cur[1], cur[2], cur[0], None))
        return values

    def fstring(self, pieces):
        """Parse FSTRING_START ... FSTRING_END, appending pieces; returns the end token."""
        toks = self.toks
        kinds = self.kinds
        start = toks[self.p]
        raw = "r" in start.string.lower()
        self.p += 1
        while True:
            k = kinds[self.p]
            t = toks[self.p]
            if k == "FSTRING_END":
                self.p += 1
                return t
            if k == "FSTRING_MIDDLE":
                self.p += 1
                pieces.append(("c", self.decode_fmiddle(t, raw), t, t))
            elif k == "{":
                self.replacement_field(pieces, raw)
            else:
                self.fail()

    def replacement_field(self, pieces, raw):
        toks = self.toks
        kinds = self.kinds
        lb = toks[self.p]
        self.p += 1
        self._nest()
        if kinds[self.p] == "}":
            raise self._error("f-string: valid expression required before '}'", toks[self.p], toks[self.p])
        if kinds[self.p] == "lambda":
            lt = toks[self.p]
            self.p += 1
            try:
                self.parameters(":", annotations=False)
            except _Fail:
                pass
            raise self._error("f-string: lambda expressions are not allowed without parentheses",
                              lt, toks[self.p])
        first = toks[self.p]
        if first.type == "OP" and first.string in ("!", ":", "=", "}"):
            raise self._error(f"f-string: valid expression required before '{first.string}'", first)
        if kinds[self.p] == "yield":
            expr = self.yield_expr()
        else:
            try:
                expr = self.star_expressions()
            except _Fail:
                if toks[self.p].type == "ERRORTOKEN":
                    raise
                raise self._error("f-string: expecting a valid expression after '{'", first) from None
        if kinds[self.p] not in ("=", "!", ":", "}"):
            tok = toks[self.p]
            if tok.type == "ERRORTOKEN":
                raise self._error("", tok)
            if kinds[self.p] in _EXPR_STARTS:
                # invalid_expression applies inside the braces too
                bare_tuple = (expr.__class__ is N.Tuple and expr.elts
                              and (expr.lineno, expr.col_offset) == (expr.elts[0].lineno, expr.elts[0].col_offset))
                last = expr.elts[-1] if bare_tuple else expr
                if last.__class__ is N.Yield:
                    last = last.value
                # (3.12 gives no hint after a starred item or a conditional here)
                if last is not None and last.__class__ not in (N.Starred, N.IfExp):
                    try:
                        self._comma_error(last)
                    except _Fail:
                        pass
            raise self._error("f-string: expecting '=', or '!', or ':', or '}'", tok)
        conversion = -1
        debug = False
        if kinds[self.p] == "=":
            debug = True
            eq = toks[self.p]
            self.p += 1
            text = self.src[lb.epos:toks[self.p].spos]
            if "#" in text:
                text = self._strip_comments(text, lb.epos, toks[self.p].spos)
            dpos = _Pos(lb.end_lineno, lb.end_col_offset, toks[self.p].lineno, toks[self.p].col_offset)
            pieces.append(("c", text, dpos, dpos))
        if kinds[self.p] == "!":
            bang = toks[self.p]
            self.p += 1
            ct = toks[self.p]
            if kinds[self.p] != "NAME":
                if kinds[self.p] in ("}", ":"):
                    raise self._error("f-string: missing conversion character", ct, ct)
                raise self._error("f-string: invalid conversion character", ct, ct)
            if ct.spos != bang.epos:
                raise self._error("f-string: conversion type must come right after the exclamanation mark",
                                  bang, ct)
            self.p += 1
            if kinds[self.p] not in (":", "}"):
                raise self._error("f-string: expecting ':' or '}'", toks[self.p])
            if ct.string not in ("s", "r", "a"):
                raise self._error(f"f-string: invalid conversion character {ct.string!r}: "
                                  "expected 's', 'r', or 'a'", ct, ct)
            conversion = ord(ct.string)
        spec = None
        if kinds[self.p] == ":":
            colon = toks[self.p]
            if self.spec_depth >= 2:
                # a tokenizer error in CPython: zero-width, raw line
                raise SyntaxError("f-string: expressions nested too deeply",
                                  (self.filename, colon.lineno, colon.col + 1, colon.line,
                                   colon.lineno, colon.col + 1))
            self.p += 1
            spec_pieces = []
            self.spec_depth += 1
            while kinds[self.p] != "}":
                if kinds[self.p] in ("FSTRING_END", "ERRORTOKEN", "ENDMARKER"):
                    raise self._error("f-string: expecting '}', or format specs", toks[self.p])
                k = kinds[self.p]
                t = toks[self.p]
                if k == "FSTRING_MIDDLE":
                    self.p += 1
                    spec_pieces.append(("c", self.decode_fmiddle(t, raw, True), t, t))
                elif k == "{":
                    self.replacement_field(spec_pieces, raw)
                else:
                    self.fail()
            self.spec_depth -= 1
            rb = toks[self.p]
            values = self._merge_pieces(spec_pieces, drop_empty=False)
            spec = _mk(N.JoinedStr, colon, toks[self.p - 1], values)
        if kinds[self.p] != "}":
            tok = toks[self.p]
            if tok.type == "FSTRING_END" or tok.type == "ENDMARKER":
                raise self._error("f-string: expecting '}'", tok, tok)
            raise self._error("f-string: expecting '}'", tok, tok)
        rb = toks[self.p]
        self.p += 1
        self.depth -= 1
        if debug and conversion == -1 and spec is None:
            conversion = ord("r")
        pieces.append(("fv", _mk(N.FormattedValue, lb, rb, expr, conversion, spec)))

    def _strip_comments(self, text, spos, epos):
        """Debug text of `f"{x = }"` keeps whitespace but drops comments (as 3.12 does)."""
        out = []
        last = spos
        for t in self.tokenizer.tokens:
            if t.type == "COMMENT" and spos <= t.spos < epos:
                out.append(self.src[last:t.spos])
                last = t.epos
        out.append(self.src[last:epos])
        return "".join(out)

    def decode_fmiddle(self, t, raw, in_spec=False):
        s = t.string
        if not s.isascii() and _has_escaped_bytes(s):
            # CPython 3.12 lets the codec error escape here, unconverted
            s.encode("utf-8", "surrogateescape").decode("utf-8")
        if "{" in s or "}" in s:
            s = s.replace("{{", "{").replace("}}", "}")
        if raw or "\\" not in s:
            return s
        return _decode_escapes(s, False, self, t)

    def decode_string(self, t):
        s = t.string
        q = 0
        while s[q] not in "'\"":
            q += 1
        prefix = s[:q].lower()
        body = s[q:]
        if body[:3] in ('"""', "'''"):
            body = body[3:-3]
        else:
            body = body[1:-1]
        is_bytes = "b" in prefix
        if not body.isascii() and _has_escaped_bytes(body) and not is_bytes:
            # undecodable source bytes inside a string literal
            line = self.tokenizer.line_text(t.end_lineno)
            end_bytes = len(line[:t.end_col].encode("utf-8", "surrogateescape"))
            raise self.tokenizer.bad_utf8(t.lineno, body, t.col + 1, end_bytes + 1, t.end_lineno)
        if is_bytes:
            if not body.isascii():
                raise self._error("bytes can only contain ASCII literal characters", t, t)
            if "r" in prefix or "\\" not in body:
                return prefix, body.encode("ascii"), True
            return prefix, _decode_escapes(body, True, self, t), True
        if "r" in prefix or "\\" not in body:
            return prefix, body, False
        return prefix, _decode_escapes(body, False, self, t), False


_SIMPLE_ESCAPES = {"\n": "", "\\": "\\", "'": "'", '"': '"', "a": "\a", "b": "\b", "f": "\f",
                   "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


_BRACE_ESCAPES = ("invalid escape sequence '\\{'", "invalid escape sequence '\\}'")


def _decode_escapes(s, is_bytes, parser, tok):
    """Decode backslash escapes like CPython's string parser (unknown escapes stay as-is)."""
    out = []
    i = 0
    n = len(s)
    append = out.append
    invalid = None
    while True:
        j = s.find("\\", i)
        if j < 0:
            append(s[i:])
            break
        append(s[i:j])
        if j + 1 >= n:
            append("\\")
            break
        c = s[j + 1]
        i = j + 2
        if c in _SIMPLE_ESCAPES:
            append(_SIMPLE_ESCAPES[c])
        elif "0" <= c <= "7":
            k = i
            while k < n and k < j + 4 and "0" <= s[k] <= "7":
                k += 1
            code = int(s[j + 1:k], 8)
            i = k
            if code > 0o377 and invalid is None:
                invalid = f"invalid octal escape sequence '\\{s[j + 1:k]}'"
            append(chr(code & 0xFF) if is_bytes else chr(code))
        elif c == "x":
            hexd = s[i:i + 2]
            if len(hexd) < 2 or not all(h in "0123456789abcdefABCDEF" for h in hexd):
                if is_bytes:
                    raise parser._error(f"(value error) invalid \\x escape at position {j}", tok, tok)
                good = 0
                for h in hexd:
                    if h not in "0123456789abcdefABCDEF":
                        break
                    good += 1
                raise parser._error(f"(unicode error) 'unicodeescape' codec can't decode bytes in "
                                    f"position {j}-{min(j + 1 + good, n - 1)}: truncated \\xXX escape", tok, tok)
            append(chr(int(hexd, 16)))
            i += 2
        elif not is_bytes and c in "uU":
            width = 4 if c == "u" else 8
            hexd = s[i:i + width]
            if len(hexd) < width or not all(h in "0123456789abcdefABCDEF" for h in hexd):
                good = 0
                for h in hexd:
                    if h in "0123456789abcdefABCDEF":
                        good += 1
                    else:
                        break
                esc = "\\uXXXX" if c == "u" else "\\UXXXXXXXX"
                raise parser._error(f"(unicode error) 'unicodeescape' codec can't decode bytes in "
                                    f"position {j}-{j + 1 + good}: truncated {esc} escape", tok, tok)
            code = int(hexd, 16)
            if code > 0x10FFFF:
                raise parser._error(f"(unicode error) 'unicodeescape' codec can't decode bytes in "
                                    f"position {j}-{j + 1 + width}: illegal Unicode character", tok, tok)
            append(chr(code))
            i += width
        elif not is_bytes and c == "N":
            close = s.find("}", i)
            if i < n and s[i] == "{" and close > 0:
                name = s[i + 1:close]
                try:
                    append(unicodedata.lookup(name))
                except KeyError:
                    raise parser._error(f"(unicode error) 'unicodeescape' codec can't decode bytes in "
                                        f"position {j}-{close}: unknown Unicode character name", tok, tok) from None
                i = close + 1
            else:
                end = n - 1 if (i < n and s[i] == "{") else j + 1
                raise parser._error(f"(unicode error) 'unicodeescape' codec can't decode bytes in "
                                    f"position {j}-{end}: malformed \\N character escape", tok, tok)
        else:
            if invalid is None:
                invalid = f"invalid escape sequence '\\{c}'"
            append("\\" + c)
    if invalid is not None and not (invalid in _BRACE_ESCAPES and tok.type in ("FSTRING_MIDDLE", "FSTRING_END")):
        # CPython 3.12 warns once per literal, at the token's first line (the
        # tokenizer has warned of an f-string's backslash before a brace); a
        # warning turned into an error is a SyntaxError at the literal
        # (warn_invalid_escape_sequence)
        import warnings
        try:
            warnings.warn_explicit(invalid, SyntaxWarning, parser.filename, tok.lineno)
        except SyntaxWarning:
            raise parser._error(invalid, tok, tok) from None
    r = "".join(out)
    if is_bytes:
        return r.encode("latin-1")
    return r


def _has_escaped_bytes(text):
    return any("\udc80" <= ch <= "\udcff" for ch in text)


_COMPOUND = {"def": "funcdef_nodeco", "if": "if_stmt", "class": "classdef_nodeco", "with": "with_stmt",
             "for": "for_stmt", "try": "try_stmt", "while": "while_stmt", "@": "decorated",
             "async": "async_stmt"}
Parser.funcdef_nodeco = lambda self: self.funcdef([])
Parser.classdef_nodeco = lambda self: self.classdef([])

_SIMPLE = {"return": "return_stmt", "import": "import_stmt", "from": "from_stmt", "raise": "raise_stmt",
           "pass": "pass_stmt", "del": "del_stmt", "assert": "assert_stmt", "break": "break_stmt",
           "continue": "continue_stmt", "global": "global_stmt", "nonlocal": "nonlocal_stmt"}


def parse_source(source, filename="<unknown>", mode="exec", *, type_comments=False, feature_version=None):
    """Entry point behind innerpy.parser.parse."""
    import os
    filename = os.fsdecode(filename)   # TypeError like compile() for anything else
    if mode not in ("exec", "eval", "single", "func_type"):
        raise ValueError("compile() mode must be 'exec', 'eval', 'single' or 'func_type'")
    if isinstance(source, N.AST):
        return source   # compile(ast, ..., PyCF_ONLY_AST) hands the tree back
    if isinstance(source, str):
        if not source.isascii():
            source.encode("utf-8")   # lone surrogates: UnicodeEncodeError, as CPython
    elif isinstance(source, (bytes, bytearray, memoryview)):
        source = decode_source(source, filename, lenient=True)
    else:
        raise TypeError("compile() arg 1 must be a string, bytes or AST object")
    parser = Parser(source, filename, type_comments, exec_input=mode == "exec")
    # Recursive descent needs ~25 Python frames per bracket level and one per
    # unary operator; CPython's own limits (200 brackets, ~6000 parser stack
    # entries) are enforced explicitly, so lift the host's limit meanwhile.
    old = sys.getrecursionlimit()
    if old < _RECURSION_LIMIT:
        sys.setrecursionlimit(_RECURSION_LIMIT)
    try:
        return parser.parse(mode)
    finally:
        if old < _RECURSION_LIMIT:
            sys.setrecursionlimit(old)


_RECURSION_LIMIT = 40000
