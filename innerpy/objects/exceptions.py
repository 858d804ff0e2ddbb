"""What the VM needs from exception groups (Objects/exceptions.c).

`prep_reraise_star` is 3.12's `_PyExc_PrepReraiseStar`: at the end of a
try/except* statement it combines what the except* clauses raised. An
exception that is a re-raise of (part of) the original group is recognised
by sharing the original's metadata -- traceback, cause, context, notes --
and all such re-raises are projected back onto the original group's shape;
new exceptions are raised alongside them in a new group.
"""

from .traceback import get_traceback, set_traceback


def _same_metadata(e1, e2):
    """`is_same_exception_metadata`."""
    return (getattr(e1, "__notes__", None) is getattr(e2, "__notes__", None)
            and get_traceback(e1) is get_traceback(e2)
            and e1.__cause__ is e2.__cause__
            and e1.__context__ is e2.__context__)


def _leaf_ids(exc, into):
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            _leaf_ids(inner, into)
    else:
        into.add(id(exc))


def _projection(group, keep):
    """`exception_group_projection`: the part of `group` whose leaves are among `keep`'s."""
    leaves = set()
    for exc in keep:
        _leaf_ids(exc, leaves)
    if not leaves:
        return None
    match, _ = group.split(lambda e: not isinstance(e, BaseExceptionGroup) and id(e) in leaves)
    _copy_traceback(group, match)
    return match


def _first_leaf(group):
    while isinstance(group, BaseExceptionGroup):
        group = group.exceptions[0]
    return group


def _copy_traceback(source, target):
    """Give a part of `source` made by split() or subgroup() -- the same tree,
    pruned, with new group objects where something was left out -- the guest
    tracebacks of the groups it was derived from, as `exceptiongroup_subset`
    copies the traceback (the host copies only its own)."""
    if target is None or target is source:
        return
    tb = get_traceback(source)
    if tb is not None:
        set_traceback(target, tb)
    children = [e for e in source.exceptions if isinstance(e, BaseExceptionGroup)]
    for part in target.exceptions:
        if not isinstance(part, BaseExceptionGroup) or any(part is child for child in children):
            continue
        leaf = id(_first_leaf(part))
        for child in children:
            leaves = set()
            _leaf_ids(child, leaves)
            if leaf in leaves:
                _copy_traceback(child, part)
                break


def split_result(group, result):
    """What `group.split()` or `group.subgroup()` returned, with the guest
    tracebacks copied onto the new groups."""
    if type(result) is tuple:
        for part in result:
            _copy_traceback(group, part)
    else:
        _copy_traceback(group, result)
    return result


def prep_reraise_star(orig, excs):
    if not excs:
        return None
    if not isinstance(orig, BaseExceptionGroup):
        # A naked exception was caught and wrapped: at most one clause ran.
        return excs[0]
    raised = []
    reraised = []
    for exc in excs:
        if exc is None:
            continue
        (reraised if _same_metadata(exc, orig) else raised).append(exc)
    reraised_group = _projection(orig, reraised)
    if not raised:
        return reraised_group
    if reraised_group is not None:
        raised.append(reraised_group)
    if len(raised) > 1:
        return BaseExceptionGroup("", raised)
    return raised[0]
