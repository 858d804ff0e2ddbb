"""AST to instruction sequence (Python/compile.c, 3.12).

`Compiler` walks an optimised AST with its symbol table and emits, per code
unit, a flat `InstructionSequence` of (pseudo-)instructions with labels; the
flow graph passes and the assembler turn each unit into a `Code`. Method names
echo compile.c (`compiler_if`, `compiler_try_except`, ...) and emission
follows it step for step, since the point is identical bytecode.

Nodes are dispatched on `type(node).__name__`, so innerpy's AST and the host
`ast` module's nodes both work.
"""

from ..opcode_metadata import opmap, NB, INTRINSIC_1, INTRINSIC_2
from ..objects.code import (
    CO_OPTIMIZED, CO_NEWLOCALS, CO_NESTED, CO_GENERATOR, CO_COROUTINE, CO_ASYNC_GENERATOR,
    CO_VARARGS, CO_VARKEYWORDS, CO_FUTURE_ANNOTATIONS, CO_FAST_LOCAL, CO_FAST_CELL,
    CO_FAST_FREE, CO_FAST_HIDDEN, CO_FUTURE_DIVISION, CO_FUTURE_ABSOLUTE_IMPORT,
    CO_FUTURE_WITH_STATEMENT, CO_FUTURE_PRINT_FUNCTION, CO_FUTURE_UNICODE_LITERALS,
    CO_FUTURE_BARRY_AS_BDFL, CO_FUTURE_GENERATOR_STOP,
)
from ..objects.code import Code
from .instruction_sequence import InstructionSequence, NO_LOCATION
from .flowgraph import CFG, optimize_code_unit, CfgInstr
from .assemble import make_code_object
from . import symtable as S
from .symtable import kind, mangle, syntax_error

globals().update({name: op for name, op in opmap.items()})
_INTRINSIC1 = {name: i for i, name in enumerate(INTRINSIC_1)}
_INTRINSIC2 = {name: i for i, name in enumerate(INTRINSIC_2)}

PyCF_MASK = (CO_FUTURE_DIVISION | CO_FUTURE_ABSOLUTE_IMPORT | CO_FUTURE_WITH_STATEMENT
             | CO_FUTURE_PRINT_FUNCTION | CO_FUTURE_UNICODE_LITERALS | CO_FUTURE_BARRY_AS_BDFL
             | CO_FUTURE_GENERATOR_STOP | CO_FUTURE_ANNOTATIONS)
PyCF_ALLOW_TOP_LEVEL_AWAIT = 0x2000

STACK_USE_GUIDELINE = 30
CO_MAXBLOCKS = 20

# compiler scope types
SCOPE_MODULE, SCOPE_CLASS, SCOPE_FUNCTION, SCOPE_ASYNC_FUNCTION, SCOPE_LAMBDA, \
    SCOPE_COMPREHENSION, SCOPE_TYPEPARAMS = range(7)

# fblock types
WHILE_LOOP, FOR_LOOP, TRY_EXCEPT, FINALLY_TRY, FINALLY_END, WITH, ASYNC_WITH, \
    HANDLER_CLEANUP, POP_VALUE, EXCEPTION_HANDLER, EXCEPTION_GROUP_HANDLER, \
    ASYNC_COMPREHENSION_GENERATOR = range(12)

COMP_GENEXP, COMP_LISTCOMP, COMP_SETCOMP, COMP_DICTCOMP = range(4)

_BINOP = {
    "Add": NB["ADD"], "Sub": NB["SUBTRACT"], "Mult": NB["MULTIPLY"], "MatMult": NB["MATRIX_MULTIPLY"],
    "Div": NB["TRUE_DIVIDE"], "Mod": NB["REMAINDER"], "Pow": NB["POWER"], "LShift": NB["LSHIFT"],
    "RShift": NB["RSHIFT"], "BitOr": NB["OR"], "BitXor": NB["XOR"], "BitAnd": NB["AND"],
    "FloorDiv": NB["FLOOR_DIVIDE"],
}
_INPLACE = {
    "Add": NB["INPLACE_ADD"], "Sub": NB["INPLACE_SUBTRACT"], "Mult": NB["INPLACE_MULTIPLY"],
    "MatMult": NB["INPLACE_MATRIX_MULTIPLY"], "Div": NB["INPLACE_TRUE_DIVIDE"],
    "Mod": NB["INPLACE_REMAINDER"], "Pow": NB["INPLACE_POWER"], "LShift": NB["INPLACE_LSHIFT"],
    "RShift": NB["INPLACE_RSHIFT"], "BitOr": NB["INPLACE_OR"], "BitXor": NB["INPLACE_XOR"],
    "BitAnd": NB["INPLACE_AND"], "FloorDiv": NB["INPLACE_FLOOR_DIVIDE"],
}
# Py_LT.. Py_GE and the COMPARE_OP cache-hint masks (compare_masks in compile.c)
_CMP = {"Lt": (0, 2), "LtE": (1, 2 | 8), "Eq": (2, 8), "NotEq": (3, 1 | 2 | 4),
        "Gt": (4, 4), "GtE": (5, 4 | 8)}


def LOC(node):
    """`LOC(x)`: (lineno, end_lineno, col_offset, end_col_offset)."""
    lineno = node.lineno
    end_lineno = getattr(node, "end_lineno", None)
    col = node.col_offset
    end_col = getattr(node, "end_col_offset", None)
    # obj2ast defaults missing end positions to the start ones
    return (lineno, lineno if end_lineno is None else end_lineno,
            col, col if end_col is None else end_col)


def const_key(value):
    """`_PyCode_ConstantKey`: equal keys for interchangeable constants only."""
    t = type(value)
    if value is None or value is Ellipsis or t in (int, bool, str, bytes):
        return (t, value)
    if t is float:
        return (t, value, repr(value)) if value == value else (t, id(value))
    if t is complex:
        return (t, repr(value))
    if t is tuple:
        return (t, tuple(const_key(v) for v in value))
    if t is frozenset:
        return (t, frozenset(const_key(v) for v in value))
    if t is Code:
        return value  # code objects are keyed by value, as code_richcompare does
    if t is slice:
        return (t, const_key(value.start), const_key(value.stop), const_key(value.step))
    return (t, id(value))


class ConstCache:
    """`c_const_cache`: one shared object per distinct constant, across code units."""

    def __init__(self):
        self.cache = {}

    def merge(self, value):
        """`_PyCompile_ConstCacheMergeOne` / `merge_consts_recursive`."""
        key = const_key(value)
        try:
            return self.cache.setdefault(key, value)
        except TypeError:
            return value


class Unit:
    """`struct compiler_unit` with its `_PyCompile_CodeUnitMetadata`."""

    def __init__(self, ste, name, scope_type, firstlineno):
        self.ste = ste
        self.name = name
        self.qualname = None
        self.scope_type = scope_type
        self.argcount = 0
        self.posonlyargcount = 0
        self.kwonlyargcount = 0
        self.firstlineno = firstlineno
        self.consts = {}          # key -> index
        self.const_list = []
        self.names = {}
        self.varnames = {name: i for i, name in enumerate(ste.varnames)}
        self.cellvars = _dictbytype(ste.symbols, S.CELL, S.DEF_COMP_CELL, 0)
        if ste.needs_class_closure:
            _dict_add(self.cellvars, "__class__")
        if ste.needs_classdict:
            _dict_add(self.cellvars, "__classdict__")
        self.freevars = _dictbytype(ste.symbols, S.FREE, S.DEF_FREE_CLASS, len(self.cellvars))
        self.fasthidden = {}
        self.fblocks = []
        self.in_inlined_comp = 0
        self.private = None
        self.seq = InstructionSequence()


def _dictbytype(symbols, scope_type, flag, offset):
    """`dictbytype`: names of one scope (or with `flag`), sorted, numbered from `offset`."""
    out = {}
    i = offset
    for name in sorted(symbols):
        flags = symbols[name]
        scope = (flags >> S.SCOPE_OFFSET) & S.SCOPE_MASK
        if scope == scope_type or flags & flag:
            out[name] = i
            i += 1
    return out


def _dict_add(d, name):
    """`dict_add_o`: index of `name`, adding it if new."""
    index = d.get(name)
    if index is None:
        index = d[name] = len(d)
    return index


class FBlock:
    __slots__ = ("type", "block", "exit", "datum")

    def __init__(self, type_, block, exit_, datum):
        self.type = type_
        self.block = block
        self.exit = exit_
        self.datum = datum


class _InlineState:
    __slots__ = ("pushed_locals", "temp_symbols", "fast_hidden", "cleanup", "end")

    def __init__(self):
        self.pushed_locals = None
        self.temp_symbols = None
        self.fast_hidden = None
        self.cleanup = None
        self.end = None


class Name:
    """A synthesized Name node (compile.c builds `.generic_base` this way)."""

    def __init__(self, id, ctx, loc):
        self.id = id
        self.ctx = ctx
        self.lineno, self.end_lineno, self.col_offset, self.end_col_offset = loc


class _Load:
    pass


_Load.__name__ = "Load"


def get_docstring(body):
    """`_PyAST_GetDocString`."""
    if not body:
        return None
    st = body[0]
    if kind(st) != "Expr":
        return None
    e = st.value
    if kind(e) == "Constant" and isinstance(e.value, str):
        return e.value
    return None


def find_ann(stmts):
    """`find_ann`: does the body (not nested scopes) contain an annotated assignment?"""
    for st in stmts or ():
        k = kind(st)
        if k == "AnnAssign":
            return True
        if k in ("For", "AsyncFor", "While", "If"):
            if find_ann(st.body) or find_ann(st.orelse):
                return True
        elif k in ("With", "AsyncWith"):
            if find_ann(st.body):
                return True
        elif k in ("Try", "TryStar"):
            for h in st.handlers:
                if find_ann(h.body):
                    return True
            if find_ann(st.body) or find_ann(st.finalbody) or find_ann(st.orelse):
                return True
        elif k == "Match":
            for case in st.cases:
                if find_ann(case.body):
                    return True
    return False


def _ctx(e):
    return kind(e.ctx)


