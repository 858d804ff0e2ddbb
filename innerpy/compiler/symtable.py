"""Symbol tables: which scope every name lives in (Python/symtable.c, 3.12).

Two passes, as in CPython:

1. `SymtableBuilder` walks the AST and records, per block (module, class,
   function, lambda, comprehension, PEP 695 annotation scope), each name with
   flags saying how the block uses it (bound, used, parameter, declared
   global/nonlocal, imported, annotated, ...).
2. `analyze_block` resolves every name to a scope (LOCAL, CELL, FREE,
   GLOBAL_EXPLICIT, GLOBAL_IMPLICIT), propagating free variables outwards,
   turning locals captured by inner blocks into cells, and, per PEP 709,
   merging list/set/dict comprehensions into their enclosing scope.

Nodes are read by class name and field name only, so both innerpy's AST and
the host `ast` module's nodes work.
"""

# Flags (Include/internal/pycore_symtable.h)
DEF_GLOBAL = 1
DEF_LOCAL = 2
DEF_PARAM = 2 << 1
DEF_NONLOCAL = 2 << 2
USE = 2 << 3
DEF_FREE = 2 << 4
DEF_FREE_CLASS = 2 << 5
DEF_IMPORT = 2 << 6
DEF_ANNOT = 2 << 7
DEF_COMP_ITER = 2 << 8
DEF_TYPE_PARAM = 2 << 9
DEF_COMP_CELL = 2 << 10
DEF_BOUND = DEF_LOCAL | DEF_PARAM | DEF_IMPORT

SCOPE_OFFSET = 12
SCOPE_MASK = DEF_GLOBAL | DEF_LOCAL | DEF_PARAM | DEF_NONLOCAL

LOCAL = 1
GLOBAL_EXPLICIT = 2
GLOBAL_IMPLICIT = 3
FREE = 4
CELL = 5

# Block types (_Py_block_ty)
FunctionBlock = "function"
ClassBlock = "class"
ModuleBlock = "module"
AnnotationBlock = "annotation"
TypeVarBoundBlock = "TypeVar bound"
TypeAliasBlock = "type alias"
TypeParamBlock = "type parameters"

# Comprehension kinds (_Py_comprehension_ty)
NoComprehension = 0
ListComprehension = 1
DictComprehension = 2
SetComprehension = 3
GeneratorExpression = 4

CO_FUTURE_ANNOTATIONS = 0x1000000

GLOBAL_PARAM = "name '%s' is parameter and global"
NONLOCAL_PARAM = "name '%s' is parameter and nonlocal"
GLOBAL_AFTER_ASSIGN = "name '%s' is assigned to before global declaration"
NONLOCAL_AFTER_ASSIGN = "name '%s' is assigned to before nonlocal declaration"
GLOBAL_AFTER_USE = "name '%s' is used prior to global declaration"
NONLOCAL_AFTER_USE = "name '%s' is used prior to nonlocal declaration"
GLOBAL_ANNOT = "annotated name '%s' can't be global"
NONLOCAL_ANNOT = "annotated name '%s' can't be nonlocal"
IMPORT_STAR_WARNING = "import * only allowed at module level"
NAMED_EXPR_COMP_IN_CLASS = "assignment expression within a comprehension cannot be used in a class body"
NAMED_EXPR_COMP_IN_TYPEVAR_BOUND = "assignment expression within a comprehension cannot be used in a TypeVar bound"
NAMED_EXPR_COMP_IN_TYPEALIAS = "assignment expression within a comprehension cannot be used in a type alias"
NAMED_EXPR_COMP_IN_TYPEPARAM = "assignment expression within a comprehension cannot be used within the definition of a generic"
NAMED_EXPR_COMP_CONFLICT = "assignment expression cannot rebind comprehension iteration variable '%s'"
NAMED_EXPR_COMP_INNER_LOOP_CONFLICT = "comprehension inner loop cannot rebind assignment expression target '%s'"
NAMED_EXPR_COMP_ITER_EXPR = "assignment expression cannot be used in a comprehension iterable expression"
ANNOTATION_NOT_ALLOWED = "%s cannot be used within an annotation"
TYPEVAR_BOUND_NOT_ALLOWED = "%s cannot be used within a TypeVar bound"
TYPEALIAS_NOT_ALLOWED = "%s cannot be used within a type alias"
TYPEPARAM_NOT_ALLOWED = "%s cannot be used within the definition of a generic"
DUPLICATE_TYPE_PARAM = "duplicate type parameter '%s'"
DUPLICATE_ARGUMENT = "duplicate argument '%s' in function definition"


def kind(node):
    return type(node).__name__


def mangle(private, name):
    """`_Py_Mangle`: __spam inside class Ham becomes _Ham__spam."""
    if private is None or not name.startswith("__"):
        return name
    if name.endswith("__") or "." in name:
        return name
    stripped = private.lstrip("_")
    if not stripped:
        return name
    return "_" + stripped + name


