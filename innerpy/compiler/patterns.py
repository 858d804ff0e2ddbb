"""The match statement (PEP 634) in 3.12's shape (compile.c, `compiler_match` and helpers).

A pattern is compiled against the subject on top of the stack. Captured
values are kept on the stack, underneath `on_top` items still being matched,
and stored only once the whole case matched; each failure jumps to the
`fail_pop[n]` label that pops the n items on the stack at that point.
"""

from ..opcode_metadata import opmap, NB
from .instruction_sequence import NO_LOCATION
from .symtable import kind
from .codegen import LOC

globals().update(opmap)

_CMP_EQ = (2 << 4) | 8
_CMP_GTE = (5 << 4) | 4 | 8


def _wildcard(p):
    """`WILDCARD_CHECK`."""
    return kind(p) == "MatchAs" and p.name is None and p.pattern is None


def _wildcard_star(p):
    """`WILDCARD_STAR_CHECK`."""
    return kind(p) == "MatchStar" and p.name is None


class PatternContext:
    """`pattern_context`."""

    __slots__ = ("stores", "allow_irrefutable", "fail_pop", "on_top")

    def __init__(self):
        self.stores = []
        self.allow_irrefutable = False
        self.fail_pop = []
        self.on_top = 0


def ensure_fail_pop(c, pc, n):
    while len(pc.fail_pop) < n + 1:
        pc.fail_pop.append(c.new_label())


def jump_to_fail_pop(c, loc, pc, op):
    """`jump_to_fail_pop`: fail, popping what is on the stack above the subject."""
    pops = pc.on_top + len(pc.stores)
    ensure_fail_pop(c, pc, pops)
    c.addop_jump(op, loc, pc.fail_pop[pops])


def emit_and_reset_fail_pop(c, loc, pc):
    """`emit_and_reset_fail_pop`: the POP_TOP ladder the failure jumps land in."""
    if not pc.fail_pop:
        return
    for label in reversed(pc.fail_pop[1:]):
        c.use_label(label)
        c.addop(POP_TOP, loc)
    c.use_label(pc.fail_pop[0])
    pc.fail_pop = []


def pattern_helper_rotate(c, loc, count):
    while count > 1:
        c.addop(SWAP, loc, count)
        count -= 1


def pattern_helper_store_name(c, loc, name, pc):
    if name is None:
        c.addop(POP_TOP, loc)
        return
    c.check_forbidden_name(loc, name, "Store")
    if name in pc.stores:
        raise c.error(loc, f"multiple assignments to name {name!r} in pattern")
    pattern_helper_rotate(c, loc, pc.on_top + len(pc.stores) + 1)
    pc.stores.append(name)


def pattern_unpack_helper(c, loc, elts):
    n = len(elts)
    seen_star = False
    for i, elt in enumerate(elts):
        if kind(elt) == "MatchStar" and not seen_star:
            if i >= (1 << 8) or n - i - 1 >= (0x7FFFFFFF >> 8):
                raise c.error(loc, "too many expressions in star-unpacking sequence pattern")
            c.addop(UNPACK_EX, loc, i + ((n - i - 1) << 8))
            seen_star = True
        elif kind(elt) == "MatchStar":
            raise c.error(loc, "multiple starred expressions in sequence pattern")
    if not seen_star:
        c.addop(UNPACK_SEQUENCE, loc, n)


def pattern_helper_sequence_unpack(c, loc, patterns, star, pc):
    pattern_unpack_helper(c, loc, patterns)
    size = len(patterns)
    pc.on_top += size
    for pattern in patterns:
        pc.on_top -= 1
        compiler_pattern_subpattern(c, pattern, pc)


def pattern_helper_sequence_subscr(c, loc, patterns, star, pc):
    """Index the subject instead of unpacking it, for patterns with a `*_`."""
    pc.on_top += 1
    size = len(patterns)
    for i, pattern in enumerate(patterns):
        if _wildcard(pattern) or i == star:
            continue
        c.addop(COPY, loc, 1)
        if i < star:
            c.load_const(loc, i)
        else:
            c.addop(GET_LEN, loc)
            c.load_const(loc, size - i)
            c.addop(BINARY_OP, loc, NB["SUBTRACT"])
        c.addop(BINARY_SUBSCR, loc)
        compiler_pattern_subpattern(c, pattern, pc)
    pc.on_top -= 1
    c.addop(POP_TOP, loc)


