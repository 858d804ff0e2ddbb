"""The one instruction table: every 3.12 instruction, written once.

CPython 3.12 describes each instruction once, in Python/bytecodes.c, with
its stack signature `(inputs -- outputs)` and inline cache size, and
generates from that both the interpreter and the metadata the compiler uses
(opcode_metadata.h, Lib/opcode.py). innerpy does the same with this table:
the compiler (stack depth, jump and argument kinds), the assembler (cache
entries), `innerpy.dis` and the VM (handler registry, checked stack
discipline) all read it, so no fact about an instruction is written twice.

Each row gives number, name, inline cache entries, the stack signature in
bytecodes.c notation, and flags. A signature item is `name` (one slot),
`name[expr]` (expr slots) or `name if (expr)` (one slot when expr holds);
expressions are in terms of `oparg`. Pseudo-instructions (numbers >= 256)
exist only inside the compiler and are replaced before assembly; their row
may add `jump(inputs -- outputs)` for the stack at the jump target.

Flags:
    arg      the instruction takes an argument (3.12's `hasarg`)
    const    the argument indexes co_consts      (`hasconst`)
    name     the argument indexes co_names       (`hasname`)
    jump     the argument is a relative jump     (`hasjrel`)
    local    the argument indexes fast locals    (`haslocal`)
    free     the argument indexes cells/frees    (`hasfree`)
    compare  the argument is a comparison        (`hascompare`)
    exc      a block-setup pseudo-instruction    (`hasexc`)
    uncond   an unconditional jump
    exit     leaves the code object or raises: nothing falls through
    internal never emitted by the compiler (CACHE, instrumented forms, ...)
"""

HAVE_ARGUMENT = 90
EXTENDED_ARG = 144
MIN_INSTRUMENTED_OPCODE = 237
MIN_PSEUDO_OPCODE = 256

