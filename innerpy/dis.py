"""The `dis` module of CPython 3.12, over innerpy's code objects (Lib/dis.py).

innerpy's compiler emits 3.12 bytecode, so the disassembler is the yardstick
that shows whether it emits the *same* bytecode: `innerpy -m dis FILE` must
print exactly what `python3.12 -m dis FILE` prints. The output format, the
argument rendering and the public names follow 3.12.1's Lib/dis.py line for
line; every fact about an instruction comes from `innerpy.opcode_metadata`,
never from the host's `dis`/`opcode` (which describe the host's bytecode,
not 3.12's, on a 3.11 or 3.13 host).

The functions accept innerpy `Code` objects, anything carrying one
(`__code__`, `__func__`, `gi_code`, ...), raw 3.12 bytecode and source text
(compiled with innerpy's compiler). On a 3.12 host they also accept host
code objects, which is how the tests compare this module with the real one.
"""

import collections
import io
import sys
import types

from innerpy import opcode_metadata as _meta
from innerpy.objects.code import Code as _Code

__all__ = ["code_info", "dis", "disassemble", "distb", "disco",
           "findlinestarts", "findlabels", "show_code",
           "get_instructions", "Instruction", "Bytecode",
           "cmp_op", "hasarg", "hasconst", "hasname", "hasjrel", "hasjabs",
           "haslocal", "hascompare", "hasfree", "hasexc", "opname", "opmap",
           "HAVE_ARGUMENT", "EXTENDED_ARG", "stack_effect"]

# -- the `opcode` module's view of the instruction table -----------------------

HAVE_ARGUMENT = _meta.HAVE_ARGUMENT
EXTENDED_ARG = _meta.EXTENDED_ARG
MIN_PSEUDO_OPCODE = _meta.MIN_PSEUDO_OPCODE
MAX_PSEUDO_OPCODE = max(_meta.INSTRUCTIONS)
cmp_op = tuple(_meta.CMP_OPS)

opmap = dict(_meta.opmap)
#: 3.12's opname covers the pseudo-instructions too (267 entries).
opname = ["<%r>" % (op,) for op in range(MAX_PSEUDO_OPCODE + 1)]
for _name, _op in opmap.items():
    opname[_op] = _name
del _name, _op

hasarg = sorted(_meta.HAS_ARG)
hasconst = sorted(_meta.HAS_CONST)
hasname = sorted(_meta.HAS_NAME)
hasjrel = sorted(_meta.HAS_JUMP)
hasjabs = []  # 3.12 has no absolute jumps; the list stays for compatibility
haslocal = sorted(_meta.HAS_LOCAL)
hascompare = sorted(_meta.HAS_COMPARE)
# 3.12.1's opcode.py still lists 148, the number LOAD_CLASSDEREF had before
# 3.12 removed it; `dis.hasfree` is public API, so innerpy shows the same list.
hasfree = sorted(_meta.HAS_FREE | {148})
hasexc = sorted(_meta.HAS_EXC)


def stack_effect(opcode, oparg=None, *, jump=None):
    """Net stack effect of `opcode` with `oparg` (`dis.stack_effect`)."""
    return _meta.stack_effect(opcode, oparg, jump=jump)


# Names and sizes of the inline cache fields (Lib/opcode.py `_cache_format`).
# Only the field *names* live here: the sizes are checked against the
# instruction table below, which stays the one source of cache sizes.
_cache_format = {
    "LOAD_GLOBAL": {"counter": 1, "index": 1, "module_keys_version": 1,
                    "builtin_keys_version": 1},
    "BINARY_OP": {"counter": 1},
    "UNPACK_SEQUENCE": {"counter": 1},
    "COMPARE_OP": {"counter": 1},
    "BINARY_SUBSCR": {"counter": 1},
    "FOR_ITER": {"counter": 1},
    "LOAD_SUPER_ATTR": {"counter": 1},
    "LOAD_ATTR": {"counter": 1, "version": 2, "keys_version": 2, "descr": 4},
    "STORE_ATTR": {"counter": 1, "version": 2, "index": 1},
    "CALL": {"counter": 1, "func_version": 2},
    "STORE_SUBSCR": {"counter": 1},
    "SEND": {"counter": 1},
}
_inline_cache_entries = [_meta.cache_entries(op) for op in range(256)]


