"""Assigning `frame.f_lineno` from a trace function: debugger jumps (3.12's `frame_setlineno`).

A debugger (pdb's `jump`) moves a frame to another line by assigning
`f_lineno` while its trace function handles an event of that frame. The jump
is only safe when the value stack at the target can be made out of the
stack at the current instruction by popping values, so 3.12 models the stack
of every instruction with a small abstract interpretation of the bytecode:
each entry is one *kind* (an iterator, a handled exception, a plain object,
a NULL, a saved `lasti`), and a jump is allowed when the target's stack is a
prefix of the current one, kind for kind. Jumping out of a `for` loop pops
its iterator; out of an `except` block, the exception it handles (restoring
the one handled before). Jumping into a loop body or a handler is refused
with 3.12's messages.

The model packs a stack into an int, three bits per entry, the top in the
low bits, as CPython's does: which instruction of the target line is chosen
(the one whose stack compares greatest) and which stacks count as too deep
to analyse depend on that encoding, and innerpy must choose the same.

Where the events come from: `vm/tracing.py` records, on the traced frame,
which event its trace (or profile) function is handling; only 'line' events,
the 'call' event of a resumed generator and the 'return' event of a yield
allow a jump, as 3.12's monitoring events LINE/JUMP/BRANCH, PY_RESUME and
PY_YIELD do. (CPython keeps the event on the thread state, so a trace
function may move another frame than the one the event is for; innerpy
keeps it on the frame and refuses that as it refuses any jump outside a
trace function.)
"""

from ..objects.code import CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR, parse_exception_table
from ..opcode_metadata import HAS_ARG, opmap, stack_effect
from .decode import NULL

# Kinds of stack entries (0 marks "no entry": the stack is empty below).
ITERATOR, EXCEPT, OBJECT, NULL_KIND, LASTI = 1, 2, 3, 4, 5

_BITS = 3
_MASK = (1 << _BITS) - 1
EMPTY = 0
UNINITIALIZED = -2      # not reached by the analysis: unreachable code, or not yet seen
OVERFLOWED = -1         # deeper than an int64 of 3-bit entries holds
_MAX_ENTRIES = 63 // _BITS
_WILL_OVERFLOW = 1 << ((_MAX_ENTRIES - 1) * _BITS)

# Events a trace function may jump from, and the refusal for the others.
JUMP_EVENTS = frozenset({"line", "resume", "yield"})
_REFUSALS = {
    "start": "can't jump from the 'call' trace event of a new frame",
    "c_call": "can't jump during a call",
    "c_return": "can't jump during a call",
}
_NOT_A_LINE_EVENT = "can only jump from a 'line' trace event"


def push(stack, kind):
    if stack < 0 or stack >= _WILL_OVERFLOW:
        return OVERFLOWED
    return (stack << _BITS) | kind


def pop(stack):
    return stack >> _BITS        # arithmetic: OVERFLOWED stays OVERFLOWED


def top(stack):
    return stack & _MASK


def peek(stack, n):
    """The kind `n` entries down (1 is the top)."""
    return (stack >> ((n - 1) * _BITS)) & _MASK


def swap(stack, n):
    """SWAP n: exchange the top entry with the n-th."""
    if stack < 0:
        return stack
    shift = (n - 1) * _BITS
    deep, high = peek(stack, n), top(stack)
    stack = (stack & ~(_MASK << shift)) | (high << shift)
    return (stack & ~_MASK) | deep


def pop_to_level(stack, level):
    """The stack cut down to `level` entries, as an exception handler sees it."""
    if stack < 0:
        return stack
    while depth(stack) > level:
        stack = pop(stack)
    return stack


def depth(stack):
    n = 0
    while stack > 0:
        stack = pop(stack)
        n += 1
    return n


_OP = {name: opmap[name] for name in (
    "POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE", "POP_JUMP_IF_NONE", "POP_JUMP_IF_NOT_NONE",
    "SEND", "JUMP_FORWARD", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "GET_ITER",
    "GET_AITER", "FOR_ITER", "END_ASYNC_FOR", "PUSH_EXC_INFO", "POP_EXCEPT", "RETURN_VALUE",
    "RETURN_CONST", "RAISE_VARARGS", "RERAISE", "PUSH_NULL", "LOAD_GLOBAL", "LOAD_ATTR",
    "CALL", "SWAP", "COPY")}
_CONDITIONAL = {_OP[name] for name in ("POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE",
                                       "POP_JUMP_IF_NONE", "POP_JUMP_IF_NOT_NONE")}