_TABLE = """
0   CACHE                       0  ( -- )                                   internal
1   POP_TOP                     0  (value -- )
2   PUSH_NULL                   0  ( -- res)
3   INTERPRETER_EXIT            0  (retval -- )                             internal exit
4   END_FOR                     0  (second, first -- )
5   END_SEND                    0  (receiver, value -- value)
9   NOP                         0  ( -- )
11  UNARY_NEGATIVE              0  (value -- res)
12  UNARY_NOT                   0  (value -- res)
15  UNARY_INVERT                0  (value -- res)
17  RESERVED                    0  ( -- )                                   internal
25  BINARY_SUBSCR               1  (container, sub -- res)
26  BINARY_SLICE                0  (container, start, stop -- res)
27  STORE_SLICE                 0  (v, container, start, stop -- )
30  GET_LEN                     0  (obj -- obj, len_o)
31  MATCH_MAPPING               0  (subject -- subject, res)
32  MATCH_SEQUENCE              0  (subject -- subject, res)
33  MATCH_KEYS                  0  (subject, keys -- subject, keys, values_or_none)
35  PUSH_EXC_INFO               0  (new_exc -- prev_exc, new_exc)
36  CHECK_EXC_MATCH             0  (left, right -- left, b)
37  CHECK_EG_MATCH              0  (exc_value, match_type -- rest, match)
49  WITH_EXCEPT_START           0  (exit_func, lasti, unused, val -- exit_func, lasti, unused, val, res)
50  GET_AITER                   0  (obj -- iter)
51  GET_ANEXT                   0  (aiter -- aiter, awaitable)
52  BEFORE_ASYNC_WITH           0  (mgr -- exit, res)
53  BEFORE_WITH                 0  (mgr -- exit, res)
54  END_ASYNC_FOR               0  (awaitable, exc -- )
55  CLEANUP_THROW               0  (sub_iter, last_sent_val, exc_value -- none, value)
60  STORE_SUBSCR                1  (v, container, sub -- )
61  DELETE_SUBSCR               0  (container, sub -- )
68  GET_ITER                    0  (iterable -- iter)
69  GET_YIELD_FROM_ITER         0  (iterable -- iter)
71  LOAD_BUILD_CLASS            0  ( -- bc)
74  LOAD_ASSERTION_ERROR        0  ( -- value)
75  RETURN_GENERATOR            0  ( -- )
83  RETURN_VALUE                0  (retval -- )                             exit
85  SETUP_ANNOTATIONS           0  ( -- )
87  LOAD_LOCALS                 0  ( -- locals)
89  POP_EXCEPT                  0  (exc_value -- )
90  STORE_NAME                  0  (v -- )                                  arg name
91  DELETE_NAME                 0  ( -- )                                   arg name
92  UNPACK_SEQUENCE             1  (seq -- values[oparg])                   arg
93  FOR_ITER                    1  (iter -- iter, next)                     arg jump
94  UNPACK_EX                   0  (seq -- left[oparg & 0xFF], mid, right[oparg >> 8])  arg
95  STORE_ATTR                  4  (v, owner -- )                           arg name
96  DELETE_ATTR                 0  (owner -- )                              arg name
97  STORE_GLOBAL                0  (v -- )                                  arg name
98  DELETE_GLOBAL               0  ( -- )                                   arg name
99  SWAP                        0  (bottom, unused[oparg-2], top -- top, unused[oparg-2], bottom)  arg
100 LOAD_CONST                  0  ( -- value)                              arg const
101 LOAD_NAME                   0  ( -- v)                                  arg name
102 BUILD_TUPLE                 0  (values[oparg] -- tup)                   arg
103 BUILD_LIST                  0  (values[oparg] -- list)                  arg
104 BUILD_SET                   0  (values[oparg] -- set)                   arg
105 BUILD_MAP                   0  (values[oparg*2] -- map)                 arg
106 LOAD_ATTR                   9  (owner -- res2 if (oparg & 1), res)      arg name
107 COMPARE_OP                  1  (left, right -- res)                     arg compare
108 IMPORT_NAME                 0  (level, fromlist -- res)                 arg name
109 IMPORT_FROM                 0  (from -- from, res)                      arg name
110 JUMP_FORWARD                0  ( -- )                                   arg jump uncond
114 POP_JUMP_IF_FALSE           0  (cond -- )                               arg jump
115 POP_JUMP_IF_TRUE            0  (cond -- )                               arg jump
116 LOAD_GLOBAL                 4  ( -- null if (oparg & 1), v)             arg name
117 IS_OP                       0  (left, right -- b)                       arg
118 CONTAINS_OP                 0  (left, right -- b)                       arg
119 RERAISE                     0  (values[oparg], exc -- values[oparg])    arg exit
120 COPY                        0  (bottom, unused[oparg-1] -- bottom, unused[oparg-1], top)  arg
121 RETURN_CONST                0  ( -- )                                   arg const exit
122 BINARY_OP                   1  (lhs, rhs -- res)                        arg
123 SEND                        1  (receiver, v -- receiver, retval)        arg jump
124 LOAD_FAST                   0  ( -- value)                              arg local
125 STORE_FAST                  0  (value -- )                              arg local
126 DELETE_FAST                 0  ( -- )                                   arg local
127 LOAD_FAST_CHECK             0  ( -- value)                              arg local
128 POP_JUMP_IF_NOT_NONE        0  (value -- )                              arg jump
129 POP_JUMP_IF_NONE            0  (value -- )                              arg jump
130 RAISE_VARARGS               0  (args[oparg] -- )                        arg exit
131 GET_AWAITABLE               0  (iterable -- iter)                       arg
132 MAKE_FUNCTION               0  (defaults if (oparg & 1), kwdefaults if (oparg & 2), annotations if (oparg & 4), closure if (oparg & 8), codeobj -- func)  arg
133 BUILD_SLICE                 0  (start, stop, step if (oparg == 3) -- slice)  arg
134 JUMP_BACKWARD_NO_INTERRUPT  0  ( -- )                                   arg jump uncond
135 MAKE_CELL                   0  ( -- )                                   arg free
136 LOAD_CLOSURE                0  ( -- value)                              arg free
137 LOAD_DEREF                  0  ( -- value)                              arg free
138 STORE_DEREF                 0  (v -- )                                  arg free
139 DELETE_DEREF                0  ( -- )                                   arg free
140 JUMP_BACKWARD               0  ( -- )                                   arg jump uncond
141 LOAD_SUPER_ATTR             1  (global_super, class, self -- res2 if (oparg & 1), res)  arg name
142 CALL_FUNCTION_EX            0  (unused, func, callargs, kwargs if (oparg & 1) -- result)  arg
143 LOAD_FAST_AND_CLEAR         0  ( -- value)                              arg local
144 EXTENDED_ARG                0  ( -- )                                   arg
145 LIST_APPEND                 0  (list, unused[oparg-1], v -- list, unused[oparg-1])  arg
146 SET_ADD                     0  (set, unused[oparg-1], v -- set, unused[oparg-1])    arg
147 MAP_ADD                     0  (key, value -- )                         arg
149 COPY_FREE_VARS              0  ( -- )                                   arg
150 YIELD_VALUE                 0  (retval -- unused)                       arg
151 RESUME                      0  ( -- )                                   arg
152 MATCH_CLASS                 0  (subject, type, names -- attrs)          arg
155 FORMAT_VALUE                0  (value, fmt_spec if ((oparg & 4) == 4) -- result)  arg
156 BUILD_CONST_KEY_MAP         0  (values[oparg], keys -- map)             arg
157 BUILD_STRING                0  (pieces[oparg] -- str)                   arg
162 LIST_EXTEND                 0  (list, unused[oparg-1], iterable -- list, unused[oparg-1])  arg
163 SET_UPDATE                  0  (set, unused[oparg-1], iterable -- set, unused[oparg-1])    arg
164 DICT_MERGE                  0  (update -- )                             arg
165 DICT_UPDATE                 0  (update -- )                             arg
171 CALL                        3  (method, callable, args[oparg] -- res)   arg
172 KW_NAMES                    0  ( -- )                                   arg const
173 CALL_INTRINSIC_1            0  (value -- res)                           arg
174 CALL_INTRINSIC_2            0  (value2, value1 -- res)                  arg
175 LOAD_FROM_DICT_OR_GLOBALS   0  (mod_or_class_dict -- v)                 arg name
176 LOAD_FROM_DICT_OR_DEREF     0  (class_dict -- value)                    arg free
237 INSTRUMENTED_LOAD_SUPER_ATTR       0  (global_super, class, self -- res2 if (oparg & 1), res)  arg internal
238 INSTRUMENTED_POP_JUMP_IF_NONE      0  ( -- )                            arg internal
239 INSTRUMENTED_POP_JUMP_IF_NOT_NONE  0  ( -- )                            arg internal
240 INSTRUMENTED_RESUME                0  ( -- )                            arg internal
241 INSTRUMENTED_CALL                  0  ( -- )                            arg internal
242 INSTRUMENTED_RETURN_VALUE          0  (retval -- )                      arg internal exit
243 INSTRUMENTED_YIELD_VALUE           0  (retval -- unused)                arg internal
244 INSTRUMENTED_CALL_FUNCTION_EX      0  ( -- )                            arg internal
245 INSTRUMENTED_JUMP_FORWARD          0  ( -- )                            arg internal
246 INSTRUMENTED_JUMP_BACKWARD         0  ( -- )                            arg internal
247 INSTRUMENTED_RETURN_CONST          0  ( -- )                            arg internal exit
248 INSTRUMENTED_FOR_ITER              0  ( -- )                            arg internal
249 INSTRUMENTED_POP_JUMP_IF_FALSE     0  ( -- )                            arg internal
250 INSTRUMENTED_POP_JUMP_IF_TRUE      0  ( -- )                            arg internal
251 INSTRUMENTED_END_FOR               0  (receiver, value -- )             arg internal
252 INSTRUMENTED_END_SEND              0  (receiver, value -- value)        arg internal
253 INSTRUMENTED_INSTRUCTION           0  ( -- )                            arg internal
254 INSTRUMENTED_LINE                  0  (?)                               arg internal
256 SETUP_FINALLY               0  ( -- ) jump( -- exc)                     exc
257 SETUP_CLEANUP               0  ( -- ) jump( -- lasti, exc)              exc
258 SETUP_WITH                  0  ( -- ) jump( -- exc)                     exc
259 POP_BLOCK                   0  ( -- )
260 JUMP                        0  ( -- )                                   arg jump uncond
261 JUMP_NO_INTERRUPT           0  ( -- )                                   arg jump uncond
262 LOAD_METHOD                 0  (owner -- meth, self_or_null)            arg name
263 LOAD_SUPER_METHOD           0  (global_super, class, self -- meth, self_or_null)  arg name
264 LOAD_ZERO_SUPER_METHOD      0  (global_super, class, self -- meth, self_or_null)  arg name
265 LOAD_ZERO_SUPER_ATTR        0  (global_super, class, self -- res)       arg name
266 STORE_FAST_MAYBE_NULL       0  (value -- )                              arg local
"""

