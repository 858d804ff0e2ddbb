"""The control-flow graph: optimisation, stack depth, jumps (Python/flowgraph.c).

Code generation hands over a flat instruction sequence with labels. Here it
becomes a list of basic blocks, each ending at a jump, a scope exit or a
label, and goes through 3.12's passes in 3.12's order:

    translate labels -> mark exception handlers -> label exception targets
    -> optimise (peepholes, jump threading, dead code) -> drop unused consts
    -> LOAD_FAST_CHECK where a local may be unbound -> cold blocks to the end
    -> resolve line numbers

and then, at assembly, stack depth, pseudo-instruction conversion and jump
offsets. Transformations that shrink code first replace instructions with
NOP; NOPs are removed afterwards where no line-number event is lost.
"""

from ..opcode_metadata import (
    INSTRUCTIONS, HAS_CONST, HAS_EXC, HAS_JUMP, SCOPE_EXITS, UNCONDITIONAL_JUMPS, opmap,
    cache_entries,
)
from ..objects.code import CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR
from .instruction_sequence import NO_LOCATION, Label

# Every opcode name (NOP, LOAD_CONST, JUMP, ...) as a module constant, so the
# passes below read like flowgraph.c.
globals().update(opmap)

HAS_TARGET = HAS_JUMP | HAS_EXC
# Instructions that may be reordered by apply_static_swaps: they cannot jump,
# raise or run arbitrary code, and only consume the top of the stack.
_SWAPPABLE = frozenset((STORE_FAST, STORE_FAST_MAYBE_NULL, POP_TOP))
TERMINATORS = SCOPE_EXITS | UNCONDITIONAL_JUMPS
# `IS_TERMINATOR_OPCODE`: any jump (conditional too) or scope exit ends a basic block.
BLOCK_ENDERS = SCOPE_EXITS | HAS_JUMP
MAX_COPY_SIZE = 4  # largest exit block copied into its predecessor


class CfgInstr:
    """An instruction inside a basic block (`cfg_instr`)."""

    __slots__ = ("opcode", "oparg", "loc", "target", "except_")

    def __init__(self, opcode, oparg, loc, target=None):
        self.opcode = opcode
        self.oparg = oparg
        self.loc = loc
        self.target = target      # basic block jumped to, for jumps and block pushes
        self.except_ = None       # handler block in force, from label_exception_targets

    def copy(self):
        new = CfgInstr(self.opcode, self.oparg, self.loc, self.target)
        new.except_ = self.except_
        return new

    def set_op(self, opcode, oparg=0):
        self.opcode = opcode
        self.oparg = oparg

    def __repr__(self):
        return f"<{INSTRUCTIONS[self.opcode].name} {self.oparg} line {self.loc[0]}>"


class BasicBlock:
    """A straight run of instructions (`basicblock`)."""

    __slots__ = ("instrs", "next", "label", "startdepth", "offset", "predecessors",
                 "visited", "except_handler", "preserve_lasti", "cold", "warm",
                 "exceptstack", "unsafe_locals")

    def __init__(self, label=-1):
        self.instrs = []
        self.next = None
        self.label = label
        self.startdepth = None
        self.offset = 0
        self.predecessors = 0
        self.visited = False
        self.except_handler = False
        self.preserve_lasti = False
        self.cold = False
        self.warm = False
        self.exceptstack = None
        self.unsafe_locals = 0

    @property
    def last(self):
        return self.instrs[-1] if self.instrs else None

    def exits_scope(self):
        return bool(self.instrs) and self.instrs[-1].opcode in SCOPE_EXITS

    def has_fallthrough(self):
        """`BB_HAS_FALLTHROUGH`: control may run off the end into `next`."""
        last = self.last
        return last is None or (last.opcode not in SCOPE_EXITS
                                and last.opcode not in UNCONDITIONAL_JUMPS)

    def __repr__(self):
        return f"<block {self.label} {self.instrs}>"


