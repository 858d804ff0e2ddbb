"""Superblocks: hot bytecode translated into host functions.

The decoded eval loop (ceval.py) pays for every instruction: fetch the
`(handler, arg)` pair, call the handler, look at its answer. CPython 3.13's
tier-2 optimizer translates hot bytecode into "superblocks" of micro-ops;
innerpy does the Python equivalent. When a code object gets warm (function
entries plus loop back-edges, counted by RESUME and JUMP_BACKWARD stand-ins),
each straight-line run of its instructions is translated into the source of
one host function, compiled by the host once per code object, and installed
in the fast instruction list at the run's first index as one big
superinstruction with the handler interface (`block(frame, stack, arg)`
returning the next index, a frame to switch to, or EXIT).

Inside a block the value stack lives in host locals (the "virtual stack"):
`a + b` is a host `+` on two locals, not two list pops and a push. An
instruction without a template flushes the virtual stack to the frame's real
stack and calls its handler from bytecodes.py, so every instruction keeps
exactly one implementation of its semantics for the rare paths.

Nothing else changes. Every other index keeps its handler, so jumps,
generator resumptions and the tracing loop (which runs `decoded.plain`) may
land anywhere; a block only speeds up entering at its first index. A block
starts at every jump target, exception handler, and instruction after one
that may switch frames (calls, yields), and it never spans two exception
handler regions, so at any instruction that may raise, the values an
exception handler keeps (those below its stack depth) are on the real stack.
A fault inside a block is attributed to the instruction that raised through
the line number of the host traceback (`fault_index`); guest tracebacks and
exception tables see the same instruction as without blocks.
"""

import keyword
import operator
from types import MethodType

from ..objects.function import Function
from ..objects.generator import BY_CALL, Generator, resumable_inline
from . import bytecodes as B
from .ceval import EXIT, enter_function
from .decode import NULL
from .frame import FRAME_COMPLETED

# Warm-up happens at two levels, because translating costs far more than
# running: a code object whose entries plus loop back-edges reach
# CODE_WARMUP gets a counter at each of its block starts, and a block is
# translated (compiled by the host on its own) when its counter reaches
# BLOCK_WARMUP. Code that runs once -- module bodies, most of start-up --
# never pays for translation, and a big function pays only for its hot parts.
CODE_WARMUP = 64
BLOCK_WARMUP = 128

# Longest run translated into one block (host compile time grows with it).
MAX_BLOCK = 60

_state = {"enabled": True}


def set_enabled(flag):
    """Turn translation on or off process-wide (perf trampolines need every call
    to go through the patched call handlers; `-X no_superblocks` measures the gain)."""
    _state["enabled"] = bool(flag)


# -- warm-up counting ---------------------------------------------------------------

def RESUME_WARMUP(f, stack, arg):
    """RESUME while the code object is cold: count the entry."""
    decoded = f.code._decoded
    decoded.warmth -= 1
    if decoded.warmth <= 0:
        prepare(decoded)


def JUMP_BACKWARD_WARMUP(f, stack, target):
    """JUMP_BACKWARD while the code object is cold: count the back-edge."""
    decoded = f.code._decoded
    decoded.warmth -= 1
    if decoded.warmth <= 0:
        prepare(decoded)
    return target


def BLOCK_COUNTER(f, stack, counter):
    """A block start of a warm code object: count, translate when hot, run on."""
    counter.count -= 1
    if counter.count <= 0:
        translate(f.code._decoded, counter, f.globals)
    handler, arg = counter.entry
    return handler(f, stack, arg)


class Counter:
    """A block start's warm-up count, standing in the fast list until translation."""
    __slots__ = ("count", "start", "stop", "entry")


# The file name of every translated block's host code ("<superblock f:12>").
BLOCK_FILENAME_PREFIX = "<superblock "


