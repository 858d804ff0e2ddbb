"""Instruction bodies (Python/bytecodes.c).

One handler per instruction, `handler(frame, stack, arg) -> None | int |
Frame | EXIT` (see ceval.py), and optionally a decoder that turns the raw
oparg into what the handler wants (vm/decode.py). `HANDLERS` maps opcode
numbers from the one instruction table (`opcode_metadata`) to these pairs;
nothing here restates an instruction's number or stack effect.
"""

import operator
import sys
from types import CellType, MethodType

from ..objects.code import CO_FAST_CELL, CO_FAST_FREE
from ..objects.function import Function
from ..objects.traceback import TB_KEY, get_traceback, set_traceback
from ..opcode_metadata import BINARY_OPS, CMP_OPS, INTRINSIC_1, INTRINSIC_2, opmap
from .ceval import EXIT, chain_context, enter_function, make_frame, push_frame
from ..objects.exceptions import split_result
from ..objects.generator import BY_CALL, BY_SEND, Coroutine, Generator, _GeneratorBase, resumable_inline
from ..modules.typing_support import CALLER_MODULE_TYPES, in_caller_module
from .frame import FRAME_COMPLETED, FRAME_CREATED, NULL

HANDLERS = {}


def op(name, decoder=None):
    """Register the decorated function as the body of instruction `name`."""
    def register(handler):
        HANDLERS[opmap[name]] = (handler, decoder)
        return handler
    return register


def invalid_opcode(f, stack, opcode):
    raise SystemError(f"unknown opcode {opcode}")


# -- decoders -----------------------------------------------------------------

def const_arg(ctx, handler, oparg):
    return handler, ctx.code.co_consts[oparg]


def name_arg(ctx, handler, oparg):
    return handler, ctx.code.co_names[oparg]


def forward_jump(ctx, handler, oparg):
    return handler, ctx.jump(ctx.next_unit + oparg)


def backward_jump(ctx, handler, oparg):
    return handler, ctx.jump(ctx.next_unit - oparg)


def local_name_arg(ctx, handler, oparg):
    return handler, (oparg, ctx.code.localsplusnames[oparg])


# -- stack and locals -----------------------------------------------------------

@op("NOP")
def NOP(f, stack, arg):
    pass


@op("RESUME")
def RESUME(f, stack, where):
    """Function entry and resumption after a yield; a generator's `yf` test reads `where`."""


@op("POP_TOP")
def POP_TOP(f, stack, arg):
    stack.pop()


@op("PUSH_NULL")
def PUSH_NULL(f, stack, arg):
    stack.append(NULL)


@op("END_FOR")
def END_FOR(f, stack, arg):
    del stack[-2:]


@op("END_SEND")
def END_SEND(f, stack, arg):
    del stack[-2]


@op("COPY")
def COPY(f, stack, n):
    stack.append(stack[-n])


@op("SWAP")
def SWAP(f, stack, n):
    stack[-1], stack[-n] = stack[-n], stack[-1]


@op("LOAD_CONST", const_arg)
def LOAD_CONST(f, stack, value):
    stack.append(value)


@op("LOAD_FAST")
def LOAD_FAST(f, stack, i):
    stack.append(f.fastlocals[i])


def _unbound_local(name):
    return UnboundLocalError(f"cannot access local variable '{name}' where it is not associated with a value")


@op("LOAD_FAST_CHECK", local_name_arg)
def LOAD_FAST_CHECK(f, stack, arg):
    value = f.fastlocals[arg[0]]
    if value is NULL:
        raise _unbound_local(arg[1])
    stack.append(value)


@op("LOAD_FAST_AND_CLEAR")
def LOAD_FAST_AND_CLEAR(f, stack, i):
    fast = f.fastlocals
    stack.append(fast[i])
    fast[i] = NULL


@op("STORE_FAST")
def STORE_FAST(f, stack, i):
    f.fastlocals[i] = stack.pop()


@op("DELETE_FAST", local_name_arg)
def DELETE_FAST(f, stack, arg):
    fast = f.fastlocals
    if fast[arg[0]] is NULL:
        raise _unbound_local(arg[1])
    fast[arg[0]] = NULL


@op("MAKE_CELL")
def MAKE_CELL(f, stack, i):
    fast = f.fastlocals
    value = fast[i]
    fast[i] = CellType() if value is NULL else CellType(value)


@op("COPY_FREE_VARS")
def COPY_FREE_VARS(f, stack, n):
    fast = f.fastlocals
    fast[len(fast) - n:] = f.func.closure


@op("LOAD_CLOSURE")
def LOAD_CLOSURE(f, stack, i):
    stack.append(f.fastlocals[i])


def _unbound_deref(code, i):
    name = code.localsplusnames[i]
    if code.localspluskinds[i] & CO_FAST_FREE:
        return NameError(f"cannot access free variable '{name}' where it is not associated "
                         "with a value in enclosing scope", name=name)
    return _unbound_local(name)


@op("LOAD_DEREF")
def LOAD_DEREF(f, stack, i):
    try:
        stack.append(f.fastlocals[i].cell_contents)
    except ValueError:
        raise _unbound_deref(f.code, i) from None


@op("STORE_DEREF")
def STORE_DEREF(f, stack, i):
    f.fastlocals[i].cell_contents = stack.pop()


@op("DELETE_DEREF")
def DELETE_DEREF(f, stack, i):
    cell = f.fastlocals[i]
    try:
        del cell.cell_contents
    except ValueError:
        raise _unbound_deref(f.code, i) from None


@op("LOAD_FROM_DICT_OR_DEREF")
def LOAD_FROM_DICT_OR_DEREF(f, stack, i):
    mapping = stack.pop()
    name = f.code.localsplusnames[i]
    try:
        stack.append(mapping[name])
        return
    except KeyError:
        pass
    try:
        stack.append(f.fastlocals[i].cell_contents)
    except ValueError:
        raise _unbound_deref(f.code, i) from None


# -- names --------------------------------------------------------------------

def _name_error(name):
    return NameError(f"name '{name}' is not defined", name=name)


@op("LOAD_NAME", name_arg)
def LOAD_NAME(f, stack, name):
    locals = f.locals
    if locals is None:
        raise SystemError(f"no locals when loading '{name}'")
    try:
        stack.append(locals[name])
        return
    except KeyError:
        pass
    value = f.globals.get(name, NULL)
    if value is NULL:
        try:
            value = f.builtins[name]
        except KeyError:
            raise _name_error(name) from None
    stack.append(value)


@op("STORE_NAME", name_arg)
def STORE_NAME(f, stack, name):
    locals = f.locals
    if locals is None:
        raise SystemError(f"no locals found when storing '{name}'")
    locals[name] = stack.pop()


@op("DELETE_NAME", name_arg)
def DELETE_NAME(f, stack, name):
    locals = f.locals
    if locals is None:
        raise SystemError(f"no locals when deleting '{name}'")
    try:
        del locals[name]
    except KeyError:
        raise _name_error(name) from None


def _load_global(f, name):
    value = f.globals.get(name, NULL)
    if value is NULL:
        try:
            value = f.builtins[name]
        except KeyError:
            raise _name_error(name) from None
    return value


def LOAD_GLOBAL(f, stack, name):
    value = f.globals.get(name, NULL)
    if value is NULL:
        try:
            value = f.builtins[name]
        except KeyError:
            raise _name_error(name) from None
    stack.append(value)


def LOAD_GLOBAL_NULL(f, stack, name):
    value = f.globals.get(name, NULL)
    if value is NULL:
        try:
            value = f.builtins[name]
        except KeyError:
            raise _name_error(name) from None
    stack.append(NULL)
    stack.append(value)