def instr_size(opcode, oparg):
    """Code units the instruction occupies: EXTENDED_ARGs, itself, its caches."""
    extended = (oparg > 0xFFFFFF) + (oparg > 0xFFFF) + (oparg > 0xFF)
    return extended + 1 + cache_entries(opcode)


class CFG:
    """The graph of one code unit (`cfg_builder`); blocks in layout order from `entry`."""

    def __init__(self, sequence):
        """Split the instruction sequence into blocks (`instr_sequence_to_cfg`)."""
        labels_at = {}
        for label_id, position in sequence.label_positions.items():
            labels_at.setdefault(position, []).append(label_id)
        self.entry = current = BasicBlock()
        self.label_map = {}
        for index, instr in enumerate(sequence.instrs + [None]):
            ids = labels_at.get(index)
            if ids:
                if current.instrs or current.label != -1:
                    block = BasicBlock(ids[0])
                    current.next = block
                    current = block
                else:
                    current.label = ids[0]
                for label_id in ids:
                    self.label_map[label_id] = current
            if instr is None:
                break
            if current.instrs and current.instrs[-1].opcode in BLOCK_ENDERS:
                block = BasicBlock()
                current.next = block
                current = block
            oparg = instr.oparg
            if isinstance(oparg, Label):
                oparg = oparg.id  # until jump offsets are resolved, as in flowgraph.c
            current.instrs.append(CfgInstr(instr.opcode, oparg, instr.loc))

    def blocks(self):
        block = self.entry
        while block is not None:
            yield block
            block = block.next

    def new_block(self):
        return BasicBlock()

    # -- preprocessing ----------------------------------------------------

    def translate_jump_labels_to_targets(self):
        for block in self.blocks():
            for instr in block.instrs:
                if instr.opcode in HAS_TARGET:
                    instr.target = self.label_map[instr.oparg]

    def check(self):
        """`check_cfg`: a terminator may only end a block."""
        for block in self.blocks():
            for instr in block.instrs[:-1]:
                if instr.opcode in BLOCK_ENDERS:
                    raise SystemError("malformed control flow graph.")

    def mark_except_handlers(self):
        for block in self.blocks():
            for instr in block.instrs:
                if instr.opcode in HAS_EXC:
                    instr.target.except_handler = True

    def label_exception_targets(self):
        """Give every instruction the handler in force where it runs.

        Walks the graph with a stack of handlers per path: SETUP_* pushes,
        POP_BLOCK pops. YIELD_VALUE's argument becomes the handler depth, as
        3.12 uses it to tell a yield inside a try block from one outside.
        """
        for block in self.blocks():
            block.visited = False
        todo = [self.entry]
        self.entry.visited = True
        self.entry.exceptstack = [None]
        while todo:
            block = todo.pop()
            stack = block.exceptstack
            block.exceptstack = None
            handler = stack[-1]
            for index, instr in enumerate(block.instrs):
                opcode = instr.opcode
                if opcode in HAS_EXC:
                    target = instr.target
                    if not target.visited:
                        target.exceptstack = list(stack)
                        target.visited = True
                        todo.append(target)
                    if opcode in (SETUP_WITH, SETUP_CLEANUP):
                        target.preserve_lasti = True
                    stack.append(target)
                    handler = target
                elif opcode == POP_BLOCK:
                    stack.pop()
                    handler = stack[-1]
                elif opcode in HAS_JUMP:
                    instr.except_ = handler
                    target = instr.target
                    if not target.visited:
                        target.exceptstack = list(stack) if block.has_fallthrough() else stack
                        target.visited = True
                        todo.append(target)
                else:
                    if opcode == YIELD_VALUE:
                        instr.oparg = len(stack) - 1
                    instr.except_ = handler
            following = block.next
            if block.has_fallthrough() and following is not None and not following.visited:
                following.exceptstack = stack
                following.visited = True
                todo.append(following)

    # -- optimisation -----------------------------------------------------

    def optimize(self, consts, const_cache):
        """`optimize_cfg`."""
        self.check()
        self.eliminate_empty_basic_blocks()
        for block in self.blocks():
            inline_small_exit_blocks(block)
        for block in self.blocks():
            optimize_basic_block(const_cache, block, consts)
        remove_redundant_nops_and_pairs(self.entry)
        for block in self.blocks():
            inline_small_exit_blocks(block)
        self.mark_reachable()
        for block in self.blocks():
            if block.predecessors == 0:
                block.instrs = []
        for block in self.blocks():
            remove_redundant_nops(block)
        self.eliminate_empty_basic_blocks()
        self.remove_redundant_jumps()

    def eliminate_empty_basic_blocks(self):
        for block in self.blocks():
            following = block.next
            while following is not None and not following.instrs:
                following = following.next
            block.next = following
        while self.entry is not None and not self.entry.instrs:
            self.entry = self.entry.next
        for block in self.blocks():
            for instr in block.instrs:
                if instr.opcode in HAS_TARGET:
                    target = instr.target
                    while not target.instrs:
                        target = target.next
                    instr.target = target

    def mark_reachable(self):
        for block in self.blocks():
            block.visited = False
            block.predecessors = 0
        self.entry.predecessors = 1
        stack = [self.entry]
        while stack:
            block = stack.pop()
            block.visited = True
            if block.next is not None and block.has_fallthrough():
                if not block.next.visited:
                    stack.append(block.next)
                block.next.predecessors += 1
            for instr in block.instrs:
                if instr.opcode in HAS_TARGET:
                    target = instr.target
                    if not target.visited:
                        stack.append(target)
                    target.predecessors += 1

    def remove_redundant_jumps(self):
        """A jump to the block that follows anyway becomes a NOP."""
        for block in self.blocks():
            last = block.last
            if last.opcode in UNCONDITIONAL_JUMPS and last.target is block.next:
                last.set_op(NOP)

    def remove_unused_consts(self, consts):
        """Drop constants nothing loads, keeping index 0 (a docstring may live there)."""
        if not consts:
            return
        used = {0}
        for block in self.blocks():
            for instr in block.instrs:
                if instr.opcode in HAS_CONST:
                    used.add(instr.oparg)
        if len(used) == len(consts):
            return
        kept = sorted(used)
        remap = {old: new for new, old in enumerate(kept)}
        consts[:] = [consts[i] for i in kept]
        for block in self.blocks():
            for instr in block.instrs:
                if instr.opcode in HAS_CONST:
                    instr.oparg = remap[instr.oparg]

    def add_checks_for_loads_of_uninitialized_variables(self, nlocals, nparams):
        """Turn LOAD_FAST into LOAD_FAST_CHECK where the local might be unbound.

        A data-flow pass over bit masks of possibly-unbound locals, for the
        first 64 locals; beyond that each block is judged on its own, as in
        3.12, to keep compilation linear.
        """
        if nlocals == 0:
            return
        if nlocals > 64:
            _fast_scan_many_locals(self.entry, nlocals)
            nlocals = 64
        for block in self.blocks():
            block.visited = False
            block.unsafe_locals = 0
        stack = []
        start_mask = 0
        for i in range(nparams, nlocals):
            start_mask |= 1 << i
        _maybe_push(self.entry, start_mask, stack)
        for block in self.blocks():
            _scan_block_for_locals(block, stack)
        while stack:
            block = stack.pop()
            block.visited = False
            _scan_block_for_locals(block, stack)

    def push_cold_blocks_to_end(self):
        """Move exception handlers (and what only they reach) after the hot code."""
        if self.entry.next is None:
            return
        self._mark_cold()
        for block in list(self.blocks()):
            if block.cold and block.has_fallthrough() and block.next is not None and block.next.warm:
                jump = self.new_block()
                jump.instrs.append(CfgInstr(JUMP, block.next.label, NO_LOCATION, block.next))
                jump.cold = True
                jump.next = block.next
                block.next = jump
        cold_head = cold_tail = None
        block = self.entry
        while block.next is not None:
            while block.next is not None and not block.next.cold:
                block = block.next
            if block.next is None:
                break
            end = block.next
            while end.next is not None and end.next.cold:
                end = end.next
            if cold_head is None:
                cold_head = block.next
            else:
                cold_tail.next = block.next
            cold_tail = end
            block.next = end.next
            end.next = None
        block.next = cold_head
        if cold_head is not None:
            self.remove_redundant_jumps()

    def _mark_cold(self):
        for block in self.blocks():
            block.visited = False
        stack = [self.entry]
        self.entry.visited = True
        while stack:
            block = stack.pop()
            block.warm = True
            following = block.next
            if following is not None and block.has_fallthrough() and not following.visited:
                following.visited = True
                stack.append(following)
            for instr in block.instrs:
                if instr.opcode in HAS_JUMP and not instr.target.visited:
                    instr.target.visited = True
                    stack.append(instr.target)
        for block in self.blocks():
            block.visited = False
        stack = [b for b in self.blocks() if b.except_handler]
        for block in stack:
            block.visited = True
        while stack:
            block = stack.pop()
            block.cold = True
            following = block.next
            if following is not None and block.has_fallthrough():
                if not following.warm and not following.visited:
                    following.visited = True
                    stack.append(following)
            for instr in block.instrs:
                if instr.opcode in HAS_JUMP:
                    target = instr.target
                    if not target.warm and not target.visited:
                        target.visited = True
                        stack.append(target)

    # -- line numbers (PEP 626) -------------------------------------------

    def resolve_line_numbers(self, firstlineno):
        self._duplicate_exits_without_lineno()
        self._propagate_line_numbers()
        self._guarantee_lineno_for_exits(firstlineno)

    def _duplicate_exits_without_lineno(self):
        """Give each exit block without a line its own copy, so it can inherit one.

        Predecessor counts are those left by `optimize` (3.12 does not recount
        here: blocks added since, like cold-path jumps, count as unreached).
        """
        for block in list(self.blocks()):
            last = block.last
            if last.opcode in HAS_JUMP:
                target = last.target
                if _is_exit_without_lineno(target) and target.predecessors > 1:
                    copy = self.new_block()
                    copy.instrs = [instr.copy() for instr in target.instrs]
                    copy.instrs[0].loc = last.loc
                    last.target = copy
                    target.predecessors -= 1
                    copy.predecessors = 1
                    copy.next = target.next
                    target.next = copy
        for block in self.blocks():
            following = block.next
            if block.has_fallthrough() and following is not None and block.instrs:
                if _is_exit_without_lineno(following):
                    following.instrs[0].loc = block.instrs[-1].loc

    def _propagate_line_numbers(self):
        for block in self.blocks():
            if not block.instrs:
                continue
            previous = NO_LOCATION
            for instr in block.instrs:
                if instr.loc[0] < 0:
                    instr.loc = previous
                else:
                    previous = instr.loc
            following = block.next
            if block.has_fallthrough() and following is not None and following.predecessors == 1:
                if following.instrs[0].loc[0] < 0:
                    following.instrs[0].loc = previous
            last = block.instrs[-1]
            if last.opcode in HAS_JUMP:
                target = last.target
                if target.predecessors == 1 and target.instrs[0].loc[0] < 0:
                    target.instrs[0].loc = previous

    def _guarantee_lineno_for_exits(self, firstlineno):
        lineno = firstlineno
        for block in self.blocks():
            if not block.instrs:
                continue
            last = block.instrs[-1]
            if last.loc[0] < 0:
                if last.opcode == RETURN_VALUE:
                    for instr in block.instrs:
                        instr.loc = (lineno,) + tuple(instr.loc[1:])
            else:
                lineno = last.loc[0]

    # -- assembly preparation ---------------------------------------------

    def stackdepth(self, code_flags):
        """The largest stack any path needs (`_PyCfg_Stackdepth`)."""
        for block in self.blocks():
            block.startdepth = None
        stack = []

        def push(block, depth):
            if block.startdepth is None:
                block.startdepth = depth
                stack.append(block)
            elif block.startdepth != depth:
                raise SystemError(f"inconsistent stack depth at block {block.label}: "
                                  f"{block.startdepth} != {depth}")

        push(self.entry, 1 if code_flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR) else 0)
        maxdepth = 0
        while stack:
            block = stack.pop()
            depth = block.startdepth
            following = block.next
            for instr in block.instrs:
                info = INSTRUCTIONS[instr.opcode]
                new_depth = depth + info.stack_effect(instr.oparg, False)
                if new_depth < 0:
                    raise SystemError(f"stack underflow at {info.name} in block {block.label}")
                maxdepth = max(maxdepth, new_depth)
                if instr.opcode in HAS_TARGET:
                    target_depth = depth + info.stack_effect(instr.oparg, True)
                    maxdepth = max(maxdepth, target_depth)
                    push(instr.target, target_depth)
                depth = new_depth
                if instr.opcode in TERMINATORS:
                    following = None
                    break
            if following is not None:
                push(following, depth)
        return maxdepth

    def convert_pseudo_ops(self):
        """Block setups vanish (the exception table replaces them); STORE_FAST_MAYBE_NULL stores."""
        for block in self.blocks():
            for instr in block.instrs:
                if instr.opcode in HAS_EXC or instr.opcode == POP_BLOCK:
                    instr.set_op(NOP)
                elif instr.opcode == STORE_FAST_MAYBE_NULL:
                    instr.opcode = STORE_FAST
        for block in self.blocks():
            remove_redundant_nops(block)

    def resolve_jumps(self):
        self._normalize_jumps()
        self._resolve_jump_offsets()

    def _normalize_jumps(self):
        """Pick forward/backward jump opcodes; backward conditional jumps become
        an inverted forward jump over an unconditional backward one."""
        for block in self.blocks():
            block.visited = False
        # Walk by `next` so that a block inserted below is normalised in turn.
        block = self.entry
        while block is not None:
            block.visited = True
            last = block.last
            if last is None or last.opcode not in HAS_JUMP:
                block = block.next
                continue
            forward = not last.target.visited
            if last.opcode == JUMP:
                last.opcode = JUMP_FORWARD if forward else JUMP_BACKWARD
            elif last.opcode == JUMP_NO_INTERRUPT:
                last.opcode = JUMP_FORWARD if forward else JUMP_BACKWARD_NO_INTERRUPT
            elif not forward and last.opcode in _REVERSED_JUMPS:
                backwards = self.new_block()
                backwards.instrs.append(CfgInstr(JUMP, last.target.label, last.loc, last.target))
                backwards.cold = block.cold
                last.opcode = _REVERSED_JUMPS[last.opcode]
                last.target = block.next
                backwards.next = block.next
                block.next = backwards
            block = block.next

    def _resolve_jump_offsets(self):
        """Jump arguments become distances in code units; repeat while EXTENDED_ARGs change sizes."""
        while True:
            total = 0
            for block in self.blocks():
                block.offset = total
                total += sum(instr_size(i.opcode, i.oparg) for i in block.instrs)
            changed = False
            for block in self.blocks():
                position = block.offset
                for instr in block.instrs:
                    size = instr_size(instr.opcode, instr.oparg)
                    position += size
                    if instr.opcode in HAS_JUMP:
                        target = instr.target.offset
                        instr.oparg = position - target if target < position else target - position
                        if instr_size(instr.opcode, instr.oparg) != size:
                            changed = True
            if not changed:
                return