def arm(decoded):
    """Put the counting stand-ins into a fresh decoded code object's fast list."""
    if not _state["enabled"]:
        return
    instrs = decoded.instrs
    plain = decoded.plain
    resumed = False
    for i, (handler, arg) in enumerate(plain):
        if handler is B.RESUME and not resumed:
            instrs[i] = (RESUME_WARMUP, arg)
            resumed = True
        elif handler is B.JUMP_BACKWARD:
            instrs[i] = (JUMP_BACKWARD_WARMUP, arg)
            if i and instrs[i - 1][0] in _APPEND_JUMPS:
                instrs[i - 1] = plain[i - 1]   # let the back-edge be counted


_APPEND_JUMPS = frozenset(B._APPEND_FUSIONS.values())


def prepare(decoded):
    """The code object is warm: count at its block starts from now on."""
    decoded.warmth = 1 << 30
    instrs = decoded.instrs
    instrs[:] = B.fuse(decoded.plain)[0]
    if not _state["enabled"]:
        return
    decoded.blocks = {}
    for start, stop in block_bounds(decoded):
        counter = Counter()
        counter.count = BLOCK_WARMUP
        counter.start = start
        counter.stop = stop
        counter.entry = instrs[start]
        instrs[start] = (BLOCK_COUNTER, counter)


def revert(decoded):
    """Back to the plain fused list (blocks and counters removed), cold again."""
    decoded.instrs[:] = B.fuse(decoded.plain)[0]
    decoded.blocks = None
    decoded.warmth = CODE_WARMUP
    arm(decoded)


# -- attributing faults ----------------------------------------------------------------

def fault_index(decoded, start, exc):
    """The instruction index that raised `exc` inside the block at `start`, or None
    when the exception did not come from the block (the tracing loop ran the
    plain handler there)."""
    block = decoded.blocks[start]
    code = block.__code__
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code is code:
            return block.lines[tb.tb_lineno]
        tb = tb.tb_next
    return None


# -- translation --------------------------------------------------------------------------

# Instructions after which the eval loop may come back from another frame.
_RESUME_POINTS = frozenset({
    B.CALL_0, B.CALL_1, B.CALL, B.CALL_KW, B.CALL_FUNCTION_EX, B.YIELD_VALUE, B.SEND,
    B.FOR_ITER, B.RETURN_GENERATOR,
})
# Instructions after which control never falls through.
_TERMINAL = frozenset({
    B.RETURN_VALUE, B.RETURN_CONST, B.JUMP_FORWARD, B.JUMP_BACKWARD, B.RAISE_VARARGS,
    B.RERAISE,
})
_JUMPS = frozenset({B.JUMP_FORWARD, B.JUMP_BACKWARD, B.POP_JUMP_IF_FALSE, B.POP_JUMP_IF_TRUE,
                    B.POP_JUMP_IF_NONE, B.POP_JUMP_IF_NOT_NONE})

_BINARY_SYMBOLS = {fn: symbol for symbol, fn in B._BINARY_FUNCTIONS.items()}
_COMPARE_SYMBOLS = {fn: symbol for symbol, fn in B._COMPARE_FUNCTIONS.items()}


def block_bounds(decoded):
    """Where blocks begin, and where they must end.

    Barriers -- the first instruction, jump and exception-handler targets, and
    changes of exception handler -- end a block (the block at the barrier takes
    over). Resume points -- after a call or a yield, where the loop comes back
    from another frame -- begin a block of their own but do not end the one
    running through them, so a host call's result flows on in host locals."""
    plain = decoded.plain
    handlers = decoded.handlers
    size = len(plain)
    barriers = {0}
    resumes = set()
    for i, (handler, arg) in enumerate(plain):
        if handler in _JUMPS:
            barriers.add(arg)
        elif handler is B.FOR_ITER or handler is B.SEND:
            barriers.add(arg[0])
        if handler in _RESUME_POINTS:
            resumes.add(i + 1)
        if i and handlers[i] != handlers[i - 1]:
            barriers.add(i)
    for item in handlers:
        if item is not None:
            barriers.add(item[0])
    barriers = sorted(b for b in barriers if b < size)
    starts = sorted(set(barriers).union(r for r in resumes if r < size))
    bounds = []
    following = iter(barriers[1:] + [size])
    stop = next(following)
    for start in starts:
        while stop <= start:
            stop = next(following)
        bounds.append((start, stop))
    return bounds