def _decode_load_global(ctx, handler, oparg):
    name = ctx.code.co_names[oparg >> 1]
    return (LOAD_GLOBAL_NULL if oparg & 1 else LOAD_GLOBAL), name


HANDLERS[opmap["LOAD_GLOBAL"]] = (LOAD_GLOBAL, _decode_load_global)


@op("LOAD_FROM_DICT_OR_GLOBALS", name_arg)
def LOAD_FROM_DICT_OR_GLOBALS(f, stack, name):
    mapping = stack.pop()
    try:
        stack.append(mapping[name])
    except KeyError:
        stack.append(_load_global(f, name))


@op("STORE_GLOBAL", name_arg)
def STORE_GLOBAL(f, stack, name):
    f.globals[name] = stack.pop()


@op("DELETE_GLOBAL", name_arg)
def DELETE_GLOBAL(f, stack, name):
    try:
        del f.globals[name]
    except KeyError:
        raise _name_error(name) from None


@op("LOAD_LOCALS")
def LOAD_LOCALS(f, stack, arg):
    if f.locals is None:
        raise SystemError("no locals found")
    stack.append(f.locals)


@op("SETUP_ANNOTATIONS")
def SETUP_ANNOTATIONS(f, stack, arg):
    locals = f.locals
    if locals is None:
        raise SystemError("no locals found when setting up annotations")
    if type(locals) is dict:
        if "__annotations__" not in locals:
            locals["__annotations__"] = {}
    else:
        try:
            locals["__annotations__"]
        except KeyError:
            locals["__annotations__"] = {}


# -- attributes -------------------------------------------------------------------

def LOAD_ATTR(f, stack, name):
    stack[-1] = getattr(stack[-1], name)


def LOAD_ATTR_METHOD(f, stack, name):
    """LOAD_ATTR for a method call: NULL and the bound attribute (CALL unpacks
    bound guest methods, so no frame is lost)."""
    owner = stack[-1]
    stack[-1] = NULL
    stack.append(getattr(owner, name))


def LOAD_ATTR_TRACEBACK(f, stack, method):
    owner = stack[-1]
    if isinstance(owner, BaseException):
        value = get_traceback(owner)
    else:
        value = getattr(owner, "__traceback__")
    if method:
        stack[-1] = NULL
        stack.append(value)
    else:
        stack[-1] = value


def LOAD_ATTR_WITH_TRACEBACK(f, stack, method):
    owner = stack[-1]
    value = _with_traceback_of(owner) if isinstance(owner, BaseException) else owner.with_traceback
    if method:
        stack[-1] = NULL
        stack.append(value)
    else:
        stack[-1] = value


def _with_traceback_of(exc):
    def with_traceback(tb):
        set_traceback(exc, tb)
        return exc
    return with_traceback


def LOAD_ATTR_GROUP_SPLIT(f, stack, arg):
    """`split`/`subgroup` of an exception group: the host accepts only host
    functions as predicates, so a guest function is wrapped in one, and the
    new groups get the guest tracebacks of those they come from."""
    name, method = arg
    owner = stack[-1]
    value = getattr(owner, name)
    if isinstance(owner, BaseExceptionGroup):
        value = _group_method(value)
    if method:
        stack[-1] = NULL
        stack.append(value)
    else:
        stack[-1] = value


def _group_method(bound):
    def call(condition):
        if type(condition) is Function:
            guest = condition
            condition = lambda exc: guest(exc)  # noqa: E731  (a host function)
        return split_result(bound.__self__, bound(condition))
    return call


def _decode_load_attr(ctx, handler, oparg):
    name = ctx.code.co_names[oparg >> 1]
    method = oparg & 1
    if name == "__traceback__":
        return LOAD_ATTR_TRACEBACK, method
    if name == "with_traceback":
        return LOAD_ATTR_WITH_TRACEBACK, method
    if name == "split" or name == "subgroup":
        return LOAD_ATTR_GROUP_SPLIT, (name, method)
    return (LOAD_ATTR_METHOD if method else LOAD_ATTR), name


HANDLERS[opmap["LOAD_ATTR"]] = (LOAD_ATTR, _decode_load_attr)


@op("STORE_ATTR", name_arg)
def STORE_ATTR(f, stack, name):
    owner = stack.pop()
    value = stack.pop()
    if name == "__traceback__" and isinstance(owner, BaseException):
        set_traceback(owner, value)
    else:
        setattr(owner, name, value)


@op("DELETE_ATTR", name_arg)
def DELETE_ATTR(f, stack, name):
    delattr(stack.pop(), name)


def _super_args(stack):
    self = stack.pop()
    cls = stack.pop()
    global_super = stack.pop()
    return global_super, cls, self


def LOAD_SUPER_ATTR(f, stack, arg):
    name, method, two_args = arg
    global_super, cls, self = _super_args(stack)
    from ..modules.builtins import GuestSuper
    if global_super is GuestSuper and isinstance(cls, type):
        sup = super(cls, self)
    else:
        # `super` is shadowed: call whatever it is, as the source says.
        sup = global_super(cls, self) if two_args else global_super()
    if method:
        stack.append(NULL)
    stack.append(getattr(sup, name))


def _decode_load_super_attr(ctx, handler, oparg):
    return LOAD_SUPER_ATTR, (ctx.code.co_names[oparg >> 2], oparg & 1, oparg & 2)


HANDLERS[opmap["LOAD_SUPER_ATTR"]] = (LOAD_SUPER_ATTR, _decode_load_super_attr)


# -- operators --------------------------------------------------------------------

@op("UNARY_NEGATIVE")
def UNARY_NEGATIVE(f, stack, arg):
    stack[-1] = -stack[-1]


@op("UNARY_NOT")
def UNARY_NOT(f, stack, arg):
    stack[-1] = not stack[-1]


@op("UNARY_INVERT")
def UNARY_INVERT(f, stack, arg):
    stack[-1] = ~stack[-1]


def BINARY_OP(f, stack, fn):
    rhs = stack.pop()
    stack[-1] = fn(stack[-1], rhs)


def BINARY_OP_ADD(f, stack, arg):
    rhs = stack.pop()
    stack[-1] = stack[-1] + rhs


def BINARY_OP_SUBTRACT(f, stack, arg):
    rhs = stack.pop()
    stack[-1] = stack[-1] - rhs


_BINARY_FUNCTIONS = {
    "+": operator.add, "&": operator.and_, "//": operator.floordiv, "<<": operator.lshift,
    "@": operator.matmul, "*": operator.mul, "%": operator.mod, "|": operator.or_,
    "**": operator.pow, ">>": operator.rshift, "-": operator.sub, "/": operator.truediv,
    "^": operator.xor,
    "+=": operator.iadd, "&=": operator.iand, "//=": operator.ifloordiv, "<<=": operator.ilshift,
    "@=": operator.imatmul, "*=": operator.imul, "%=": operator.imod, "|=": operator.ior,
    "**=": operator.ipow, ">>=": operator.irshift, "-=": operator.isub, "/=": operator.itruediv,
    "^=": operator.ixor,
}


def _decode_binary_op(ctx, handler, oparg):
    symbol = BINARY_OPS[oparg][1]
    if symbol == "+":
        return BINARY_OP_ADD, None
    if symbol == "-":
        return BINARY_OP_SUBTRACT, None
    return BINARY_OP, _BINARY_FUNCTIONS[symbol]


HANDLERS[opmap["BINARY_OP"]] = (BINARY_OP, _decode_binary_op)


def COMPARE_OP(f, stack, fn):
    rhs = stack.pop()
    stack[-1] = fn(stack[-1], rhs)


def COMPARE_OP_LT(f, stack, arg):
    rhs = stack.pop()
    stack[-1] = stack[-1] < rhs


def COMPARE_OP_EQ(f, stack, arg):
    rhs = stack.pop()
    stack[-1] = stack[-1] == rhs


