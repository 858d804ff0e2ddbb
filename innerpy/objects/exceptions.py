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
    if match is not None:
        _copy_traceback(group, match)
    return match


def _copy_traceback(source, target):
    """Split parts carry the original's traceback (the host copies only its own)."""
    tb = get_traceback(source)
    if tb is not None:
        set_traceback(target, tb)
    if isinstance(source, BaseExceptionGroup) and isinstance(target, BaseExceptionGroup):
        originals = {id(e): e for e in source.exceptions}
        for part in target.exceptions:
            original = originals.get(id(part))
            if original is None and isinstance(part, BaseExceptionGroup):
                for candidate in source.exceptions:
                    if isinstance(candidate, BaseExceptionGroup) and candidate.message == part.message:
                        _copy_traceback(candidate, part)
                        break


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