def _check_cache_format():
    """Fail loudly if the field layout drifts from the instruction table."""
    for op in range(256):
        fields = _cache_format.get(opname[op])
        size = sum(fields.values()) if fields else 0
        if size != _inline_cache_entries[op]:
            # An instruction whose layout is unknown here still disassembles:
            # its caches show as one anonymous counter-sized field each.
            _cache_format[opname[op]] = {"counter": 1, **{f"cache{i}": 1 for i in
                                          range(1, _inline_cache_entries[op])}}


_check_cache_format()

FORMAT_VALUE = opmap["FORMAT_VALUE"]
FORMAT_VALUE_CONVERTERS = (
    (None, ""),
    (str, "str"),
    (repr, "repr"),
    (ascii, "ascii"),
)
MAKE_FUNCTION = opmap["MAKE_FUNCTION"]
MAKE_FUNCTION_FLAGS = ("defaults", "kwdefaults", "annotations", "closure")

LOAD_CONST = opmap["LOAD_CONST"]
RETURN_CONST = opmap["RETURN_CONST"]
LOAD_GLOBAL = opmap["LOAD_GLOBAL"]
BINARY_OP = opmap["BINARY_OP"]
JUMP_BACKWARD = opmap["JUMP_BACKWARD"]
FOR_ITER = opmap["FOR_ITER"]
SEND = opmap["SEND"]
LOAD_ATTR = opmap["LOAD_ATTR"]
LOAD_SUPER_ATTR = opmap["LOAD_SUPER_ATTR"]
CALL_INTRINSIC_1 = opmap["CALL_INTRINSIC_1"]
CALL_INTRINSIC_2 = opmap["CALL_INTRINSIC_2"]
CACHE = opmap["CACHE"]

_nb_ops = list(_meta.BINARY_OPS)
_intrinsic_1_descs = list(_meta.INTRINSIC_1)
_intrinsic_2_descs = list(_meta.INTRINSIC_2)

_hasarg = frozenset(hasarg)
_hasconst = frozenset(hasconst)
_hasname = frozenset(hasname)
_hasjrel = frozenset(hasjrel)
_haslocal_or_free = frozenset(haslocal) | frozenset(hasfree)
_hascompare = frozenset(hascompare)

# innerpy never specializes instructions, so `adaptive=True` shows the same
# code as `adaptive=False` and every opcode is its own "deoptimized" form.
_all_opname = opname
_all_opmap = opmap
deoptmap = {}


def _deoptop(op):
    return op


# -- getting at a code object ------------------------------------------------

_have_code = (types.MethodType, types.FunctionType, types.CodeType,
              classmethod, staticmethod, type, _Code)


def _has_code(value):
    """Whether `dis(cls)` should disassemble the attribute `value`.

    3.12 picks functions, methods, code objects, class/static methods and
    classes; innerpy's own function and method objects count as well.
    """
    if isinstance(value, _have_code):
        return True
    module = getattr(type(value), "__module__", "") or ""
    return module.startswith("innerpy.") and (
        hasattr(value, "__code__") or hasattr(value, "__func__"))


def _compile(source, filename, mode):
    """innerpy's compiler; imported late so `dis` works on code objects alone."""
    import innerpy
    return innerpy.compile(source, filename, mode)


def _try_compile(source, name):
    """Compile `source` as an expression if it is one, else as statements."""
    try:
        return _compile(source, name, "eval")
    except SyntaxError:
        pass
    return _compile(source, name, "exec")