def compiler_pattern_subpattern(c, p, pc):
    allow = pc.allow_irrefutable
    pc.allow_irrefutable = True
    compiler_pattern(c, p, pc)
    pc.allow_irrefutable = allow


def compiler_pattern_as(c, p, pc):
    loc = LOC(p)
    if p.pattern is None:
        if not pc.allow_irrefutable:
            if p.name:
                raise c.error(loc, f"name capture {p.name!r} makes remaining patterns unreachable")
            raise c.error(loc, "wildcard makes remaining patterns unreachable")
        pattern_helper_store_name(c, loc, p.name, pc)
        return
    pc.on_top += 1
    c.addop(COPY, loc, 1)
    compiler_pattern(c, p.pattern, pc)
    pc.on_top -= 1
    pattern_helper_store_name(c, loc, p.name, pc)


def compiler_pattern_star(c, p, pc):
    pattern_helper_store_name(c, LOC(p), p.name, pc)


def validate_kwd_attrs(c, attrs, patterns):
    for i, attr in enumerate(attrs):
        loc = LOC(patterns[i])
        c.check_forbidden_name(loc, attr, "Store")
        for j in range(i + 1, len(attrs)):
            if attrs[j] == attr:
                raise c.error(LOC(patterns[j]), f"attribute name repeated in class pattern: {attr}")


def compiler_pattern_class(c, p, pc):
    loc = LOC(p)
    patterns = p.patterns
    kwd_attrs = p.kwd_attrs
    kwd_patterns = p.kwd_patterns
    nargs = len(patterns)
    nattrs = len(kwd_attrs)
    if nattrs != len(kwd_patterns):
        raise c.error(loc, f"kwd_attrs ({nattrs}) / kwd_patterns ({len(kwd_patterns)}) "
                           "length mismatch in class pattern")
    if nattrs:
        validate_kwd_attrs(c, kwd_attrs, kwd_patterns)
    c.visit_expr(p.cls)
    c.load_const(loc, tuple(kwd_attrs))
    c.addop(MATCH_CLASS, loc, nargs)
    c.addop(COPY, loc, 1)
    c.load_const(loc, None)
    c.addop(IS_OP, loc, 1)
    pc.on_top += 1
    jump_to_fail_pop(c, loc, pc, POP_JUMP_IF_FALSE)
    c.addop(UNPACK_SEQUENCE, loc, nargs + nattrs)
    pc.on_top += nargs + nattrs - 1
    for i in range(nargs + nattrs):
        pc.on_top -= 1
        pattern = patterns[i] if i < nargs else kwd_patterns[i - nargs]
        if _wildcard(pattern):
            c.addop(POP_TOP, loc)
            continue
        compiler_pattern_subpattern(c, pattern, pc)