class Compiler:
    """`struct compiler`."""

    def __init__(self, filename, symtable, future_features, future_location, flags, optimize):
        self.filename = filename
        self.st = symtable
        self.future_features = future_features
        self.future_location = future_location
        self.flags = flags | future_features
        self.optimize = optimize
        self.interactive = False
        self.nestlevel = 0
        self.const_cache = ConstCache()
        self.u = None
        self.stack = []

    # -- errors -------------------------------------------------------------

    def error(self, loc, msg):
        """`compiler_error`."""
        lineno, end_lineno, col, end_col = loc
        return syntax_error(msg, self.filename, lineno, col + 1, end_lineno, end_col + 1)

    def warn(self, loc, msg):
        """`compiler_warn`: a SyntaxWarning; one turned into an error becomes a SyntaxError."""
        from . import warn_explicit
        try:
            warn_explicit(msg, SyntaxWarning, self.filename, loc[0])
        except SyntaxWarning:
            raise self.error(loc, msg) from None

    # -- emission -----------------------------------------------------------

    def addop(self, op, loc, arg=0):
        self.u.seq.addop(op, arg, loc)

    def addop_jump(self, op, loc, label):
        self.u.seq.addop(op, label, loc)

    def new_label(self):
        return self.u.seq.new_label()

    def use_label(self, label):
        self.u.seq.use_label(label)

    def add_const(self, value):
        """`compiler_add_const`."""
        value = self.const_cache.merge(value)
        key = const_key(value)
        u = self.u
        index = u.consts.get(key)
        if index is None:
            index = u.consts[key] = len(u.const_list)
            u.const_list.append(value)
        return index

    def load_const(self, loc, value):
        self.addop(LOAD_CONST, loc, self.add_const(value))

    def addop_name(self, op, loc, name, dict_):
        """`compiler_addop_name`: mangled name index, with the LOAD_ATTR/LOAD_SUPER_ATTR encodings."""
        arg = _dict_add(dict_, mangle(self.u.private, name))
        if op == LOAD_ATTR:
            arg <<= 1
        elif op == LOAD_METHOD:
            op = LOAD_ATTR
            arg = (arg << 1) | 1
        elif op == LOAD_SUPER_ATTR:
            arg = (arg << 2) | 2
        elif op == LOAD_SUPER_METHOD:
            op = LOAD_SUPER_ATTR
            arg = (arg << 2) | 3
        elif op == LOAD_ZERO_SUPER_ATTR:
            op = LOAD_SUPER_ATTR
            arg <<= 2
        elif op == LOAD_ZERO_SUPER_METHOD:
            op = LOAD_SUPER_ATTR
            arg = (arg << 2) | 1
        self.addop(op, loc, arg)

    def addop_o(self, op, loc, name, dict_):
        """`compiler_addop_o`: unmangled."""
        self.addop(op, loc, _dict_add(dict_, name))

    def is_top_level_await(self):
        return bool(self.flags & PyCF_ALLOW_TOP_LEVEL_AWAIT) and self.u.ste.type == S.ModuleBlock

    # -- scopes -------------------------------------------------------------

    def enter_scope(self, name, scope_type, key, lineno):
        """`compiler_enter_scope`."""
        ste = self.st.lookup(key)
        u = Unit(ste, name, scope_type, lineno)
        if self.u is not None:
            self.stack.append(self.u)
            u.private = self.u.private
        self.u = u
        self.nestlevel += 1
        loc = (lineno, lineno, 0, 0)
        if scope_type == SCOPE_MODULE:
            loc = (0, lineno, 0, 0)
        else:
            self.set_qualname()
        self.addop(RESUME, loc, 0)

    def exit_scope(self):
        """`compiler_exit_scope`."""
        self.nestlevel -= 1
        self.u = self.stack.pop() if self.stack else None

    def set_qualname(self):
        """`compiler_set_qualname`."""
        u = self.u
        base = None
        stack_size = len(self.stack)
        if stack_size >= 1:
            parent = self.stack[-1]
            if parent.scope_type == SCOPE_TYPEPARAMS:
                if stack_size == 1:
                    u.qualname = u.name
                    return
                parent = self.stack[-2]
            force_global = False
            if u.scope_type in (SCOPE_FUNCTION, SCOPE_ASYNC_FUNCTION, SCOPE_CLASS):
                mangled = mangle(parent.private, u.name)
                if parent.ste.get_scope(mangled) == S.GLOBAL_EXPLICIT:
                    force_global = True
            if not force_global:
                if parent.scope_type in (SCOPE_FUNCTION, SCOPE_ASYNC_FUNCTION, SCOPE_LAMBDA):
                    base = parent.qualname + ".<locals>"
                else:
                    base = parent.qualname
        u.qualname = base + "." + u.name if base is not None else u.name

    def compute_code_flags(self):
        """`compute_code_flags`."""
        ste = self.u.ste
        flags = 0
        if ste.is_function_like():
            flags |= CO_NEWLOCALS | CO_OPTIMIZED
            if ste.nested:
                flags |= CO_NESTED
            if ste.generator and not ste.coroutine:
                flags |= CO_GENERATOR
            if not ste.generator and ste.coroutine:
                flags |= CO_COROUTINE
            if ste.generator and ste.coroutine:
                flags |= CO_ASYNC_GENERATOR
            if ste.varargs:
                flags |= CO_VARARGS
            if ste.varkeywords:
                flags |= CO_VARKEYWORDS
        flags |= self.flags & PyCF_MASK
        if self.is_top_level_await() and ste.coroutine and not ste.generator:
            flags |= CO_COROUTINE
        return flags

    def optimize_and_assemble(self, add_none):
        """`optimize_and_assemble`: finish the current unit and build its code object."""
        u = self.u
        code_flags = self.compute_code_flags()
        if add_none:
            self.load_const(NO_LOCATION, None)
        self.addop(RETURN_VALUE, NO_LOCATION)
        return assemble_unit(u, self.const_cache, code_flags, self.filename)

    # -- modules ------------------------------------------------------------

    def compile_mod(self, mod):
        """`compiler_mod` / `compiler_codegen`."""
        self.enter_scope("<module>", SCOPE_MODULE, mod, 1)
        k = kind(mod)
        loc = (1, 1, 0, 0)
        if k == "Module":
            self.compiler_body(loc, mod.body)
        elif k == "Interactive":
            if find_ann(mod.body):
                self.addop(SETUP_ANNOTATIONS, loc)
            self.interactive = True
            for st in mod.body:
                self.visit_stmt(st)
        elif k == "Expression":
            self.visit_expr(mod.body)
        else:
            raise SystemError(f"module kind {k} should not be possible")
        code = self.optimize_and_assemble(k != "Expression")
        self.exit_scope()
        return code

    def compiler_body(self, loc, stmts):
        """`compiler_body`: SETUP_ANNOTATIONS, docstring, statements."""
        if self.u.scope_type == SCOPE_MODULE and stmts:
            loc = LOC(stmts[0])
        if find_ann(stmts):
            self.addop(SETUP_ANNOTATIONS, loc)
        if not stmts:
            return
        i = 0
        if self.optimize < 2:
            doc = get_docstring(stmts)
            if doc is not None:
                i = 1
                self.visit_expr(stmts[0].value)
                self.nameop(NO_LOCATION, "__doc__", "Store")
        for st in stmts[i:]:
            self.visit_stmt(st)

    # -- names --------------------------------------------------------------

    def nameop(self, loc, name, ctx):
        """`compiler_nameop`."""
        u = self.u
        self.check_forbidden_name(loc, name, ctx)
        mangled = mangle(u.private, name)
        scope = u.ste.get_scope(mangled)
        optype = "name"
        d = u.names
        if scope == S.FREE:
            d = u.freevars
            optype = "deref"
        elif scope == S.CELL:
            d = u.cellvars
            optype = "deref"
        elif scope == S.LOCAL:
            if u.ste.is_function_like() or u.fasthidden.get(mangled) is True:
                optype = "fast"
        elif scope == S.GLOBAL_IMPLICIT:
            if u.ste.is_function_like():
                optype = "global"
        elif scope == S.GLOBAL_EXPLICIT:
            optype = "global"

        if optype == "deref":
            if ctx == "Load":
                if u.ste.type == S.ClassBlock and not u.in_inlined_comp:
                    op = LOAD_FROM_DICT_OR_DEREF
                    self.addop(LOAD_LOCALS, loc)
                elif u.ste.can_see_class_scope:
                    op = LOAD_FROM_DICT_OR_DEREF
                    self.addop_o(LOAD_DEREF, loc, "__classdict__", u.freevars)
                else:
                    op = LOAD_DEREF
            elif ctx == "Store":
                op = STORE_DEREF
            else:
                op = DELETE_DEREF
        elif optype == "fast":
            op = {"Load": LOAD_FAST, "Store": STORE_FAST, "Del": DELETE_FAST}[ctx]
            self.addop(op, loc, _dict_add(u.varnames, mangled))
            return
        elif optype == "global":
            if ctx == "Load":
                if u.ste.can_see_class_scope and scope == S.GLOBAL_IMPLICIT:
                    op = LOAD_FROM_DICT_OR_GLOBALS
                    self.addop_o(LOAD_DEREF, loc, "__classdict__", u.freevars)
                else:
                    op = LOAD_GLOBAL
            elif ctx == "Store":
                op = STORE_GLOBAL
            else:
                op = DELETE_GLOBAL
        else:
            if ctx == "Load":
                op = LOAD_GLOBAL if (u.ste.type == S.ClassBlock and u.in_inlined_comp) else LOAD_NAME
            elif ctx == "Store":
                op = STORE_NAME
            else:
                op = DELETE_NAME
        arg = _dict_add(d, mangled)
        if op == LOAD_GLOBAL:
            arg <<= 1
        self.addop(op, loc, arg)

    def check_forbidden_name(self, loc, name, ctx):
        """`forbidden_name`."""
        if ctx == "Store" and name == "__debug__":
            raise self.error(loc, "cannot assign to __debug__")
        if ctx == "Del" and name == "__debug__":
            raise self.error(loc, "cannot delete __debug__")

    def get_ref_type(self, name):
        """`get_ref_type`."""
        u = self.u
        if u.scope_type == SCOPE_CLASS and name in ("__class__", "__classdict__"):
            return S.CELL
        scope = u.ste.get_scope(name)
        if scope == 0:
            raise SystemError(f"_PyST_GetScope(name={name!r}) failed: unknown scope in unit {u.name}")
        return scope

    # -- statements ---------------------------------------------------------

    def visit_stmts(self, stmts):
        for st in stmts or ():
            self.visit_stmt(st)

    def visit_stmt(self, s):
        """`compiler_visit_stmt`."""
        k = kind(s)
        method = getattr(self, "stmt_" + k, None)
        if method is None:
            raise SystemError(f"unsupported statement {k}")
        method(s)

    def stmt_FunctionDef(self, s):
        self.compiler_function(s, False)

    def stmt_AsyncFunctionDef(self, s):
        self.compiler_function(s, True)

    def stmt_ClassDef(self, s):
        self.compiler_class(s)

    def stmt_Return(self, s):
        """`compiler_return`."""
        loc = LOC(s)
        value = s.value
        preserve_tos = value is not None and kind(value) != "Constant"
        if not self.u.ste.is_function_like():
            raise self.error(loc, "'return' outside function")
        if value is not None and self.u.ste.coroutine and self.u.ste.generator:
            raise self.error(loc, "'return' with value in async generator")
        if preserve_tos:
            self.visit_expr(value)
        elif value is not None:
            loc = LOC(value)
            self.addop(NOP, loc)
        if value is None or value.lineno != s.lineno:
            loc = LOC(s)
            self.addop(NOP, loc)
        loc = self.unwind_fblock_stack(loc, preserve_tos, None)[0]
        if value is None:
            self.load_const(loc, None)
        elif not preserve_tos:
            self.load_const(loc, value.value)
        self.addop(RETURN_VALUE, loc)

    def stmt_Delete(self, s):
        for t in s.targets:
            self.visit_expr(t)

    def stmt_Assign(self, s):
        n = len(s.targets)
        self.visit_expr(s.value)
        for i, target in enumerate(s.targets):
            if i < n - 1:
                self.addop(COPY, LOC(s), 1)
            self.visit_expr(target)

    def stmt_AugAssign(self, s):
        """`compiler_augassign`."""
        e = s.target
        loc = LOC(e)
        k = kind(e)
        if k == "Attribute":
            self.visit_expr(e.value)
            self.addop(COPY, loc, 1)
            loc = self.update_start_location_to_match_attr(loc, e)
            self.addop_name(LOAD_ATTR, loc, e.attr, self.u.names)
        elif k == "Subscript":
            self.visit_expr(e.value)
            if self.is_two_element_slice(e.slice):
                self.compiler_slice(e.slice)
                self.addop(COPY, loc, 3)
                self.addop(COPY, loc, 3)
                self.addop(COPY, loc, 3)
                self.addop(BINARY_SLICE, loc)
            else:
                self.visit_expr(e.slice)
                self.addop(COPY, loc, 2)
                self.addop(COPY, loc, 2)
                self.addop(BINARY_SUBSCR, loc)
        elif k == "Name":
            self.nameop(loc, e.id, "Load")
        else:
            raise SystemError(f"invalid node type ({k}) for augmented assignment")
        loc = LOC(s)
        self.visit_expr(s.value)
        self.addop(BINARY_OP, loc, _INPLACE[kind(s.op)])
        loc = LOC(e)
        if k == "Attribute":
            loc = self.update_start_location_to_match_attr(loc, e)
            self.addop(SWAP, loc, 2)
            self.addop_name(STORE_ATTR, loc, e.attr, self.u.names)
        elif k == "Subscript":
            if self.is_two_element_slice(e.slice):
                self.addop(SWAP, loc, 4)
                self.addop(SWAP, loc, 3)
                self.addop(SWAP, loc, 2)
                self.addop(STORE_SLICE, loc)
            else:
                self.addop(SWAP, loc, 3)
                self.addop(SWAP, loc, 2)
                self.addop(STORE_SUBSCR, loc)
        else:
            self.nameop(loc, e.id, "Store")

    def stmt_AnnAssign(self, s):
        """`compiler_annassign`."""
        loc = LOC(s)
        targ = s.target
        if s.value is not None:
            self.visit_expr(s.value)
            self.visit_expr(targ)
        k = kind(targ)
        if k == "Name":
            self.check_forbidden_name(loc, targ.id, "Store")
            if s.simple and self.u.scope_type in (SCOPE_MODULE, SCOPE_CLASS):
                if self.future_features & CO_FUTURE_ANNOTATIONS:
                    self.visit_annexpr(s.annotation)
                else:
                    self.visit_expr(s.annotation)
                self.addop_name(LOAD_NAME, loc, "__annotations__", self.u.names)
                self.load_const(loc, mangle(self.u.private, targ.id))
                self.addop(STORE_SUBSCR, loc)
        elif k == "Attribute":
            self.check_forbidden_name(loc, targ.attr, "Store")
            if s.value is None:
                self.check_ann_expr(targ.value)
        elif k == "Subscript":
            if s.value is None:
                self.check_ann_expr(targ.value)
                self.check_ann_subscr(targ.slice)
        else:
            raise SystemError(f"invalid node type ({k}) for annotated assignment")
        if not s.simple:
            self.check_annotation(s)

    def check_ann_expr(self, e):
        self.visit_expr(e)
        self.addop(POP_TOP, LOC(e))

    def check_annotation(self, s):
        if self.future_features & CO_FUTURE_ANNOTATIONS:
            return
        if self.u.scope_type in (SCOPE_MODULE, SCOPE_CLASS):
            self.check_ann_expr(s.annotation)

    def check_ann_subscr(self, e):
        k = kind(e)
        if k == "Slice":
            for part in (e.lower, e.upper, e.step):
                if part is not None:
                    self.check_ann_expr(part)
        elif k == "Tuple":
            for elt in e.elts:
                self.check_ann_subscr(elt)
        else:
            self.check_ann_expr(e)

    def visit_annexpr(self, e):
        """Under `from __future__ import annotations`: the annotation's source text."""
        from .unparse import unparse_annotation
        self.load_const(LOC(e), unparse_annotation(e))

    def stmt_For(self, s):
        """`compiler_for`."""
        loc = LOC(s)
        start = self.new_label()
        body = self.new_label()
        cleanup = self.new_label()
        end = self.new_label()
        self.push_fblock(loc, FOR_LOOP, start, end, None)
        self.visit_expr(s.iter)
        self.addop(GET_ITER, loc)
        self.use_label(start)
        self.addop_jump(FOR_ITER, loc, cleanup)
        self.use_label(body)
        self.visit_expr(s.target)
        self.visit_stmts(s.body)
        self.addop_jump(JUMP, NO_LOCATION, start)
        self.use_label(cleanup)
        self.addop(END_FOR, NO_LOCATION)
        self.pop_fblock(FOR_LOOP, start)
        self.visit_stmts(s.orelse)
        self.use_label(end)

    def stmt_AsyncFor(self, s):
        """`compiler_async_for`."""
        loc = LOC(s)
        if self.is_top_level_await():
            self.u.ste.coroutine = True
        elif self.u.scope_type != SCOPE_ASYNC_FUNCTION:
            raise self.error(loc, "'async for' outside async function")
        start = self.new_label()
        except_ = self.new_label()
        end = self.new_label()
        self.visit_expr(s.iter)
        self.addop(GET_AITER, loc)
        self.use_label(start)
        self.push_fblock(loc, FOR_LOOP, start, end, None)
        self.addop_jump(SETUP_FINALLY, loc, except_)
        self.addop(GET_ANEXT, loc)
        self.load_const(loc, None)
        self.add_yield_from(loc, True)
        self.addop(POP_BLOCK, loc)
        self.visit_expr(s.target)
        self.visit_stmts(s.body)
        self.addop_jump(JUMP, NO_LOCATION, start)
        self.pop_fblock(FOR_LOOP, start)
        self.use_label(except_)
        loc = LOC(s.iter)
        self.addop(END_ASYNC_FOR, loc)
        self.visit_stmts(s.orelse)
        self.use_label(end)

    def stmt_While(self, s):
        """`compiler_while`."""
        loop = self.new_label()
        body = self.new_label()
        end = self.new_label()
        anchor = self.new_label()
        self.use_label(loop)
        self.push_fblock(LOC(s), WHILE_LOOP, loop, end, None)
        self.jump_if(LOC(s), s.test, anchor, False)
        self.use_label(body)
        self.visit_stmts(s.body)
        self.jump_if(LOC(s), s.test, body, True)
        self.pop_fblock(WHILE_LOOP, loop)
        self.use_label(anchor)
        self.visit_stmts(s.orelse)
        self.use_label(end)

    def stmt_If(self, s):
        """`compiler_if`."""
        end = self.new_label()
        if s.orelse:
            next_ = self.new_label()
        else:
            next_ = end
        self.jump_if(LOC(s), s.test, next_, False)
        self.visit_stmts(s.body)
        if s.orelse:
            self.addop_jump(JUMP, NO_LOCATION, end)
            self.use_label(next_)
            self.visit_stmts(s.orelse)
        self.use_label(end)

    def stmt_Raise(self, s):
        n = 0
        if s.exc is not None:
            self.visit_expr(s.exc)
            n += 1
            if s.cause is not None:
                self.visit_expr(s.cause)
                n += 1
        self.addop(RAISE_VARARGS, LOC(s), n)

    def stmt_Try(self, s):
        if s.finalbody:
            self.compiler_try_finally(s)
        else:
            self.compiler_try_except(s)

    def stmt_TryStar(self, s):
        if s.finalbody:
            self.compiler_try_star_finally(s)
        else:
            self.compiler_try_star_except(s)

    def stmt_Assert(self, s):
        """`compiler_assert`."""
        test = s.test
        if (kind(test) == "Tuple" and test.elts) or (
                kind(test) == "Constant" and isinstance(test.value, tuple) and test.value):
            self.warn(LOC(s), "assertion is always true, perhaps remove parentheses?")
        if self.optimize:
            return
        end = self.new_label()
        self.jump_if(LOC(s), test, end, True)
        self.addop(LOAD_ASSERTION_ERROR, LOC(s))
        if s.msg is not None:
            self.visit_expr(s.msg)
            self.addop(CALL, LOC(s), 0)
        self.addop(RAISE_VARARGS, LOC(s), 1)
        self.use_label(end)

    def stmt_Import(self, s):
        """`compiler_import`."""
        loc = LOC(s)
        for alias in s.names:
            self.load_const(loc, 0)
            self.load_const(loc, None)
            self.addop_name(IMPORT_NAME, loc, alias.name, self.u.names)
            if alias.asname:
                self.import_as(loc, alias.name, alias.asname)
            else:
                self.nameop(loc, alias.name.split(".", 1)[0], "Store")

    def import_as(self, loc, name, asname):
        """`compiler_import_as`."""
        parts = name.split(".")
        if len(parts) > 1:
            for i, attr in enumerate(parts[1:]):
                self.addop_o(IMPORT_FROM, loc, attr, self.u.names)
                if i == len(parts) - 2:
                    break
                self.addop(SWAP, loc, 2)
                self.addop(POP_TOP, loc)
            self.nameop(loc, asname, "Store")
            self.addop(POP_TOP, loc)
            return
        self.nameop(loc, asname, "Store")

    def stmt_ImportFrom(self, s):
        """`compiler_from_import`."""
        loc = LOC(s)
        self.load_const(loc, s.level or 0)
        names = tuple(alias.name for alias in s.names)
        fl = self.future_location
        after = loc[0] > fl[0] or (loc[0] == fl[0] and loc[2] > fl[2])
        if after and s.module == "__future__" and not s.level:
            raise self.error(loc, "from __future__ imports must occur at the beginning of the file")
        self.load_const(loc, names)
        self.addop_name(IMPORT_NAME, loc, s.module if s.module else "", self.u.names)
        for i, alias in enumerate(s.names):
            if i == 0 and alias.name.startswith("*"):
                self.addop(CALL_INTRINSIC_1, loc, _INTRINSIC1["INTRINSIC_IMPORT_STAR"])
                self.addop(POP_TOP, NO_LOCATION)
                return
            self.addop_name(IMPORT_FROM, loc, alias.name, self.u.names)
            self.nameop(loc, alias.asname if alias.asname else alias.name, "Store")
        self.addop(POP_TOP, loc)

    def stmt_Global(self, s):
        pass

    stmt_Nonlocal = stmt_Global

    def stmt_Expr(self, s):
        """`compiler_stmt_expr`."""
        loc = LOC(s)
        value = s.value
        if self.interactive and self.nestlevel <= 1:
            self.visit_expr(value)
            self.addop(CALL_INTRINSIC_1, loc, _INTRINSIC1["INTRINSIC_PRINT"])
            self.addop(POP_TOP, NO_LOCATION)
            return
        if kind(value) == "Constant":
            self.addop(NOP, loc)
            return
        self.visit_expr(value)
        self.addop(POP_TOP, NO_LOCATION)

    def stmt_Pass(self, s):
        self.addop(NOP, LOC(s))

    def stmt_Break(self, s):
        """`compiler_break`."""
        loc = origin = LOC(s)
        self.addop(NOP, loc)
        loc, loop = self.unwind_fblock_stack(loc, False, True)
        if loop is None:
            raise self.error(origin, "'break' outside loop")
        loc = self.unwind_fblock(loc, loop, False)
        self.addop_jump(JUMP, loc, loop.exit)

    def stmt_Continue(self, s):
        """`compiler_continue`."""
        loc = origin = LOC(s)
        self.addop(NOP, loc)
        loc, loop = self.unwind_fblock_stack(loc, False, True)
        if loop is None:
            raise self.error(origin, "'continue' not properly in loop")
        self.addop_jump(JUMP, loc, loop.block)

    def stmt_With(self, s):
        self.compiler_with(s, 0)

    def stmt_AsyncWith(self, s):
        self.compiler_async_with(s, 0)

    def stmt_Match(self, s):
        from .patterns import compiler_match
        compiler_match(self, s)

    def stmt_TypeAlias(self, s):
        self.compiler_typealias(s)

    # -- frame blocks -------------------------------------------------------

    def push_fblock(self, loc, type_, block, exit_, datum):
        if len(self.u.fblocks) >= CO_MAXBLOCKS:
            raise self.error(loc, "too many statically nested blocks")
        self.u.fblocks.append(FBlock(type_, block, exit_, datum))

    def pop_fblock(self, type_, block):
        info = self.u.fblocks.pop()
        assert info.type == type_ and info.block is block

    def call_exit_with_nones(self, loc):
        self.load_const(loc, None)
        self.load_const(loc, None)
        self.load_const(loc, None)
        self.addop(CALL, loc, 2)

    def unwind_fblock(self, loc, info, preserve_tos):
        """`compiler_unwind_fblock`; returns the (possibly changed) location."""
        t = info.type
        if t in (WHILE_LOOP, EXCEPTION_HANDLER, EXCEPTION_GROUP_HANDLER, ASYNC_COMPREHENSION_GENERATOR):
            return loc
        if t == FOR_LOOP:
            if preserve_tos:
                self.addop(SWAP, loc, 2)
            self.addop(POP_TOP, loc)
            return loc
        if t == TRY_EXCEPT:
            self.addop(POP_BLOCK, loc)
            return loc
        if t == FINALLY_TRY:
            self.addop(POP_BLOCK, loc)
            if preserve_tos:
                self.push_fblock(loc, POP_VALUE, None, None, None)
            self.visit_stmts(info.datum)
            if preserve_tos:
                self.pop_fblock(POP_VALUE, None)
            return NO_LOCATION
        if t == FINALLY_END:
            if preserve_tos:
                self.addop(SWAP, loc, 2)
            self.addop(POP_TOP, loc)
            if preserve_tos:
                self.addop(SWAP, loc, 2)
            self.addop(POP_BLOCK, loc)
            self.addop(POP_EXCEPT, loc)
            return loc
        if t in (WITH, ASYNC_WITH):
            loc = LOC(info.datum)
            self.addop(POP_BLOCK, loc)
            if preserve_tos:
                self.addop(SWAP, loc, 2)
            self.call_exit_with_nones(loc)
            if t == ASYNC_WITH:
                self.addop(GET_AWAITABLE, loc, 2)
                self.load_const(loc, None)
                self.add_yield_from(loc, True)
            self.addop(POP_TOP, loc)
            return NO_LOCATION
        if t == HANDLER_CLEANUP:
            if info.datum:
                self.addop(POP_BLOCK, loc)
            if preserve_tos:
                self.addop(SWAP, loc, 2)
            self.addop(POP_BLOCK, loc)
            self.addop(POP_EXCEPT, loc)
            if info.datum:
                self.load_const(loc, None)
                self.nameop(loc, info.datum, "Store")
                self.nameop(loc, info.datum, "Del")
            return loc
        if t == POP_VALUE:
            if preserve_tos:
                self.addop(SWAP, loc, 2)
            self.addop(POP_TOP, loc)
            return loc
        raise SystemError("unreachable fblock type")

    def unwind_fblock_stack(self, loc, preserve_tos, want_loop):
        """`compiler_unwind_fblock_stack`; returns (loc, loop fblock or None)."""
        fblocks = self.u.fblocks
        if not fblocks:
            return loc, None
        top = fblocks[-1]
        if top.type == EXCEPTION_GROUP_HANDLER:
            raise self.error(loc, "'break', 'continue' and 'return' cannot appear in an except* block")
        if want_loop and top.type in (WHILE_LOOP, FOR_LOOP):
            return loc, top
        fblocks.pop()
        try:
            loc = self.unwind_fblock(loc, top, preserve_tos)
            loc, loop = self.unwind_fblock_stack(loc, preserve_tos, want_loop)
        finally:
            fblocks.append(top)
        return loc, loop

    # -- try / with ---------------------------------------------------------

    def pop_except_and_reraise(self, loc):
        self.addop(COPY, loc, 3)
        self.addop(POP_EXCEPT, loc)
        self.addop(RERAISE, loc, 1)

    def compiler_try_finally(self, s):
        """`compiler_try_finally`."""
        loc = LOC(s)
        body = self.new_label()
        end = self.new_label()
        exit_ = self.new_label()
        cleanup = self.new_label()
        self.addop_jump(SETUP_FINALLY, loc, end)
        self.use_label(body)
        self.push_fblock(loc, FINALLY_TRY, body, end, s.finalbody)
        if s.handlers:
            self.compiler_try_except(s)
        else:
            self.visit_stmts(s.body)
        self.addop(POP_BLOCK, NO_LOCATION)
        self.pop_fblock(FINALLY_TRY, body)
        self.visit_stmts(s.finalbody)
        self.addop_jump(JUMP, NO_LOCATION, exit_)
        self.use_label(end)
        loc = NO_LOCATION
        self.addop_jump(SETUP_CLEANUP, loc, cleanup)
        self.addop(PUSH_EXC_INFO, loc)
        self.push_fblock(loc, FINALLY_END, end, None, None)
        self.visit_stmts(s.finalbody)
        self.pop_fblock(FINALLY_END, end)
        self.addop(RERAISE, loc, 0)
        self.use_label(cleanup)
        self.pop_except_and_reraise(loc)
        self.use_label(exit_)

    def compiler_try_star_finally(self, s):
        """`compiler_try_star_finally`."""
        loc = LOC(s)
        body = self.new_label()
        end = self.new_label()
        exit_ = self.new_label()
        cleanup = self.new_label()
        self.addop_jump(SETUP_FINALLY, loc, end)
        self.use_label(body)
        self.push_fblock(loc, FINALLY_TRY, body, end, s.finalbody)
        if s.handlers:
            self.compiler_try_star_except(s)
        else:
            self.visit_stmts(s.body)
        self.addop(POP_BLOCK, NO_LOCATION)
        self.pop_fblock(FINALLY_TRY, body)
        self.visit_stmts(s.finalbody)
        self.addop_jump(JUMP, NO_LOCATION, exit_)
        self.use_label(end)
        loc = NO_LOCATION
        self.addop_jump(SETUP_CLEANUP, loc, cleanup)
        self.addop(PUSH_EXC_INFO, loc)
        self.push_fblock(loc, FINALLY_END, end, None, None)
        self.visit_stmts(s.finalbody)
        self.pop_fblock(FINALLY_END, end)
        self.addop(RERAISE, loc, 0)
        self.use_label(cleanup)
        self.pop_except_and_reraise(loc)
        self.use_label(exit_)

    def compiler_try_except(self, s):
        """`compiler_try_except`."""
        loc = LOC(s)
        body = self.new_label()
        except_ = self.new_label()
        end = self.new_label()
        cleanup = self.new_label()
        self.addop_jump(SETUP_FINALLY, loc, except_)
        self.use_label(body)
        self.push_fblock(loc, TRY_EXCEPT, body, None, None)
        self.visit_stmts(s.body)
        self.pop_fblock(TRY_EXCEPT, body)
        self.addop(POP_BLOCK, NO_LOCATION)
        if s.orelse:
            self.visit_stmts(s.orelse)
        self.addop_jump(JUMP, NO_LOCATION, end)
        n = len(s.handlers)
        self.use_label(except_)
        self.addop_jump(SETUP_CLEANUP, NO_LOCATION, cleanup)
        self.addop(PUSH_EXC_INFO, NO_LOCATION)
        self.push_fblock(loc, EXCEPTION_HANDLER, None, None, None)
        for i, handler in enumerate(s.handlers):
            hloc = LOC(handler)
            if handler.type is None and i < n - 1:
                raise self.error(hloc, "default 'except:' must be last")
            except_ = self.new_label()
            if handler.type is not None:
                self.visit_expr(handler.type)
                self.addop(CHECK_EXC_MATCH, hloc)
                self.addop_jump(POP_JUMP_IF_FALSE, hloc, except_)
            if handler.name:
                cleanup_end = self.new_label()
                cleanup_body = self.new_label()
                self.nameop(hloc, handler.name, "Store")
                self.addop_jump(SETUP_CLEANUP, hloc, cleanup_end)
                self.use_label(cleanup_body)
                self.push_fblock(hloc, HANDLER_CLEANUP, cleanup_body, None, handler.name)
                self.visit_stmts(handler.body)
                self.pop_fblock(HANDLER_CLEANUP, cleanup_body)
                self.addop(POP_BLOCK, NO_LOCATION)
                self.addop(POP_BLOCK, NO_LOCATION)
                self.addop(POP_EXCEPT, NO_LOCATION)
                self.load_const(NO_LOCATION, None)
                self.nameop(NO_LOCATION, handler.name, "Store")
                self.nameop(NO_LOCATION, handler.name, "Del")
                self.addop_jump(JUMP, NO_LOCATION, end)
                self.use_label(cleanup_end)
                self.load_const(NO_LOCATION, None)
                self.nameop(NO_LOCATION, handler.name, "Store")
                self.nameop(NO_LOCATION, handler.name, "Del")
                self.addop(RERAISE, NO_LOCATION, 1)
            else:
                cleanup_body = self.new_label()
                self.addop(POP_TOP, hloc)
                self.use_label(cleanup_body)
                self.push_fblock(hloc, HANDLER_CLEANUP, cleanup_body, None, None)
                self.visit_stmts(handler.body)
                self.pop_fblock(HANDLER_CLEANUP, cleanup_body)
                self.addop(POP_BLOCK, NO_LOCATION)
                self.addop(POP_EXCEPT, NO_LOCATION)
                self.addop_jump(JUMP, NO_LOCATION, end)
            self.use_label(except_)
        self.pop_fblock(EXCEPTION_HANDLER, None)
        self.addop(RERAISE, NO_LOCATION, 0)
        self.use_label(cleanup)
        self.pop_except_and_reraise(NO_LOCATION)
        self.use_label(end)

    def compiler_try_star_except(self, s):
        """`compiler_try_star_except`."""
        loc = LOC(s)
        body = self.new_label()
        except_ = self.new_label()
        orelse = self.new_label()
        end = self.new_label()
        cleanup = self.new_label()
        reraise_star = self.new_label()
        self.addop_jump(SETUP_FINALLY, loc, except_)
        self.use_label(body)
        self.push_fblock(loc, TRY_EXCEPT, body, None, None)
        self.visit_stmts(s.body)
        self.pop_fblock(TRY_EXCEPT, body)
        self.addop(POP_BLOCK, NO_LOCATION)
        self.addop_jump(JUMP, NO_LOCATION, orelse)
        n = len(s.handlers)
        self.use_label(except_)
        self.addop_jump(SETUP_CLEANUP, NO_LOCATION, cleanup)
        self.addop(PUSH_EXC_INFO, NO_LOCATION)
        self.push_fblock(loc, EXCEPTION_GROUP_HANDLER, None, None, "except_with_error")
        for i, handler in enumerate(s.handlers):
            hloc = LOC(handler)
            next_ = self.new_label()
            except_ = next_
            except_with_error = self.new_label()
            no_match = self.new_label()
            if i == 0:
                # create empty list for exceptions raised/reraise in the except* blocks
                # Initial stack: [exc]; after: [orig, list, exc]
                self.addop(BUILD_LIST, hloc, 0)
                self.addop(COPY, hloc, 2)
            if handler.type is not None:
                self.visit_expr(handler.type)
                self.addop(CHECK_EG_MATCH, hloc)
                self.addop(COPY, hloc, 1)
                self.addop_jump(POP_JUMP_IF_NONE, hloc, no_match)
            cleanup_end = self.new_label()
            cleanup_body = self.new_label()
            if handler.name:
                self.nameop(hloc, handler.name, "Store")
            else:
                self.addop(POP_TOP, hloc)
            self.addop_jump(SETUP_CLEANUP, hloc, cleanup_end)
            self.use_label(cleanup_body)
            self.push_fblock(hloc, HANDLER_CLEANUP, cleanup_body, None, handler.name)
            self.visit_stmts(handler.body)
            self.pop_fblock(HANDLER_CLEANUP, cleanup_body)
            self.addop(POP_BLOCK, NO_LOCATION)
            if handler.name:
                self.load_const(NO_LOCATION, None)
                self.nameop(NO_LOCATION, handler.name, "Store")
                self.nameop(NO_LOCATION, handler.name, "Del")
            self.addop_jump(JUMP, NO_LOCATION, except_)
            self.use_label(cleanup_end)
            if handler.name:
                self.load_const(NO_LOCATION, None)
                self.nameop(NO_LOCATION, handler.name, "Store")
                self.nameop(NO_LOCATION, handler.name, "Del")
            self.addop(LIST_APPEND, NO_LOCATION, 3)
            self.addop(POP_TOP, NO_LOCATION)
            self.addop_jump(JUMP, NO_LOCATION, except_with_error)
            self.use_label(except_)
            self.addop(NOP, NO_LOCATION)
            self.addop_jump(JUMP, NO_LOCATION, except_with_error)
            self.use_label(no_match)
            self.addop(POP_TOP, hloc)
            self.use_label(except_with_error)
            if i == n - 1:
                # the unhandled rest of the group (or None) joins the list
                self.addop(LIST_APPEND, NO_LOCATION, 1)
                self.addop_jump(JUMP, NO_LOCATION, reraise_star)
        self.pop_fblock(EXCEPTION_GROUP_HANDLER, None)
        reraise = self.new_label()
        self.use_label(reraise_star)
        self.addop(CALL_INTRINSIC_2, NO_LOCATION, _INTRINSIC2["INTRINSIC_PREP_RERAISE_STAR"])
        self.addop(COPY, NO_LOCATION, 1)
        self.addop_jump(POP_JUMP_IF_NOT_NONE, NO_LOCATION, reraise)
        self.addop(POP_TOP, NO_LOCATION)
        self.addop(POP_BLOCK, NO_LOCATION)
        self.addop(POP_EXCEPT, NO_LOCATION)
        self.addop_jump(JUMP, NO_LOCATION, end)
        self.use_label(reraise)
        self.addop(POP_BLOCK, NO_LOCATION)
        self.addop(SWAP, NO_LOCATION, 2)
        self.addop(POP_EXCEPT, NO_LOCATION)
        self.addop(RERAISE, NO_LOCATION, 0)
        self.use_label(cleanup)
        self.pop_except_and_reraise(NO_LOCATION)
        self.use_label(orelse)
        self.visit_stmts(s.orelse)
        self.use_label(end)

    def compiler_with(self, s, pos):
        """`compiler_with`."""
        item = s.items[pos]
        block = self.new_label()
        final = self.new_label()
        exit_ = self.new_label()
        cleanup = self.new_label()
        self.visit_expr(item.context_expr)
        loc = LOC(s)
        self.addop(BEFORE_WITH, loc)
        self.addop_jump(SETUP_WITH, loc, final)
        self.use_label(block)
        self.push_fblock(loc, WITH, block, final, s)
        if item.optional_vars is not None:
            self.visit_expr(item.optional_vars)
        else:
            self.addop(POP_TOP, loc)
        pos += 1
        if pos == len(s.items):
            self.visit_stmts(s.body)
        else:
            self.compiler_with(s, pos)
        self.addop(POP_BLOCK, NO_LOCATION)
        self.pop_fblock(WITH, block)
        self.call_exit_with_nones(loc)
        self.addop(POP_TOP, loc)
        self.addop_jump(JUMP, loc, exit_)
        self.use_label(final)
        self.addop_jump(SETUP_CLEANUP, loc, cleanup)
        self.addop(PUSH_EXC_INFO, loc)
        self.addop(WITH_EXCEPT_START, loc)
        self.with_except_finish(cleanup)
        self.use_label(exit_)

    def compiler_async_with(self, s, pos):
        """`compiler_async_with`."""
        loc = LOC(s)
        item = s.items[pos]
        if self.is_top_level_await():
            self.u.ste.coroutine = True
        elif self.u.scope_type != SCOPE_ASYNC_FUNCTION:
            raise self.error(loc, "'async with' outside async function")
        block = self.new_label()
        final = self.new_label()
        exit_ = self.new_label()
        cleanup = self.new_label()
        self.visit_expr(item.context_expr)
        self.addop(BEFORE_ASYNC_WITH, loc)
        self.addop(GET_AWAITABLE, loc, 1)
        self.load_const(loc, None)
        self.add_yield_from(loc, True)
        self.addop_jump(SETUP_WITH, loc, final)
        self.use_label(block)
        self.push_fblock(loc, ASYNC_WITH, block, final, s)
        if item.optional_vars is not None:
            self.visit_expr(item.optional_vars)
        else:
            self.addop(POP_TOP, loc)
        pos += 1
        if pos == len(s.items):
            self.visit_stmts(s.body)
        else:
            self.compiler_async_with(s, pos)
        self.pop_fblock(ASYNC_WITH, block)
        self.addop(POP_BLOCK, loc)
        self.call_exit_with_nones(loc)
        self.addop(GET_AWAITABLE, loc, 2)
        self.load_const(loc, None)
        self.add_yield_from(loc, True)
        self.addop(POP_TOP, loc)
        self.addop_jump(JUMP, loc, exit_)
        self.use_label(final)
        self.addop_jump(SETUP_CLEANUP, loc, cleanup)
        self.addop(PUSH_EXC_INFO, loc)
        self.addop(WITH_EXCEPT_START, loc)
        self.addop(GET_AWAITABLE, loc, 2)
        self.load_const(loc, None)
        self.add_yield_from(loc, True)
        self.with_except_finish(cleanup)
        self.use_label(exit_)

    def with_except_finish(self, cleanup):
        """`compiler_with_except_finish`."""
        suppress = self.new_label()
        self.addop_jump(POP_JUMP_IF_TRUE, NO_LOCATION, suppress)
        self.addop(RERAISE, NO_LOCATION, 2)
        self.use_label(suppress)
        self.addop(POP_TOP, NO_LOCATION)
        self.addop(POP_BLOCK, NO_LOCATION)
        self.addop(POP_EXCEPT, NO_LOCATION)
        self.addop(POP_TOP, NO_LOCATION)
        self.addop(POP_TOP, NO_LOCATION)
        exit_ = self.new_label()
        self.addop_jump(JUMP, NO_LOCATION, exit_)
        self.use_label(cleanup)
        self.pop_except_and_reraise(NO_LOCATION)
        self.use_label(exit_)

    # -- functions and classes ----------------------------------------------

    def compiler_decorators(self, decos):
        for d in decos or ():
            self.visit_expr(d)

    def apply_decorators(self, decos):
        for d in reversed(decos or []):
            self.addop(CALL, LOC(d), 0)

    def check_debug_args(self, args):
        """`compiler_check_debug_args`."""
        for arg in list(args.posonlyargs or ()) + list(args.args or ()) + list(args.kwonlyargs or ()):
            self.check_forbidden_name(LOC(arg), arg.arg, "Store")
        for arg in (args.vararg, args.kwarg):
            if arg is not None:
                self.check_forbidden_name(LOC(arg), arg.arg, "Store")

    def default_arguments(self, loc, args):
        """`compiler_default_arguments`."""
        funcflags = 0
        if args.defaults:
            for d in args.defaults:
                self.visit_expr(d)
            self.addop(BUILD_TUPLE, loc, len(args.defaults))
            funcflags |= 0x01
        if args.kwonlyargs:
            keys = []
            for arg, default in zip(args.kwonlyargs, args.kw_defaults):
                if default is not None:
                    keys.append(mangle(self.u.private, arg.arg))
                    self.visit_expr(default)
            if keys:
                self.load_const(loc, tuple(keys))
                self.addop(BUILD_CONST_KEY_MAP, loc, len(keys))
                funcflags |= 0x02
        return funcflags

    def visit_argannotation(self, id_, annotation, count, loc):
        if annotation is None:
            return count
        self.load_const(loc, mangle(self.u.private, id_))
        if self.future_features & CO_FUTURE_ANNOTATIONS:
            self.visit_annexpr(annotation)
        elif kind(annotation) == "Starred":
            self.visit_expr(annotation.value)
            self.addop(UNPACK_SEQUENCE, loc, 1)
        else:
            self.visit_expr(annotation)
        return count + 2

    def visit_annotations(self, loc, args, returns):
        """`compiler_visit_annotations`: (name, value) pairs as a tuple."""
        n = 0
        for arg in args.args or ():
            n = self.visit_argannotation(arg.arg, arg.annotation, n, loc)
        for arg in args.posonlyargs or ():
            n = self.visit_argannotation(arg.arg, arg.annotation, n, loc)
        if args.vararg is not None and args.vararg.annotation is not None:
            n = self.visit_argannotation(args.vararg.arg, args.vararg.annotation, n, loc)
        for arg in args.kwonlyargs or ():
            n = self.visit_argannotation(arg.arg, arg.annotation, n, loc)
        if args.kwarg is not None and args.kwarg.annotation is not None:
            n = self.visit_argannotation(args.kwarg.arg, args.kwarg.annotation, n, loc)
        n = self.visit_argannotation("return", returns, n, loc)
        if n:
            self.addop(BUILD_TUPLE, loc, n)
            return True
        return False

    def compiler_function(self, s, is_async):
        """`compiler_function`."""
        args = s.args
        decos = s.decorator_list
        type_params = getattr(s, "type_params", None) or []
        self.check_debug_args(args)
        self.compiler_decorators(decos)
        firstlineno = s.lineno
        if decos:
            firstlineno = decos[0].lineno
        loc = LOC(s)
        is_generic = bool(type_params)
        if is_generic:
            self.addop(PUSH_NULL, loc)
        funcflags = self.default_arguments(loc, args)
        num_typeparam_args = 0
        if is_generic:
            if funcflags & 0x01:
                num_typeparam_args += 1
            if funcflags & 0x02:
                num_typeparam_args += 1
            if num_typeparam_args == 2:
                self.addop(SWAP, loc, 2)
            self.enter_scope(f"<generic parameters of {s.name}>", SCOPE_TYPEPARAMS, type_params, firstlineno)
            self.compiler_type_params(type_params)
            for i in range(num_typeparam_args):
                self.addop(LOAD_FAST, loc, i)
        if self.visit_annotations(loc, args, s.returns):
            funcflags |= 0x04
        self.function_body(s, is_async, funcflags, firstlineno)
        if is_generic:
            self.addop(SWAP, loc, 2)
            self.addop(CALL_INTRINSIC_2, loc, _INTRINSIC2["INTRINSIC_SET_FUNCTION_TYPE_PARAMS"])
            self.u.argcount = num_typeparam_args
            co = self.optimize_and_assemble(False)
            self.exit_scope()
            self.make_closure(loc, co, 0)
            if num_typeparam_args > 0:
                self.addop(SWAP, loc, num_typeparam_args + 1)
            self.addop(CALL, loc, num_typeparam_args)
        self.apply_decorators(decos)
        self.nameop(loc, s.name, "Store")

    def function_body(self, s, is_async, funcflags, firstlineno):
        """`compiler_function_body`."""
        args = s.args
        body = s.body
        self.enter_scope(s.name, SCOPE_ASYNC_FUNCTION if is_async else SCOPE_FUNCTION, s, firstlineno)
        docstring = None
        if self.optimize < 2:
            docstring = get_docstring(body)
        self.add_const(docstring)
        u = self.u
        u.argcount = len(args.args or ())
        u.posonlyargcount = len(args.posonlyargs or ())
        u.kwonlyargcount = len(args.kwonlyargs or ())
        for st in body[1 if docstring is not None else 0:]:
            self.visit_stmt(st)
        if u.ste.coroutine or u.ste.generator:
            self.wrap_in_stopiteration_handler()
        co = self.optimize_and_assemble(True)
        self.exit_scope()
        self.make_closure(LOC(s), co, funcflags)

    def wrap_in_stopiteration_handler(self):
        """`wrap_in_stopiteration_handler`."""
        seq = self.u.seq
        handler = self.new_label()
        from .instruction_sequence import Instr
        seq.instrs.insert(0, Instr(SETUP_CLEANUP, handler, NO_LOCATION))
        for lbl, pos in seq.label_positions.items():
            if pos >= 0:
                seq.label_positions[lbl] = pos + 1
        self.load_const(NO_LOCATION, None)
        self.addop(RETURN_VALUE, NO_LOCATION)
        self.use_label(handler)
        self.addop(CALL_INTRINSIC_1, NO_LOCATION, _INTRINSIC1["INTRINSIC_STOPITERATION_ERROR"])
        self.addop(RERAISE, NO_LOCATION, 1)

    def make_closure(self, loc, co, flags):
        """`compiler_make_closure`."""
        if co.co_freevars:
            u = self.u
            for name in co.co_freevars:
                reftype = self.get_ref_type(name)
                if reftype == S.CELL:
                    arg = u.cellvars.get(name)
                else:
                    arg = u.freevars.get(name)
                if arg is None:
                    raise SystemError(f"compiler_lookup_arg(name={name!r}) with reftype={reftype} "
                                      f"failed in {u.name}; freevars of code {co.co_name}: "
                                      f"{co.co_freevars!r}")
                self.addop(LOAD_CLOSURE, loc, arg)
            flags |= 0x08
            self.addop(BUILD_TUPLE, loc, len(co.co_freevars))
        self.load_const(loc, co)
        self.addop(MAKE_FUNCTION, loc, flags)

    def compiler_class(self, s):
        """`compiler_class`."""
        decos = s.decorator_list
        self.compiler_decorators(decos)
        firstlineno = s.lineno
        if decos:
            firstlineno = decos[0].lineno
        loc = LOC(s)
        type_params = getattr(s, "type_params", None) or []
        is_generic = bool(type_params)
        if is_generic:
            self.u.private = s.name
            self.addop(PUSH_NULL, loc)
            self.enter_scope(f"<generic parameters of {s.name}>", SCOPE_TYPEPARAMS, type_params, firstlineno)
            self.compiler_type_params(type_params)
            self.nameop(loc, ".type_params", "Store")
        self.class_body(s, firstlineno)
        if is_generic:
            self.nameop(loc, ".type_params", "Load")
            self.addop(CALL_INTRINSIC_1, loc, _INTRINSIC1["INTRINSIC_SUBSCRIPT_GENERIC"])
            self.nameop(loc, ".generic_base", "Store")
            bases = list(s.bases) + [Name(".generic_base", _Load(), loc)]
            self.call_helper(loc, 2, bases, s.keywords)
            co = self.optimize_and_assemble(False)
            self.exit_scope()
            self.make_closure(loc, co, 0)
            self.addop(CALL, loc, 0)
        else:
            self.call_helper(loc, 2, s.bases, s.keywords)
        self.apply_decorators(decos)
        self.nameop(loc, s.name, "Store")

    def class_body(self, s, firstlineno):
        """`compiler_class_body`."""
        self.enter_scope(s.name, SCOPE_CLASS, s, firstlineno)
        u = self.u
        loc = (firstlineno, firstlineno, 0, 0)
        u.private = s.name
        self.nameop(loc, "__name__", "Load")
        self.nameop(loc, "__module__", "Store")
        self.load_const(loc, u.qualname)
        self.nameop(loc, "__qualname__", "Store")
        if getattr(s, "type_params", None):
            self.nameop(loc, ".type_params", "Load")
            self.nameop(loc, "__type_params__", "Store")
        if u.ste.needs_classdict:
            self.addop(LOAD_LOCALS, loc)
            self.addop_o(STORE_DEREF, loc, "__classdict__", u.cellvars)
        self.compiler_body(loc, s.body)
        if u.ste.needs_classdict:
            self.addop(LOAD_CLOSURE, NO_LOCATION, u.cellvars["__classdict__"])
            self.nameop(NO_LOCATION, "__classdictcell__", "Store")
        if u.ste.needs_class_closure:
            self.addop(LOAD_CLOSURE, NO_LOCATION, u.cellvars["__class__"])
            self.addop(COPY, NO_LOCATION, 1)
            self.nameop(NO_LOCATION, "__classcell__", "Store")
        else:
            self.load_const(NO_LOCATION, None)
        self.addop(RETURN_VALUE, NO_LOCATION)
        co = self.optimize_and_assemble(True)
        self.exit_scope()
        loc = LOC(s)
        self.addop(PUSH_NULL, loc)
        self.addop(LOAD_BUILD_CLASS, loc)
        self.make_closure(loc, co, 0)
        self.load_const(loc, s.name)

    # -- PEP 695 --------------------------------------------------------------

    def compiler_type_params(self, type_params):
        """`compiler_type_params`."""
        n = len(type_params)
        for tp in type_params:
            loc = LOC(tp)
            k = kind(tp)
            name = tp.name
            if k == "TypeVar":
                self.load_const(loc, name)
                if tp.bound is not None:
                    is_constraint = kind(tp.bound) == "Tuple"
                    self.type_param_bound(tp.bound, name, tp, loc)
                    self.addop(CALL_INTRINSIC_2, loc, _INTRINSIC2[
                        "INTRINSIC_TYPEVAR_WITH_CONSTRAINTS" if is_constraint else "INTRINSIC_TYPEVAR_WITH_BOUND"])
                else:
                    self.addop(CALL_INTRINSIC_1, loc, _INTRINSIC1["INTRINSIC_TYPEVAR"])
                self.addop(COPY, loc, 1)
                self.nameop(loc, name, "Store")
            elif k == "TypeVarTuple":
                self.load_const(loc, name)
                self.addop(CALL_INTRINSIC_1, loc, _INTRINSIC1["INTRINSIC_TYPEVARTUPLE"])
                self.addop(COPY, loc, 1)
                self.nameop(loc, name, "Store")
            elif k == "ParamSpec":
                self.load_const(loc, name)
                self.addop(CALL_INTRINSIC_1, loc, _INTRINSIC1["INTRINSIC_PARAMSPEC"])
                self.addop(COPY, loc, 1)
                self.nameop(loc, name, "Store")
        self.addop(BUILD_TUPLE, LOC(type_params[0]), n)

    def type_param_bound(self, e, name, key, loc):
        """The lazily evaluated bound of a TypeVar: a tiny function of its own."""
        self.enter_scope(name, SCOPE_TYPEPARAMS, key, e.lineno)
        self.visit_expr(e)
        self.addop(RETURN_VALUE, loc)
        co = self.optimize_and_assemble(True)
        self.exit_scope()
        self.make_closure(loc, co, 0)

    def compiler_typealias(self, s):
        """`compiler_typealias`."""
        loc = LOC(s)
        type_params = s.type_params or []
        is_generic = bool(type_params)
        name = s.name.id
        if is_generic:
            self.addop(PUSH_NULL, loc)
            self.enter_scope(f"<generic parameters of {name}>", SCOPE_TYPEPARAMS, type_params, loc[0])
            self.load_const(loc, name)
            self.compiler_type_params(type_params)
        else:
            self.load_const(loc, name)
            self.load_const(loc, None)
        self.typealias_body(s)
        if is_generic:
            co = self.optimize_and_assemble(False)
            self.exit_scope()
            self.make_closure(loc, co, 0)
            self.addop(CALL, loc, 0)
        self.nameop(loc, name, "Store")

    def typealias_body(self, s):
        """`compiler_typealias_body`."""
        loc = LOC(s)
        name = s.name.id
        self.enter_scope(name, SCOPE_FUNCTION, s, loc[0])
        self.add_const(None)
        self.visit_expr(s.value)
        self.addop(RETURN_VALUE, loc)
        co = self.optimize_and_assemble(False)
        self.exit_scope()
        self.make_closure(loc, co, 0)
        self.addop(BUILD_TUPLE, loc, 3)
        self.addop(CALL_INTRINSIC_1, loc, _INTRINSIC1["INTRINSIC_TYPEALIAS"])

    # -- expressions --------------------------------------------------------

    def visit_expr(self, e):
        """`compiler_visit_expr`."""
        method = getattr(self, "expr_" + type(e).__name__, None)
        if method is None:
            raise SystemError(f"unsupported expression {type(e).__name__}")
        method(e)

    def expr_Constant(self, e):
        self.load_const(LOC(e), e.value)

    def expr_Name(self, e):
        self.nameop(LOC(e), e.id, _ctx(e))

    def expr_NamedExpr(self, e):
        self.visit_expr(e.value)
        self.addop(COPY, LOC(e), 1)
        self.visit_expr(e.target)

    def expr_BoolOp(self, e):
        """`compiler_boolop`."""
        loc = LOC(e)
        jumpi = POP_JUMP_IF_FALSE if kind(e.op) == "And" else POP_JUMP_IF_TRUE
        end = self.new_label()
        values = e.values
        for value in values[:-1]:
            self.visit_expr(value)
            self.addop(COPY, loc, 1)
            self.addop_jump(jumpi, loc, end)
            self.addop(POP_TOP, loc)
        self.visit_expr(values[-1])
        self.use_label(end)

    def expr_BinOp(self, e):
        self.visit_expr(e.left)
        self.visit_expr(e.right)
        self.addop(BINARY_OP, LOC(e), _BINOP[kind(e.op)])

    def expr_UnaryOp(self, e):
        loc = LOC(e)
        self.visit_expr(e.operand)
        op = kind(e.op)
        if op == "UAdd":
            self.addop(CALL_INTRINSIC_1, loc, _INTRINSIC1["INTRINSIC_UNARY_POSITIVE"])
        else:
            self.addop({"Invert": UNARY_INVERT, "Not": UNARY_NOT, "USub": UNARY_NEGATIVE}[op], loc)

    def expr_Lambda(self, e):
        """`compiler_lambda`."""
        args = e.args
        self.check_debug_args(args)
        loc = LOC(e)
        funcflags = self.default_arguments(loc, args)
        self.enter_scope("<lambda>", SCOPE_LAMBDA, e, e.lineno)
        self.add_const(None)
        u = self.u
        u.argcount = len(args.args or ())
        u.posonlyargcount = len(args.posonlyargs or ())
        u.kwonlyargcount = len(args.kwonlyargs or ())
        self.visit_expr(e.body)
        if u.ste.generator:
            co = self.optimize_and_assemble(False)
        else:
            self.addop(RETURN_VALUE, (e.lineno, e.lineno, 0, 0))
            co = self.optimize_and_assemble(True)
        self.exit_scope()
        self.make_closure(loc, co, funcflags)

    def expr_IfExp(self, e):
        """`compiler_ifexp`."""
        end = self.new_label()
        next_ = self.new_label()
        self.jump_if(LOC(e), e.test, next_, False)
        self.visit_expr(e.body)
        self.addop_jump(JUMP, NO_LOCATION, end)
        self.use_label(next_)
        self.visit_expr(e.orelse)
        self.use_label(end)

    def expr_Dict(self, e):
        """`compiler_dict`."""
        loc = LOC(e)
        n = len(e.values)
        have_dict = False
        elements = 0
        for i in range(n):
            is_unpacking = e.keys[i] is None
            if is_unpacking:
                if elements:
                    self.subdict(e, i - elements, i)
                    if have_dict:
                        self.addop(DICT_UPDATE, loc, 1)
                    have_dict = True
                    elements = 0
                if not have_dict:
                    self.addop(BUILD_MAP, loc, 0)
                    have_dict = True
                self.visit_expr(e.values[i])
                self.addop(DICT_UPDATE, loc, 1)
            else:
                if elements * 2 > STACK_USE_GUIDELINE:
                    self.subdict(e, i - elements, i + 1)
                    if have_dict:
                        self.addop(DICT_UPDATE, loc, 1)
                    have_dict = True
                    elements = 0
                else:
                    elements += 1
        if elements:
            self.subdict(e, n - elements, n)
            if have_dict:
                self.addop(DICT_UPDATE, loc, 1)
            have_dict = True
        if not have_dict:
            self.addop(BUILD_MAP, loc, 0)

    def subdict(self, e, begin, end):
        """`compiler_subdict`."""
        n = end - begin
        big = n * 2 > STACK_USE_GUIDELINE
        loc = LOC(e)
        keys = e.keys[begin:end]
        if n > 1 and not big and all(kind(k) == "Constant" for k in keys):
            for v in e.values[begin:end]:
                self.visit_expr(v)
            self.load_const(loc, tuple(k.value for k in keys))
            self.addop(BUILD_CONST_KEY_MAP, loc, n)
            return
        if big:
            self.addop(BUILD_MAP, loc, 0)
        for i in range(begin, end):
            self.visit_expr(e.keys[i])
            self.visit_expr(e.values[i])
            if big:
                self.addop(MAP_ADD, loc, 1)
        if not big:
            self.addop(BUILD_MAP, loc, n)

    def expr_Set(self, e):
        self.starunpack_helper(LOC(e), e.elts, 0, BUILD_SET, SET_ADD, SET_UPDATE, False)

    def expr_List(self, e):
        ctx = _ctx(e)
        if ctx == "Store":
            self.assignment_helper(LOC(e), e.elts)
        elif ctx == "Load":
            self.starunpack_helper(LOC(e), e.elts, 0, BUILD_LIST, LIST_APPEND, LIST_EXTEND, False)
        else:
            for elt in e.elts:
                self.visit_expr(elt)

    def expr_Tuple(self, e):
        ctx = _ctx(e)
        if ctx == "Store":
            self.assignment_helper(LOC(e), e.elts)
        elif ctx == "Load":
            self.starunpack_helper(LOC(e), e.elts, 0, BUILD_LIST, LIST_APPEND, LIST_EXTEND, True)
        else:
            for elt in e.elts:
                self.visit_expr(elt)

    def starunpack_helper(self, loc, elts, pushed, build, add, extend, tuple_):
        """`starunpack_helper`."""
        n = len(elts)
        if n > 2 and all(kind(x) == "Constant" for x in elts):
            folded = tuple(x.value for x in elts)
            if tuple_ and not pushed:
                self.load_const(loc, folded)
            else:
                if add == SET_ADD:
                    folded = frozenset(folded)
                self.addop(build, loc, pushed)
                self.load_const(loc, folded)
                self.addop(extend, loc, 1)
                if tuple_:
                    self.addop(CALL_INTRINSIC_1, loc, _INTRINSIC1["INTRINSIC_LIST_TO_TUPLE"])
            return
        big = n + pushed > STACK_USE_GUIDELINE
        seen_star = any(kind(x) == "Starred" for x in elts)
        if not seen_star and not big:
            for elt in elts:
                self.visit_expr(elt)
            self.addop(BUILD_TUPLE if tuple_ else build, loc, n + pushed)
            return
        sequence_built = False
        if big:
            self.addop(build, loc, pushed)
            sequence_built = True
        for i, elt in enumerate(elts):
            if kind(elt) == "Starred":
                if not sequence_built:
                    self.addop(build, loc, i + pushed)
                    sequence_built = True
                self.visit_expr(elt.value)
                self.addop(extend, loc, 1)
            else:
                self.visit_expr(elt)
                if sequence_built:
                    self.addop(add, loc, 1)
        if tuple_:
            self.addop(CALL_INTRINSIC_1, loc, _INTRINSIC1["INTRINSIC_LIST_TO_TUPLE"])

    def unpack_helper(self, loc, elts):
        """`unpack_helper`."""
        n = len(elts)
        seen_star = False
        for i, elt in enumerate(elts):
            if kind(elt) == "Starred" and not seen_star:
                if i >= (1 << 8) or n - i - 1 >= (0x7FFFFFFF >> 8):
                    raise self.error(loc, "too many expressions in star-unpacking assignment")
                self.addop(UNPACK_EX, loc, i + ((n - i - 1) << 8))
                seen_star = True
            elif kind(elt) == "Starred":
                raise self.error(loc, "multiple starred expressions in assignment")
        if not seen_star:
            self.addop(UNPACK_SEQUENCE, loc, n)

    def assignment_helper(self, loc, elts):
        """`assignment_helper`."""
        self.unpack_helper(loc, elts)
        for elt in elts:
            self.visit_expr(elt.value if kind(elt) == "Starred" else elt)

    def expr_ListComp(self, e):
        self.compiler_comprehension(e, COMP_LISTCOMP, "<listcomp>", e.generators, e.elt, None)

    def expr_SetComp(self, e):
        self.compiler_comprehension(e, COMP_SETCOMP, "<setcomp>", e.generators, e.elt, None)

    def expr_DictComp(self, e):
        self.compiler_comprehension(e, COMP_DICTCOMP, "<dictcomp>", e.generators, e.key, e.value)

    def expr_GeneratorExp(self, e):
        self.compiler_comprehension(e, COMP_GENEXP, "<genexpr>", e.generators, e.elt, None)

    def expr_Yield(self, e):
        loc = LOC(e)
        if not self.u.ste.is_function_like():
            raise self.error(loc, "'yield' outside function")
        if e.value is not None:
            self.visit_expr(e.value)
        else:
            self.load_const(loc, None)
        self.addop_yield(loc)

    def expr_YieldFrom(self, e):
        loc = LOC(e)
        if not self.u.ste.is_function_like():
            raise self.error(loc, "'yield' outside function")
        if self.u.scope_type == SCOPE_ASYNC_FUNCTION:
            raise self.error(loc, "'yield from' inside async function")
        self.visit_expr(e.value)
        self.addop(GET_YIELD_FROM_ITER, loc)
        self.load_const(loc, None)
        self.add_yield_from(loc, False)

    def expr_Await(self, e):
        loc = LOC(e)
        if not self.is_top_level_await():
            if not self.u.ste.is_function_like():
                raise self.error(loc, "'await' outside function")
            if self.u.scope_type not in (SCOPE_ASYNC_FUNCTION, SCOPE_COMPREHENSION):
                raise self.error(loc, "'await' outside async function")
        self.visit_expr(e.value)
        self.addop(GET_AWAITABLE, loc, 0)
        self.load_const(loc, None)
        self.add_yield_from(loc, True)

    def addop_yield(self, loc):
        """`addop_yield`."""
        ste = self.u.ste
        if ste.generator and ste.coroutine:
            self.addop(CALL_INTRINSIC_1, loc, _INTRINSIC1["INTRINSIC_ASYNC_GEN_WRAP"])
        self.addop(YIELD_VALUE, loc, 0)
        self.addop(RESUME, loc, 1)

    def add_yield_from(self, loc, await_):
        """`compiler_add_yield_from`."""
        send = self.new_label()
        fail = self.new_label()
        exit_ = self.new_label()
        self.use_label(send)
        self.addop_jump(SEND, loc, exit_)
        self.addop_jump(SETUP_FINALLY, loc, fail)
        self.addop(YIELD_VALUE, loc, 0)
        self.addop(POP_BLOCK, NO_LOCATION)
        self.addop(RESUME, loc, 3 if await_ else 2)
        self.addop_jump(JUMP_NO_INTERRUPT, loc, send)
        self.use_label(fail)
        self.addop(CLEANUP_THROW, loc)
        self.use_label(exit_)
        self.addop(END_SEND, loc)

    def expr_Compare(self, e):
        """`compiler_compare`."""
        loc = LOC(e)
        self.check_compare(e)
        self.visit_expr(e.left)
        n = len(e.ops) - 1
        if n == 0:
            self.visit_expr(e.comparators[0])
            self.addcompare(loc, e.ops[0])
        else:
            cleanup = self.new_label()
            for i in range(n):
                self.visit_expr(e.comparators[i])
                self.addop(SWAP, loc, 2)
                self.addop(COPY, loc, 2)
                self.addcompare(loc, e.ops[i])
                self.addop(COPY, loc, 1)
                self.addop_jump(POP_JUMP_IF_FALSE, loc, cleanup)
                self.addop(POP_TOP, loc)
            self.visit_expr(e.comparators[n])
            self.addcompare(loc, e.ops[n])
            end = self.new_label()
            self.addop_jump(JUMP, NO_LOCATION, end)
            self.use_label(cleanup)
            self.addop(SWAP, loc, 2)
            self.addop(POP_TOP, loc)
            self.use_label(end)

    def addcompare(self, loc, op):
        """`compiler_addcompare`."""
        k = kind(op)
        if k == "Is":
            self.addop(IS_OP, loc, 0)
        elif k == "IsNot":
            self.addop(IS_OP, loc, 1)
        elif k == "In":
            self.addop(CONTAINS_OP, loc, 0)
        elif k == "NotIn":
            self.addop(CONTAINS_OP, loc, 1)
        else:
            cmp, mask = _CMP[k]
            self.addop(COMPARE_OP, loc, (cmp << 4) | mask)

    def check_compare(self, e):
        """`check_compare`: warn on `is` with a literal."""
        left = e.left
        left_literal = _check_is_arg(left)
        for op, right in zip(e.ops, e.comparators):
            right_literal = _check_is_arg(right)
            if kind(op) in ("Is", "IsNot") and (not right_literal or not left_literal):
                literal = left if not left_literal else right
                msg = ('"is" with \'%s\' literal. Did you mean "=="?' if kind(op) == "Is"
                       else '"is not" with \'%s\' literal. Did you mean "!="?')
                self.warn(LOC(e), msg % _infer_type_name(literal))
                return
            left = right
            left_literal = right_literal

    def expr_Call(self, e):
        """`compiler_call`."""
        self.validate_keywords(e.keywords)
        if self.maybe_optimize_method_call(e):
            return
        self.check_caller(e.func)
        self.addop(PUSH_NULL, LOC(e.func))
        self.visit_expr(e.func)
        self.call_helper(LOC(e), 0, e.args, e.keywords)

    def check_caller(self, e):
        """`check_caller`: SyntaxWarning for calling a literal."""
        k = kind(e)
        if k == "Constant" or k in ("Tuple", "List", "ListComp", "Dict", "DictComp", "Set",
                                     "SetComp", "GeneratorExp", "JoinedStr", "FormattedValue"):
            if k == "Constant" and callable(e.value):
                return
            self.warn(LOC(e), "'%s' object is not callable; perhaps you missed a comma?"
                      % _infer_type_name(e))

    def validate_keywords(self, keywords):
        """`validate_keywords`."""
        for i, kw in enumerate(keywords):
            if kw.arg is None:
                continue
            self.check_forbidden_name(LOC(kw), kw.arg, "Store")
            for other in keywords[i + 1:]:
                if other.arg is not None and other.arg == kw.arg:
                    raise self.error(LOC(other), f"keyword argument repeated: {kw.arg}")

    def is_import_originated(self, e):
        if kind(e) != "Name":
            return False
        return bool(self.st.top.get_symbol(e.id) & S.DEF_IMPORT)

    def can_optimize_super_call(self, attr):
        """`can_optimize_super_call`."""
        e = attr.value
        if kind(e) != "Call" or kind(e.func) != "Name" or e.func.id != "super" \
                or attr.attr == "__class__" or e.keywords:
            return False
        num_args = len(e.args)
        super_name = e.func.id
        if self.u.ste.get_scope(super_name) != S.GLOBAL_IMPLICIT:
            return False
        if self.st.top.get_scope(super_name) != 0:
            return False
        if num_args == 2:
            return not any(kind(a) == "Starred" for a in e.args)
        if num_args != 0:
            return False
        if self.u.argcount == 0 and self.u.posonlyargcount == 0:
            return False
        return self.get_ref_type("__class__") == S.FREE

    def load_args_for_super(self, e):
        """`load_args_for_super`."""
        loc = LOC(e)
        self.nameop(LOC(e.func), e.func.id, "Load")
        if len(e.args) == 2:
            self.visit_expr(e.args[0])
            self.visit_expr(e.args[1])
            return
        self.nameop(loc, "__class__", "Load")
        first = next(iter(self.u.varnames))
        self.nameop(loc, first, "Load")

    def update_start_location_to_match_attr(self, loc, attr):
        """`update_start_location_to_match_attr`."""
        lineno, end_lineno, col, end_col = loc
        if lineno != attr.end_lineno:
            lineno = attr.end_lineno
            n = len(attr.attr)
            if n <= attr.end_col_offset:
                col = attr.end_col_offset - n
            else:
                col = -1
                end_col = -1
            end_lineno = max(lineno, end_lineno)
            if lineno == end_lineno:
                end_col = max(col, end_col)
        return (lineno, end_lineno, col, end_col)

    def maybe_optimize_method_call(self, e):
        """`maybe_optimize_method_call`: LOAD_ATTR with the method bit, then CALL."""
        meth = e.func
        args = e.args
        kwds = e.keywords
        if kind(meth) != "Attribute" or _ctx(meth) != "Load":
            return False
        if self.is_import_originated(meth.value):
            return False
        argsl = len(args)
        kwdsl = len(kwds)
        if argsl + kwdsl + (kwdsl != 0) >= STACK_USE_GUIDELINE:
            return False
        if any(kind(a) == "Starred" for a in args):
            return False
        if any(kw.arg is None for kw in kwds):
            return False
        loc = LOC(meth)
        if self.can_optimize_super_call(meth):
            self.load_args_for_super(meth.value)
            op = LOAD_SUPER_METHOD if meth.value.args else LOAD_ZERO_SUPER_METHOD
            self.addop_name(op, loc, meth.attr, self.u.names)
            loc = self.update_start_location_to_match_attr(loc, meth)
            self.addop(NOP, loc)
        else:
            self.visit_expr(meth.value)
            loc = self.update_start_location_to_match_attr(loc, meth)
            self.addop_name(LOAD_METHOD, loc, meth.attr, self.u.names)
        for a in args:
            self.visit_expr(a)
        if kwdsl:
            for kw in kwds:
                self.visit_expr(kw.value)
            self.call_simple_kw_helper(loc, kwds)
        loc = self.update_start_location_to_match_attr(LOC(e), meth)
        self.addop(CALL, loc, argsl + kwdsl)
        return True

    def call_simple_kw_helper(self, loc, keywords):
        """`compiler_call_simple_kw_helper`: KW_NAMES with the keyword names tuple."""
        names = tuple(kw.arg for kw in keywords)
        self.addop(KW_NAMES, loc, self.add_const(names))

    def call_helper(self, loc, n, args, keywords):
        """`compiler_call_helper`."""
        self.validate_keywords(keywords)
        nelts = len(args)
        nkwelts = len(keywords)
        simple = (nelts + nkwelts * 2 <= STACK_USE_GUIDELINE
                  and not any(kind(a) == "Starred" for a in args)
                  and not any(kw.arg is None for kw in keywords))
        if simple:
            for a in args:
                self.visit_expr(a)
            if nkwelts:
                for kw in keywords:
                    self.visit_expr(kw.value)
                self.call_simple_kw_helper(loc, keywords)
            self.addop(CALL, loc, n + nelts + nkwelts)
            return
        # ex_call:
        if n == 0 and nelts == 1 and kind(args[0]) == "Starred":
            self.visit_expr(args[0].value)
        else:
            self.starunpack_helper(loc, args, n, BUILD_LIST, LIST_APPEND, LIST_EXTEND, True)
        if nkwelts:
            have_dict = False
            nseen = 0
            for i, kw in enumerate(keywords):
                if kw.arg is None:
                    if nseen:
                        self.subkwargs(loc, keywords, i - nseen, i)
                        if have_dict:
                            self.addop(DICT_MERGE, loc, 1)
                        have_dict = True
                        nseen = 0
                    if not have_dict:
                        self.addop(BUILD_MAP, loc, 0)
                        have_dict = True
                    self.visit_expr(kw.value)
                    self.addop(DICT_MERGE, loc, 1)
                else:
                    nseen += 1
            if nseen:
                self.subkwargs(loc, keywords, nkwelts - nseen, nkwelts)
                if have_dict:
                    self.addop(DICT_MERGE, loc, 1)
                have_dict = True
        self.addop(CALL_FUNCTION_EX, loc, 1 if nkwelts > 0 else 0)

    def subkwargs(self, loc, keywords, begin, end):
        """`compiler_subkwargs`."""
        n = end - begin
        big = n * 2 > STACK_USE_GUIDELINE
        if n > 1 and not big:
            for kw in keywords[begin:end]:
                self.visit_expr(kw.value)
            self.load_const(loc, tuple(kw.arg for kw in keywords[begin:end]))
            self.addop(BUILD_CONST_KEY_MAP, loc, n)
            return
        if big:
            self.addop(BUILD_MAP, NO_LOCATION, 0)
        for kw in keywords[begin:end]:
            self.load_const(loc, kw.arg)
            self.visit_expr(kw.value)
            if big:
                self.addop(MAP_ADD, NO_LOCATION, 1)
        if not big:
            self.addop(BUILD_MAP, loc, n)

    def expr_FormattedValue(self, e):
        """`compiler_formatted_value`."""
        self.visit_expr(e.value)
        conversion = e.conversion
        oparg = {ord("s"): 1, ord("r"): 2, ord("a"): 3, -1: 0}.get(conversion)
        if oparg is None:
            raise SystemError(f"Unrecognized conversion character {conversion}")
        if e.format_spec is not None:
            self.visit_expr(e.format_spec)
            oparg |= 0x4
        self.addop(FORMAT_VALUE, LOC(e), oparg)

    def expr_JoinedStr(self, e):
        """`compiler_joined_str`."""
        loc = LOC(e)
        values = e.values
        if len(values) > STACK_USE_GUIDELINE:
            self.load_const(loc, "")
            self.addop_name(LOAD_METHOD, loc, "join", self.u.names)
            self.addop(BUILD_LIST, loc, 0)
            for v in values:
                self.visit_expr(v)
                self.addop(LIST_APPEND, loc, 1)
            self.addop(CALL, loc, 1)
        else:
            for v in values:
                self.visit_expr(v)
            if len(values) != 1:
                self.addop(BUILD_STRING, loc, len(values))

    def expr_Attribute(self, e):
        loc = LOC(e)
        ctx = _ctx(e)
        if ctx == "Load" and self.can_optimize_super_call(e):
            self.load_args_for_super(e.value)
            op = LOAD_SUPER_ATTR if e.value.args else LOAD_ZERO_SUPER_ATTR
            self.addop_name(op, loc, e.attr, self.u.names)
            loc = self.update_start_location_to_match_attr(loc, e)
            self.addop(NOP, loc)
            return
        self.visit_expr(e.value)
        loc = self.update_start_location_to_match_attr(LOC(e), e)
        if ctx == "Load":
            self.addop_name(LOAD_ATTR, loc, e.attr, self.u.names)
        elif ctx == "Store":
            self.check_forbidden_name(loc, e.attr, "Store")
            self.addop_name(STORE_ATTR, loc, e.attr, self.u.names)
        else:
            self.addop_name(DELETE_ATTR, loc, e.attr, self.u.names)

    def is_two_element_slice(self, s):
        return kind(s) == "Slice" and s.step is None

    def compiler_slice(self, s):
        """`compiler_slice`: push the parts; returns how many."""
        n = 2
        if s.lower is not None:
            self.visit_expr(s.lower)
        else:
            self.load_const(LOC(s), None)
        if s.upper is not None:
            self.visit_expr(s.upper)
        else:
            self.load_const(LOC(s), None)
        if s.step is not None:
            n += 1
            self.visit_expr(s.step)
        return n

    def expr_Subscript(self, e):
        """`compiler_subscript`."""
        loc = LOC(e)
        ctx = _ctx(e)
        if ctx == "Load":
            self.check_subscripter(e.value)
            self.check_index(e.value, e.slice)
        self.visit_expr(e.value)
        if self.is_two_element_slice(e.slice) and ctx != "Del":
            self.compiler_slice(e.slice)
            self.addop(BINARY_SLICE if ctx == "Load" else STORE_SLICE, loc)
        else:
            self.visit_expr(e.slice)
            self.addop({"Load": BINARY_SUBSCR, "Store": STORE_SUBSCR, "Del": DELETE_SUBSCR}[ctx], loc)

    def check_subscripter(self, e):
        """`check_subscripter`."""
        k = kind(e)
        if k == "Constant":
            v = e.value
            if v is None or v is Ellipsis or isinstance(v, (int, float, complex, set, frozenset)):
                pass
            else:
                return
        elif k not in ("Set", "SetComp", "GeneratorExp", "Lambda"):
            return
        self.warn(LOC(e), "'%s' object is not subscriptable; perhaps you missed a comma?"
                  % _infer_type_name(e))

    def check_index(self, e, s):
        """`check_index`."""
        index_type = _infer_type_name(s, None)
        if index_type is None or index_type in ("int", "bool", "slice"):
            return
        k = kind(e)
        if k == "Constant":
            if not isinstance(e.value, (str, bytes, tuple)):
                return
        elif k not in ("Tuple", "List", "ListComp", "JoinedStr", "FormattedValue"):
            return
        self.warn(LOC(e), "%s indices must be integers or slices, not %s; perhaps you missed a comma?"
                  % (_infer_type_name(e), index_type))

    def expr_Starred(self, e):
        if _ctx(e) == "Store":
            raise self.error(LOC(e), "starred assignment target must be in a list or tuple")
        raise self.error(LOC(e), "can't use starred expression here")

    def expr_Slice(self, e):
        n = self.compiler_slice(e)
        self.addop(BUILD_SLICE, LOC(e), n)

    # -- conditional jumps --------------------------------------------------

    def jump_if(self, loc, e, next_, cond):
        """`compiler_jump_if`."""
        k = kind(e)
        if k == "UnaryOp" and kind(e.op) == "Not":
            return self.jump_if(loc, e.operand, next_, not cond)
        if k == "BoolOp":
            values = e.values
            cond2 = kind(e.op) == "Or"
            next2 = next_
            if (not cond2) != (not cond):
                next2 = self.new_label()
            for v in values[:-1]:
                self.jump_if(loc, v, next2, cond2)
            self.jump_if(loc, values[-1], next_, cond)
            if next2 is not next_:
                self.use_label(next2)
            return
        if k == "IfExp":
            end = self.new_label()
            next2 = self.new_label()
            self.jump_if(loc, e.test, next2, False)
            self.jump_if(loc, e.body, next_, cond)
            self.addop_jump(JUMP, NO_LOCATION, end)
            self.use_label(next2)
            self.jump_if(loc, e.orelse, next_, cond)
            self.use_label(end)
            return
        if k == "Compare" and len(e.ops) > 1:
            n = len(e.ops) - 1
            self.check_compare(e)
            cleanup = self.new_label()
            self.visit_expr(e.left)
            eloc = LOC(e)
            for i in range(n):
                self.visit_expr(e.comparators[i])
                self.addop(SWAP, eloc, 2)
                self.addop(COPY, eloc, 2)
                self.addcompare(eloc, e.ops[i])
                self.addop_jump(POP_JUMP_IF_FALSE, eloc, cleanup)
            self.visit_expr(e.comparators[n])
            self.addcompare(eloc, e.ops[n])
            self.addop_jump(POP_JUMP_IF_TRUE if cond else POP_JUMP_IF_FALSE, eloc, next_)
            end = self.new_label()
            self.addop_jump(JUMP, NO_LOCATION, end)
            self.use_label(cleanup)
            self.addop(POP_TOP, eloc)
            if not cond:
                self.addop_jump(JUMP, NO_LOCATION, next_)
            self.use_label(end)
            return
        self.visit_expr(e)
        self.addop_jump(POP_JUMP_IF_TRUE if cond else POP_JUMP_IF_FALSE, LOC(e), next_)

    # -- comprehensions -----------------------------------------------------

    def compiler_comprehension(self, e, type_, name, generators, elt, val):
        """`compiler_comprehension`."""
        scope_type = self.u.scope_type
        is_top_level_await = self.is_top_level_await()
        entry = self.st.lookup(e)
        is_inlined = entry.comp_inlined
        is_async_generator = entry.coroutine
        loc = LOC(e)
        outermost = generators[0]
        inline_state = None
        if is_inlined:
            self.comprehension_iter(loc, outermost)
            inline_state = self.push_inlined_comprehension_state(loc, entry)
        else:
            self.enter_scope(name, SCOPE_COMPREHENSION, e, e.lineno)
        if (is_async_generator and type_ != COMP_GENEXP
                and scope_type not in (SCOPE_ASYNC_FUNCTION, SCOPE_COMPREHENSION)
                and not is_top_level_await):
            raise self.error(loc, "asynchronous comprehension outside of an asynchronous function")
        if type_ != COMP_GENEXP:
            op = {COMP_LISTCOMP: BUILD_LIST, COMP_SETCOMP: BUILD_SET, COMP_DICTCOMP: BUILD_MAP}[type_]
            self.addop(op, loc, 0)
            if is_inlined:
                self.addop(SWAP, loc, 2)
        self.comprehension_generator(loc, generators, 0, 0, elt, val, type_, is_inlined)
        if is_inlined:
            self.pop_inlined_comprehension_state(loc, inline_state)
            return
        if type_ != COMP_GENEXP:
            self.addop(RETURN_VALUE, LOC(e))
        if type_ == COMP_GENEXP:
            self.wrap_in_stopiteration_handler()
        co = self.optimize_and_assemble(True)
        self.exit_scope()
        if is_top_level_await and is_async_generator:
            self.u.ste.coroutine = True
        loc = LOC(e)
        self.make_closure(loc, co, 0)
        self.comprehension_iter(loc, outermost)
        self.addop(CALL, loc, 0)
        if is_async_generator and type_ != COMP_GENEXP:
            self.addop(GET_AWAITABLE, loc, 0)
            self.load_const(loc, None)
            self.add_yield_from(loc, True)

    def comprehension_iter(self, loc, comp):
        """`compiler_comprehension_iter`."""
        self.visit_expr(comp.iter)
        self.addop(GET_AITER if comp.is_async else GET_ITER, loc)

    def comprehension_generator(self, loc, generators, gen_index, depth, elt, val, type_, iter_on_stack):
        gen = generators[gen_index]
        if gen.is_async:
            self.async_comprehension_generator(loc, generators, gen_index, depth, elt, val, type_, iter_on_stack)
        else:
            self.sync_comprehension_generator(loc, generators, gen_index, depth, elt, val, type_, iter_on_stack)

    def comprehension_element(self, elt, val, type_, depth):
        elt_loc = LOC(elt)
        if type_ == COMP_GENEXP:
            self.visit_expr(elt)
            self.addop_yield(elt_loc)
            self.addop(POP_TOP, elt_loc)
        elif type_ == COMP_LISTCOMP:
            self.visit_expr(elt)
            self.addop(LIST_APPEND, elt_loc, depth + 1)
        elif type_ == COMP_SETCOMP:
            self.visit_expr(elt)
            self.addop(SET_ADD, elt_loc, depth + 1)
        else:
            self.visit_expr(elt)
            self.visit_expr(val)
            elt_loc = (elt.lineno, val.end_lineno, elt.col_offset, val.end_col_offset)
            self.addop(MAP_ADD, elt_loc, depth + 1)
        return elt_loc

    def sync_comprehension_generator(self, loc, generators, gen_index, depth, elt, val, type_, iter_on_stack):
        """`compiler_sync_comprehension_generator`."""
        start = self.new_label()
        if_cleanup = self.new_label()
        anchor = self.new_label()
        gen = generators[gen_index]
        if not iter_on_stack:
            if gen_index == 0:
                self.u.argcount = 1
                self.addop(LOAD_FAST, loc, 0)
            else:
                elts = None
                ik = kind(gen.iter)
                if ik in ("List", "Tuple"):
                    elts = gen.iter.elts
                if elts is not None and len(elts) == 1 and kind(elts[0]) != "Starred":
                    self.visit_expr(elts[0])
                    start = None
                if start is not None:
                    self.visit_expr(gen.iter)
                    self.addop(GET_ITER, loc)
        if start is not None:
            depth += 1
            self.use_label(start)
            self.addop_jump(FOR_ITER, loc, anchor)
        self.visit_expr(gen.target)
        for cond in gen.ifs:
            self.jump_if(loc, cond, if_cleanup, False)
        gen_index += 1
        if gen_index < len(generators):
            self.comprehension_generator(loc, generators, gen_index, depth, elt, val, type_, False)
        elt_loc = LOC(elt)
        if gen_index >= len(generators):
            elt_loc = self.comprehension_element(elt, val, type_, depth)
        self.use_label(if_cleanup)
        if start is not None:
            self.addop_jump(JUMP, elt_loc, start)
            self.use_label(anchor)
            self.addop(END_FOR, NO_LOCATION)

    def async_comprehension_generator(self, loc, generators, gen_index, depth, elt, val, type_, iter_on_stack):
        """`compiler_async_comprehension_generator`."""
        start = self.new_label()
        except_ = self.new_label()
        if_cleanup = self.new_label()
        gen = generators[gen_index]
        if not iter_on_stack:
            if gen_index == 0:
                self.u.argcount = 1
                self.addop(LOAD_FAST, loc, 0)
            else:
                self.visit_expr(gen.iter)
                self.addop(GET_AITER, loc)
        self.use_label(start)
        self.push_fblock(loc, ASYNC_COMPREHENSION_GENERATOR, start, None, None)
        self.addop_jump(SETUP_FINALLY, loc, except_)
        self.addop(GET_ANEXT, loc)
        self.load_const(loc, None)
        self.add_yield_from(loc, True)
        self.addop(POP_BLOCK, loc)
        self.visit_expr(gen.target)
        for cond in gen.ifs:
            self.jump_if(loc, cond, if_cleanup, False)
        depth += 1
        gen_index += 1
        if gen_index < len(generators):
            self.comprehension_generator(loc, generators, gen_index, depth, elt, val, type_, False)
        elt_loc = LOC(elt)
        if gen_index >= len(generators):
            elt_loc = self.comprehension_element(elt, val, type_, depth)
        self.use_label(if_cleanup)
        self.addop_jump(JUMP, elt_loc, start)
        self.pop_fblock(ASYNC_COMPREHENSION_GENERATOR, start)
        self.use_label(except_)
        self.addop(END_ASYNC_FOR, loc)

    def push_inlined_comprehension_state(self, loc, entry):
        """`push_inlined_comprehension_state`."""
        u = self.u
        state = _InlineState()
        in_class_block = u.ste.type == S.ClassBlock and not u.in_inlined_comp
        u.in_inlined_comp += 1
        for k, symbol in list(entry.symbols.items()):
            scope = (symbol >> S.SCOPE_OFFSET) & S.SCOPE_MASK
            outv = u.ste.symbols.get(k, 0)
            outsc = (outv >> S.SCOPE_OFFSET) & S.SCOPE_MASK
            isolate = bool((symbol & S.DEF_LOCAL) and not (symbol & S.DEF_NONLOCAL)) or in_class_block
            if isolate:
                if state.pushed_locals is None:
                    state.pushed_locals = []
                self.addop_name(LOAD_FAST_AND_CLEAR, loc, k, u.varnames)
                if scope == S.CELL:
                    if outsc == S.FREE:
                        self.addop_name(MAKE_CELL, loc, k, u.freevars)
                    else:
                        self.addop_name(MAKE_CELL, loc, k, u.cellvars)
                state.pushed_locals.append(k)
            # Only names the comprehension binds (all names, in a class body)
            # take the comprehension's scope while it is compiled; a name it
            # only reads keeps the enclosing scope's.
            if isolate and scope != outsc and not (scope == S.CELL and outsc == S.FREE):
                if state.temp_symbols is None:
                    state.temp_symbols = {}
                u.ste.symbols[k] = symbol
                state.temp_symbols[k] = outv
            if isolate and not u.ste.is_function_like():
                if u.fasthidden.get(k) is not True:
                    u.fasthidden[k] = True
                    if state.fast_hidden is None:
                        state.fast_hidden = []
                    state.fast_hidden.append(k)
        if state.pushed_locals:
            self.addop(SWAP, loc, len(state.pushed_locals) + 1)
            state.cleanup = self.new_label()
            state.end = self.new_label()
            self.addop_jump(SETUP_FINALLY, loc, state.cleanup)
        return state

    def restore_inlined_comprehension_locals(self, loc, state):
        npops = len(state.pushed_locals)
        self.addop(SWAP, loc, npops + 1)
        for k in reversed(state.pushed_locals):
            self.addop_name(STORE_FAST_MAYBE_NULL, loc, k, self.u.varnames)

    def pop_inlined_comprehension_state(self, loc, state):
        """`pop_inlined_comprehension_state`."""
        u = self.u
        u.in_inlined_comp -= 1
        if state.temp_symbols:
            for k, v in state.temp_symbols.items():
                u.ste.symbols[k] = v
        if state.pushed_locals:
            self.addop(POP_BLOCK, NO_LOCATION)
            self.addop_jump(JUMP, NO_LOCATION, state.end)
            self.use_label(state.cleanup)
            self.addop(SWAP, NO_LOCATION, 2)
            self.addop(POP_TOP, NO_LOCATION)
            self.restore_inlined_comprehension_locals(loc, state)
            self.addop(RERAISE, NO_LOCATION, 0)
            self.use_label(state.end)
            self.restore_inlined_comprehension_locals(loc, state)
        if state.fast_hidden:
            for k in state.fast_hidden:
                u.fasthidden[k] = False


