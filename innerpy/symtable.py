"""CPython 3.12's `symtable` module API over innerpy's symbol tables.

`symtable(code, filename, compile_type)` parses with innerpy's parser (or
accepts an AST), finds __future__ features and builds the symbol table
exactly as compile() does (innerpy/compiler/symtable.py), then wraps the
entries in `SymbolTable`/`Function`/`Class`/`Symbol` objects with the same
methods and results as Lib/symtable.py.
"""

from .compiler import symtable as _st
from .compiler.symtable import (
    DEF_GLOBAL, DEF_LOCAL, DEF_PARAM, DEF_NONLOCAL, USE, DEF_FREE_CLASS, DEF_IMPORT,
    DEF_ANNOT, DEF_BOUND, SCOPE_OFFSET as SCOPE_OFF, SCOPE_MASK, FREE, LOCAL, GLOBAL_IMPLICIT,
    GLOBAL_EXPLICIT, CELL,
)

__all__ = ["symtable", "SymbolTable", "Class", "Function", "Symbol"]

DEF_FREE = _st.DEF_FREE

_TYPE_NAMES = {
    _st.ModuleBlock: "module",
    _st.FunctionBlock: "function",
    _st.ClassBlock: "class",
    _st.AnnotationBlock: "annotation",
    _st.TypeVarBoundBlock: "TypeVar bound",
    _st.TypeAliasBlock: "type alias",
    _st.TypeParamBlock: "type parameter",
}


def symtable(code, filename, compile_type):
    """Return the toplevel SymbolTable for the source code (`_symtable.symtable`)."""
    from .compiler import future_parse
    if hasattr(code, "_fields"):
        tree = code
    else:
        if compile_type not in ("exec", "eval", "single"):
            raise ValueError("symtable() arg 3 must be 'exec' or 'eval' or 'single'")
        from .parser import parse
        tree = parse(code, filename, compile_type)
    features, _ = future_parse(tree, filename)
    table = _st.build_symtable(tree, filename, features)
    return _newSymbolTable(table.top, filename)


class SymbolTableFactory:
    def __init__(self):
        self.__memo = {}

    def new(self, table, filename):
        if table.type == _st.FunctionBlock:
            return Function(table, filename)
        if table.type == _st.ClassBlock:
            return Class(table, filename)
        return SymbolTable(table, filename)

    def __call__(self, table, filename):
        key = id(table), filename
        obj = self.__memo.get(key, None)
        if obj is None:
            obj = self.__memo[key] = self.new(table, filename)
        return obj


_newSymbolTable = SymbolTableFactory()


class SymbolTable:

    def __init__(self, raw_table, filename):
        self._table = raw_table
        self._filename = filename
        self._symbols = {}

    def __repr__(self):
        if self.__class__ == SymbolTable:
            kind = ""
        else:
            kind = "%s " % self.__class__.__name__
        if self._table.name == "top":
            return "<{0}SymbolTable for module {1}>".format(kind, self._filename)
        return "<{0}SymbolTable for {1} in {2}>".format(kind, self._table.name, self._filename)

    def get_type(self):
        return _TYPE_NAMES[self._table.type]

    def get_id(self):
        return id(self._table.id)

    def get_name(self):
        return self._table.name

    def get_lineno(self):
        return self._table.lineno

    def is_optimized(self):
        return bool(self._table.type == _st.FunctionBlock)

    def is_nested(self):
        return bool(self._table.nested)

    def has_children(self):
        return bool(self._table.children)

    def get_identifiers(self):
        return self._table.symbols.keys()

    def lookup(self, name):
        sym = self._symbols.get(name)
        if sym is None:
            flags = self._table.symbols[name]
            namespaces = self.__check_children(name)
            module_scope = self._table.name == "top"  # as 3.12 decides it (so a function named top counts)
            sym = self._symbols[name] = Symbol(name, flags, namespaces, module_scope=module_scope)
        return sym

    def get_symbols(self):
        return [self.lookup(ident) for ident in self.get_identifiers()]

    def __check_children(self, name):
        return [_newSymbolTable(st, self._filename)
                for st in self._table.children if st.name == name]

    def get_children(self):
        return [_newSymbolTable(st, self._filename) for st in self._table.children]


class Function(SymbolTable):

    __params = None
    __locals = None
    __frees = None
    __globals = None
    __nonlocals = None

    def __idents_matching(self, test_func):
        return tuple(ident for ident in self.get_identifiers()
                     if test_func(self._table.symbols[ident]))

    def get_parameters(self):
        if self.__params is None:
            self.__params = self.__idents_matching(lambda x: x & DEF_PARAM)
        return self.__params

    def get_locals(self):
        if self.__locals is None:
            locs = (LOCAL, CELL)
            self.__locals = self.__idents_matching(lambda x: ((x >> SCOPE_OFF) & SCOPE_MASK) in locs)
        return self.__locals

    def get_globals(self):
        if self.__globals is None:
            glob = (GLOBAL_IMPLICIT, GLOBAL_EXPLICIT)
            self.__globals = self.__idents_matching(lambda x: ((x >> SCOPE_OFF) & SCOPE_MASK) in glob)
        return self.__globals

    def get_nonlocals(self):
        if self.__nonlocals is None:
            self.__nonlocals = self.__idents_matching(lambda x: x & DEF_NONLOCAL)
        return self.__nonlocals

    def get_frees(self):
        if self.__frees is None:
            self.__frees = self.__idents_matching(lambda x: ((x >> SCOPE_OFF) & SCOPE_MASK) == FREE)
        return self.__frees


class Class(SymbolTable):

    __methods = None

    def get_methods(self):
        if self.__methods is None:
            d = {}
            for st in self._table.children:
                d[st.name] = 1
            self.__methods = tuple(d)
        return self.__methods


class Symbol:

    def __init__(self, name, flags, namespaces=None, *, module_scope=False):
        self.__name = name
        self.__flags = flags
        self.__scope = (flags >> SCOPE_OFF) & SCOPE_MASK
        self.__namespaces = namespaces or ()
        self.__module_scope = module_scope

    def __repr__(self):
        return "<symbol {0!r}>".format(self.__name)

    def get_name(self):
        return self.__name

    def is_referenced(self):
        return bool(self.__flags & USE)

    def is_parameter(self):
        return bool(self.__flags & DEF_PARAM)

    def is_global(self):
        return bool(self.__scope in (GLOBAL_IMPLICIT, GLOBAL_EXPLICIT)
                    or (self.__module_scope and self.__flags & DEF_BOUND))

    def is_nonlocal(self):
        return bool(self.__flags & DEF_NONLOCAL)

    def is_declared_global(self):
        return bool(self.__scope == GLOBAL_EXPLICIT)

    def is_local(self):
        return bool(self.__scope in (LOCAL, CELL)
                    or (self.__module_scope and self.__flags & DEF_BOUND))

    def is_annotated(self):
        return bool(self.__flags & DEF_ANNOT)

    def is_free(self):
        return bool(self.__scope == FREE)

    def is_imported(self):
        return bool(self.__flags & DEF_IMPORT)

    def is_assigned(self):
        return bool(self.__flags & DEF_LOCAL)

    def is_namespace(self):
        return bool(self.__namespaces)

    def get_namespaces(self):
        return self.__namespaces

    def get_namespace(self):
        if len(self.__namespaces) != 1:
            raise ValueError("name is bound to multiple namespaces")
        return self.__namespaces[0]