def location(node):
    return (node.lineno, node.col_offset,
            getattr(node, "end_lineno", None) or node.lineno,
            getattr(node, "end_col_offset", None) if getattr(node, "end_col_offset", None) is not None else node.col_offset)


def program_text(filename, lineno):
    """`PyErr_ProgramTextObject`: the source line, read from the file, or None."""
    if not isinstance(filename, str) or lineno is None or lineno < 1:
        return None
    try:
        with open(filename, "rb") as f:
            for index, line in enumerate(f, 1):
                if index == lineno:
                    return line.decode("utf-8", "replace")
    except (OSError, ValueError):
        return None
    return None


def syntax_error(msg, filename, lineno, col, end_lineno, end_col):
    """A SyntaxError located like `PyErr_RangedSyntaxLocationObject` (1-based columns)."""
    text = program_text(filename, lineno)
    return SyntaxError(msg, (filename, lineno, col, text, end_lineno, end_col))


class SymbolTableEntry:
    """One block's symbols (`PySTEntryObject`)."""

    def __init__(self, table, name, block_type, key, lineno, col_offset, end_lineno, end_col_offset):
        self.table = table
        self.id = key
        self.name = name
        self.type = block_type
        self.symbols = {}
        self.varnames = []
        self.children = []
        self.directives = {}
        self.nested = False
        cur = table.cur
        if cur is not None and (cur.nested or cur.is_function_like()):
            self.nested = True
        self.generator = False
        self.coroutine = False
        self.comprehension = NoComprehension
        self.varargs = False
        self.varkeywords = False
        self.returns_value = False
        self.needs_class_closure = False
        self.needs_classdict = False
        self.comp_inlined = False
        self.comp_iter_target = False
        self.comp_iter_expr = 0
        self.can_see_class_scope = False
        self.free = False
        self.child_free = False
        self.annotations_used = False
        self.lineno = lineno
        self.col_offset = col_offset
        self.end_lineno = end_lineno
        self.end_col_offset = end_col_offset

    def is_function_like(self):
        """`_PyST_IsFunctionLike`."""
        return self.type in (FunctionBlock, AnnotationBlock, TypeVarBoundBlock,
                             TypeAliasBlock, TypeParamBlock)

    def get_symbol(self, name):
        """`_PyST_GetSymbol`."""
        return self.symbols.get(name, 0)

    def get_scope(self, name):
        """`_PyST_GetScope`."""
        return (self.symbols.get(name, 0) >> SCOPE_OFFSET) & SCOPE_MASK

    def __repr__(self):
        return f"<symtable entry {self.name}({self.type}), line {self.lineno}>"


class SymbolTable:
    """`struct symtable`: every block, keyed by the id of the AST node that opens it."""

    def __init__(self, filename, future_features):
        self.filename = filename
        self.future_features = future_features
        self.blocks = {}
        self.stack = []
        self.cur = None
        self.top = None
        self.global_symbols = None
        self.private = None
        self._keep = []  # keep keyed nodes alive so their ids stay unique

    def lookup(self, key):
        """`PySymtable_Lookup`."""
        return self.blocks[id(key)]


def build_symtable(mod, filename, future_features=0, inline_comprehensions=True):
    """`_PySymtable_Build`: collect symbols, then analyse scopes."""
    table = SymbolTable(filename, future_features)
    builder = SymtableBuilder(table)
    builder.enter_block("top", ModuleBlock, mod, 0, 0, 0, 0)
    table.top = table.cur
    k = kind(mod)
    if k in ("Module", "Interactive"):
        for stmt in mod.body:
            builder.visit_stmt(stmt)
    elif k == "Expression":
        builder.visit_expr(mod.body)
    else:
        raise SystemError(f"unsupported module kind {k}")
    builder.exit_block()
    analyze(table, inline_comprehensions)
    return table