# Names of BINARY_OP's argument values, in 3.12's NB_* order, with their symbols.
BINARY_OPS = (
    ("NB_ADD", "+"), ("NB_AND", "&"), ("NB_FLOOR_DIVIDE", "//"), ("NB_LSHIFT", "<<"),
    ("NB_MATRIX_MULTIPLY", "@"), ("NB_MULTIPLY", "*"), ("NB_REMAINDER", "%"),
    ("NB_OR", "|"), ("NB_POWER", "**"), ("NB_RSHIFT", ">>"), ("NB_SUBTRACT", "-"),
    ("NB_TRUE_DIVIDE", "/"), ("NB_XOR", "^"),
    ("NB_INPLACE_ADD", "+="), ("NB_INPLACE_AND", "&="), ("NB_INPLACE_FLOOR_DIVIDE", "//="),
    ("NB_INPLACE_LSHIFT", "<<="), ("NB_INPLACE_MATRIX_MULTIPLY", "@="),
    ("NB_INPLACE_MULTIPLY", "*="), ("NB_INPLACE_REMAINDER", "%="), ("NB_INPLACE_OR", "|="),
    ("NB_INPLACE_POWER", "**="), ("NB_INPLACE_RSHIFT", ">>="), ("NB_INPLACE_SUBTRACT", "-="),
    ("NB_INPLACE_TRUE_DIVIDE", "/="), ("NB_INPLACE_XOR", "^="),
)
NB = {name[3:]: index for index, (name, _) in enumerate(BINARY_OPS)}