def _check_is_arg(e):
    """`check_is_arg`: True unless e is a literal whose identity is unreliable."""
    if kind(e) != "Constant":
        return True
    v = e.value
    return v is None or v is False or v is True or v is Ellipsis


def _infer_type_name(e, default="?"):
    """`infer_type`: the type name of a literal-ish expression, for warnings."""
    k = kind(e)
    names = {"Tuple": "tuple", "List": "list", "ListComp": "list", "Dict": "dict",
             "DictComp": "dict", "Set": "set", "SetComp": "set", "GeneratorExp": "generator",
             "Lambda": "function", "JoinedStr": "str", "FormattedValue": "str"}
    if k in names:
        return names[k]
    if k == "Constant":
        return type(e.value).__name__
    return default


# -- assembly of one unit (compile.c's optimize_and_assemble_code_unit) ------

def assemble_unit(u, const_cache, code_flags, filename):
    """`optimize_and_assemble_code_unit`: CFG passes, localsplus layout, assembly."""
    consts = list(u.const_list)
    cfg = CFG(u.seq)
    nparams = len(u.ste.varnames)
    nlocals = len(u.varnames)
    optimize_code_unit(cfg, consts, const_cache, code_flags, nlocals, nparams, u.firstlineno)
    nlocalsplus, names, kinds = prepare_localsplus(u, cfg, code_flags)
    maxdepth = cfg.stackdepth(code_flags)
    cfg.convert_pseudo_ops()
    cfg.resolve_jumps()
    consts = [const_cache.merge(c) if isinstance(c, (tuple, frozenset)) else c for c in consts]
    return make_code_object(u, consts, list(u.names), names, kinds, cfg, maxdepth, code_flags, filename)


