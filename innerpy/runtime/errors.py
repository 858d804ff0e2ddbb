"""Printing uncaught guest exceptions the way CPython 3.12 does.

`sys.excepthook` and the command line print through here. The format is
3.12's: the chain of causes and contexts oldest first, each traceback entry
with its source line and, when the failing expression covers only part of
the line, a caret line -- with `~` under the operands and `^` under the
operator for binary operations and subscripts, found by parsing the
expression's text with innerpy's own parser. Repeated identical frames
collapse after three into "[Previous line repeated N more times]".
"""

import linecache
import sys as _host_sys

from ..objects.traceback import get_traceback

RECURSIVE_CUTOFF = 3


def print_exception(exc, file=None, limit=None):
    """`PyErr_Display`; `limit` is `sys.tracebacklimit` (see `traceback_limit`)."""
    if file is None:
        file = _host_sys.stderr
    if file is None:
        return
    for line in format_exception(exc, limit=limit):
        file.write(line)
    try:
        file.flush()
    except Exception:
        pass


def traceback_limit(guest_sys):
    """`sys.tracebacklimit` as `_PyTraceBack_Print` reads it: an int, else no limit."""
    limit = getattr(guest_sys, "tracebacklimit", None)
    return limit if isinstance(limit, int) else None


def format_exception(exc, _seen=None, limit=None):
    """All lines for `exc` and the exceptions chained to it; each traceback
    keeps its last `limit` entries, and none at all (no header either) when
    `limit` is 0 or less, as 3.12's `_PyTraceBack_Print` does."""
    seen = set() if _seen is None else _seen
    seen.add(id(exc))
    lines = []
    cause = exc.__cause__
    context = exc.__context__
    if cause is not None and id(cause) not in seen:
        lines += format_exception(cause, seen, limit)
        lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif context is not None and not exc.__suppress_context__ and id(context) not in seen:
        lines += format_exception(context, seen, limit)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    tb = get_traceback(exc)
    if tb is not None and (limit is None or limit > 0):
        if limit is not None:
            depth = sum(1 for _ in walk_tb(tb))
            while depth > limit:
                tb, depth = tb.tb_next, depth - 1
        lines.append("Traceback (most recent call last):\n")
        lines += format_tb(tb)
    lines += format_exception_only(exc)
    return lines


def walk_tb(tb):
    while tb is not None:
        yield tb
        tb = tb.tb_next


def format_tb(tb):
    lines = []
    last = None
    count = 0
    for entry in walk_tb(tb):
        frame = entry._frame
        code = frame.code
        key = (code.co_filename, entry.tb_lineno, code.co_name)
        if key != last:
            if count > RECURSIVE_CUTOFF:
                lines.append(_repeated(count - RECURSIVE_CUTOFF))
            last = key
            count = 0
        count += 1
        if count > RECURSIVE_CUTOFF:
            continue
        lines.append(format_entry(entry))
    if count > RECURSIVE_CUTOFF:
        lines.append(_repeated(count - RECURSIVE_CUTOFF))
    return lines


def _repeated(count):
    return f"  [Previous line repeated {count} more time{'s' if count > 1 else ''}]\n"


def format_entry(entry):
    frame = entry._frame
    code = frame.code
    lineno = entry.tb_lineno
    row = [f'  File "{code.co_filename}", line {lineno}, in {code.co_name}\n']
    if lineno is None:
        return row[0]
    line = linecache.getline(code.co_filename, lineno, frame.f_globals)
    if not line.strip():
        return row[0]
    stripped = line.strip()
    row.append(f"    {stripped}\n")
    positions = _positions(code, entry._lasti)
    if positions is not None:
        start_line, end_line, col, end_col = positions
        if col is not None and end_col is not None and start_line == lineno:
            # As 3.12's traceback.py counts it: the line keeps its newline here.
            stripped_chars = len(line) - len(stripped)
            start = _byte_to_char(line, col)
            end = _byte_to_char(line, end_col)
            segment = line[start:end]
            anchors = None
            if start_line == end_line:
                try:
                    anchors = caret_anchors(segment)
                except Exception:
                    anchors = None
            else:
                end = len(line.rstrip())
            if end - start < len(stripped) or (anchors and anchors[1] - anchors[0] > 0):
                dp_start = _display_width(line, start) + 1
                dp_end = _display_width(line, end) + 1
                row.append("    " + " " * (dp_start - stripped_chars))
                if anchors:
                    left = _display_width(segment, anchors[0])
                    right = _display_width(segment, anchors[1])
                    # 3.12 draws the operands with "~" and the operator with "^".
                    row.append("~" * left + "^" * (right - left) + "~" * (dp_end - dp_start - right))
                else:
                    row.append("^" * (dp_end - dp_start))
                row.append("\n")
    return "".join(row)


def _positions(code, lasti):
    if lasti < 0:
        return None
    for index, position in enumerate(code.co_positions()):
        if index == lasti // 2:
            return position
    return None


def _byte_to_char(text, offset):
    return len(text.encode("utf-8")[:offset].decode("utf-8", "replace"))


def _display_width(text, offset):
    if text.isascii():
        return offset
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text[:offset])