# COMPARE_OP's argument is (index << 4) | mask; the low bits are a cache hint.
CMP_OPS = ("<", "<=", "==", "!=", ">", ">=")

INTRINSIC_1 = (
    "INTRINSIC_1_INVALID", "INTRINSIC_PRINT", "INTRINSIC_IMPORT_STAR",
    "INTRINSIC_STOPITERATION_ERROR", "INTRINSIC_ASYNC_GEN_WRAP",
    "INTRINSIC_UNARY_POSITIVE", "INTRINSIC_LIST_TO_TUPLE", "INTRINSIC_TYPEVAR",
    "INTRINSIC_PARAMSPEC", "INTRINSIC_TYPEVARTUPLE", "INTRINSIC_SUBSCRIPT_GENERIC",
    "INTRINSIC_TYPEALIAS",
)
INTRINSIC_2 = (
    "INTRINSIC_2_INVALID", "INTRINSIC_PREP_RERAISE_STAR", "INTRINSIC_TYPEVAR_WITH_BOUND",
    "INTRINSIC_TYPEVAR_WITH_CONSTRAINTS", "INTRINSIC_SET_FUNCTION_TYPE_PARAMS",
)

# MAKE_FUNCTION flags.
MAKE_FUNCTION_DEFAULTS = 0x01
MAKE_FUNCTION_KWDEFAULTS = 0x02
MAKE_FUNCTION_ANNOTATIONS = 0x04
MAKE_FUNCTION_CLOSURE = 0x08

# FORMAT_VALUE argument: conversion in the low two bits, a spec flag above.
FVC_MASK, FVC_NONE, FVC_STR, FVC_REPR, FVC_ASCII = 0x3, 0x0, 0x1, 0x2, 0x3
FVS_MASK, FVS_HAVE_SPEC = 0x4, 0x4

# RESUME's argument says where the code resumes.
RESUME_AT_FUNC_START, RESUME_AFTER_YIELD, RESUME_AFTER_YIELD_FROM, RESUME_AFTER_AWAIT = 0, 1, 2, 3


class Instruction:
    """Everything known about one instruction (3.12's `_PyOpcode_*` tables in one place)."""

    __slots__ = ("opcode", "name", "cache_entries", "inputs", "outputs",
                 "jump_inputs", "jump_outputs", "flags", "_popped", "_pushed",
                 "_jump_popped", "_jump_pushed")

    def __init__(self, opcode, name, cache_entries, inputs, outputs, jump_inputs, jump_outputs, flags):
        self.opcode = opcode
        self.name = name
        self.cache_entries = cache_entries
        self.inputs = inputs
        self.outputs = outputs
        self.jump_inputs = jump_inputs
        self.jump_outputs = jump_outputs
        self.flags = flags
        self._popped = _slot_counter(inputs or ())
        self._pushed = _slot_counter(outputs or ())
        self._jump_popped = _slot_counter(jump_inputs or ())
        self._jump_pushed = _slot_counter(jump_outputs or ())

    def __repr__(self):
        return f"<Instruction {self.name} ({self.opcode})>"

    def popped(self, oparg, jump=False):
        """How many stack slots the instruction consumes (`_PyOpcode_num_popped`)."""
        return (self._jump_popped if jump else self._popped)(oparg)

    def pushed(self, oparg, jump=False):
        """How many stack slots the instruction produces (`_PyOpcode_num_pushed`)."""
        return (self._jump_pushed if jump else self._pushed)(oparg)

    def stack_effect(self, oparg, jump=False):
        return self.pushed(oparg, jump) - self.popped(oparg, jump)