_REVERSED_JUMPS = {
    POP_JUMP_IF_NOT_NONE: POP_JUMP_IF_NONE,
    POP_JUMP_IF_NONE: POP_JUMP_IF_NOT_NONE,
    POP_JUMP_IF_FALSE: POP_JUMP_IF_TRUE,
    POP_JUMP_IF_TRUE: POP_JUMP_IF_FALSE,
}


def _is_exit_without_lineno(block):
    if not block.exits_scope():
        return False
    return all(instr.loc[0] < 0 for instr in block.instrs)


def inline_small_exit_blocks(block):
    """A jump to a short block that returns or raises is replaced by a copy of it."""
    last = block.last
    if last is None or last.opcode not in UNCONDITIONAL_JUMPS:
        return False
    target = last.target
    if target.exits_scope() and len(target.instrs) <= MAX_COPY_SIZE:
        last.set_op(NOP)
        block.instrs.extend(instr.copy() for instr in target.instrs)
        return True
    return False


def remove_redundant_nops(block):
    """Drop NOPs that carry no line-number event of their own."""
    kept = []
    prev_lineno = -1
    instrs = block.instrs
    count = len(instrs)
    for index, instr in enumerate(instrs):
        lineno = instr.loc[0]
        if instr.opcode == NOP:
            if lineno < 0 or prev_lineno == lineno:
                continue
            if index < count - 1:
                following = instrs[index + 1]
                next_lineno = following.loc[0]
                if next_lineno == lineno:
                    continue
                if next_lineno < 0:
                    following.loc = instr.loc
                    continue
            else:
                following_block = block.next
                while following_block is not None and not following_block.instrs:
                    following_block = following_block.next
                if following_block is not None and lineno == following_block.instrs[0].loc[0]:
                    continue
        kept.append(instr)
        prev_lineno = lineno
    removed = count - len(kept)
    block.instrs = kept
    return removed