_COMPARE_FUNCTIONS = {"<": operator.lt, "<=": operator.le, "==": operator.eq,
                      "!=": operator.ne, ">": operator.gt, ">=": operator.ge}


def _decode_compare_op(ctx, handler, oparg):
    symbol = CMP_OPS[oparg >> 4]
    if symbol == "<":
        return COMPARE_OP_LT, None
    if symbol == "==":
        return COMPARE_OP_EQ, None
    return COMPARE_OP, _COMPARE_FUNCTIONS[symbol]


HANDLERS[opmap["COMPARE_OP"]] = (COMPARE_OP, _decode_compare_op)


@op("IS_OP")
def IS_OP(f, stack, invert):
    rhs = stack.pop()
    stack[-1] = (stack[-1] is rhs) != bool(invert)


@op("CONTAINS_OP")
def CONTAINS_OP(f, stack, invert):
    container = stack.pop()
    stack[-1] = (stack[-1] in container) != bool(invert)


@op("BINARY_SUBSCR")
def BINARY_SUBSCR(f, stack, arg):
    sub = stack.pop()
    stack[-1] = stack[-1][sub]


@op("STORE_SUBSCR")
def STORE_SUBSCR(f, stack, arg):
    sub = stack.pop()
    container = stack.pop()
    container[sub] = stack.pop()


@op("DELETE_SUBSCR")
def DELETE_SUBSCR(f, stack, arg):
    sub = stack.pop()
    del stack.pop()[sub]


@op("BINARY_SLICE")
def BINARY_SLICE(f, stack, arg):
    stop = stack.pop()
    start = stack.pop()
    stack[-1] = stack[-1][start:stop]


@op("STORE_SLICE")
def STORE_SLICE(f, stack, arg):
    stop = stack.pop()
    start = stack.pop()
    container = stack.pop()
    container[start:stop] = stack.pop()


@op("BUILD_SLICE")
def BUILD_SLICE(f, stack, n):
    if n == 3:
        step = stack.pop()
        stop = stack.pop()
        stack[-1] = slice(stack[-1], stop, step)
    else:
        stop = stack.pop()
        stack[-1] = slice(stack[-1], stop)


# -- building -------------------------------------------------------------------

@op("BUILD_TUPLE")
def BUILD_TUPLE(f, stack, n):
    if n:
        items = tuple(stack[-n:])
        del stack[-n:]
        stack.append(items)
    else:
        stack.append(())


@op("BUILD_LIST")
def BUILD_LIST(f, stack, n):
    if n:
        items = stack[-n:]
        del stack[-n:]
        stack.append(items)
    else:
        stack.append([])


@op("BUILD_SET")
def BUILD_SET(f, stack, n):
    if n:
        items = set(stack[-n:])
        del stack[-n:]
        stack.append(items)
    else:
        stack.append(set())


@op("BUILD_MAP")
def BUILD_MAP(f, stack, n):
    result = {}
    if n:
        items = stack[-2 * n:]
        del stack[-2 * n:]
        for i in range(0, 2 * n, 2):
            result[items[i]] = items[i + 1]
    stack.append(result)


@op("BUILD_CONST_KEY_MAP")
def BUILD_CONST_KEY_MAP(f, stack, n):
    keys = stack.pop()
    if n:
        values = stack[-n:]
        del stack[-n:]
    else:
        values = ()
    stack.append(dict(zip(keys, values)))


@op("BUILD_STRING")
def BUILD_STRING(f, stack, n):
    if n:
        pieces = stack[-n:]
        del stack[-n:]
        stack.append("".join(pieces))
    else:
        stack.append("")


@op("LIST_APPEND")
def LIST_APPEND(f, stack, i):
    value = stack.pop()
    stack[-i].append(value)


@op("SET_ADD")
def SET_ADD(f, stack, i):
    value = stack.pop()
    stack[-i].add(value)


@op("MAP_ADD")
def MAP_ADD(f, stack, i):
    value = stack.pop()
    key = stack.pop()
    stack[-i][key] = value


@op("LIST_EXTEND")
def LIST_EXTEND(f, stack, i):
    iterable = stack.pop()
    try:
        stack[-i].extend(iterable)
    except TypeError:
        if not hasattr(type(iterable), "__iter__") and not hasattr(type(iterable), "__getitem__"):
            raise TypeError(f"Value after * must be an iterable, not {type(iterable).__name__}") from None
        raise


@op("SET_UPDATE")
def SET_UPDATE(f, stack, i):
    iterable = stack.pop()
    stack[-i].update(iterable)


@op("DICT_UPDATE")
def DICT_UPDATE(f, stack, i):
    update = stack.pop()
    try:
        stack[-i].update(update)
    except AttributeError:
        raise TypeError(f"'{type(update).__name__}' object is not a mapping") from None


@op("DICT_MERGE")
def DICT_MERGE(f, stack, i):
    update = stack.pop()
    target = stack[-i]
    func = stack[-i - 2]
    if not hasattr(update, "keys"):
        raise TypeError(f"{_func_desc(func)} argument after ** must be a mapping, "
                        f"not {type(update).__name__}")
    for key in update.keys():
        if key in target:
            if not isinstance(key, str):
                raise TypeError(f"{_func_desc(func)} keywords must be strings")
            raise TypeError(f"{_func_desc(func)} got multiple values for keyword argument '{key}'")
        target[key] = update[key]


def _func_desc(func):
    """How CPython names a callable in call errors (`_PyObject_FunctionStr`)."""
    qualname = getattr(func, "__qualname__", None)
    if qualname is None:
        return type(func).__name__ + " object"
    module = getattr(func, "__module__", None)
    if module not in (None, "builtins"):
        return f"{module}.{qualname}()"
    return f"{qualname}()"


@op("UNPACK_SEQUENCE")
def UNPACK_SEQUENCE(f, stack, n):
    seq = stack.pop()
    cls = type(seq)
    if (cls is tuple or cls is list) and len(seq) == n:
        stack.extend(seq[::-1])
        return
    _unpack(stack, seq, n, -1)


@op("UNPACK_EX")
def UNPACK_EX(f, stack, arg):
    _unpack(stack, stack.pop(), arg & 0xFF, arg >> 8)


def _unpack(stack, seq, before, after):
    """`unpack_iterable` with CPython's messages; after == -1 means no starred target."""
    try:
        it = iter(seq)
    except TypeError:
        if not hasattr(type(seq), "__iter__") and not hasattr(type(seq), "__getitem__"):
            raise TypeError(f"cannot unpack non-iterable {type(seq).__name__} object") from None
        raise
    items = []
    for _ in range(before):
        try:
            items.append(next(it))
        except StopIteration:
            if after == -1:
                raise ValueError(f"not enough values to unpack (expected {before}, got {len(items)})") from None
            raise ValueError(f"not enough values to unpack (expected at least {before + after}, "
                             f"got {len(items)})") from None
    if after == -1:
        try:
            next(it)
        except StopIteration:
            stack.extend(reversed(items))
            return
        raise ValueError(f"too many values to unpack (expected {before})")
    rest = list(it)
    if len(rest) < after:
        raise ValueError(f"not enough values to unpack (expected at least {before + after}, "
                         f"got {before + len(rest)})")
    if after:
        tail = rest[len(rest) - after:]
        del rest[len(rest) - after:]
    else:
        tail = []
    items.append(rest)
    items.extend(tail)
    stack.extend(reversed(items))


@op("GET_LEN")
def GET_LEN(f, stack, arg):
    stack.append(len(stack[-1]))