def translate(decoded, counter, globals):
    """Translate the block `counter` counts for and install it in the fast list.
    `globals` (the running frame's) tells module globals from builtins."""
    start = counter.start
    counter.count = 1 << 30        # translated (or tried): never again
    if not _state["enabled"] or decoded.blocks is None:
        return
    unit = _Unit(decoded, globals)
    fn = unit.block(start, counter.stop)
    if fn is None:
        decoded.instrs[start] = counter.entry
        return
    decoded.blocks[start] = fn
    decoded.instrs[start] = (fn, None)
    counter.entry = (fn, None)


class _Unit:
    """One translation: the namespace the generated code refers to (helpers,
    handlers, constants and instruction arguments, by identity)."""

    def __init__(self, decoded, globals):
        self.decoded = decoded
        self.globals = globals
        self.namespace = {
            "NULL": NULL, "EXIT": EXIT, "Function": Function, "Generator": Generator,
            "MethodType": MethodType, "load_global": B._load_global,
            "unbound_local": B._unbound_local, "unpack": _unpack, "enter_function": enter_function,
            "object_new": object.__new__, "unbound_deref": B._unbound_deref,
            "next_builtin": next, "generator_send": B._generator_send,
            "resumable_inline": resumable_inline, "BY_CALL": BY_CALL,
        }
        self._values = {}        # id -> namespace name for objects the blocks refer to

    def value(self, obj, prefix="k"):
        """A namespace name bound to `obj` (identity kept: constants stay the code's own)."""
        if obj is None or obj is True or obj is False:
            return repr(obj)
        if type(obj) is int and -5 <= obj <= 256:
            return repr(obj) if obj >= 0 else f"({obj})"
        key = id(obj)
        name = self._values.get(key)
        if name is None:
            name = self._values[key] = f"{prefix}{len(self._values)}"
            self.namespace[name] = obj
        return name

    def block(self, start, stop):
        """The compiled function of block [start, stop), or None if not worth one."""
        translator = _Block(self, start, stop)
        body = translator.run()
        if body is None:
            return None
        code = self.decoded.code
        lines = ["def block(f, stack, arg):"]
        index = [None, start]
        for indent, text, i in translator.prologue + body:
            lines.append("    " * (indent + 1) + text)
            index.append(i)
        filename = f"{BLOCK_FILENAME_PREFIX}{code.co_qualname}:{start}>"
        namespace = self.namespace
        exec(compile("\n".join(lines) + "\n", filename, "exec"), namespace)
        fn = namespace.pop("block")
        # source line -> instruction index: for fault_index, and for the
        # frame's f_lasti while the block runs (frame._live_pc)
        fn.lines = namespace["block_lines"] = index
        return fn


def _unpack(seq, n):
    """UNPACK_SEQUENCE's general case: the items in order, with its errors."""
    stack = []
    B._unpack(stack, seq, n, -1)
    stack.reverse()
    return stack


def _is_temp(name):
    """A host local of the block's own (t1, t2, ...), as opposed to a constant's name."""
    return name[:1] == "t" and name[1:].isdigit()