class SymtableBuilder:
    """The first pass (`symtable_visit_*`)."""

    def __init__(self, table):
        self.st = table

    # -- blocks ---------------------------------------------------------

    def enter_block(self, name, block_type, key, lineno, col_offset, end_lineno, end_col_offset):
        """`symtable_enter_block`."""
        st = self.st
        ste = SymbolTableEntry(st, name, block_type, key, lineno, col_offset, end_lineno, end_col_offset)
        st.blocks[id(key)] = ste
        st._keep.append(key)
        st.stack.append(ste)
        prev = st.cur
        if prev is not None:
            ste.comp_iter_expr = prev.comp_iter_expr
        st.cur = ste
        if block_type == AnnotationBlock:
            return ste
        if block_type == ModuleBlock:
            st.global_symbols = ste.symbols
        if prev is not None:
            prev.children.append(ste)
        return ste

    def exit_block(self):
        """`symtable_exit_block`."""
        st = self.st
        st.stack.pop()
        st.cur = st.stack[-1] if st.stack else None

    def error(self, msg, node):
        lineno, col, end_lineno, end_col = location(node)
        return syntax_error(msg, self.st.filename, lineno, col + 1, end_lineno, end_col + 1)

    def error_at(self, msg, loc):
        lineno, col, end_lineno, end_col = loc
        return syntax_error(msg, self.st.filename, lineno, col + 1, end_lineno, end_col + 1)

    # -- definitions ------------------------------------------------------

    def add_def_helper(self, name, flag, ste, loc):
        """`symtable_add_def_helper`."""
        st = self.st
        mangled = mangle(st.private, name)
        symbols = ste.symbols
        if mangled in symbols:
            val = symbols[mangled]
            if (flag & DEF_PARAM) and (val & DEF_PARAM):
                raise self.error_at(DUPLICATE_ARGUMENT % name, loc)
            if (flag & DEF_TYPE_PARAM) and (val & DEF_TYPE_PARAM):
                raise self.error_at(DUPLICATE_TYPE_PARAM % name, loc)
            val |= flag
        else:
            val = flag
        if ste.comp_iter_target:
            if val & (DEF_GLOBAL | DEF_NONLOCAL):
                raise self.error_at(NAMED_EXPR_COMP_INNER_LOOP_CONFLICT % name, loc)
            val |= DEF_COMP_ITER
        symbols[mangled] = val
        if flag & DEF_PARAM:
            ste.varnames.append(mangled)
        elif flag & DEF_GLOBAL:
            val = flag
            if mangled in st.global_symbols:
                val |= st.global_symbols[mangled]
            st.global_symbols[mangled] = val

    def add_def(self, name, flag, loc):
        self.add_def_helper(name, flag, self.st.cur, loc)

    def lookup(self, name):
        """`symtable_lookup`."""
        return self.st.cur.symbols.get(mangle(self.st.private, name), 0)

    def record_directive(self, name, loc):
        """`symtable_record_directive`: where a global/nonlocal was declared, for errors."""
        mangled = mangle(self.st.private, name)
        self.st.cur.directives.setdefault(mangled, loc)

    # -- statements -------------------------------------------------------

    def visit_stmts(self, stmts):
        for stmt in stmts or ():
            self.visit_stmt(stmt)

    def visit_exprs(self, exprs):
        for expr in exprs or ():
            if expr is not None:
                self.visit_expr(expr)

    def visit_stmt(self, s):
        """`symtable_visit_stmt`."""
        k = kind(s)
        st = self.st
        if k in ("FunctionDef", "AsyncFunctionDef"):
            self.add_def(s.name, DEF_LOCAL, location(s))
            args = s.args
            self.visit_exprs(args.defaults)
            self.visit_exprs(args.kw_defaults)
            self.visit_exprs(s.decorator_list)
            type_params = getattr(s, "type_params", None) or []
            if type_params:
                # compile.c tests the C pointer, which is set even for an empty
                # list: a generic function always has a `.defaults` parameter.
                self.enter_type_param_block(s.name, type_params, args.defaults is not None,
                                            _has_kwonlydefaults(args), k, location(s))
                for tp in type_params:
                    self.visit_type_param(tp)
            self.visit_annotations(s, args, s.returns)
            self.enter_block(s.name, FunctionBlock, s, *location(s))
            if k == "AsyncFunctionDef":
                st.cur.coroutine = True
            self.visit_arguments(args)
            self.visit_stmts(s.body)
            self.exit_block()
            if type_params:
                self.exit_block()
        elif k == "ClassDef":
            self.add_def(s.name, DEF_LOCAL, location(s))
            self.visit_exprs(s.decorator_list)
            tmp = st.private
            type_params = getattr(s, "type_params", None) or []
            if type_params:
                self.enter_type_param_block(s.name, type_params, False, False, k, location(s))
                st.private = s.name
                for tp in type_params:
                    self.visit_type_param(tp)
            self.visit_exprs(s.bases)
            for kw in s.keywords:
                self.visit_expr(kw.value)
            self.enter_block(s.name, ClassBlock, s, *location(s))
            st.private = s.name
            if type_params:
                self.add_def("__type_params__", DEF_LOCAL, location(type_params[0]))
                self.add_def(".type_params", USE, location(type_params[0]))
            self.visit_stmts(s.body)
            self.exit_block()
            if type_params:
                self.exit_block()
            st.private = tmp
        elif k == "TypeAlias":
            self.visit_expr(s.name)
            name = s.name.id
            is_in_class = st.cur.type == ClassBlock
            type_params = s.type_params or []
            if type_params:
                self.enter_type_param_block(name, type_params, False, False, k, location(s))
                for tp in type_params:
                    self.visit_type_param(tp)
            self.enter_block(name, TypeAliasBlock, s, *location(s))
            st.cur.can_see_class_scope = is_in_class
            if is_in_class:
                self.add_def("__classdict__", USE, location(s.value))
            self.visit_expr(s.value)
            self.exit_block()
            if type_params:
                self.exit_block()
        elif k == "Return":
            if s.value is not None:
                self.visit_expr(s.value)
                st.cur.returns_value = True
        elif k == "Delete":
            self.visit_exprs(s.targets)
        elif k == "Assign":
            self.visit_exprs(s.targets)
            self.visit_expr(s.value)
        elif k == "AnnAssign":
            target = s.target
            if kind(target) == "Name":
                cur = self.lookup(target.id)
                if (cur & (DEF_GLOBAL | DEF_NONLOCAL)) and st.cur.symbols is not st.global_symbols \
                        and s.simple:
                    msg = GLOBAL_ANNOT if cur & DEF_GLOBAL else NONLOCAL_ANNOT
                    raise self.error(msg % target.id, s)
                if s.simple:
                    self.add_def(target.id, DEF_ANNOT | DEF_LOCAL, location(target))
                elif s.value is not None:
                    self.add_def(target.id, DEF_LOCAL, location(target))
            else:
                self.visit_expr(target)
            self.visit_annotation(s.annotation)
            if s.value is not None:
                self.visit_expr(s.value)
        elif k == "AugAssign":
            self.visit_expr(s.target)
            self.visit_expr(s.value)
        elif k in ("For", "AsyncFor"):
            self.visit_expr(s.target)
            self.visit_expr(s.iter)
            self.visit_stmts(s.body)
            self.visit_stmts(s.orelse)
        elif k in ("While", "If"):
            self.visit_expr(s.test)
            self.visit_stmts(s.body)
            self.visit_stmts(s.orelse)
        elif k == "Match":
            self.visit_expr(s.subject)
            for case in s.cases:
                self.visit_pattern(case.pattern)
                if case.guard is not None:
                    self.visit_expr(case.guard)
                self.visit_stmts(case.body)
        elif k == "Raise":
            if s.exc is not None:
                self.visit_expr(s.exc)
                if s.cause is not None:
                    self.visit_expr(s.cause)
        elif k in ("Try", "TryStar"):
            self.visit_stmts(s.body)
            self.visit_stmts(s.orelse)
            for handler in s.handlers:
                if handler.type is not None:
                    self.visit_expr(handler.type)
                if handler.name is not None:
                    self.add_def(handler.name, DEF_LOCAL, location(handler))
                self.visit_stmts(handler.body)
            self.visit_stmts(s.finalbody)
        elif k == "Assert":
            self.visit_expr(s.test)
            if s.msg is not None:
                self.visit_expr(s.msg)
        elif k in ("Import", "ImportFrom"):
            for alias in s.names:
                self.visit_alias(alias)
        elif k in ("Global", "Nonlocal"):
            is_global = k == "Global"
            for name in s.names:
                cur = self.lookup(name)
                if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT):
                    if cur & DEF_PARAM:
                        msg = GLOBAL_PARAM if is_global else NONLOCAL_PARAM
                    elif cur & USE:
                        msg = GLOBAL_AFTER_USE if is_global else NONLOCAL_AFTER_USE
                    elif cur & DEF_ANNOT:
                        msg = GLOBAL_ANNOT if is_global else NONLOCAL_ANNOT
                    else:
                        msg = GLOBAL_AFTER_ASSIGN if is_global else NONLOCAL_AFTER_ASSIGN
                    raise self.error(msg % name, s)
                self.add_def(name, DEF_GLOBAL if is_global else DEF_NONLOCAL, location(s))
                self.record_directive(name, location(s))
        elif k == "Expr":
            self.visit_expr(s.value)
        elif k in ("With", "AsyncWith"):
            for item in s.items:
                self.visit_expr(item.context_expr)
                if item.optional_vars is not None:
                    self.visit_expr(item.optional_vars)
            self.visit_stmts(s.body)
        elif k in ("Pass", "Break", "Continue"):
            pass
        else:
            raise SystemError(f"unknown statement kind {k}")

    def enter_type_param_block(self, name, key, has_defaults, has_kwdefaults, stmt_kind, loc):
        """`symtable_enter_type_param_block`."""
        st = self.st
        current_type = st.cur.type
        self.enter_block(name, TypeParamBlock, key, *loc)
        if current_type == ClassBlock:
            st.cur.can_see_class_scope = True
            self.add_def("__classdict__", USE, loc)
        if stmt_kind == "ClassDef":
            self.add_def(".type_params", DEF_LOCAL, loc)
            self.add_def(".type_params", USE, loc)
            st.private = name
            self.add_def(".generic_base", DEF_LOCAL, loc)
            self.add_def(".generic_base", USE, loc)
        if has_defaults:
            self.add_def(".defaults", DEF_PARAM, loc)
        if has_kwdefaults:
            self.add_def(".kwdefaults", DEF_PARAM, loc)

    def visit_type_param(self, tp):
        """`symtable_visit_type_param`."""
        st = self.st
        k = kind(tp)
        self.add_def(tp.name, DEF_TYPE_PARAM | DEF_LOCAL, location(tp))
        if k == "TypeVar" and tp.bound is not None:
            is_in_class = st.cur.can_see_class_scope
            self.enter_block(tp.name, TypeVarBoundBlock, tp, *location(tp))
            st.cur.can_see_class_scope = is_in_class
            if is_in_class:
                self.add_def("__classdict__", USE, location(tp.bound))
            self.visit_expr(tp.bound)
            self.exit_block()

    def visit_alias(self, a):
        """`symtable_visit_alias`."""
        name = a.asname if a.asname is not None else a.name
        store_name = name.split(".", 1)[0]
        if name != "*":
            self.add_def(store_name, DEF_IMPORT, location(a))
        elif self.st.cur.type != ModuleBlock:
            raise self.error(IMPORT_STAR_WARNING, a)

    def visit_arguments(self, a):
        """`symtable_visit_arguments`: parameters in co_varnames order."""
        for arg in list(a.posonlyargs or ()) + list(a.args or ()) + list(a.kwonlyargs or ()):
            self.add_def(arg.arg, DEF_PARAM, location(arg))
        if a.vararg is not None:
            self.add_def(a.vararg.arg, DEF_PARAM, location(a.vararg))
            self.st.cur.varargs = True
        if a.kwarg is not None:
            self.add_def(a.kwarg.arg, DEF_PARAM, location(a.kwarg))
            self.st.cur.varkeywords = True

    def visit_annotations(self, o, a, returns):
        """`symtable_visit_annotations`."""
        st = self.st
        future = st.future_features & CO_FUTURE_ANNOTATIONS
        if future:
            self.enter_block("_annotation", AnnotationBlock, o, *location(o))
        for arg in list(a.posonlyargs or ()) + list(a.args or ()):
            if arg.annotation is not None:
                st.cur.annotations_used = True
                self.visit_expr(arg.annotation)
        if a.vararg is not None and a.vararg.annotation is not None:
            st.cur.annotations_used = True
            self.visit_expr(a.vararg.annotation)
        if a.kwarg is not None and a.kwarg.annotation is not None:
            st.cur.annotations_used = True
            self.visit_expr(a.kwarg.annotation)
        for arg in a.kwonlyargs or ():
            if arg.annotation is not None:
                st.cur.annotations_used = True
                self.visit_expr(arg.annotation)
        if future:
            self.exit_block()
        if returns is not None:
            self.visit_annotation(returns)

    def visit_annotation(self, annotation):
        """`symtable_visit_annotation`."""
        future = self.st.future_features & CO_FUTURE_ANNOTATIONS
        if future:
            self.enter_block("_annotation", AnnotationBlock, annotation, *location(annotation))
        self.visit_expr(annotation)
        if future:
            self.exit_block()

    def visit_pattern(self, p):
        """`symtable_visit_pattern`."""
        k = kind(p)
        if k == "MatchValue":
            self.visit_expr(p.value)
        elif k == "MatchSequence":
            for sub in p.patterns:
                self.visit_pattern(sub)
        elif k == "MatchStar":
            if p.name is not None:
                self.add_def(p.name, DEF_LOCAL, location(p))
        elif k == "MatchMapping":
            self.visit_exprs(p.keys)
            for sub in p.patterns:
                self.visit_pattern(sub)
            if p.rest is not None:
                self.add_def(p.rest, DEF_LOCAL, location(p))
        elif k == "MatchClass":
            self.visit_expr(p.cls)
            for sub in p.patterns:
                self.visit_pattern(sub)
            for sub in p.kwd_patterns:
                self.visit_pattern(sub)
        elif k == "MatchAs":
            if p.pattern is not None:
                self.visit_pattern(p.pattern)
            if p.name is not None:
                self.add_def(p.name, DEF_LOCAL, location(p))
        elif k == "MatchOr":
            for sub in p.patterns:
                self.visit_pattern(sub)

    # -- expressions ------------------------------------------------------

    def raise_if_annotation_block(self, name, e):
        """`symtable_raise_if_annotation_block`."""
        t = self.st.cur.type
        if t == AnnotationBlock:
            msg = ANNOTATION_NOT_ALLOWED
        elif t == TypeVarBoundBlock:
            msg = TYPEVAR_BOUND_NOT_ALLOWED
        elif t == TypeAliasBlock:
            msg = TYPEALIAS_NOT_ALLOWED
        elif t == TypeParamBlock:
            msg = TYPEPARAM_NOT_ALLOWED
        else:
            return
        raise self.error(msg % name, e)

    def raise_if_comprehension(self, e):
        """`symtable_raise_if_comprehension`."""
        t = self.st.cur.comprehension
        msg = {ListComprehension: "'yield' inside list comprehension",
               SetComprehension: "'yield' inside set comprehension",
               DictComprehension: "'yield' inside dict comprehension"}.get(
                   t, "'yield' inside generator expression")
        raise self.error(msg, e)

    def visit_expr(self, e):
        """`symtable_visit_expr`."""
        st = self.st
        k = kind(e)
        if k == "Name":
            ctx = kind(e.ctx)
            self.add_def(e.id, USE if ctx == "Load" else DEF_LOCAL, location(e))
            if ctx == "Load" and st.cur.is_function_like() and e.id == "super":
                self.add_def("__class__", USE, location(e))
        elif k == "Constant":
            pass
        elif k == "Attribute":
            self.visit_expr(e.value)
        elif k == "Call":
            self.visit_expr(e.func)
            self.visit_exprs(e.args)
            for kw in e.keywords:
                self.visit_expr(kw.value)
        elif k == "BinOp":
            self.visit_expr(e.left)
            self.visit_expr(e.right)
        elif k == "BoolOp":
            self.visit_exprs(e.values)
        elif k == "UnaryOp":
            self.visit_expr(e.operand)
        elif k == "Compare":
            self.visit_expr(e.left)
            self.visit_exprs(e.comparators)
        elif k in ("List", "Tuple", "Set"):
            self.visit_exprs(e.elts)
        elif k == "Dict":
            self.visit_exprs(e.keys)
            self.visit_exprs(e.values)
        elif k == "Subscript":
            self.visit_expr(e.value)
            self.visit_expr(e.slice)
        elif k == "Starred":
            self.visit_expr(e.value)
        elif k == "Slice":
            for part in (e.lower, e.upper, e.step):
                if part is not None:
                    self.visit_expr(part)
        elif k == "IfExp":
            self.visit_expr(e.test)
            self.visit_expr(e.body)
            self.visit_expr(e.orelse)
        elif k == "NamedExpr":
            self.raise_if_annotation_block("named expression", e)
            self.handle_namedexpr(e)
        elif k == "Lambda":
            if st.cur.can_see_class_scope:
                # gh-109118: 3.12 does not yet give these nested scopes the class's names
                raise self.error("Cannot use lambda in annotation scope within class scope", e)
            args = e.args
            self.visit_exprs(args.defaults)
            self.visit_exprs(args.kw_defaults)
            self.enter_block("lambda", FunctionBlock, e, *location(e))
            self.visit_arguments(args)
            self.visit_expr(e.body)
            self.exit_block()
        elif k == "GeneratorExp":
            self.handle_comprehension(e, "genexpr", e.generators, e.elt, None)
        elif k == "ListComp":
            self.handle_comprehension(e, "listcomp", e.generators, e.elt, None)
        elif k == "SetComp":
            self.handle_comprehension(e, "setcomp", e.generators, e.elt, None)
        elif k == "DictComp":
            self.handle_comprehension(e, "dictcomp", e.generators, e.key, e.value)
        elif k in ("Yield", "YieldFrom"):
            self.raise_if_annotation_block("yield expression", e)
            if e.value is not None:
                self.visit_expr(e.value)
            st.cur.generator = True
            if st.cur.comprehension:
                self.raise_if_comprehension(e)
        elif k == "Await":
            self.raise_if_annotation_block("await expression", e)
            self.visit_expr(e.value)
            st.cur.coroutine = True
        elif k == "FormattedValue":
            self.visit_expr(e.value)
            if e.format_spec is not None:
                self.visit_expr(e.format_spec)
        elif k == "JoinedStr":
            self.visit_exprs(e.values)
        else:
            raise SystemError(f"unknown expression kind {k}")

    def handle_namedexpr(self, e):
        """`symtable_handle_namedexpr`."""
        st = self.st
        if st.cur.comp_iter_expr > 0:
            raise self.error(NAMED_EXPR_COMP_ITER_EXPR, e)
        if st.cur.comprehension:
            self.extend_namedexpr_scope(e.target)
        self.visit_expr(e.value)
        self.visit_expr(e.target)

    def extend_namedexpr_scope(self, e):
        """`symtable_extend_namedexpr_scope`: a walrus in a comprehension binds in the enclosing function."""
        st = self.st
        target = e.id
        loc = location(e)
        for ste in reversed(st.stack):
            if ste.comprehension:
                in_scope = ste.get_symbol(target)
                # only a name the loop binds, not one its target merely uses (gh-87447)
                if (in_scope & DEF_COMP_ITER) and (in_scope & DEF_LOCAL):
                    raise self.error(NAMED_EXPR_COMP_CONFLICT % target, e)
                continue
            if ste.type == FunctionBlock:
                if ste.get_symbol(target) & DEF_GLOBAL:
                    self.add_def(target, DEF_GLOBAL, loc)
                else:
                    self.add_def(target, DEF_NONLOCAL, loc)
                self.record_directive(target, loc)
                self.add_def_helper(target, DEF_LOCAL, ste, loc)
                return
            if ste.type == ModuleBlock:
                self.add_def(target, DEF_GLOBAL, loc)
                self.record_directive(target, loc)
                self.add_def_helper(target, DEF_GLOBAL, ste, loc)
                return
            msg = {ClassBlock: NAMED_EXPR_COMP_IN_CLASS,
                   TypeParamBlock: NAMED_EXPR_COMP_IN_TYPEPARAM,
                   TypeAliasBlock: NAMED_EXPR_COMP_IN_TYPEALIAS,
                   TypeVarBoundBlock: NAMED_EXPR_COMP_IN_TYPEVAR_BOUND}.get(ste.type)
            if msg is not None:
                raise self.error(msg, e)
        raise SystemError("unreachable in extend_namedexpr_scope")

    def handle_comprehension(self, e, scope_name, generators, elt, value):
        """`symtable_handle_comprehension`."""
        st = self.st
        if st.cur.can_see_class_scope:
            # gh-109118, as for lambda
            raise self.error("Cannot use comprehension in annotation scope within class scope", e)
        is_generator = kind(e) == "GeneratorExp"
        outermost = generators[0]
        st.cur.comp_iter_expr += 1
        self.visit_expr(outermost.iter)
        st.cur.comp_iter_expr -= 1
        self.enter_block(scope_name, FunctionBlock, e, *location(e))
        cur = st.cur
        cur.comprehension = {"ListComp": ListComprehension, "SetComp": SetComprehension,
                             "DictComp": DictComprehension}.get(kind(e), GeneratorExpression)
        if outermost.is_async:
            cur.coroutine = True
        self.add_def(".0", DEF_PARAM, location(e))
        cur.comp_iter_target = True
        self.visit_expr(outermost.target)
        cur.comp_iter_target = False
        self.visit_exprs(outermost.ifs)
        for gen in generators[1:]:
            cur.comp_iter_target = True
            self.visit_expr(gen.target)
            cur.comp_iter_target = False
            cur.comp_iter_expr += 1
            self.visit_expr(gen.iter)
            cur.comp_iter_expr -= 1
            self.visit_exprs(gen.ifs)
            if gen.is_async:
                cur.coroutine = True
        if value is not None:
            self.visit_expr(value)
        self.visit_expr(elt)
        cur.generator = is_generator
        is_async = cur.coroutine and not is_generator
        self.exit_block()
        if is_async:
            st.cur.coroutine = True