@op("FORMAT_VALUE")
def FORMAT_VALUE(f, stack, flags):
    spec = stack.pop() if flags & 4 else ""
    value = stack.pop()
    conversion = flags & 3
    if conversion == 1:
        value = str(value)
    elif conversion == 2:
        value = repr(value)
    elif conversion == 3:
        value = ascii(value)
    if spec == "" and type(value) is str:
        stack.append(value)
    else:
        stack.append(format(value, spec))


# -- control flow -------------------------------------------------------------------

@op("JUMP_FORWARD", forward_jump)
def JUMP_FORWARD(f, stack, target):
    return target


@op("JUMP_BACKWARD", backward_jump)
def JUMP_BACKWARD(f, stack, target):
    return target


HANDLERS[opmap["JUMP_BACKWARD_NO_INTERRUPT"]] = (JUMP_BACKWARD, backward_jump)


@op("POP_JUMP_IF_FALSE", forward_jump)
def POP_JUMP_IF_FALSE(f, stack, target):
    if not stack.pop():
        return target


@op("POP_JUMP_IF_TRUE", forward_jump)
def POP_JUMP_IF_TRUE(f, stack, target):
    if stack.pop():
        return target


@op("POP_JUMP_IF_NONE", forward_jump)
def POP_JUMP_IF_NONE(f, stack, target):
    if stack.pop() is None:
        return target


@op("POP_JUMP_IF_NOT_NONE", forward_jump)
def POP_JUMP_IF_NOT_NONE(f, stack, target):
    if stack.pop() is not None:
        return target


@op("GET_ITER")
def GET_ITER(f, stack, arg):
    stack[-1] = iter(stack[-1])


def _decode_for_iter(ctx, handler, oparg):
    # Exhaustion skips the END_FOR at the jump target (3.12's JUMPBY(oparg + 1)).
    return handler, (ctx.jump(ctx.next_unit + oparg) + 1, ctx.index + 1)


@op("FOR_ITER", _decode_for_iter)
def FOR_ITER(f, stack, arg):
    it = stack[-1]
    if type(it) is Generator and not it._running and not it._finished:
        # 3.12's FOR_ITER_GEN: run the generator's frame in this loop.
        return it._enter_inline(f, arg[0], arg[1])
    try:
        stack.append(next(it))
    except StopIteration:
        stack.pop()
        return arg[0]


# -- returns ------------------------------------------------------------------------

def _return(f, value):
    if f.special:
        generator = f.generator
        if generator is not None:
            generator._returned(value)
            if generator._inline:
                f.state = FRAME_COMPLETED
                f.tstate.frame = f.previous
                f.tstate.depth -= 1
                return generator._return_inline(f, value)
        elif f.init_self is not None:
            # The frame ran __init__ for a CALL of its class: the call's result is the instance.
            if value is not None:
                # CPython checks once __init__'s frame is gone: the error is the caller's
                # CALL's (unwind sees the completed frame and moves to its caller).
                f.state = FRAME_COMPLETED
                tstate = f.tstate
                tstate.frame = f.previous
                tstate.depth -= 1
                raise TypeError(f"__init__() should return None, not '{type(value).__name__}'")
            value = f.init_self
    f.state = FRAME_COMPLETED
    tstate = f.tstate
    caller = f.previous
    tstate.frame = caller
    tstate.depth -= 1
    if f.entry:
        tstate.retval = value
        return EXIT
    caller.stack.append(value)
    return caller


def _return_at(ctx, handler, oparg):
    # A finished frame reports the line of its return (f_lineno after the call).
    return handler, ctx.index + 1


def _return_const_at(ctx, handler, oparg):
    return handler, (ctx.code.co_consts[oparg], ctx.index + 1)


@op("RETURN_VALUE", _return_at)
def RETURN_VALUE(f, stack, arg):
    f.pc = arg
    value = stack.pop()
    if f.special or f.entry:
        return _return(f, value)
    # The common case, a guest function returning to its guest caller.
    f.state = FRAME_COMPLETED
    caller = f.previous
    tstate = f.tstate
    tstate.frame = caller
    tstate.depth -= 1
    caller.stack.append(value)
    return caller


@op("RETURN_CONST", _return_const_at)
def RETURN_CONST(f, stack, arg):
    value, f.pc = arg
    if f.special or f.entry:
        return _return(f, value)
    f.state = FRAME_COMPLETED
    caller = f.previous
    tstate = f.tstate
    tstate.frame = caller
    tstate.depth -= 1
    caller.stack.append(value)
    return caller


# -- calls ----------------------------------------------------------------------------
#
# Types are tested with type(), never `.__class__`: an object may answer a
# different `__class__` (unittest.mock's spec'd mocks claim to be functions),
# while CPython's checks see the real type.

def _decode_kw_names(ctx, handler, oparg):
    ctx.kwnames = ctx.code.co_consts[oparg]
    return NOP, None


HANDLERS[opmap["KW_NAMES"]] = (NOP, _decode_kw_names)


def _decode_call(ctx, handler, oparg):
    kwnames = ctx.kwnames
    ctx.kwnames = None
    resume = ctx.index + 1
    if kwnames:
        return CALL_KW, (oparg, kwnames, resume)
    if oparg == 0:
        return CALL_0, resume
    if oparg == 1:
        return CALL_1, resume
    return CALL, (oparg, resume)


def CALL_0(f, stack, resume):
    """CALL with no arguments (3.12 specialises by arity too)."""
    func = stack.pop()
    below = stack[-1]
    if below is NULL:
        cls = type(func)
        if cls is Function:
            stack.pop()
            return enter_function(f, func, [], resume)
        if cls is MethodType and type(func.__func__) is Function:
            # A bound guest method (obj.method()): its function runs as a frame here.
            stack.pop()
            return enter_function(f, func.__func__, [func.__self__], resume)
        if cls is type:
            frame = _init_frame(f, func, (), None)
            if frame is not None:
                stack.pop()
                return push_frame(f.tstate, f, frame, resume)
            if func in CALLER_MODULE_TYPES:
                func = in_caller_module(f, func)
        f.pc = resume
        stack[-1] = func()
        if f.tstate.tracing:
            return f
        return
    # Method form: `below` is the function, `func` its self.
    stack.pop()
    if type(below) is Function:
        return enter_function(f, below, [func], resume)
    f.pc = resume
    stack.append(below(func))
    if f.tstate.tracing:
        return f


def CALL_1(f, stack, resume):
    """CALL with one argument."""
    arg = stack.pop()
    func = stack.pop()
    below = stack[-1]
    if below is NULL:
        cls = type(func)
        if cls is Function:
            stack.pop()
            return enter_function(f, func, [arg], resume)
        if cls is MethodType and type(func.__func__) is Function:
            stack.pop()
            return enter_function(f, func.__func__, [func.__self__, arg], resume)
        if cls is type:
            frame = _init_frame(f, func, (arg,), None)
            if frame is not None:
                stack.pop()
                return push_frame(f.tstate, f, frame, resume)
            if func in CALLER_MODULE_TYPES:
                func = in_caller_module(f, func)
        elif func is _next and resumable_inline(arg, None):
            # next(generator): its frame runs in this loop, as for FOR_ITER.
            stack.pop()
            return arg._enter_inline(f, resume, resume, None, BY_CALL)
        f.pc = resume
        stack[-1] = func(arg)
        if f.tstate.tracing:
            # The call turned tracing on (sys.settrace, pdb): go on in the tracing loop.
            return f
        return
    stack.pop()
    if type(below) is Function:
        return enter_function(f, below, [func, arg], resume)
    if below is _generator_send and resumable_inline(func, arg):
        # generator.send(value) from guest code: the frame runs in this loop.
        return func._enter_inline(f, resume, resume, arg, BY_CALL)
    f.pc = resume
    stack.append(below(func, arg))
    if f.tstate.tracing:
        return f


_next = next
_generator_send = _GeneratorBase.send