def prepare_localsplus(u, cfg, code_flags):
    """`prepare_localsplus`: MAKE_CELL/COPY_FREE_VARS prefix and cell offsets."""
    nlocals = len(u.varnames)
    ncellvars = len(u.cellvars)
    nfreevars = len(u.freevars)
    # build_cellfixedoffsets
    fixed = [nlocals + i for i in range(ncellvars + nfreevars)]
    for name, cellindex in u.cellvars.items():
        varindex = u.varnames.get(name)
        if varindex is not None:
            fixed[cellindex] = varindex
    insert_prefix_instructions(u, cfg.entry, fixed, nfreevars, code_flags)
    # fix_cell_offsets
    numdropped = 0
    for i in range(ncellvars + nfreevars):
        if fixed[i] == i + nlocals:
            fixed[i] -= numdropped
        else:
            numdropped += 1
    deref_ops = (MAKE_CELL, LOAD_CLOSURE, LOAD_DEREF, STORE_DEREF, DELETE_DEREF, LOAD_FROM_DICT_OR_DEREF)
    for block in cfg.blocks():
        for instr in block.instrs:
            if instr.opcode in deref_ops:
                instr.oparg = fixed[instr.oparg]
    nlocalsplus = nlocals + ncellvars + nfreevars - numdropped
    # compute_localsplus_info
    names = [None] * nlocalsplus
    kinds = [0] * nlocalsplus
    for name, offset in u.varnames.items():
        k = CO_FAST_LOCAL
        if name in u.fasthidden:
            k |= CO_FAST_HIDDEN
        if name in u.cellvars:
            k |= CO_FAST_CELL
        names[offset] = name
        kinds[offset] = k
    dropped = 0
    for name, offset in u.cellvars.items():
        if name in u.varnames:
            dropped += 1
            continue
        names[offset + nlocals - dropped] = name
        kinds[offset + nlocals - dropped] = CO_FAST_CELL
    for name, offset in u.freevars.items():
        names[offset + nlocals - dropped] = name
        kinds[offset + nlocals - dropped] = CO_FAST_FREE
    return nlocalsplus, names, kinds


def insert_prefix_instructions(u, entry, fixed, nfreevars, code_flags):
    """`insert_prefix_instructions`."""
    prefix = []
    if code_flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR):
        prefix.append(CfgInstr(RETURN_GENERATOR, 0, (u.firstlineno, u.firstlineno, -1, -1)))
        prefix.append(CfgInstr(POP_TOP, 0, NO_LOCATION))
    ncellvars = len(u.cellvars)
    if ncellvars:
        nvars = ncellvars + len(u.varnames)
        sorted_ = [0] * nvars
        for i in range(ncellvars):
            sorted_[fixed[i]] = i + 1
        cells = []
        i = 0
        while len(cells) < ncellvars:
            oldindex = sorted_[i] - 1
            i += 1
            if oldindex == -1:
                continue
            cells.append(CfgInstr(MAKE_CELL, oldindex, NO_LOCATION))
        prefix = cells + prefix
    if nfreevars:
        prefix.insert(0, CfgInstr(COPY_FREE_VARS, nfreevars, NO_LOCATION))
    entry.instrs[0:0] = prefix