def _split_items(text):
    """Split one side of a signature into its items (3.12's items hold no commas)."""
    return [item.strip() for item in text.split(",") if item.strip()]


def _slot_counter(items):
    """Turn signature items into a function oparg -> number of stack slots.

    Constant counts (the common case) become a cheap constant function; the
    few that depend on oparg are compiled once from their bytecodes.c text.
    """
    constant = 0
    terms = []
    for item in items:
        if "[" in item:
            terms.append("(" + item[item.index("[") + 1:item.rindex("]")] + ")")
        elif " if " in item:
            terms.append("(1 if " + item.split(" if ", 1)[1] + " else 0)")
        else:
            constant += 1
    if not terms:
        return lambda oparg, _n=constant: _n
    return eval("lambda oparg: " + " + ".join([str(constant)] + terms))


def _parse_signature(text):
    """'(a, b -- c)' -> (['a', 'b'], ['c']); '(?)' -> (None, None), no signature."""
    inner = text.strip()[1:-1]
    if inner == "?":
        return None, None
    left, right = inner.split("--")
    return _split_items(left), _split_items(right)


def _closing_paren(text, start):
    """Index just past the parenthesis that closes the one at text[start]."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index + 1
    raise ValueError(f"unbalanced signature: {text!r}")


def _load_table():
    by_number, by_name = {}, {}
    for line in _TABLE.strip().splitlines():
        number, name, caches, rest = line.split(None, 3)
        close = _closing_paren(rest, 0)
        inputs, outputs = _parse_signature(rest[:close])
        rest = rest[close:].strip()
        jump_inputs, jump_outputs = inputs, outputs
        if rest.startswith("jump("):
            close = _closing_paren(rest, 4)
            jump_inputs, jump_outputs = _parse_signature(rest[4:close])
            rest = rest[close:].strip()
        instr = Instruction(int(number), name, int(caches), inputs, outputs,
                            jump_inputs, jump_outputs, frozenset(rest.split()))
        by_number[instr.opcode] = instr
        by_name[name] = instr
    return by_number, by_name


INSTRUCTIONS, BY_NAME = _load_table()

#: name -> number, as 3.12's `opcode.opmap` (real and pseudo instructions).
opmap = {name: instr.opcode for name, instr in BY_NAME.items()}
#: number -> name for 0..255, '<N>' where unused, as 3.12's `opcode.opname`.
opname = [INSTRUCTIONS[n].name if n in INSTRUCTIONS else f"<{n}>" for n in range(256)]

_CACHE_ENTRIES = [0] * 512
for _instr in INSTRUCTIONS.values():
    _CACHE_ENTRIES[_instr.opcode] = _instr.cache_entries
del _instr


def _with_flag(flag):
    return frozenset(op for op, instr in INSTRUCTIONS.items() if flag in instr.flags)


HAS_ARG = _with_flag("arg")
HAS_CONST = _with_flag("const")
HAS_NAME = _with_flag("name")
HAS_JUMP = _with_flag("jump")
HAS_LOCAL = _with_flag("local")
HAS_FREE = _with_flag("free")
HAS_COMPARE = _with_flag("compare")
HAS_EXC = _with_flag("exc")
UNCONDITIONAL_JUMPS = _with_flag("uncond")
SCOPE_EXITS = _with_flag("exit")
INTERNAL = _with_flag("internal")


def cache_entries(opcode):
    """Inline cache code units that follow the instruction (`_PyOpcode_Caches`)."""
    return _CACHE_ENTRIES[opcode]


def is_pseudo(opcode):
    return opcode >= MIN_PSEUDO_OPCODE


def stack_effect(opcode, oparg=None, *, jump=None):
    """Net stack effect, with `dis.stack_effect`'s interface and errors.

    With jump=None the larger of the two effects is returned, as CPython's
    `PyCompile_OpcodeStackEffectWithJump` does for the stack-depth bound.
    """
    instr = INSTRUCTIONS.get(opcode)
    if instr is None or instr.inputs is None:
        raise ValueError("invalid opcode or oparg")
    if opcode in HAS_ARG:
        if oparg is None:
            raise ValueError("stack_effect: opcode requires oparg but oparg was not specified")
    elif oparg is not None:
        raise ValueError("stack_effect: opcode does not permit oparg but oparg was specified")
    else:
        oparg = 0
    if jump is None:
        return max(instr.stack_effect(oparg, False), instr.stack_effect(oparg, True))
    return instr.stack_effect(oparg, bool(jump))