def _has_kwonlydefaults(args):
    return any(d is not None for d in (args.kw_defaults or ()))


# -- the second pass: scope analysis ---------------------------------------

def analyze(table, inline_comprehensions=True):
    """`symtable_analyze`."""
    analyze_block(table.top, None, set(), set(), set(), None, inline_comprehensions)


def _error_at_directive(ste, name, msg):
    loc = ste.directives.get(name)
    if loc is None:
        return SyntaxError(msg)
    lineno, col, end_lineno, end_col = loc
    return syntax_error(msg, ste.table.filename, lineno, col + 1, end_lineno, end_col + 1)


def analyze_name(ste, scopes, name, flags, bound, local, free, global_, type_params, class_entry):
    """`analyze_name`: decide one name's scope."""
    if flags & DEF_GLOBAL:
        if flags & DEF_NONLOCAL:
            raise _error_at_directive(ste, name, f"name '{name}' is nonlocal and global")
        scopes[name] = GLOBAL_EXPLICIT
        global_.add(name)
        if bound is not None:
            bound.discard(name)
        return
    if flags & DEF_NONLOCAL:
        if bound is None:
            raise _error_at_directive(ste, name, "nonlocal declaration not allowed at module level")
        if name not in bound:
            raise _error_at_directive(ste, name, f"no binding for nonlocal '{name}' found")
        if name in type_params:
            raise _error_at_directive(ste, name, f"nonlocal binding not allowed for type parameter '{name}'")
        scopes[name] = FREE
        ste.free = True
        free.add(name)
        return
    if flags & DEF_BOUND:
        scopes[name] = LOCAL
        local.add(name)
        global_.discard(name)
        if flags & DEF_TYPE_PARAM:
            type_params.add(name)
        else:
            type_params.discard(name)
        return
    if class_entry is not None:
        class_flags = class_entry.get_symbol(name)
        if class_flags & DEF_GLOBAL:
            scopes[name] = GLOBAL_EXPLICIT
            return
        if (class_flags & DEF_BOUND) and not (class_flags & DEF_NONLOCAL):
            scopes[name] = GLOBAL_IMPLICIT
            return
    if bound is not None and name in bound:
        scopes[name] = FREE
        ste.free = True
        free.add(name)
        return
    if global_ is not None and name in global_:
        scopes[name] = GLOBAL_IMPLICIT
        return
    if ste.nested:
        ste.free = True
    scopes[name] = GLOBAL_IMPLICIT