def _unwrap(x):
    """The code object inside a method, function, generator or coroutine, or x itself."""
    if hasattr(x, "__func__"):
        x = x.__func__
    if hasattr(x, "__code__"):
        x = x.__code__
    elif hasattr(x, "gi_code"):
        x = x.gi_code
    elif hasattr(x, "ag_code"):
        x = x.ag_code
    elif hasattr(x, "cr_code"):
        x = x.cr_code
    return x


def _get_code_object(x):
    """Handle methods, compiled or raw code objects, and strings."""
    x = _unwrap(x)
    if isinstance(x, str):
        x = _try_compile(x, "<disassembly>")
    if hasattr(x, "co_code"):
        return x
    raise TypeError("don't know how to disassemble %s objects" % type(x).__name__)


def _get_code_array(co, adaptive):
    return getattr(co, "_co_code_adaptive", co.co_code) if adaptive else co.co_code


def _varname_from_oparg(co):
    """A function oparg -> local/cell/free name: the code's own, else localsplus.

    Host code objects have `_varname_from_oparg`; innerpy's `Code` keeps the
    localsplus names instead, which is the same table.
    """
    method = getattr(co, "_varname_from_oparg", None)
    if method is not None:
        return method
    names = getattr(co, "localsplusnames", None)
    if names is None:
        names = co.co_varnames + tuple(n for n in co.co_cellvars if n not in co.co_varnames) \
            + co.co_freevars
    return names.__getitem__


# -- dis() and friends -------------------------------------------------------

def dis(x=None, *, file=None, depth=None, show_caches=False, adaptive=False):
    """Disassemble classes, methods, functions, and other compiled objects.

    With no argument, disassemble the last traceback.
    """
    if x is None:
        distb(file=file, show_caches=show_caches, adaptive=adaptive)
        return
    x = _unwrap(x)
    if hasattr(x, "__dict__") and not isinstance(x, _Code):  # class or module
        items = sorted(x.__dict__.items())
        for name, x1 in items:
            if _has_code(x1):
                print("Disassembly of %s:" % name, file=file)
                try:
                    dis(x1, file=file, depth=depth, show_caches=show_caches, adaptive=adaptive)
                except TypeError as msg:
                    print("Sorry:", msg, file=file)
                print(file=file)
    elif hasattr(x, "co_code"):
        _disassemble_recursive(x, file=file, depth=depth, show_caches=show_caches,
                               adaptive=adaptive)
    elif isinstance(x, (bytes, bytearray)):
        _disassemble_bytes(x, file=file, show_caches=show_caches)
    elif isinstance(x, str):
        _disassemble_str(x, file=file, depth=depth, show_caches=show_caches, adaptive=adaptive)
    else:
        raise TypeError("don't know how to disassemble %s objects" % type(x).__name__)


def distb(tb=None, *, file=None, show_caches=False, adaptive=False):
    """Disassemble a traceback (default: the last one)."""
    if tb is None:
        try:
            if hasattr(sys, "last_exc"):
                tb = sys.last_exc.__traceback__
            else:
                tb = sys.last_traceback
        except AttributeError:
            raise RuntimeError("no last traceback to disassemble") from None
        while tb.tb_next:
            tb = tb.tb_next
    disassemble(tb.tb_frame.f_code, tb.tb_lasti, file=file, show_caches=show_caches,
                adaptive=adaptive)


# The inspect module reads this to build its CO_* constants; pretty_flags
# turns co_flags into words with it.
COMPILER_FLAG_NAMES = {
    1: "OPTIMIZED",
    2: "NEWLOCALS",
    4: "VARARGS",
    8: "VARKEYWORDS",
    16: "NESTED",
    32: "GENERATOR",
    64: "NOFREE",
    128: "COROUTINE",
    256: "ITERABLE_COROUTINE",
    512: "ASYNC_GENERATOR",
}


def pretty_flags(flags):
    """Return pretty representation of code flags."""
    names = []
    for i in range(32):
        flag = 1 << i
        if flags & flag:
            names.append(COMPILER_FLAG_NAMES.get(flag, hex(flag)))
            flags ^= flag
            if not flags:
                break
    else:
        names.append(hex(flags))
    return ", ".join(names)