def remove_redundant_nops_and_pairs(entry):
    """Remove NOPs, and LOAD_CONST/COPY 1 immediately popped again."""
    done = False
    while not done:
        done = True
        instr = None
        block = entry
        while block is not None:
            remove_redundant_nops(block)
            if block.label != -1:
                instr = None
            for current in block.instrs:
                previous, instr = instr, current
                if current.opcode == POP_TOP and previous is not None:
                    if previous.opcode == LOAD_CONST or (previous.opcode == COPY and previous.oparg == 1):
                        previous.set_op(NOP)
                        current.set_op(NOP)
                        done = False
            if (instr is not None and instr.opcode in HAS_JUMP) or not block.has_fallthrough():
                instr = None
            block = block.next


def _jump_thread(instr, target, opcode):
    """Jump straight to where a jump's target jumps, if line events allow."""
    if (instr.loc[0] == target.loc[0] or target.loc[0] == -1) and instr.target is not target.target:
        instr.target = target.target
        instr.opcode = opcode
        return True
    return False


def optimize_basic_block(const_cache, block, consts):
    """3.12's peephole optimisations within one block (`optimize_basic_block`)."""
    instrs = block.instrs
    nop = CfgInstr(NOP, 0, NO_LOCATION)
    target = nop
    opcode = oparg = 0
    index = 0
    while index < len(instrs):
        instr = instrs[index]
        is_copy_of_load_const = opcode == LOAD_CONST and instr.opcode == COPY and instr.oparg == 1
        if not is_copy_of_load_const:
            opcode = instr.opcode
            oparg = instr.oparg
            target = instr.target.instrs[0] if opcode in HAS_TARGET else nop
        nextop = instrs[index + 1].opcode if index + 1 < len(instrs) else 0
        if opcode == LOAD_CONST:
            if nextop in (POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE):
                is_true = bool(consts[oparg])
                instr.set_op(NOP)
                if is_true == (nextop == POP_JUMP_IF_TRUE):
                    instrs[index + 1].opcode = JUMP
                else:
                    instrs[index + 1].set_op(NOP)
            elif nextop == IS_OP:
                jump_op = instrs[index + 2].opcode if index + 2 < len(instrs) else 0
                if consts[oparg] is None and jump_op in (POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE):
                    invert = instrs[index + 1].oparg
                    instr.set_op(NOP)
                    instrs[index + 1].set_op(NOP)
                    instrs[index + 2].opcode = (POP_JUMP_IF_NOT_NONE
                                                if invert ^ (jump_op == POP_JUMP_IF_FALSE)
                                                else POP_JUMP_IF_NONE)
            elif nextop == RETURN_VALUE:
                instr.set_op(NOP)
                index += 1
                instrs[index].set_op(RETURN_CONST, oparg)
        elif opcode == BUILD_TUPLE:
            if nextop == UNPACK_SEQUENCE and oparg == instrs[index + 1].oparg:
                if oparg == 1:
                    instr.set_op(NOP)
                    instrs[index + 1].set_op(NOP)
                    index += 1
                    continue
                if oparg in (2, 3):
                    instr.set_op(NOP)
                    instrs[index + 1].opcode = SWAP
                    index += 1
                    continue
            if index >= oparg:
                _fold_tuple_on_constants(const_cache, instrs, index - oparg, oparg, consts)
        elif opcode in (POP_JUMP_IF_NOT_NONE, POP_JUMP_IF_NONE, POP_JUMP_IF_FALSE,
                        POP_JUMP_IF_TRUE, JUMP):
            if target.opcode == JUMP:
                index -= _jump_thread(instr, target, instr.opcode)
        elif opcode == SWAP:
            if oparg == 1:
                instr.set_op(NOP)
            else:
                index = _swaptimize(instrs, index)
                _apply_static_swaps(instrs, index)
        elif opcode == PUSH_NULL:
            if nextop == LOAD_GLOBAL and (instrs[index + 1].oparg & 1) == 0:
                instr.set_op(NOP)
                instrs[index + 1].oparg |= 1
        index += 1


