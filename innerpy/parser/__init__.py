"""innerpy's front end: tokenizer, parser, CPython 3.12 AST node classes and `dump`.

Public API (mirrors the parts of CPython 3.12's `ast` the rest of innerpy needs):

    parse(source, filename="<unknown>", mode="exec", *, type_comments=False, feature_version=None)
        source: str, bytes-like (PEP 263 cookie / BOM honoured) or an AST (returned as is);
        mode: "exec" | "eval" | "single" | "func_type".  Raises SyntaxError /
        IndentationError / TabError with CPython 3.12's msg, lineno, offset,
        end_lineno, end_offset and text; emits 3.12's SyntaxWarnings; deep
        nesting gives 3.12's "too many nested parentheses", RecursionError or
        MemoryError at the same limits.  feature_version is accepted and ignored.
    dump(node, annotate_fields=True, include_attributes=False, *, indent=None)
        the exact string CPython 3.12's ast.dump returns for the same tree.

Node classes (module "ast", with _fields, _attributes, __match_args__ and
__doc__ as in 3.12) live in `innerpy.parser.nodes` and are re-exported here;
they can back a guest-facing `_ast` module as they are.  Positions follow
CPython: lineno/end_lineno 1-based, col_offset/end_col_offset in UTF-8 bytes.

Other entry points: `innerpy.parser.tokenizer.tokenize_source(source)` (the
token list the parser uses) and `innerpy.parser.tokenize_main.main(argv)`
(`python -m tokenize`'s output).
"""

from .nodes import *  # noqa: F401,F403
from .nodes import AST


def parse(source, filename="<unknown>", mode="exec", *, type_comments=False, feature_version=None):
    """Parse `source` (str or bytes) into an innerpy AST, like ast.parse in 3.12."""
    from .parser import parse_source
    return parse_source(source, filename, mode, type_comments=type_comments,
                        feature_version=feature_version)


def dump(node, annotate_fields=True, include_attributes=False, *, indent=None):
    """Return the same string CPython 3.12's ast.dump returns for the equivalent tree.

    The algorithm follows Lib/ast.py in 3.12 step for step, because the exact
    rules (when keywords appear, when a node fits on one line) are the contract.
    """
    def _format(node, level=0):
        if indent is not None:
            level += 1
            prefix = '\n' + indent * level
            sep = ',\n' + indent * level
        else:
            prefix = ''
            sep = ', '
        if isinstance(node, AST):
            cls = type(node)
            args = []
            allsimple = True
            keywords = annotate_fields
            for name in node._fields:
                try:
                    value = getattr(node, name)
                except AttributeError:
                    keywords = True
                    continue
                if value is None and getattr(cls, name, ...) is None:
                    keywords = True
                    continue
                value, simple = _format(value, level)
                allsimple = allsimple and simple
                if keywords:
                    args.append('%s=%s' % (name, value))
                else:
                    args.append(value)
            if include_attributes and node._attributes:
                for name in node._attributes:
                    try:
                        value = getattr(node, name)
                    except AttributeError:
                        continue
                    if value is None and getattr(cls, name, ...) is None:
                        continue
                    value, simple = _format(value, level)
                    allsimple = allsimple and simple
                    args.append('%s=%s' % (name, value))
            if allsimple and len(args) <= 3:
                return '%s(%s)' % (node.__class__.__name__, ', '.join(args)), not args
            return '%s(%s%s)' % (node.__class__.__name__, prefix, sep.join(args)), False
        elif isinstance(node, list):
            if not node:
                return '[]', True
            return '[%s%s]' % (prefix, sep.join(_format(x, level)[0] for x in node)), False
        return repr(node), True

    if not isinstance(node, AST):
        raise TypeError('expected AST, got %r' % node.__class__.__name__)
    if indent is not None and not isinstance(indent, str):
        indent = ' ' * indent
    return _format(node)[0]