class _Unknown:
    def __repr__(self):
        return "<unknown>"


#: Sentinel for values that cannot be calculated (no co_consts/co_names given).
UNKNOWN = _Unknown()


def code_info(x):
    """Formatted details of methods, functions, or code."""
    return _format_code_info(_get_code_object(x))


def _format_code_info(co):
    lines = []
    lines.append("Name:              %s" % co.co_name)
    lines.append("Filename:          %s" % co.co_filename)
    lines.append("Argument count:    %s" % co.co_argcount)
    lines.append("Positional-only arguments: %s" % co.co_posonlyargcount)
    lines.append("Kw-only arguments: %s" % co.co_kwonlyargcount)
    lines.append("Number of locals:  %s" % co.co_nlocals)
    lines.append("Stack size:        %s" % co.co_stacksize)
    lines.append("Flags:             %s" % pretty_flags(co.co_flags))
    if co.co_consts:
        lines.append("Constants:")
        for i_c in enumerate(co.co_consts):
            lines.append("%4d: %r" % i_c)
    if co.co_names:
        lines.append("Names:")
        for i_n in enumerate(co.co_names):
            lines.append("%4d: %s" % i_n)
    if co.co_varnames:
        lines.append("Variable names:")
        for i_n in enumerate(co.co_varnames):
            lines.append("%4d: %s" % i_n)
    if co.co_freevars:
        lines.append("Free variables:")
        for i_n in enumerate(co.co_freevars):
            lines.append("%4d: %s" % i_n)
    if co.co_cellvars:
        lines.append("Cell variables:")
        for i_n in enumerate(co.co_cellvars):
            lines.append("%4d: %s" % i_n)
    return "\n".join(lines)


def show_code(co, *, file=None):
    """Print details of methods, functions, or code to *file* (default stdout)."""
    print(code_info(co), file=file)


Positions = collections.namedtuple(
    "Positions",
    ["lineno", "end_lineno", "col_offset", "end_col_offset"],
    defaults=[None] * 4,
)

_Instruction = collections.namedtuple(
    "_Instruction",
    ["opname", "opcode", "arg", "argval", "argrepr", "offset", "starts_line",
     "is_jump_target", "positions"],
    defaults=[None],
)
_Instruction.opname.__doc__ = "Human readable name for operation"
_Instruction.opcode.__doc__ = "Numeric code for operation"
_Instruction.arg.__doc__ = "Numeric argument to operation (if any), otherwise None"
_Instruction.argval.__doc__ = "Resolved arg value (if known), otherwise same as arg"
_Instruction.argrepr.__doc__ = "Human readable description of operation argument"
_Instruction.offset.__doc__ = "Start index of operation within bytecode sequence"
_Instruction.starts_line.__doc__ = "Line started by this opcode (if any), otherwise None"
_Instruction.is_jump_target.__doc__ = "True if other code jumps to here, otherwise False"
_Instruction.positions.__doc__ = ("dis.Positions object holding the span of source code "
                                  "covered by this instruction")

_ExceptionTableEntry = collections.namedtuple("_ExceptionTableEntry",
                                              "start end target depth lasti")

_OPNAME_WIDTH = 20
_OPARG_WIDTH = 5