def _fold_tuple_on_constants(const_cache, instrs, start, n, consts):
    """LOAD_CONST c1 .. LOAD_CONST cn; BUILD_TUPLE n  ->  LOAD_CONST (c1, .., cn)."""
    for instr in instrs[start:start + n]:
        if instr.opcode != LOAD_CONST:
            return
    value = tuple(consts[instr.oparg] for instr in instrs[start:start + n])
    value = const_cache.merge(value)
    for index, existing in enumerate(consts):
        if existing is value:
            break
    else:
        index = len(consts)
        consts.append(value)
    for instr in instrs[start:start + n]:
        instr.set_op(NOP)
    instrs[start + n].set_op(LOAD_CONST, index)


def _swaptimize(instrs, start):
    """Replace a run of SWAPs and NOPs with the shortest run of SWAPs of the same effect."""
    depth = instrs[start].oparg
    length = 1
    more = False
    limit = len(instrs) - start
    while length < limit:
        opcode = instrs[start + length].opcode
        if opcode == SWAP:
            depth = max(depth, instrs[start + length].oparg)
            more = True
        elif opcode != NOP:
            break
        length += 1
    if not more:
        return start
    stack = list(range(depth))
    for instr in instrs[start:start + length]:
        if instr.opcode == SWAP:
            top = stack[0]
            stack[0] = stack[instr.oparg - 1]
            stack[instr.oparg - 1] = top
    current = length - 1
    visited = -1
    for i in range(depth):
        if stack[i] == visited or stack[i] == i:
            continue
        j = i
        while True:
            if j:
                instrs[start + current].set_op(SWAP, j + 1)
                current -= 1
            if stack[j] == visited:
                break
            next_j = stack[j]
            stack[j] = visited
            j = next_j
    while current >= 0:
        instrs[start + current].set_op(NOP)
        current -= 1
    return start + length - 1