def compiler_pattern_mapping(c, p, pc):
    loc = LOC(p)
    keys = p.keys
    patterns = p.patterns
    size = len(keys)
    if size != len(patterns):
        raise c.error(loc, f"keys ({size}) / patterns ({len(patterns)}) length mismatch in mapping pattern")
    star_target = p.rest
    pc.on_top += 1
    c.addop(MATCH_MAPPING, loc)
    jump_to_fail_pop(c, loc, pc, POP_JUMP_IF_FALSE)
    if not size and not star_target:
        pc.on_top -= 1
        c.addop(POP_TOP, loc)
        return
    if size:
        c.addop(GET_LEN, loc)
        c.load_const(loc, size)
        c.addop(COMPARE_OP, loc, _CMP_GTE)
        jump_to_fail_pop(c, loc, pc, POP_JUMP_IF_FALSE)
    seen = set()
    for i, key in enumerate(keys):
        if key is None:
            raise c.error(LOC(patterns[i]),
                          "can't use NULL keys in MatchMapping (set 'rest' parameter instead)")
        if kind(key) == "Constant":
            try:
                dup = key.value in seen
            except TypeError:
                dup = False
            if dup:
                raise c.error(loc, f"mapping pattern checks duplicate key ({key.value!r})")
            try:
                seen.add(key.value)
            except TypeError:
                pass
        elif kind(key) != "Attribute":
            raise c.error(loc, "mapping pattern keys may only match literals and attribute lookups")
        c.visit_expr(key)
    c.addop(BUILD_TUPLE, loc, size)
    c.addop(MATCH_KEYS, loc)
    pc.on_top += 2
    c.addop(COPY, loc, 1)
    c.load_const(loc, None)
    c.addop(IS_OP, loc, 1)
    jump_to_fail_pop(c, loc, pc, POP_JUMP_IF_FALSE)
    c.addop(UNPACK_SEQUENCE, loc, size)
    pc.on_top += size - 1
    for pattern in patterns:
        pc.on_top -= 1
        compiler_pattern_subpattern(c, pattern, pc)
    pc.on_top -= 2
    if star_target:
        c.addop(BUILD_MAP, loc, 0)
        c.addop(SWAP, loc, 3)
        c.addop(DICT_UPDATE, loc, 2)
        c.addop(UNPACK_SEQUENCE, loc, size)
        while size:
            c.addop(COPY, loc, 1 + size)
            size -= 1
            c.addop(SWAP, loc, 2)
            c.addop(DELETE_SUBSCR, loc)
        pattern_helper_store_name(c, loc, star_target, pc)
    else:
        c.addop(POP_TOP, loc)
        c.addop(POP_TOP, loc)


def compiler_pattern_or(c, p, pc):
    loc = LOC(p)
    end = c.new_label()
    size = len(p.patterns)
    old_stores, old_allow, old_fail_pop, old_on_top = (
        pc.stores, pc.allow_irrefutable, pc.fail_pop, pc.on_top)
    control = None
    for i, alt in enumerate(p.patterns):
        aloc = LOC(alt)
        pc.stores = []
        pc.allow_irrefutable = (i == size - 1) and old_allow
        pc.fail_pop = []
        pc.on_top = 0
        c.addop(COPY, aloc, 1)
        compiler_pattern(c, alt, pc)
        nstores = len(pc.stores)
        if i == 0:
            control = pc.stores
        elif nstores != len(control):
            raise c.error(loc, "alternative patterns bind different names")
        elif nstores:
            icontrol = nstores
            while icontrol:
                icontrol -= 1
                name = control[icontrol]
                if name not in pc.stores:
                    raise c.error(loc, "alternative patterns bind different names")
                istores = pc.stores.index(name)
                if icontrol != istores:
                    rotations = istores + 1
                    rotated = pc.stores[:rotations]
                    del pc.stores[:rotations]
                    pc.stores[icontrol - istores:icontrol - istores] = rotated
                    for _ in range(rotations):
                        pattern_helper_rotate(c, aloc, icontrol + 1)
        c.addop_jump(JUMP, aloc, end)
        emit_and_reset_fail_pop(c, aloc, pc)
    pc.stores, pc.allow_irrefutable, pc.fail_pop, pc.on_top = (
        list(old_stores), old_allow, old_fail_pop, old_on_top)
    c.addop(POP_TOP, loc)
    jump_to_fail_pop(c, loc, pc, JUMP)
    c.use_label(end)
    nstores = len(control)
    nrots = nstores + 1 + pc.on_top + len(pc.stores)
    for i in range(nstores):
        pattern_helper_rotate(c, loc, nrots)
        name = control[i]
        if name in pc.stores:
            raise c.error(loc, f"multiple assignments to name {name!r} in pattern")
        pc.stores.append(name)
    c.addop(POP_TOP, loc)