class _Block:
    """Translates instructions [start, stop) of one code object into one function body."""

    def __init__(self, unit, start, stop):
        self.unit = unit
        self.decoded = unit.decoded
        self.start = start
        self.stop = stop
        self.body = []           # (indent, text, index)
        self.prologue = []
        self.indent = 0
        self.vstack = []         # expressions for the top of the value stack
        self.temps = 0
        self.index = start
        self.uses = set()        # locals the prologue must load: fl, G, ts
        self.loop = False
        self.consumed = []       # temporaries the guest's stack let go of, in release order
        self.scratch = set()     # other host locals to drop with them (fn, it)

    # -- emitting --------------------------------------------------------------

    def emit(self, text, indent=0):
        self.body.append((self.indent + indent, text, self.index))

    def temp(self):
        self.temps += 1
        return f"t{self.temps}"

    def push(self, expr):
        self.vstack.append(expr)

    def push_new(self, expr):
        """Evaluate `expr` now into a fresh temporary and push that."""
        t = self.temp()
        self.emit(f"{t} = {expr}")
        self.vstack.append(t)
        return t

    def pop(self):
        if self.vstack:
            return self.consume(self.vstack.pop())
        t = self.temp()
        self.emit(f"{t} = stack.pop()")
        return self.consume(t)

    def consume(self, name):
        """`name` leaves the value stack: once this instruction is done with it,
        `release` drops the host local, so the value goes when CPython's would."""
        if _is_temp(name) and name not in self.consumed:
            # Operands are popped top first and dropped bottom first, as
            # CPython's instructions drop theirs (a binary op's left, then right).
            self.consumed.insert(0, name)
        return name

    def release(self):
        """Delete the host locals holding values the guest's stack has let go of
        (a value can still sit on the virtual stack twice, after COPY)."""
        dead = [name for name in self.consumed if name not in self.vstack]
        if dead or self.scratch:
            # Scratch copies first, so each value goes with its temporary.
            self.emit(f"del {', '.join(sorted(self.scratch) + dead)}")
            self.consumed = [name for name in self.consumed if name not in dead]
            self.scratch.clear()

    def pop_many(self, n):
        """The top `n` operands, bottom first (the order the instruction takes them)."""
        items = [self.pop() for _ in range(n)]
        items.reverse()
        return items

    def pop_discard(self):
        if self.vstack:
            self.consume(self.vstack.pop())
        else:
            self.emit("del stack[-1]")

    def peek(self, depth):
        """An expression for the value `depth` places from the top (1 = top), valid now."""
        n = len(self.vstack)
        if depth <= n:
            return self.vstack[-depth]
        return f"stack[-{depth - n}]"

    def flush(self, indent=0):
        items = self.vstack
        if len(items) == 1:
            self.emit(f"stack.append({items[0]})", indent)
        elif items:
            self.emit(f"stack += ({', '.join(items)},)", indent)

    def flushed(self, keep=()):
        """Move the virtual stack to the real one, which now holds its values
        alone -- unless the instruction still uses one of them (`keep`)."""
        self.flush()
        moved = [name for name in dict.fromkeys(self.vstack) if _is_temp(name) and name not in keep]
        self.vstack = []
        if moved:
            self.emit(f"del {', '.join(moved)}")
            self.consumed = [name for name in self.consumed if name not in moved]

    def fl(self):
        self.uses.add("fl")
        return "fl"

    # -- driving ---------------------------------------------------------------

    def run(self):
        plain = self.decoded.plain
        count = 0
        translated = 0
        i = self.start
        stop = min(self.stop, self.start + MAX_BLOCK)
        ended = False
        if self._loops_to_start():
            self.loop = True
            self.indent = 1
        while i < stop:
            handler, arg = plain[i]
            self.index = i
            template = _TEMPLATES.get(handler)
            if template is not None:
                ends = template(self, arg) is ENDS_BLOCK
                translated += 1
            else:
                self.generic(handler, arg)
                ends = False
            if not (ends or handler in _TERMINAL):
                self.release()
            count += 1
            i += 1
            if ends or handler in _TERMINAL:
                ended = True
                break
        if count < 2 or not translated:
            return None
        if not ended:
            self.index = i - 1
            self.flush()            # returning drops the host locals anyway
            self.emit(f"return {i}")
        if "fl" in self.uses:
            self.prologue.append((0, "fl = f.fastlocals", self.start))
        if "G" in self.uses:
            self.prologue.append((0, "G = f.globals", self.start))
        if "ts" in self.uses:
            self.prologue.append((0, "ts = f.tstate", self.start))
        if self.loop:
            self.prologue.append((0, "while True:", self.start))
        return self.body

    def _loops_to_start(self):
        plain = self.decoded.plain
        for i in range(self.start, min(self.stop, self.start + MAX_BLOCK)):
            handler, arg = plain[i]
            if handler is B.JUMP_BACKWARD and arg == self.start:
                return True
            if handler in _TERMINAL:
                return False
        return False

    def generic(self, handler, arg):
        """Flush and call the instruction's handler; leave the block on any answer."""
        h = self.unit.value(handler, "h")
        a = self.unit.value(arg, "a")
        self.flushed()
        self.emit(f"r = {h}(f, stack, {a})")
        self.emit("if r is not None: return r")

    def jump(self, target, indent=0):
        """Leave for `target` (or go round again when it is this loop's head)."""
        if self.loop and target == self.start:
            self.emit("continue", indent)
        else:
            self.emit(f"return {target}", indent)