def _stores_to(instr):
    return instr.oparg if instr.opcode in (STORE_FAST, STORE_FAST_MAYBE_NULL) else -1


def _next_swappable_instruction(instrs, i, lineno):
    while True:
        i += 1
        if i >= len(instrs):
            return -1
        instr = instrs[i]
        if lineno >= 0 and instr.loc[0] != lineno:
            return -1
        if instr.opcode == NOP:
            continue
        if instr.opcode in _SWAPPABLE:
            return i
        return -1


def _apply_static_swaps(instrs, i):
    """SWAP 2; POP_TOP; STORE_FAST x  ->  NOP; STORE_FAST x; POP_TOP: swap instructions, not values."""
    while i >= 0:
        swap = instrs[i]
        if swap.opcode != SWAP:
            if swap.opcode == NOP or swap.opcode in _SWAPPABLE:
                i -= 1
                continue
            return
        j = _next_swappable_instruction(instrs, i, -1)
        if j < 0:
            return
        k = j
        lineno = instrs[j].loc[0]
        for _ in range(swap.oparg - 1):
            k = _next_swappable_instruction(instrs, k, lineno)
            if k < 0:
                return
        store_j, store_k = _stores_to(instrs[j]), _stores_to(instrs[k])
        if store_j >= 0 or store_k >= 0:
            if store_j == store_k:
                return
            for idx in range(j + 1, k):
                store_idx = _stores_to(instrs[idx])
                if store_idx >= 0 and store_idx in (store_j, store_k):
                    return
        swap.set_op(NOP)
        instrs[j], instrs[k] = instrs[k], instrs[j]
        i -= 1