def CALL(f, stack, arg):
    n, resume = arg
    base = len(stack) - n - 2
    func = stack[base]
    if func is NULL:
        func = stack[base + 1]
        args = stack[base + 2:]
    else:
        args = stack[base + 1:]
    del stack[base:]
    cls = type(func)
    if cls is Function:
        tstate = f.tstate
        return push_frame(tstate, f, make_frame(tstate, func, args, None), resume)
    if cls is MethodType:
        inner = func.__func__
        if type(inner) is Function:
            args.insert(0, func.__self__)
            tstate = f.tstate
            return push_frame(tstate, f, make_frame(tstate, inner, args, None), resume)
    elif cls is type:
        frame = _init_frame(f, func, args, None)
        if frame is not None:
            return push_frame(f.tstate, f, frame, resume)
        if func in CALLER_MODULE_TYPES:
            func = in_caller_module(f, func)
    f.pc = resume
    stack.append(func(*args))
    if f.tstate.tracing:
        return f


_object_new = object.__new__
_object_init = object.__init__


def _init_frame(f, cls, args, kwargs):
    """3.13's CALL_ALLOC_AND_ENTER_INIT: `cls(...)` for a plain class whose
    __init__ is a guest function runs __init__ as a guest frame (no host
    recursion); the frame's return hands back the new instance."""
    if cls is type and len(args) == 3 and type(args[2]) is dict and "__module__" not in args[2]:
        # type(name, bases, ns) takes __module__ from the caller's globals; the
        # host would find innerpy's. It goes into a copy of ns (`args` is the
        # caller's list), as type_new copies ns: the caller's dict is unchanged.
        name = f.globals.get("__name__")
        if name is not None:
            args[2] = {**args[2], "__module__": name}
        return None
    init = cls.__init__
    if type(init) is not Function or cls.__new__ is not _object_new:
        return None
    # object.__new__ gets the call's arguments, as tp_new would: it refuses
    # them when the class's tp_new is not object's own (`__new__ =
    # object.__new__` below a class that defines __new__).
    instance = _object_new(cls, *args, **kwargs) if kwargs else _object_new(cls, *args)
    tstate = f.tstate
    frame = make_frame(tstate, init, [instance, *args], kwargs)
    frame.init_self = instance
    frame.special = True
    return frame


def CALL_KW(f, stack, arg):
    n, kwnames, resume = arg
    base = len(stack) - n - 2
    func = stack[base]
    if func is NULL:
        func = stack[base + 1]
        args = stack[base + 2:]
    else:
        args = stack[base + 1:]
    del stack[base:]
    nkw = len(kwnames)
    kwargs = dict(zip(kwnames, args[len(args) - nkw:]))
    del args[len(args) - nkw:]
    cls = type(func)
    if cls is Function:
        tstate = f.tstate
        return push_frame(tstate, f, make_frame(tstate, func, args, kwargs), resume)
    if cls is MethodType:
        inner = func.__func__
        if type(inner) is Function:
            args.insert(0, func.__self__)
            tstate = f.tstate
            return push_frame(tstate, f, make_frame(tstate, inner, args, kwargs), resume)
    elif cls is type:
        frame = _init_frame(f, func, args, kwargs)
        if frame is not None:
            return push_frame(f.tstate, f, frame, resume)
        if func in CALLER_MODULE_TYPES:
            func = in_caller_module(f, func)
    f.pc = resume
    # Positional arguments as a tuple, so that no list of ours is alive (and
    # seen by gc) while host code runs: CPython passes them on its stack.
    args = tuple(args)
    stack.append(func(*args, **kwargs))
    if f.tstate.tracing:
        return f


HANDLERS[opmap["CALL"]] = (CALL, _decode_call)


def _decode_call_function_ex(ctx, handler, oparg):
    return handler, (oparg & 1, ctx.index + 1)


@op("CALL_FUNCTION_EX", _decode_call_function_ex)
def CALL_FUNCTION_EX(f, stack, arg):
    has_kwargs, resume = arg
    kwargs = stack.pop() if has_kwargs else None
    callargs = stack.pop()
    func = stack.pop()
    stack.pop()  # the NULL below the callable
    if type(callargs) is not tuple:
        try:
            callargs = tuple(callargs)
        except TypeError:
            if not hasattr(type(callargs), "__iter__"):
                raise TypeError(f"{_func_desc(func)} argument after * must be an iterable, "
                                f"not {type(callargs).__name__}") from None
            raise
    if kwargs is not None and type(kwargs) is not dict:
        if not hasattr(kwargs, "keys"):
            raise TypeError(f"{_func_desc(func)} argument after ** must be a mapping, "
                            f"not {type(kwargs).__name__}")
        kwargs = dict(kwargs)
    if type(func) is Function:
        tstate = f.tstate
        return push_frame(tstate, f, make_frame(tstate, func, list(callargs), kwargs), resume)
    f.pc = resume
    if kwargs:
        stack.append(func(*callargs, **kwargs))
    else:
        stack.append(func(*callargs))
    if f.tstate.tracing:
        return f


@op("MAKE_FUNCTION")
def MAKE_FUNCTION(f, stack, flags):
    code = stack.pop()
    closure = stack.pop() if flags & 8 else None
    annotations = stack.pop() if flags & 4 else None
    kwdefaults = stack.pop() if flags & 2 else None
    defaults = stack.pop() if flags & 1 else None
    func = Function(code, f.globals, None, defaults, closure, kwdefaults, f.builtins,
                    interp=f.tstate.interp)
    if annotations is not None:
        func._annotations = annotations
    stack.append(func)


@op("CALL_INTRINSIC_1")
def CALL_INTRINSIC_1(f, stack, fn):
    stack[-1] = fn(f, stack[-1])


@op("CALL_INTRINSIC_2")
def CALL_INTRINSIC_2(f, stack, fn):
    value1 = stack.pop()
    stack[-1] = fn(f, stack[-1], value1)


# -- exceptions ------------------------------------------------------------------------

@op("PUSH_EXC_INFO")
def PUSH_EXC_INFO(f, stack, arg):
    exc = stack[-1]
    item = f.tstate.exc_info
    stack[-1] = item.value
    stack.append(exc)
    item.value = exc


@op("POP_EXCEPT")
def POP_EXCEPT(f, stack, arg):
    f.tstate.exc_info.value = stack.pop()


def _check_except_type(right, star=False):
    if isinstance(right, tuple):
        ok = all(isinstance(t, type) and issubclass(t, BaseException) for t in right)
    else:
        ok = isinstance(right, type) and issubclass(right, BaseException)
    if not ok:
        raise TypeError("catching classes that do not inherit from BaseException is not allowed")
    if star:
        types = right if isinstance(right, tuple) else (right,)
        if any(issubclass(t, BaseExceptionGroup) for t in types):
            raise TypeError("catching ExceptionGroup with except* is not allowed. "
                            "Use except instead.")


@op("CHECK_EXC_MATCH")
def CHECK_EXC_MATCH(f, stack, arg):
    right = stack.pop()
    _check_except_type(right)
    stack.append(isinstance(stack[-1], right))


@op("CHECK_EG_MATCH")
def CHECK_EG_MATCH(f, stack, arg):
    match_type = stack.pop()
    exc = stack.pop()
    _check_except_type(match_type, star=True)
    if isinstance(exc, match_type) and not isinstance(exc, BaseExceptionGroup):
        # A naked exception is wrapped in a group (as 3.12's _PyEval_ExceptionGroupMatch).
        match = BaseExceptionGroup("", (exc,))
        stack.append(None)
        stack.append(match)
        f.tstate.exc_info.value = match
        return
    if not isinstance(exc, BaseExceptionGroup):
        stack.append(exc)
        stack.append(None)
        return
    match, rest = exc.split(match_type)
    if match is not None:
        tb = get_traceback(exc)
        if tb is not None:
            for part in (match, rest):
                if part is not None:
                    set_traceback(part, tb)
        f.tstate.exc_info.value = match
    stack.append(rest)
    stack.append(match)