# -- templates: one per handler of bytecodes.py that blocks express inline ---------------

ENDS_BLOCK = object()   # a template's answer when control never falls through it

_TEMPLATES = {}


def template(*handlers):
    def register(fn):
        for handler in handlers:
            _TEMPLATES[handler] = fn
        return fn
    return register


@template(B.NOP, B.RESUME)
def _nothing(b, arg):
    pass


@template(B.LOAD_FAST)
def _load_fast(b, i):
    b.push_new(f"{b.fl()}[{i}]")


@template(B.LOAD_FAST_CHECK)
def _load_fast_check(b, arg):
    i, name = arg
    t = b.push_new(f"{b.fl()}[{i}]")
    b.emit(f"if {t} is NULL: raise unbound_local({name!r})")


@template(B.LOAD_FAST_AND_CLEAR)
def _load_fast_and_clear(b, i):
    b.push_new(f"{b.fl()}[{i}]")
    b.emit(f"fl[{i}] = NULL")


@template(B.STORE_FAST)
def _store_fast(b, i):
    value = b.pop()
    b.emit(f"{b.fl()}[{i}] = {value}")


@template(B.LOAD_CONST)
def _load_const(b, value):
    b.push(b.unit.value(value))


@template(B.POP_TOP)
def _pop_top(b, arg):
    b.pop_discard()


@template(B.END_FOR)
def _end_for(b, arg):
    b.pop_discard()
    b.pop_discard()


@template(B.PUSH_NULL)
def _push_null(b, arg):
    b.push("NULL")


@template(B.COPY)
def _copy(b, n):
    expr = b.peek(n)
    if expr.startswith("stack["):
        b.push_new(expr)
    else:
        b.push(expr)


@template(B.SWAP)
def _swap(b, n):
    v = b.vstack
    if n <= len(v):
        v[-1], v[-n] = v[-n], v[-1]
        return
    b.generic(B.SWAP, n)


@template(B.LOAD_GLOBAL, B.LOAD_GLOBAL_NULL)
def _load_global(b, name):
    if b.decoded.plain[b.index][0] is B.LOAD_GLOBAL_NULL:
        b.push("NULL")
    b.uses.add("G")
    t = b.temp()
    if name in b.unit.globals:
        # A module global: one dict lookup, the builtins only if it goes away.
        b.emit("try:")
        b.emit(f"{t} = G[{name!r}]", 1)
        b.emit("except KeyError:")
        b.emit(f"{t} = load_global(f, {name!r})", 1)
    else:
        # A builtin (len, isinstance, ...): no exception on the way there.
        b.emit(f"{t} = G.get({name!r}, NULL)")
        b.emit(f"if {t} is NULL: {t} = load_global(f, {name!r})")
    b.push(t)


def _attribute(owner, name):
    if not owner.isidentifier():
        owner = f"({owner})"
    if name.isidentifier() and not keyword.iskeyword(name) and name.isascii():
        return f"{owner}.{name}"
    return f"getattr({owner}, {name!r})"


@template(B.LOAD_ATTR)
def _load_attr(b, name):
    owner = b.pop()
    b.push_new(_attribute(owner, name))


@template(B.LOAD_ATTR_METHOD)
def _load_attr_method(b, name):
    owner = b.pop()
    b.push("NULL")
    b.push_new(_attribute(owner, name))


@template(B.STORE_ATTR)
def _store_attr(b, name):
    if name == "__traceback__":
        return b.generic(B.STORE_ATTR, name)
    owner = b.pop()
    value = b.pop()
    b.emit(f"{_attribute(owner, name)} = {value}")