def caret_anchors(segment):
    """(left_end, right_start) of the operator in a binary operation or subscript, else None."""
    from ..parser import parse
    try:
        tree = parse(segment)
    except SyntaxError:
        return None
    body = tree.body
    if len(body) != 1 or type(body[0]).__name__ != "Expr":
        return None
    expr = body[0].value
    kind = type(expr).__name__
    normalize = lambda offset: _byte_to_char(segment, offset)  # noqa: E731
    if kind == "BinOp":
        op_start = normalize(expr.left.end_col_offset)
        op_end = normalize(expr.right.col_offset)
        op_text = segment[op_start:op_end]
        op_offset = len(op_text) - len(op_text.lstrip())
        left = expr.left.end_col_offset + op_offset
        right = left + 1
        if op_offset + 1 < len(op_text) and not op_text[op_offset + 1].isspace():
            right += 1
        while left < len(segment) and (segment[left].isspace() or segment[left] in ")#"):
            left += 1
            right += 1
        return normalize(left), normalize(right)
    if kind == "Subscript":
        left = normalize(expr.value.end_col_offset)
        right = normalize(expr.slice.end_col_offset + 1)
        while left < len(segment) and (segment[left].isspace() or segment[left] != "["):
            left += 1
        while right < len(segment) and (segment[right].isspace() or segment[right] != "]"):
            right += 1
        if right < len(segment):
            right += 1
        return left, right
    return None


def format_exception_only(exc):
    cls = type(exc)
    stype = cls.__qualname__
    module = cls.__module__
    if module not in ("__main__", "builtins"):
        stype = f"{module if isinstance(module, str) else '<unknown>'}.{stype}"
    try:
        text = str(exc)
    except Exception:
        text = "<exception str() failed>"
    if isinstance(exc, SyntaxError):
        lines = list(_format_syntax_error(exc, stype))
    else:
        suggestion = _suggestion(exc)
        if suggestion:
            text += f". Did you mean: '{suggestion}'?"
        lines = [f"{stype}: {text}\n" if text else f"{stype}\n"]
    notes = getattr(exc, "__notes__", None)
    if notes is not None:
        if not isinstance(notes, (list, tuple)):
            try:
                lines.append(f"{notes!r}\n")
            except Exception:
                lines.append("<__notes__ repr() failed>\n")
        else:
            for note in notes:
                if not isinstance(note, str):
                    try:
                        note = str(note)
                    except Exception:
                        note = "<note str() failed>"
                lines.append(f"{note}\n")
    return lines


def _format_syntax_error(exc, stype):
    suffix = ""
    if exc.lineno is not None:
        yield f'  File "{exc.filename or "<string>"}", line {exc.lineno}\n'
    elif exc.filename is not None:
        suffix = f" ({exc.filename})"
    text = exc.text
    if text is not None:
        rtext = text.rstrip("\n")
        ltext = rtext.lstrip(" \n\f")
        spaces = len(rtext) - len(ltext)
        yield f"    {ltext}\n"
        if exc.offset is not None:
            offset = exc.offset
            end_offset = exc.end_offset if exc.end_offset not in (None, 0) else offset
            if offset == end_offset or end_offset == -1:
                end_offset = offset + 1
            colno = offset - 1 - spaces
            end_colno = end_offset - 1 - spaces
            if colno >= 0:
                space = "".join(c if c.isspace() else " " for c in ltext[:colno])
                yield f"    {space}{'^' * (end_colno - colno)}\n"
    yield f"{stype}: {exc.msg or '<no detail available>'}{suffix}\n"


def _suggestion(exc):
    """3.12's "Did you mean" for NameError and AttributeError (`_compute_suggestion_error`)."""
    if isinstance(exc, NameError) and getattr(exc, "name", None) is not None:
        tb = get_traceback(exc)
        if tb is None:
            return None
        while tb.tb_next is not None:
            tb = tb.tb_next
        frame = tb._frame
        candidates = list(frame.f_locals) + list(frame.f_globals) + list(frame.f_builtins)
        return _closest(exc.name, candidates)
    if isinstance(exc, AttributeError) and getattr(exc, "name", None) is not None:
        try:
            candidates = dir(exc.obj)
        except Exception:
            return None
        return _closest(exc.name, candidates)
    return None


_MAX_CANDIDATES = 750
_MAX_STRING_SIZE = 40
_MOVE_COST = 2
_CASE_COST = 1


def _closest(name, candidates):
    if len(candidates) > _MAX_CANDIDATES or not isinstance(name, str):
        return None
    best = None
    best_distance = None
    for candidate in candidates:
        if candidate == name or not isinstance(candidate, str):
            continue
        limit = (len(candidate) + len(name) + 3) * _MOVE_COST // 6
        if best_distance is not None and best_distance < limit:
            limit = best_distance - 1
        distance = _levenshtein(name, candidate, limit)
        if distance > limit:
            continue
        if best is None or distance < best_distance:
            best, best_distance = candidate, distance
    return best


def _levenshtein(a, b, max_cost):
    if a == b:
        return 0
    pre = 0
    while a[pre:] and b[pre:] and a[0] == b[0]:
        a, b = a[1:], b[1:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    if not a or not b:
        return _MOVE_COST * (len(a) + len(b))
    if len(a) > _MAX_STRING_SIZE or len(b) > _MAX_STRING_SIZE:
        return max_cost + 1
    if len(b) < len(a):
        a, b = b, a
    if (len(b) - len(a)) * _MOVE_COST > max_cost:
        return max_cost + 1
    row = list(range(_MOVE_COST, _MOVE_COST * (len(a) + 1), _MOVE_COST))
    result = 0
    for bindex in range(len(b)):
        bchar = b[bindex]
        distance = result = bindex * _MOVE_COST
        minimum = None
        for index in range(len(a)):
            substitute = distance + _substitution_cost(bchar, a[index])
            distance = row[index]
            insert_delete = min(result, distance) + _MOVE_COST
            result = min(insert_delete, substitute)
            row[index] = result
            if minimum is None or result < minimum:
                minimum = result
        if minimum > max_cost:
            return max_cost + 1
    return result


def _substitution_cost(ch_a, ch_b):
    if ch_a == ch_b:
        return 0
    if ch_a.lower() == ch_b.lower():
        return _CASE_COST
    return _MOVE_COST