@op("RERAISE")
def RERAISE(f, stack, oparg):
    exc = stack.pop()
    tstate = f.tstate
    tstate.reraise = True
    if oparg:
        tstate.reraise_lasti = stack[-oparg]
    raise exc


def _guest_raise(f, exc):
    """`_PyErr_SetObject` for a guest `raise`: chain to the handled exception, then raise."""
    chain_context(f.tstate, exc)
    exc.__dict__.setdefault(TB_KEY, None)
    raise exc


@op("RAISE_VARARGS")
def RAISE_VARARGS(f, stack, n):
    if n == 0:
        exc = f.tstate.handled_exception()
        if exc is None:
            raise RuntimeError("No active exception to reraise")
        f.tstate.reraise = True
        raise exc
    if n == 2:
        cause = stack.pop()
        exc = stack.pop()
        if isinstance(exc, type) and issubclass(exc, BaseException):
            exc = exc()
            if not isinstance(exc, BaseException):
                raise TypeError(f"calling {exc!r} should have returned an instance of "
                                f"BaseException, not {type(exc).__name__}")
        elif not isinstance(exc, BaseException):
            raise TypeError("exceptions must derive from BaseException")
        if cause is None:
            exc.__cause__ = None
        elif isinstance(cause, type) and issubclass(cause, BaseException):
            exc.__cause__ = cause()
        elif isinstance(cause, BaseException):
            exc.__cause__ = cause
        else:
            raise TypeError("exception causes must derive from BaseException")
        _guest_raise(f, exc)
    exc = stack.pop()
    if isinstance(exc, type) and issubclass(exc, BaseException):
        instance = exc()
        if not isinstance(instance, BaseException):
            raise TypeError(f"calling {exc!r} should have returned an instance of "
                            f"BaseException, not {type(instance).__name__}")
        _guest_raise(f, instance)
    if not isinstance(exc, BaseException):
        raise TypeError("exceptions must derive from BaseException")
    _guest_raise(f, exc)


@op("LOAD_ASSERTION_ERROR")
def LOAD_ASSERTION_ERROR(f, stack, arg):
    stack.append(AssertionError)


# -- with ---------------------------------------------------------------------------------

def _special(mgr, name):
    """A special method looked up on the type and bound, as `_PyObject_LookupSpecial` does."""
    try:
        method = getattr(type(mgr), name)
    except AttributeError:
        return None
    get = getattr(type(method), "__get__", None)
    return get(method, mgr, type(mgr)) if get is not None else method


def _enter_context(stack, enter_name, exit_name, protocol):
    """BEFORE_WITH and BEFORE_ASYNC_WITH: push the bound exit, then what enter returns."""
    mgr = stack.pop()
    enter = _special(mgr, enter_name)
    if enter is None:
        raise TypeError(f"'{type(mgr).__name__}' object does not support the {protocol}")
    exit = _special(mgr, exit_name)
    if exit is None:
        raise TypeError(f"'{type(mgr).__name__}' object does not support the {protocol} "
                        f"(missed {exit_name} method)")
    stack.append(exit)
    stack.append(enter())


@op("BEFORE_WITH")
def BEFORE_WITH(f, stack, arg):
    _enter_context(stack, "__enter__", "__exit__", "context manager protocol")


@op("BEFORE_ASYNC_WITH")
def BEFORE_ASYNC_WITH(f, stack, arg):
    _enter_context(stack, "__aenter__", "__aexit__", "asynchronous context manager protocol")


@op("WITH_EXCEPT_START")
def WITH_EXCEPT_START(f, stack, arg):
    exc = stack[-1]
    exit = stack[-4]
    stack.append(exit(type(exc), exc, get_traceback(exc)))


# -- classes, imports -------------------------------------------------------------------

@op("LOAD_BUILD_CLASS")
def LOAD_BUILD_CLASS(f, stack, arg):
    try:
        stack.append(f.builtins["__build_class__"])
    except KeyError:
        raise NameError("__build_class__ not found") from None


@op("IMPORT_NAME", name_arg)
def IMPORT_NAME(f, stack, name):
    fromlist = stack.pop()
    level = stack.pop()
    import_ = f.builtins.get("__import__")
    if import_ is None:
        raise ImportError("__import__ not found")
    locals = f.locals if f.locals is not None else None
    stack.append(import_(name, f.globals, locals, fromlist, level))


@op("IMPORT_FROM", name_arg)
def IMPORT_FROM(f, stack, name):
    module = stack[-1]
    try:
        stack.append(getattr(module, name))
        return
    except AttributeError:
        pass
    from ..runtime.importer import import_from_fallback
    stack.append(import_from_fallback(f, module, name))


# -- generators ----------------------------------------------------------------------------

def _next_index(ctx, handler, oparg):
    """For instructions that suspend their own frame: where it resumes."""
    return handler, ctx.index + 1


@op("RETURN_GENERATOR", _next_index)
def RETURN_GENERATOR(f, stack, resume):
    from ..objects.generator import make_generator
    f.pc = resume
    gen = make_generator(f)
    # The generator's frame resumes after this instruction on first send;
    # its caller gets the generator as the call's result.
    f.state = FRAME_CREATED
    tstate = f.tstate
    caller = f.previous
    f.previous = None       # a generator's frame has no f_back until it runs
    tstate.frame = caller
    tstate.depth -= 1
    if f.entry:
        tstate.retval = gen
        return EXIT
    caller.stack.append(gen)
    return caller


@op("YIELD_VALUE", _next_index)
def YIELD_VALUE(f, stack, resume):
    f.pc = resume
    value = stack.pop()
    return f.generator._yield(f, value)


@op("GET_YIELD_FROM_ITER")
def GET_YIELD_FROM_ITER(f, stack, arg):
    from ..objects.generator import Coroutine, Generator
    iterable = stack[-1]
    if type(iterable) is Coroutine:
        if not f.code.co_flags & 0x180:  # CO_COROUTINE | CO_ITERABLE_COROUTINE
            raise TypeError("cannot 'yield from' a coroutine object in a non-coroutine generator")
    elif type(iterable) is not Generator:
        stack[-1] = iter(iterable)


def _decode_send(ctx, handler, oparg):
    return handler, (ctx.jump(ctx.next_unit + oparg), ctx.index + 1)


@op("SEND", _decode_send)
def SEND(f, stack, arg):
    value = stack[-1]
    receiver = stack[-2]
    cls = type(receiver)
    if (cls is Generator or cls is Coroutine) and not receiver._running \
            and not receiver._finished and (value is None or receiver._frame.state != FRAME_CREATED):
        # 3.12's SEND_GEN: the delegate's frame runs in this loop.
        stack.pop()
        return receiver._enter_inline(f, arg[0], arg[1], value, BY_SEND)
    try:
        if isinstance(receiver, _GeneratorBase):
            result = receiver._resume(value)
        elif value is None and hasattr(cls, "__next__"):
            result = next(receiver)
        else:
            result = receiver.send(value)
    except StopIteration as stop:
        stack[-1] = stop.value
        return arg[0]
    stack[-1] = result


@op("CLEANUP_THROW")
def CLEANUP_THROW(f, stack, arg):
    exc = stack.pop()
    if isinstance(exc, StopIteration):
        del stack[-2:]
        stack.append(None)
        stack.append(exc.value)
        return
    f.tstate.reraise = True
    raise exc


@op("GET_AWAITABLE")
def GET_AWAITABLE(f, stack, where):
    from ..objects.generator import get_awaitable_iter
    stack[-1] = get_awaitable_iter(stack[-1], where)