def _maybe_push(block, unsafe_mask, stack):
    both = block.unsafe_locals | unsafe_mask
    if block.unsafe_locals != both:
        block.unsafe_locals = both
        if not block.visited:
            stack.append(block)
            block.visited = True


def _scan_block_for_locals(block, stack):
    unsafe = block.unsafe_locals
    for instr in block.instrs:
        if instr.except_ is not None:
            _maybe_push(instr.except_, unsafe, stack)
        oparg = instr.oparg
        if not isinstance(oparg, int) or oparg >= 64:
            continue
        opcode = instr.opcode
        bit = 1 << oparg
        if opcode in (DELETE_FAST, LOAD_FAST_AND_CLEAR, STORE_FAST_MAYBE_NULL):
            unsafe |= bit
        elif opcode == STORE_FAST or opcode == LOAD_FAST_CHECK:
            unsafe &= ~bit
        elif opcode == LOAD_FAST:
            if unsafe & bit:
                instr.opcode = LOAD_FAST_CHECK
            unsafe &= ~bit
    if block.next is not None and block.has_fallthrough():
        _maybe_push(block.next, unsafe, stack)
    last = block.last
    if last is not None and last.opcode in HAS_JUMP:
        _maybe_push(last.target, unsafe, stack)


def _fast_scan_many_locals(entry, nlocals):
    """Locals past the 64th: known bound only after a load or store in the same block."""
    states = [0] * (nlocals - 64)
    blocknum = 0
    block = entry
    while block is not None:
        blocknum += 1
        for instr in block.instrs:
            arg = instr.oparg
            if not isinstance(arg, int) or arg < 64:
                continue
            opcode = instr.opcode
            if opcode in (DELETE_FAST, LOAD_FAST_AND_CLEAR, STORE_FAST_MAYBE_NULL):
                states[arg - 64] = blocknum - 1
            elif opcode == STORE_FAST:
                states[arg - 64] = blocknum
            elif opcode == LOAD_FAST:
                if states[arg - 64] != blocknum:
                    instr.opcode = LOAD_FAST_CHECK
                states[arg - 64] = blocknum
        block = block.next


def optimize_code_unit(cfg, consts, const_cache, code_flags, nlocals, nparams, firstlineno):
    """`_PyCfg_OptimizeCodeUnit`: everything between codegen and assembly."""
    cfg.translate_jump_labels_to_targets()
    cfg.mark_except_handlers()
    cfg.label_exception_targets()
    cfg.optimize(consts, const_cache)
    cfg.remove_unused_consts(consts)
    cfg.add_checks_for_loads_of_uninitialized_variables(nlocals, nparams)
    cfg.push_cold_blocks_to_end()
    cfg.resolve_line_numbers(firstlineno)