def is_free_in_any_child(entry, key):
    for child in entry.children:
        if (child.get_symbol(key) >> SCOPE_OFFSET) & SCOPE_MASK == FREE:
            return True
    return False


def inline_comprehension(ste, comp, scopes, comp_free, inlined_cells):
    """`inline_comprehension`: PEP 709, the comprehension's names join the enclosing scope."""
    remove_dunder_class = False
    for k, comp_flags in list(comp.symbols.items()):
        if comp_flags & DEF_PARAM:
            continue
        scope = (comp_flags >> SCOPE_OFFSET) & SCOPE_MASK
        only_flags = comp_flags & ((1 << SCOPE_OFFSET) - 1)
        if scope == CELL or only_flags & DEF_COMP_CELL:
            inlined_cells.add(k)
        existing = ste.symbols.get(k)
        if scope == FREE and ste.type == ClassBlock and k == "__class__":
            scope = GLOBAL_IMPLICIT
            comp_free.discard(k)
            remove_dunder_class = True
        if existing is None:
            ste.symbols[k] = only_flags
            scopes[k] = scope
        else:
            if (existing & DEF_BOUND) and not is_free_in_any_child(comp, k) \
                    and ste.type != ClassBlock:
                comp_free.discard(k)
    comp.free = len(comp_free) > 0
    if remove_dunder_class:
        comp.symbols.pop("__class__", None)