def compiler_pattern_sequence(c, p, pc):
    loc = LOC(p)
    patterns = p.patterns
    size = len(patterns)
    star = -1
    only_wildcard = True
    star_wildcard = False
    for i, pattern in enumerate(patterns):
        if kind(pattern) == "MatchStar":
            if star >= 0:
                raise c.error(loc, "multiple starred names in sequence pattern")
            star_wildcard = _wildcard_star(pattern)
            only_wildcard = only_wildcard and star_wildcard
            star = i
            continue
        only_wildcard = only_wildcard and _wildcard(pattern)
    pc.on_top += 1
    c.addop(MATCH_SEQUENCE, loc)
    jump_to_fail_pop(c, loc, pc, POP_JUMP_IF_FALSE)
    if star < 0:
        c.addop(GET_LEN, loc)
        c.load_const(loc, size)
        c.addop(COMPARE_OP, loc, _CMP_EQ)
        jump_to_fail_pop(c, loc, pc, POP_JUMP_IF_FALSE)
    elif size > 1:
        c.addop(GET_LEN, loc)
        c.load_const(loc, size - 1)
        c.addop(COMPARE_OP, loc, _CMP_GTE)
        jump_to_fail_pop(c, loc, pc, POP_JUMP_IF_FALSE)
    pc.on_top -= 1
    if only_wildcard:
        c.addop(POP_TOP, loc)
    elif star_wildcard:
        pattern_helper_sequence_subscr(c, loc, patterns, star, pc)
    else:
        pattern_helper_sequence_unpack(c, loc, patterns, star, pc)


def compiler_pattern_value(c, p, pc):
    loc = LOC(p)
    value = p.value
    if kind(value) not in ("Constant", "Attribute"):
        raise c.error(loc, "patterns may only match literals and attribute lookups")
    c.visit_expr(value)
    c.addop(COMPARE_OP, loc, _CMP_EQ)
    jump_to_fail_pop(c, loc, pc, POP_JUMP_IF_FALSE)


def compiler_pattern_singleton(c, p, pc):
    loc = LOC(p)
    c.load_const(loc, p.value)
    c.addop(IS_OP, loc, 0)
    jump_to_fail_pop(c, loc, pc, POP_JUMP_IF_FALSE)


_DISPATCH = {
    "MatchValue": compiler_pattern_value,
    "MatchSingleton": compiler_pattern_singleton,
    "MatchSequence": compiler_pattern_sequence,
    "MatchMapping": compiler_pattern_mapping,
    "MatchClass": compiler_pattern_class,
    "MatchStar": compiler_pattern_star,
    "MatchAs": compiler_pattern_as,
    "MatchOr": compiler_pattern_or,
}


def compiler_pattern(c, p, pc):
    handler = _DISPATCH.get(kind(p))
    if handler is None:
        raise c.error(LOC(p), f"invalid match pattern node in AST (kind={kind(p)})")
    handler(c, p, pc)


def compiler_match(c, s):
    """`compiler_match` / `compiler_match_inner`."""
    pc = PatternContext()
    c.visit_expr(s.subject)
    end = c.new_label()
    cases = s.cases
    ncases = len(cases)
    has_default = _wildcard(cases[-1].pattern) and ncases > 1
    for i in range(ncases - has_default):
        m = cases[i]
        ploc = LOC(m.pattern)
        if i != ncases - has_default - 1:
            c.addop(COPY, ploc, 1)
        pc.stores = []
        pc.allow_irrefutable = m.guard is not None or i == ncases - 1
        pc.fail_pop = []
        pc.on_top = 0
        compiler_pattern(c, m.pattern, pc)
        for name in pc.stores:
            c.nameop(ploc, name, "Store")
        if m.guard is not None:
            ensure_fail_pop(c, pc, 0)
            c.jump_if(ploc, m.guard, pc.fail_pop[0], False)
        if i != ncases - has_default - 1:
            c.addop(POP_TOP, ploc)
        c.visit_stmts(m.body)
        c.addop_jump(JUMP, NO_LOCATION, end)
        emit_and_reset_fail_pop(c, ploc, pc)
    if has_default:
        m = cases[-1]
        ploc = LOC(m.pattern)
        if ncases == 1:
            c.addop(POP_TOP, ploc)
        else:
            c.addop(NOP, ploc)
        if m.guard is not None:
            c.jump_if(ploc, m.guard, end, False)
        c.visit_stmts(m.body)
    c.use_label(end)