_BACKWARD = {_OP["JUMP_BACKWARD"], _OP["JUMP_BACKWARD_NO_INTERRUPT"]}
_ENDS_BLOCK = {_OP[name] for name in ("RETURN_VALUE", "RETURN_CONST", "RAISE_VARARGS", "RERAISE")}


def _after(opcode, oparg, stack):
    """The stack after an instruction that falls through to the next one (its jump aside)."""
    if opcode in _CONDITIONAL:
        return pop(stack)
    if opcode == _OP["GET_ITER"] or opcode == _OP["GET_AITER"]:
        return push(pop(stack), ITERATOR)
    if opcode == _OP["FOR_ITER"]:
        return push(stack, OBJECT)
    if opcode == _OP["END_ASYNC_FOR"]:
        return pop(pop(stack))
    if opcode == _OP["PUSH_EXC_INFO"]:
        return push(stack, EXCEPT)
    if opcode == _OP["POP_EXCEPT"]:
        return pop(stack)
    if opcode == _OP["PUSH_NULL"]:
        return push(stack, NULL_KIND)
    if opcode == _OP["LOAD_GLOBAL"]:
        if oparg & 1:
            stack = push(stack, NULL_KIND)
        return push(stack, OBJECT)
    if opcode == _OP["LOAD_ATTR"]:
        if oparg & 1:      # a method load: NULL or the method, then self or the bound attribute
            stack = push(push(pop(stack), NULL_KIND), OBJECT)
        return stack
    if opcode == _OP["CALL"]:
        for _ in range(oparg + 2):
            stack = pop(stack)
        return push(stack, OBJECT)
    if opcode == _OP["SWAP"]:
        return swap(stack, oparg)
    if opcode == _OP["COPY"]:
        return push(stack, peek(stack, oparg))
    delta = stack_effect(opcode, oparg if opcode in HAS_ARG else None)
    while delta < 0:
        stack = pop(stack)
        delta += 1
    while delta > 0:
        stack = push(stack, OBJECT)
        delta -= 1
    return stack


def mark_stacks(code, scanned):
    """The modelled stack before each code unit of `code` (`mark_stacks`).

    `scanned` is decode._scan's view of co_code. Units inside an instruction
    (its EXTENDED_ARG prefixes) share its stack; cache units stay
    UNINITIALIZED, as do unreachable instructions. Exception handlers get
    their stack from the first instruction they cover: cut to the handler's
    depth, then the saved lasti if any, then the exception."""
    units = len(code.co_code) // 2
    stacks = [UNINITIALIZED] * (units + 1)
    stacks[0] = EMPTY
    if code.co_flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR):
        stacks[0] = push(EMPTY, OBJECT)    # a generator starts with the None it is sent
    table = parse_exception_table(code.co_exceptiontable)
    todo = True
    while todo:
        todo = False
        for first, unit, opcode, oparg, nxt in scanned:
            stack = stacks[first]
            for prefix in range(first + 1, unit + 1):
                stacks[prefix] = stack
            if stack == UNINITIALIZED:
                continue
            if opcode in _BACKWARD:
                target = nxt - oparg
                if stacks[target] == UNINITIALIZED and target < unit:
                    todo = True
                stacks[target] = stack
            elif opcode == _OP["JUMP_FORWARD"]:
                stacks[nxt + oparg] = stack
            elif opcode in _ENDS_BLOCK:
                pass
            else:
                after = _after(opcode, oparg, stack)
                stacks[nxt] = after
                if opcode in _CONDITIONAL or opcode == _OP["FOR_ITER"]:
                    stacks[nxt + oparg] = after
                elif opcode == _OP["SEND"]:
                    stacks[nxt + oparg] = stack
        for start, _, handler, level, lasti in table:
            if stacks[start] != UNINITIALIZED and stacks[handler] == UNINITIALIZED:
                todo = True
                stack = pop_to_level(stacks[start], level)
                if lasti:
                    stack = push(stack, LASTI)
                stacks[handler] = push(stack, EXCEPT)
    return stacks


def compatible_kind(have, want):
    if want == 0:
        return False
    if want == OBJECT:
        return have != NULL_KIND
    if want == NULL_KIND:
        return True
    return have == want


def compatible_stack(current, target):
    """Whether popping entries off `current` can give `target`."""
    if current < 0 or target < 0:
        return False
    while current > target:
        current = pop(current)
    while current:
        if not compatible_kind(top(current), top(target)):
            return False
        current = pop(current)
        target = pop(target)
    return target == 0


