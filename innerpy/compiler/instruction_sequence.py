"""What code generation produces: a flat sequence of instructions and labels.

3.12's compile.c emits into an `instr_sequence` of pseudo-instructions whose
jump arguments are label ids; flowgraph.c turns it into a control-flow graph.
Keeping this boundary explicit keeps codegen free of basic-block bookkeeping.

A location is a 4-tuple (lineno, end_lineno, col_offset, end_col_offset);
NO_LOCATION marks instructions that inherit a location later (3.12's
`NO_LOCATION`, resolved by `resolve_line_numbers`).
"""

from ..opcode_metadata import HAS_JUMP, HAS_EXC

NO_LOCATION = (-1, -1, -1, -1)


class Label:
    """A jump target (3.12's `jump_target_label`); bound to a position by `use_label`."""

    __slots__ = ("id",)

    def __init__(self, id):
        self.id = id

    def __repr__(self):
        return f"<Label {self.id}>"


class Instr:
    """One instruction of the sequence; `oparg` is a Label for jumps and block setups."""

    __slots__ = ("opcode", "oparg", "loc")

    def __init__(self, opcode, oparg, loc):
        self.opcode = opcode
        self.oparg = oparg
        self.loc = loc

    def __repr__(self):
        from ..opcode_metadata import INSTRUCTIONS
        return f"Instr({INSTRUCTIONS[self.opcode].name}, {self.oparg!r}, {self.loc})"


class InstructionSequence:
    """Instructions in emission order, with label positions (`instr_sequence`)."""

    __slots__ = ("instrs", "label_positions", "_next_label")

    def __init__(self):
        self.instrs = []
        self.label_positions = {}
        self._next_label = 0

    def new_label(self):
        label = Label(self._next_label)
        self._next_label += 1
        return label

    def use_label(self, label):
        """Bind `label` to the next instruction to be emitted (`_PyCompile_InstructionSequence_UseLabel`)."""
        self.label_positions[label.id] = len(self.instrs)

    def addop(self, opcode, oparg, loc):
        if (opcode in HAS_JUMP or opcode in HAS_EXC) != isinstance(oparg, Label):
            raise SystemError(f"jump instruction {opcode} needs a label, got {oparg!r}")
        self.instrs.append(Instr(opcode, oparg, loc))