def _binary(b, symbol):
    rhs = b.pop()
    lhs = b.pop()
    if symbol.endswith("=") and symbol not in ("==", "!=", "<=", ">="):
        t = b.push_new(lhs)
        b.emit(f"{t} {symbol} {rhs}")
    else:
        b.push_new(f"{lhs} {symbol} {rhs}")


# The operator each handler applies, from its decoded argument.
_OPERATORS = {
    B.BINARY_OP: _BINARY_SYMBOLS.__getitem__,
    B.BINARY_OP_ADD: lambda arg: "+",
    B.BINARY_OP_SUBTRACT: lambda arg: "-",
    B.COMPARE_OP: _COMPARE_SYMBOLS.__getitem__,
    B.COMPARE_OP_LT: lambda arg: "<",
    B.COMPARE_OP_EQ: lambda arg: "==",
    B.IS_OP: lambda invert: "is not" if invert else "is",
    B.CONTAINS_OP: lambda invert: "not in" if invert else "in",
}
for _handler, _symbol_of in _OPERATORS.items():
    _TEMPLATES[_handler] = lambda b, arg, symbol_of=_symbol_of: _binary(b, symbol_of(arg))

_UNARY = {B.UNARY_NEGATIVE: "-{}", B.UNARY_NOT: "not {}", B.UNARY_INVERT: "~{}"}
for _handler, _form in _UNARY.items():
    _TEMPLATES[_handler] = lambda b, arg, form=_form: b.push_new(form.format(b.pop()))


# Instructions that pop their operands and push one expression of them, or
# run one statement on them: (operand count, host source).
_EXPRESSIONS = {B.BINARY_SUBSCR: (2, "{0}[{1}]"), B.BINARY_SLICE: (3, "{0}[{1}:{2}]"),
                B.GET_ITER: (1, "iter({0})")}
_STATEMENTS = {B.STORE_SUBSCR: (3, "{1}[{2}] = {0}"), B.DELETE_SUBSCR: (2, "del {0}[{1}]")}
for _handler, (_count, _form) in _EXPRESSIONS.items():
    _TEMPLATES[_handler] = (lambda b, arg, count=_count, form=_form:
                            b.push_new(form.format(*b.pop_many(count))))
for _handler, (_count, _form) in _STATEMENTS.items():
    _TEMPLATES[_handler] = (lambda b, arg, count=_count, form=_form:
                            b.emit(form.format(*b.pop_many(count))))
del _count


@template(B.BUILD_TUPLE)
def _build_tuple(b, n):
    if not n:
        return b.push("()")
    b.push_new(f"({', '.join(b.pop_many(n))},)")


@template(B.BUILD_LIST)
def _build_list(b, n):
    b.push_new(f"[{', '.join(b.pop_many(n))}]")


@template(B.LIST_APPEND)
def _list_append(b, i):
    value = b.pop()
    b.emit(f"{b.peek(i)}.append({value})")


@template(B.SET_ADD)
def _set_add(b, i):
    value = b.pop()
    b.emit(f"{b.peek(i)}.add({value})")


@template(B.MAP_ADD)
def _map_add(b, i):
    value = b.pop()
    key = b.pop()
    b.emit(f"{b.peek(i)}[{key}] = {value}")


@template(B.BUILD_SET)
def _build_set(b, n):
    items = b.pop_many(n)
    b.push_new(f"{{{', '.join(items)}}}" if items else "set()")


@template(B.BUILD_MAP)
def _build_map(b, n):
    items = b.pop_many(2 * n)
    pairs = ", ".join(f"{items[k]}: {items[k + 1]}" for k in range(0, 2 * n, 2))
    b.push_new(f"{{{pairs}}}")


@template(B.BUILD_CONST_KEY_MAP)
def _build_const_key_map(b, n):
    keys = b.pop()
    values = b.pop_many(n)
    b.push_new(f"dict(zip({keys}, ({', '.join(values)}{',' if n else ''})))")