class Instruction(_Instruction):
    """Details for a bytecode operation (3.12.1's fields, in its order).

       opname - human readable name for operation
       opcode - numeric code for operation
       arg - numeric argument to operation (if any), otherwise None
       argval - resolved arg value (if known), otherwise same as arg
       argrepr - human readable description of operation argument
       offset - start index of operation within bytecode sequence
       starts_line - line started by this opcode (if any), otherwise None
       is_jump_target - True if other code jumps to here, otherwise False
       positions - Optional dis.Positions object holding the span of source code
                   covered by this instruction
    """

    def _disassemble(self, lineno_width=3, mark_as_current=False, offset_width=4):
        """One line of disassembly: line number, marker, '>>', offset, name, arg."""
        fields = []
        if lineno_width:
            if self.starts_line is not None:
                fields.append("%*d" % (lineno_width, self.starts_line))
            else:
                fields.append(" " * lineno_width)
        fields.append("-->" if mark_as_current else "   ")
        fields.append(">>" if self.is_jump_target else "  ")
        fields.append(repr(self.offset).rjust(offset_width))
        fields.append(self.opname.ljust(_OPNAME_WIDTH))
        if self.arg is not None:
            fields.append(repr(self.arg).rjust(_OPARG_WIDTH))
            if self.argrepr:
                fields.append("(" + self.argrepr + ")")
        return " ".join(fields).rstrip()


def get_instructions(x, *, first_line=None, show_caches=False, adaptive=False):
    """Iterator over the Instructions of a function, method, code object or source.

    With *first_line*, line numbers are shifted so the code's first line
    reads as that number.
    """
    co = _get_code_object(x)
    linestarts = dict(findlinestarts(co))
    line_offset = first_line - co.co_firstlineno if first_line is not None else 0
    return _get_instructions_bytes(_get_code_array(co, adaptive),
                                   _varname_from_oparg(co),
                                   co.co_names, co.co_consts,
                                   linestarts, line_offset,
                                   co_positions=co.co_positions(),
                                   show_caches=show_caches)


def _get_const_value(op, arg, co_consts):
    """The constant a hasconst instruction refers to, or UNKNOWN without co_consts."""
    assert op in _hasconst
    argval = UNKNOWN
    if co_consts is not None:
        argval = co_consts[arg]
    return argval


def _get_const_info(op, arg, co_consts):
    argval = _get_const_value(op, arg, co_consts)
    argrepr = repr(argval) if argval is not UNKNOWN else ""
    return argval, argrepr


def _get_name_info(name_index, get_name, **extrainfo):
    if get_name is not None:
        argval = get_name(name_index, **extrainfo)
        return argval, argval
    return UNKNOWN, ""


def _parse_varint(iterator):
    b = next(iterator)
    val = b & 63
    while b & 64:
        val <<= 6
        b = next(iterator)
        val |= b & 63
    return val


def _parse_exception_table(code):
    """The exception table as _ExceptionTableEntry tuples with byte offsets."""
    iterator = iter(code.co_exceptiontable)
    entries = []
    try:
        while True:
            start = _parse_varint(iterator) * 2
            length = _parse_varint(iterator) * 2
            end = start + length
            target = _parse_varint(iterator) * 2
            dl = _parse_varint(iterator)
            entries.append(_ExceptionTableEntry(start, end, target, dl >> 1, bool(dl & 1)))
    except StopIteration:
        return entries


def _is_backward_jump(op):
    return "JUMP_BACKWARD" in opname[op]


def _jump_target(offset, op, arg):
    """Byte offset a relative jump lands on: past the instruction and its caches."""
    if _is_backward_jump(op):
        arg = -arg
    return offset + 2 + arg * 2 + 2 * _inline_cache_entries[op]