@op("GET_AITER")
def GET_AITER(f, stack, arg):
    obj = stack[-1]
    method = getattr(type(obj), "__aiter__", None)
    if method is None:
        raise TypeError(f"'async for' requires an object with __aiter__ method, got "
                        f"{type(obj).__name__}")
    it = method(obj)
    if getattr(type(it), "__anext__", None) is None:
        raise TypeError(f"'async for' received an object from __aiter__ that does not "
                        f"implement __anext__: {type(it).__name__}")
    stack[-1] = it


@op("GET_ANEXT")
def GET_ANEXT(f, stack, arg):
    from ..objects.generator import get_awaitable_iter
    aiter = stack[-1]
    method = getattr(type(aiter), "__anext__", None)
    if method is None:
        raise TypeError(f"'async for' requires an iterator with __anext__ method, got "
                        f"{type(aiter).__name__}")
    stack.append(get_awaitable_iter(method(aiter), 0, anext=True))


@op("END_ASYNC_FOR")
def END_ASYNC_FOR(f, stack, arg):
    exc = stack.pop()
    if isinstance(exc, StopAsyncIteration):
        stack.pop()
        return
    f.tstate.reraise = True
    raise exc


# -- pattern matching ------------------------------------------------------------------------

# Only the type's Py_TPFLAGS_MAPPING/SEQUENCE decide, as in CPython: the host
# sets them on guest classes too (inherited from the best base, or set by
# _abc when an ABC is subclassed or registered).

@op("MATCH_MAPPING")
def MATCH_MAPPING(f, stack, arg):
    stack.append(bool(type(stack[-1]).__flags__ & (1 << 6)))


@op("MATCH_SEQUENCE")
def MATCH_SEQUENCE(f, stack, arg):
    stack.append(bool(type(stack[-1]).__flags__ & (1 << 5)))


@op("MATCH_KEYS")
def MATCH_KEYS(f, stack, arg):
    keys = stack[-1]
    subject = stack[-2]
    if not keys:
        stack.append(())
        return
    values = []
    seen = set()
    get = subject.get
    dummy = object()
    for key in keys:
        if key in seen:
            raise ValueError(f"mapping pattern checks duplicate key ({key!r})")
        seen.add(key)
        value = get(key, dummy)
        if value is dummy:
            stack.append(None)
            return
        values.append(value)
    stack.append(tuple(values))


@op("MATCH_CLASS")
def MATCH_CLASS(f, stack, npos):
    names = stack.pop()
    cls = stack.pop()
    subject = stack.pop()
    stack.append(_match_class(subject, cls, npos, names))


def _match_class(subject, cls, npos, names):
    """`match_class` in ceval.c: the attributes for a class pattern, or None."""
    if not isinstance(cls, type):
        raise TypeError(f"called match pattern must be a class")
    if not isinstance(subject, cls):
        return None
    attrs = []
    seen = []
    match_self = False
    if npos:
        match_args = getattr(cls, "__match_args__", None)
        if match_args is None:
            match_args = ()
            match_self = bool(getattr(cls, "__flags__", 0) & (1 << 22)) or cls in _MATCH_SELF_TYPES
        elif type(match_args) is not tuple:
            raise TypeError(f"{cls.__name__}.__match_args__ must be a tuple (got "
                            f"{type(match_args).__name__})")
        allowed = 1 if match_self else len(match_args)
        if allowed < npos:
            plural = "" if allowed == 1 else "s"
            raise TypeError(f"{cls.__name__}() accepts {allowed} positional sub-pattern{plural} "
                            f"({npos} given)")
        if match_self:
            attrs.append(subject)
        else:
            for name in match_args[:npos]:
                if type(name) is not str:
                    raise TypeError(f"__match_args__ elements must be strings (got "
                                    f"{type(name).__name__})")
                if name in seen:
                    raise TypeError(f"{cls.__name__}() got multiple sub-patterns for attribute {name!r}")
                seen.append(name)
                try:
                    attrs.append(getattr(subject, name))
                except AttributeError:
                    return None
    for name in names:
        if name in seen:
            raise TypeError(f"{cls.__name__}() got multiple sub-patterns for attribute {name!r}")
        seen.append(name)
        try:
            attrs.append(getattr(subject, name))
        except AttributeError:
            return None
    return tuple(attrs)


_MATCH_SELF_TYPES = (bool, bytearray, bytes, dict, float, frozenset, int, list, set, str, tuple)


# -- intrinsics ------------------------------------------------------------------------------

def _intrinsic_print(f, value):
    if value is not None:
        hook = f.tstate.interp.sys.__dict__.get("displayhook")
        if hook is None:
            raise RuntimeError("lost sys.displayhook")
        hook(value)
    return None


def _intrinsic_import_star(f, module):
    locals = f.locals
    if locals is None:
        raise SystemError("no locals found during 'import *'")
    from ..runtime.importer import import_all_from
    import_all_from(locals, module)
    return None


def _intrinsic_stopiteration_error(f, exc):
    flags = f.code.co_flags
    if isinstance(exc, StopIteration) or (flags & 0x200 and isinstance(exc, StopAsyncIteration)):
        if flags & 0x200:
            kind = "async generator"
        elif flags & 0x80:
            kind = "coroutine"
        else:
            kind = "generator"
        raised = "StopAsyncIteration" if isinstance(exc, StopAsyncIteration) and flags & 0x200 \
            else "StopIteration"
        error = RuntimeError(f"{kind} raised {raised}")
        error.__cause__ = exc
        error.__context__ = exc
        error.__dict__[TB_KEY] = None   # raised by the guest (RERAISE follows): its context stands
        return error
    return exc


def _intrinsic_async_gen_wrap(f, value):
    from ..objects.generator import AsyncGenWrappedValue
    return AsyncGenWrappedValue(value)


def _intrinsic_unary_positive(f, value):
    return +value


def _intrinsic_list_to_tuple(f, value):
    return tuple(value)


def _typing():
    from ..modules import typing_support
    return typing_support


def _in_module(obj, name):
    """Set a PEP 695 object's `__module__` as 3.12 does (the host would name innerpy)."""
    try:
        obj.__module__ = name
    except (AttributeError, TypeError):
        pass
    return obj


def _intrinsic_typevar(f, name):
    return _in_module(_typing().make_typevar(name), "typing")


def _intrinsic_paramspec(f, name):
    return _in_module(_typing().make_paramspec(name), "typing")


def _intrinsic_typevartuple(f, name):
    return _in_module(_typing().make_typevartuple(name), "typing")


def _intrinsic_subscript_generic(f, params):
    return _typing().subscript_generic(params)


def _intrinsic_typealias(f, args):
    name, type_params, compute_value = args
    module = f.globals.get("__name__")
    return _in_module(_typing().make_typealias(name, type_params, compute_value, module), module)


def _intrinsic_prep_reraise_star(f, orig, excs):
    from ..objects.exceptions import prep_reraise_star
    return prep_reraise_star(orig, excs)


def _intrinsic_typevar_with_bound(f, name, bound):
    return _in_module(_typing().make_typevar(name, bound=bound), "typing")


def _intrinsic_typevar_with_constraints(f, name, constraints):
    return _in_module(_typing().make_typevar(name, constraints=constraints), "typing")


def _intrinsic_set_function_type_params(f, func, params):
    func._type_params = params
    return func


def _not_an_intrinsic(f, *values):
    raise SystemError("invalid intrinsic function")