def analyze_cells(scopes, free, inlined_cells):
    """`analyze_cells`: locals that inner blocks capture become cells."""
    for name, scope in list(scopes.items()):
        if scope != LOCAL:
            continue
        if name not in free and name not in inlined_cells:
            continue
        scopes[name] = CELL
        free.discard(name)


def drop_class_free(ste, free):
    """`drop_class_free`: __class__/__classdict__ become implicit class cells."""
    if "__class__" in free:
        free.discard("__class__")
        ste.needs_class_closure = True
    if "__classdict__" in free:
        free.discard("__classdict__")
        ste.needs_classdict = True


def update_symbols(symbols, scopes, bound, free, inlined_cells, classflag):
    """`update_symbols`: write the scopes into the flags; record free names from children."""
    for name, flags in list(symbols.items()):
        if name in inlined_cells:
            flags |= DEF_COMP_CELL
        flags |= scopes[name] << SCOPE_OFFSET
        symbols[name] = flags
    for name in free:
        if name in symbols:
            if classflag:
                symbols[name] |= DEF_FREE_CLASS
            continue
        if bound is not None and name not in bound:
            continue
        symbols[name] = FREE << SCOPE_OFFSET


def analyze_block(ste, bound, free, global_, type_params, class_entry, inline_comprehensions=True):
    """`analyze_block`; returns nothing, adds the block's free names to `free`."""
    local = set()
    scopes = {}
    newglobal = set()
    newfree = set()
    newbound = set()
    inlined_cells = set()

    if ste.type == ClassBlock:
        newglobal |= global_
        if bound is not None:
            newbound |= bound

    for name, flags in list(ste.symbols.items()):
        analyze_name(ste, scopes, name, flags, bound, local, free, global_, type_params, class_entry)

    if ste.type != ClassBlock:
        if ste.is_function_like():
            newbound |= local
        if bound is not None:
            newbound |= bound
        newglobal |= global_
    else:
        newbound.add("__class__")
        newbound.add("__classdict__")

    for entry in ste.children:
        new_class_entry = None
        if entry.can_see_class_scope:
            if ste.type == ClassBlock:
                new_class_entry = ste
            elif class_entry is not None:
                new_class_entry = class_entry
        inline_comp = (inline_comprehensions and entry.comprehension != NoComprehension
                       and not entry.generator)
        child_free = set()
        analyze_block(entry, set(newbound), child_free, set(newglobal), set(type_params),
                      new_class_entry, inline_comprehensions)
        if inline_comp:
            inline_comprehension(ste, entry, scopes, child_free, inlined_cells)
            entry.comp_inlined = True
        newfree |= child_free
        if entry.free or entry.child_free:
            ste.child_free = True

    children = []
    for entry in ste.children:
        if entry.comp_inlined:
            children.extend(entry.children)
        else:
            children.append(entry)
    ste.children = children

    if ste.is_function_like():
        analyze_cells(scopes, newfree, inlined_cells)
    elif ste.type == ClassBlock:
        drop_class_free(ste, newfree)
    update_symbols(ste.symbols, scopes, bound, newfree, inlined_cells,
                   ste.type == ClassBlock or ste.can_see_class_scope)
    free |= newfree