def _get_instructions_bytes(code, varname_from_oparg=None,
                            names=None, co_consts=None,
                            linestarts=None, line_offset=0,
                            exception_entries=(), co_positions=None,
                            show_caches=False):
    """Iterate over the Instructions of a bytecode string.

    Names, constants, local names and line starts resolve arguments when
    given; without them the values stay UNKNOWN, as for raw bytes.
    """
    co_positions = co_positions or iter(())
    get_name = None if names is None else names.__getitem__
    labels = set(findlabels(code))
    for start, end, target, _, _ in exception_entries:
        labels.add(target)
    starts_line = None
    for offset, op, arg in _unpack_opargs(code):
        if linestarts is not None:
            starts_line = linestarts.get(offset, None)
            if starts_line is not None:
                starts_line += line_offset
        is_jump_target = offset in labels
        argval = None
        argrepr = ""
        positions = Positions(*next(co_positions, ()))
        deop = op
        caches = _inline_cache_entries[deop]
        if arg is not None:
            argval = arg
            if deop in _hasconst:
                argval, argrepr = _get_const_info(deop, arg, co_consts)
            elif deop in _hasname:
                if deop == LOAD_GLOBAL:
                    argval, argrepr = _get_name_info(arg // 2, get_name)
                    if (arg & 1) and argrepr:
                        argrepr = "NULL + " + argrepr
                elif deop == LOAD_ATTR:
                    argval, argrepr = _get_name_info(arg // 2, get_name)
                    if (arg & 1) and argrepr:
                        argrepr = "NULL|self + " + argrepr
                elif deop == LOAD_SUPER_ATTR:
                    argval, argrepr = _get_name_info(arg // 4, get_name)
                    if (arg & 1) and argrepr:
                        argrepr = "NULL|self + " + argrepr
                else:
                    argval, argrepr = _get_name_info(arg, get_name)
            elif deop in _hasjrel:
                argval = _jump_target(offset, deop, arg)
                argrepr = "to " + repr(argval)
            elif deop in _haslocal_or_free:
                argval, argrepr = _get_name_info(arg, varname_from_oparg)
            elif deop in _hascompare:
                argval = cmp_op[arg >> 4]
                argrepr = argval
            elif deop == FORMAT_VALUE:
                argval, argrepr = FORMAT_VALUE_CONVERTERS[arg & 0x3]
                argval = (argval, bool(arg & 0x4))
                if argval[1]:
                    if argrepr:
                        argrepr += ", "
                    argrepr += "with format"
            elif deop == MAKE_FUNCTION:
                argrepr = ", ".join(s for i, s in enumerate(MAKE_FUNCTION_FLAGS)
                                    if arg & (1 << i))
            elif deop == BINARY_OP:
                _, argrepr = _nb_ops[arg]
            elif deop == CALL_INTRINSIC_1:
                argrepr = _intrinsic_1_descs[arg]
            elif deop == CALL_INTRINSIC_2:
                argrepr = _intrinsic_2_descs[arg]
        yield Instruction(_all_opname[op], op, arg, argval, argrepr,
                          offset, starts_line, is_jump_target, positions)
        if not caches:
            continue
        if not show_caches:
            # The positions iterator has one entry per code unit, caches included.
            for _ in range(caches):
                next(co_positions, ())
            continue
        for name, size in _cache_format[opname[deop]].items():
            for i in range(size):
                offset += 2
                # Only the first code unit of a field shows the field's value.
                if i == 0:
                    data = code[offset: offset + 2 * size]
                    argrepr = f"{name}: {int.from_bytes(data, sys.byteorder)}"
                else:
                    argrepr = ""
                yield Instruction("CACHE", CACHE, 0, None, argrepr, offset, None, False,
                                  Positions(*next(co_positions, ())))


def disassemble(co, lasti=-1, *, file=None, show_caches=False, adaptive=False):
    """Disassemble a code object (without the code objects it contains)."""
    linestarts = dict(findlinestarts(co))
    exception_entries = _parse_exception_table(co)
    _disassemble_bytes(_get_code_array(co, adaptive),
                       lasti, _varname_from_oparg(co),
                       co.co_names, co.co_consts, linestarts, file=file,
                       exception_entries=exception_entries,
                       co_positions=co.co_positions(), show_caches=show_caches)


def _disassemble_recursive(co, *, file=None, depth=None, show_caches=False, adaptive=False):
    disassemble(co, file=file, show_caches=show_caches, adaptive=adaptive)
    if depth is None or depth > 0:
        if depth is not None:
            depth = depth - 1
        for x in co.co_consts:
            if hasattr(x, "co_code"):
                print(file=file)
                print("Disassembly of %r:" % (x,), file=file)
                _disassemble_recursive(x, file=file, depth=depth, show_caches=show_caches,
                                       adaptive=adaptive)


def _disassemble_bytes(code, lasti=-1, varname_from_oparg=None,
                       names=None, co_consts=None, linestarts=None,
                       *, file=None, line_offset=0, exception_entries=(),
                       co_positions=None, show_caches=False):
    # No line number column at all when there is no line information.
    show_lineno = bool(linestarts)
    if show_lineno:
        maxlineno = max(linestarts.values()) + line_offset
        lineno_width = len(str(maxlineno)) if maxlineno >= 1000 else 3
    else:
        lineno_width = 0
    maxoffset = len(code) - 2
    offset_width = len(str(maxoffset)) if maxoffset >= 10000 else 4
    for instr in _get_instructions_bytes(code, varname_from_oparg, names,
                                         co_consts, linestarts,
                                         line_offset=line_offset,
                                         exception_entries=exception_entries,
                                         co_positions=co_positions,
                                         show_caches=show_caches):
        new_source_line = (show_lineno and instr.starts_line is not None
                           and instr.offset > 0)
        if new_source_line:
            print(file=file)
        if show_caches:
            is_current_instr = instr.offset == lasti
        else:
            # The current-instruction arrow also covers the caches it hides.
            is_current_instr = instr.offset <= lasti \
                <= instr.offset + 2 * _inline_cache_entries[instr.opcode]
        print(instr._disassemble(lineno_width, is_current_instr, offset_width), file=file)
    if exception_entries:
        print("ExceptionTable:", file=file)
        for entry in exception_entries:
            lasti = " lasti" if entry.lasti else ""
            end = entry.end - 2
            print(f"  {entry.start} to {end} -> {entry.target} [{entry.depth}]{lasti}",
                  file=file)


def _disassemble_str(source, **kwargs):
    """Compile the source string, then disassemble the code object."""
    _disassemble_recursive(_try_compile(source, "<dis>"), **kwargs)


disco = disassemble  # backwards compatibility, as in CPython

# The oparg is a C int: EXTENDED_ARG prefixes wrap past 2**31 as in CPython.
_INT_BITS = 32
_INT_OVERFLOW = 2 ** (_INT_BITS - 1)


def _unpack_opargs(code):
    """Yield (offset, opcode, arg) per instruction, folding EXTENDED_ARG into
    the argument that follows and stepping over inline caches."""
    extended_arg = 0
    caches = 0
    for i in range(0, len(code), 2):
        if caches:
            caches -= 1
            continue
        op = code[i]
        caches = _inline_cache_entries[op]
        if op in _hasarg:
            arg = code[i + 1] | extended_arg
            extended_arg = (arg << 8) if op == EXTENDED_ARG else 0
            if extended_arg >= _INT_OVERFLOW:
                extended_arg -= 2 * _INT_OVERFLOW
        else:
            arg = None
            extended_arg = 0
        yield (i, op, arg)


def findlabels(code):
    """The offsets in a byte code which are jump targets, in order of discovery."""
    labels = []
    for offset, op, arg in _unpack_opargs(code):
        if arg is not None and op in _hasjrel:
            label = _jump_target(offset, op, arg)
            if label not in labels:
                labels.append(label)
    return labels


def findlinestarts(code):
    """Generate (offset, lineno) for each offset that starts a new source line."""
    lastline = None
    for start, end, line in code.co_lines():
        if line is not None and line != lastline:
            lastline = line
            yield start, line
    return


def _find_imports(co):
    """Generate (name, level, fromlist) for each import in the code (used by modulefinder)."""
    IMPORT_NAME = opmap["IMPORT_NAME"]
    consts = co.co_consts
    names = co.co_names
    opargs = [(op, arg) for _, op, arg in _unpack_opargs(co.co_code) if op != EXTENDED_ARG]
    for i, (op, oparg) in enumerate(opargs):
        if op == IMPORT_NAME and i >= 2:
            from_op = opargs[i - 1]
            level_op = opargs[i - 2]
            if from_op[0] in _hasconst and level_op[0] in _hasconst:
                level = _get_const_value(level_op[0], level_op[1], consts)
                fromlist = _get_const_value(from_op[0], from_op[1], consts)
                yield (names[oparg], level, fromlist)


def _find_store_names(co):
    """Generate the names the code stores with STORE_NAME/STORE_GLOBAL."""
    STORE_OPS = {opmap["STORE_NAME"], opmap["STORE_GLOBAL"]}
    names = co.co_names
    for _, op, arg in _unpack_opargs(co.co_code):
        if op in STORE_OPS:
            yield names[arg]


class Bytecode:
    """The bytecode operations of a piece of code.

    Instantiate with a function, method, other compiled object, source
    string or code object; iterating yields Instruction instances.
    """

    def __init__(self, x, *, first_line=None, current_offset=None, show_caches=False,
                 adaptive=False):
        self.codeobj = co = _get_code_object(x)
        if first_line is None:
            self.first_line = co.co_firstlineno
            self._line_offset = 0
        else:
            self.first_line = first_line
            self._line_offset = first_line - co.co_firstlineno
        self._linestarts = dict(findlinestarts(co))
        self._original_object = x
        self.current_offset = current_offset
        self.exception_entries = _parse_exception_table(co)
        self.show_caches = show_caches
        self.adaptive = adaptive

    def __iter__(self):
        co = self.codeobj
        return _get_instructions_bytes(_get_code_array(co, self.adaptive),
                                       _varname_from_oparg(co),
                                       co.co_names, co.co_consts,
                                       self._linestarts,
                                       line_offset=self._line_offset,
                                       exception_entries=self.exception_entries,
                                       co_positions=co.co_positions(),
                                       show_caches=self.show_caches)

    def __repr__(self):
        return "{}({!r})".format(self.__class__.__name__, self._original_object)

    @classmethod
    def from_traceback(cls, tb, *, show_caches=False, adaptive=False):
        """Construct a Bytecode from the innermost frame of a traceback."""
        while tb.tb_next:
            tb = tb.tb_next
        return cls(tb.tb_frame.f_code, current_offset=tb.tb_lasti, show_caches=show_caches,
                   adaptive=adaptive)

    def info(self):
        """Return formatted information about the code object."""
        return _format_code_info(self.codeobj)

    def dis(self):
        """Return a formatted view of the bytecode operations."""
        co = self.codeobj
        offset = self.current_offset if self.current_offset is not None else -1
        with io.StringIO() as output:
            _disassemble_bytes(_get_code_array(co, self.adaptive),
                               varname_from_oparg=_varname_from_oparg(co),
                               names=co.co_names, co_consts=co.co_consts,
                               linestarts=self._linestarts,
                               line_offset=self._line_offset,
                               file=output,
                               lasti=offset,
                               exception_entries=self.exception_entries,
                               co_positions=co.co_positions(),
                               show_caches=self.show_caches)
            return output.getvalue()


def main(argv=None):
    """`innerpy -m dis [FILE]`: compile FILE (default stdin) with innerpy and disassemble it.

    Prints exactly what `python3.12 -m dis FILE` prints, so the two can be
    diffed to find where innerpy's compiler differs from CPython's.
    """
    import argparse

    parser = argparse.ArgumentParser(prog="dis.py")
    parser.add_argument("infile", nargs="?", default="-")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.infile == "-":
        name = "<stdin>"
        stdin = getattr(sys.stdin, "buffer", sys.stdin)
        source = stdin.read()
    else:
        name = args.infile
        try:
            with open(name, "rb") as infile:
                source = infile.read()
        except OSError as exc:
            parser.error(f"argument infile: can't open '{name}': {exc}")
    code = _compile(source, name, "exec")
    dis(code)
    return 0


if __name__ == "__main__":
    sys.exit(main())