_INTRINSICS_1 = {
    "INTRINSIC_PRINT": _intrinsic_print,
    "INTRINSIC_IMPORT_STAR": _intrinsic_import_star,
    "INTRINSIC_STOPITERATION_ERROR": _intrinsic_stopiteration_error,
    "INTRINSIC_ASYNC_GEN_WRAP": _intrinsic_async_gen_wrap,
    "INTRINSIC_UNARY_POSITIVE": _intrinsic_unary_positive,
    "INTRINSIC_LIST_TO_TUPLE": _intrinsic_list_to_tuple,
    "INTRINSIC_TYPEVAR": _intrinsic_typevar,
    "INTRINSIC_PARAMSPEC": _intrinsic_paramspec,
    "INTRINSIC_TYPEVARTUPLE": _intrinsic_typevartuple,
    "INTRINSIC_SUBSCRIPT_GENERIC": _intrinsic_subscript_generic,
    "INTRINSIC_TYPEALIAS": _intrinsic_typealias,
}
_INTRINSICS_2 = {
    "INTRINSIC_PREP_RERAISE_STAR": _intrinsic_prep_reraise_star,
    "INTRINSIC_TYPEVAR_WITH_BOUND": _intrinsic_typevar_with_bound,
    "INTRINSIC_TYPEVAR_WITH_CONSTRAINTS": _intrinsic_typevar_with_constraints,
    "INTRINSIC_SET_FUNCTION_TYPE_PARAMS": _intrinsic_set_function_type_params,
}


def _decode_intrinsic_1(ctx, handler, oparg):
    name = INTRINSIC_1[oparg] if oparg < len(INTRINSIC_1) else None
    return handler, _INTRINSICS_1.get(name, _not_an_intrinsic)


def _decode_intrinsic_2(ctx, handler, oparg):
    name = INTRINSIC_2[oparg] if oparg < len(INTRINSIC_2) else None
    return handler, _INTRINSICS_2.get(name, _not_an_intrinsic)


HANDLERS[opmap["CALL_INTRINSIC_1"]] = (CALL_INTRINSIC_1, _decode_intrinsic_1)
HANDLERS[opmap["CALL_INTRINSIC_2"]] = (CALL_INTRINSIC_2, _decode_intrinsic_2)


# -- superinstructions ---------------------------------------------------------------
#
# 3.12 fuses common pairs (LOAD_FAST__LOAD_FAST, LOAD_FAST__LOAD_CONST,
# LOAD_CONST__LOAD_FAST, STORE_FAST__LOAD_FAST, STORE_FAST__STORE_FAST) to save
# a dispatch; innerpy does the same when it decodes, plus a comparison fused
# with the conditional jump that follows it. A fused handler sits at the first
# instruction's index and returns the index after the pair; the second
# instruction stays in place for jumps that land on it, and the tracing loop
# runs the unfused list, so line events are unchanged.

def LOAD_FAST__LOAD_FAST(f, stack, arg):
    fast = f.fastlocals
    stack.append(fast[arg[0]])
    stack.append(fast[arg[1]])
    return arg[2]


def LOAD_FAST__LOAD_CONST(f, stack, arg):
    stack.append(f.fastlocals[arg[0]])
    stack.append(arg[1])
    return arg[2]


def LOAD_CONST__LOAD_FAST(f, stack, arg):
    stack.append(arg[0])
    stack.append(f.fastlocals[arg[1]])
    return arg[2]


def STORE_FAST__LOAD_FAST(f, stack, arg):
    fast = f.fastlocals
    fast[arg[0]] = stack[-1]
    stack[-1] = fast[arg[1]]
    return arg[2]


def STORE_FAST__STORE_FAST(f, stack, arg):
    fast = f.fastlocals
    fast[arg[0]] = stack.pop()
    fast[arg[1]] = stack.pop()
    return arg[2]


def COMPARE__POP_JUMP_IF_FALSE(f, stack, arg):
    fn, target, nxt = arg
    rhs = stack.pop()
    result = fn(stack.pop(), rhs)
    if result is False:
        return target
    if result is True:
        return nxt
    stack.append(result)      # not a bool: let POP_JUMP_IF_FALSE convert it (and fail there)
    return nxt - 1


def COMPARE__POP_JUMP_IF_TRUE(f, stack, arg):
    fn, target, nxt = arg
    rhs = stack.pop()
    result = fn(stack.pop(), rhs)
    if result is True:
        return target
    if result is False:
        return nxt
    stack.append(result)
    return nxt - 1


def LOAD_FAST__LOAD_ATTR(f, stack, arg):
    stack.append(getattr(f.fastlocals[arg[0]], arg[1]))
    return arg[2]


def FOR_ITER__STORE_FAST(f, stack, arg):
    """The head of nearly every `for` loop and comprehension."""
    loop_arg, local, nxt = arg
    it = stack[-1]
    if type(it) is Generator:
        return FOR_ITER(f, stack, loop_arg)   # resumed in this loop; STORE_FAST follows as usual
    try:
        value = next(it)
    except StopIteration:
        stack.pop()
        return loop_arg[0]
    f.fastlocals[local] = value
    return nxt


def LIST_APPEND__JUMP_BACKWARD(f, stack, arg):
    depth, target = arg
    value = stack.pop()
    stack[-depth].append(value)
    return target


def SET_ADD__JUMP_BACKWARD(f, stack, arg):
    depth, target = arg
    value = stack.pop()
    stack[-depth].add(value)
    return target


def MAP_ADD__JUMP_BACKWARD(f, stack, arg):
    depth, target = arg
    value = stack.pop()
    key = stack.pop()
    stack[-depth][key] = value
    return target


_APPEND_FUSIONS = {LIST_APPEND: LIST_APPEND__JUMP_BACKWARD, SET_ADD: SET_ADD__JUMP_BACKWARD,
                   MAP_ADD: MAP_ADD__JUMP_BACKWARD}
_COMPARE_FUSIONS = {POP_JUMP_IF_FALSE: COMPARE__POP_JUMP_IF_FALSE,
                    POP_JUMP_IF_TRUE: COMPARE__POP_JUMP_IF_TRUE}
_COMPARES = {COMPARE_OP: None, COMPARE_OP_LT: operator.lt, COMPARE_OP_EQ: operator.eq}


def fuse(plain):
    """The fast loop's instruction list and its fault remapping (index -> raising index)."""
    fused = list(plain)
    remap = {}
    for i in range(len(plain) - 1):
        (h1, a1), (h2, a2) = plain[i], plain[i + 1]
        nxt = i + 2
        if h1 is LOAD_FAST:
            if h2 is LOAD_FAST:
                fused[i] = (LOAD_FAST__LOAD_FAST, (a1, a2, nxt))
            elif h2 is LOAD_CONST:
                fused[i] = (LOAD_FAST__LOAD_CONST, (a1, a2, nxt))
            elif h2 is LOAD_ATTR:
                fused[i] = (LOAD_FAST__LOAD_ATTR, (a1, a2, nxt))
                remap[i] = i + 1
        elif h1 is LOAD_CONST and h2 is LOAD_FAST:
            fused[i] = (LOAD_CONST__LOAD_FAST, (a1, a2, nxt))
        elif h1 is STORE_FAST:
            if h2 is LOAD_FAST:
                fused[i] = (STORE_FAST__LOAD_FAST, (a1, a2, nxt))
            elif h2 is STORE_FAST:
                fused[i] = (STORE_FAST__STORE_FAST, (a1, a2, nxt))
        elif h1 is FOR_ITER and h2 is STORE_FAST:
            fused[i] = (FOR_ITER__STORE_FAST, (a1, a2, nxt))
        elif h1 in _APPEND_FUSIONS and h2 is JUMP_BACKWARD:
            fused[i] = (_APPEND_FUSIONS[h1], (a1, a2))
        elif h1 in _COMPARES and h2 in _COMPARE_FUSIONS:
            fn = a1 if h1 is COMPARE_OP else _COMPARES[h1]
            fused[i] = (_COMPARE_FUSIONS[h2], (fn, a2, nxt))
    return fused, remap