@template(B.BUILD_SLICE)
def _build_slice(b, n):
    parts = b.pop_many(n)
    b.push_new(f"slice({', '.join(parts)})")


@template(B.BUILD_STRING)
def _build_string(b, n):
    pieces = b.pop_many(n)
    b.push_new(f"''.join(({', '.join(pieces)}{',' if n else ''}))")


_CONVERSIONS = {0: "{}", 1: "str({})", 2: "repr({})", 3: "ascii({})"}


@template(B.FORMAT_VALUE)
def _format_value(b, flags):
    spec = b.pop() if flags & 4 else None
    value = b.push_new(_CONVERSIONS[flags & 3].format(b.pop()))
    if spec is None:
        # f"{x}": a str is its own format; anything else formats with "".
        b.emit(f"if type({value}) is not str: {value} = format({value}, '')")
    else:
        b.emit(f"if {spec} != '' or type({value}) is not str: {value} = format({value}, {spec})")


@template(B.LOAD_DEREF)
def _load_deref(b, i):
    t = b.temp()
    b.emit("try:")
    b.emit(f"{t} = {b.fl()}[{i}].cell_contents", 1)
    b.emit("except ValueError:")
    b.emit(f"raise unbound_deref(f.code, {i}) from None", 1)
    b.push(t)


@template(B.STORE_DEREF)
def _store_deref(b, i):
    value = b.pop()
    b.emit(f"{b.fl()}[{i}].cell_contents = {value}")


@template(B.UNPACK_SEQUENCE)
def _unpack_sequence(b, n):
    seq = b.pop()
    names = [b.temp() for _ in range(n)]
    targets = ", ".join(names) + ("," if n == 1 else "")
    b.emit(f"if (type({seq}) is tuple or type({seq}) is list) and len({seq}) == {n}:")
    b.emit(f"{targets} = {seq}", 1)
    b.emit("else:")
    b.emit(f"{targets} = unpack({seq}, {n})", 1)
    b.vstack.extend(reversed(names))


@template(B.JUMP_FORWARD, B.JUMP_BACKWARD)
def _jump(b, target):
    b.flushed()
    b.jump(target)


def _conditional(b, target, test):
    value = b.pop()
    b.emit(f"if {test.format(value)}:")
    b.flush(1)
    b.jump(target, 1)


_TESTS = {B.POP_JUMP_IF_FALSE: "not {}", B.POP_JUMP_IF_TRUE: "{}",
          B.POP_JUMP_IF_NONE: "{} is None", B.POP_JUMP_IF_NOT_NONE: "{} is not None"}
for _handler, _test in _TESTS.items():
    _TEMPLATES[_handler] = lambda b, target, test=_test: _conditional(b, target, test)
del _handler, _symbol_of, _form, _test


@template(B.FOR_ITER)
def _for_iter(b, arg):
    exhausted, resume = arg
    b.flushed()
    t = b.temp()
    b.emit("it = stack[-1]")
    b.emit("if type(it) is Generator and not it._running and not it._finished:")
    # 3.12's FOR_ITER_GEN: the generator's frame runs next, in this eval loop.
    b.emit(f"return it._enter_inline(f, {exhausted}, {resume})", 1)
    b.emit("try:")
    b.emit(f"{t} = next(it)", 1)
    b.emit("except StopIteration:")
    b.emit("del stack[-1]", 1)
    b.emit(f"return {exhausted}", 1)
    b.scratch.add("it")             # the iterator stays on the real stack alone
    b.push(t)


@template(B.YIELD_VALUE)
def _yield_value(b, resume):
    value = b.pop()
    b.flushed(keep=(value,))
    b.emit(f"f.pc = {resume}")
    b.emit(f"return f.generator._yield(f, {value})")
    return ENDS_BLOCK


@template(B.RETURN_VALUE)
def _return_value(b, resume):
    value = b.pop()
    _return(b, value, resume)


@template(B.RETURN_CONST)
def _return_const(b, arg):
    value, resume = arg
    _return(b, b.unit.value(value), resume)