def explain_incompatible_stack(target):
    if target == OVERFLOWED:
        return "stack is too deep to analyze"
    if target == UNINITIALIZED:
        return "can't jump into an exception handler, or code may be unreachable"
    kind = top(target)
    if kind == EXCEPT:
        return "can't jump into an 'except' block as there's no exception"
    if kind == LASTI:
        return "can't jump into a re-raising block as there's no location"
    if kind == ITERATOR:
        return "can't jump into the body of a for loop"
    return "incompatible stacks"


def line_starts(code):
    """Per code unit: the line that starts there, or -1 (`marklines`)."""
    starts = [-1] * (len(code.co_code) // 2)
    last = -1
    for start, _, line in code.co_lines():
        if line is not None and line != last:
            starts[start // 2] = line
            last = line
    return starts


def set_lineno(frame, value):
    """`frame.f_lineno = value` (`frame_setlineno`): validate, pick the target, fix up the frame.

    On success the frame's value stack is popped down to the target's, each
    popped exception of an `except` block restoring the one handled before
    it, and the tracing loop is told (`extra["jump"]`) where to go on; a
    yield event pops below the value being yielded, which the yield takes,
    and tells where the generator resumes."""
    if type(value) is not int:
        raise ValueError("lineno must be an integer")
    extra = frame._get_extra()
    event = extra["event"]
    if event is None:
        raise ValueError("f_lineno can only be set in a trace function")
    if event not in JUMP_EVENTS:
        raise ValueError(_REFUSALS.get(event, _NOT_A_LINE_EVENT))
    if not -2**31 <= value < 2**31:
        raise ValueError("lineno out of range")
    code = frame.code
    if value < code.co_firstlineno:
        raise ValueError(f"line {value} comes before the current code block")
    starts = line_starts(code)
    new_line = min((line for line in starts if line >= value), default=-1)
    if new_line < 0:
        raise ValueError(f"line {value} comes after the current code block")

    from .decode import _scan
    scanned, _ = _scan(code.co_code)
    stacks = mark_stacks(code, scanned)
    decoded = frame.decoded
    current = stacks[decoded.offsets[frame.pc - 1]]
    best_stack, best_unit = OVERFLOWED, -1
    refused = None           # the reason, once a candidate was refused for its stack
    message = "cannot find bytecode for specified line"
    for unit, line in enumerate(starts):
        if line != new_line:
            continue
        target = stacks[unit]
        if compatible_stack(current, target):
            if target > best_stack:
                best_stack, best_unit = target, unit
        elif refused is None and best_unit < 0:
            if current == OVERFLOWED:
                message = "stack to deep to analyze"
            elif current == UNINITIALIZED:
                message = "can't jump from unreachable code"
            else:
                message = refused = explain_incompatible_stack(target)
    if best_unit < 0:
        raise ValueError(message)

    stack = frame.stack
    if depth(current) != len(stack):
        raise SystemError(f"f_lineno: the stack model ({depth(current)} entries) "
                          f"disagrees with the frame ({len(stack)} values)")
    _bind_unbound_locals(frame)
    yielded = ()
    if event == "yield":
        yielded = (stack.pop(),)
        current = pop(current)
    while current > best_stack:
        popped = stack.pop()
        if top(current) == EXCEPT:
            frame.tstate.exc_info.value = popped
        current = pop(current)
    stack.extend(yielded)
    index = next(i for i, (first, unit, *_) in enumerate(scanned) if first <= best_unit <= unit)
    frame.pc = index + 1
    extra["jump"] = index
    if event == "yield":
        first, unit, _, _, nxt = scanned[index]
        if first == unit and nxt == unit + 1:
            # 3.12 resumes a generator *after* the instruction it records, so a
            # jump chosen at a yield skips the target's first instruction, the
            # value sent in standing in for what it would have pushed. (Were that
            # instruction longer than a code unit, CPython would run its inline
            # caches or its argument as code; innerpy resumes at the target.)
            extra["jump"] = index + 1


def _bind_unbound_locals(frame):
    """Bind every unbound local to None, after a RuntimeWarning, as 3.12 does.

    The target may read a local the skipped code would have bound; the
    compiler may have "proven" it bound there and emitted a LOAD_FAST that
    does not check."""
    fast = frame.fastlocals
    unbound = sum(1 for value in fast if value is NULL)
    if not unbound:
        return
    from ..objects.generator import guest_warn
    guest_warn(f"assigning None to {unbound} unbound local{'' if unbound == 1 else 's'}",
               RuntimeWarning)
    for i, value in enumerate(fast):
        if value is NULL:
            fast[i] = None