def _return(b, value, resume):
    b.unit.namespace["return_slow"] = B._return
    b.emit(f"f.pc = {resume}")
    b.emit(f"if f.special or f.entry: return return_slow(f, {value})")
    b.emit(f"f.state = {FRAME_COMPLETED}")
    b.emit("caller = f.previous")
    b.uses.add("ts")
    b.emit("ts.frame = caller")
    b.emit("ts.depth -= 1")
    b.emit(f"caller.stack.append({value})")
    b.emit("return caller")


# -- calls -----------------------------------------------------------------------------------
#
# A call whose callable and arguments were pushed inside the block, with the
# NULL of a plain call below them, is split by the callable's type at run
# time: a guest function (or bound guest method) is entered as a frame, as
# CALL does; a host callable is called right here and its result flows on in a
# host local; anything else (classes, whose __init__ may be a guest frame) goes
# through the CALL handler.

def _call(b, handler, nargs, arg):
    resume = arg if handler is not B.CALL else arg[1]
    v = b.vstack
    if len(v) < nargs + 2 or v[-(nargs + 2)] != "NULL":
        return b.generic(handler, arg)
    args = v[len(v) - nargs:]
    fn = v[-(nargs + 1)]
    del v[len(v) - nargs - 2:]
    b.flushed(keep=(fn, *args))     # what lies below the call is on the real stack from here
    for name in (*reversed(args), fn):   # dropped callable first, then the arguments
        b.consume(name)
    b.scratch.add("fn")
    listed = ", ".join(args)
    b.uses.add("ts")
    b.emit(f"fn = {fn}")
    b.emit("ft = type(fn)")
    b.emit("if ft is Function:")
    b.emit(f"return enter_function(f, fn, [{listed}], {resume})", 1)
    b.emit("if ft is MethodType and type(fn.__func__) is Function:")
    b.emit(f"return enter_function(f, fn.__func__, [fn.__self__{', ' if args else ''}{listed}], {resume})", 1)
    t = b.temp()
    h = b.unit.value(handler, "h")
    a = b.unit.value(arg, "a")
    b.emit("if ft is type:")
    # A plain class with a guest __init__: the instance is made here and
    # __init__ entered as a frame, as CALL's _init_frame does.
    b.emit("init = fn.__init__", 1)
    b.emit("if type(init) is Function and fn.__new__ is object_new:", 1)
    b.emit(f"self = object_new(fn{', ' if args else ''}{listed})", 2)
    b.emit(f"callee = enter_function(f, init, [self{', ' if args else ''}{listed}], {resume})", 2)
    b.emit("callee.init_self = self", 2)
    b.emit("callee.special = True", 2)
    b.emit("return callee", 2)
    b.emit(f"stack += (NULL, fn{', ' if args else ''}{listed})", 1)
    b.emit(f"r = {h}(f, stack, {a})", 1)
    b.emit("if r is not None: return r", 1)
    b.emit(f"{t} = stack.pop()", 1)
    if nargs == 1:
        # next(generator) and generator.send(value): the generator's frame runs
        # in the eval loop (CALL_1 does the same).
        b.emit(f"elif fn is next_builtin and resumable_inline({listed}, None):")
        b.emit(f"return ({listed})._enter_inline(f, {resume}, {resume}, None, BY_CALL)", 1)
        b.emit("elif ft is MethodType and fn.__func__ is generator_send and "
               f"resumable_inline(fn.__self__, {listed}):")
        b.emit(f"return fn.__self__._enter_inline(f, {resume}, {resume}, {listed}, BY_CALL)", 1)
    b.emit("else:")
    b.emit(f"f.pc = {resume}", 1)
    b.emit(f"{t} = fn({listed})", 1)
    b.emit("if ts.tracing:", 1)
    b.emit(f"stack.append({t})", 2)
    b.emit("return f", 2)
    b.push(t)


@template(B.CALL_0)
def _call_0(b, resume):
    _call(b, B.CALL_0, 0, resume)


@template(B.CALL_1)
def _call_1(b, resume):
    _call(b, B.CALL_1, 1, resume)


@template(B.CALL)
def _call_n(b, arg):
    _call(b, B.CALL, arg[0], arg)
