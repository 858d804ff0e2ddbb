"""`innerpy -m tokenize [-e] [FILE]`: print what CPython 3.12's `python -m tokenize` prints.

The parser's tokenizer keeps FSTRING_MIDDLE tokens as raw source text;
3.12's `tokenize` module (backed by the C tokenizer in extra-tokens mode)
instead splits a middle at each doubled brace, keeps one brace of the pair
in the token string and skips the other.  `_tokenize_module_view` performs
that conversion so the printed stream matches 3.12 exactly.
"""

import sys

from .tokenizer import Token, Tokenizer, decode_source

EXACT_TYPES = {
    "(": "LPAR", ")": "RPAR", "[": "LSQB", "]": "RSQB", ":": "COLON", ",": "COMMA", ";": "SEMI",
    "+": "PLUS", "-": "MINUS", "*": "STAR", "/": "SLASH", "|": "VBAR", "&": "AMPER", "<": "LESS",
    ">": "GREATER", "=": "EQUAL", ".": "DOT", "%": "PERCENT", "{": "LBRACE", "}": "RBRACE",
    "==": "EQEQUAL", "!=": "NOTEQUAL", "<=": "LESSEQUAL", ">=": "GREATEREQUAL", "~": "TILDE",
    "^": "CIRCUMFLEX", "<<": "LEFTSHIFT", ">>": "RIGHTSHIFT", "**": "DOUBLESTAR", "+=": "PLUSEQUAL",
    "-=": "MINEQUAL", "*=": "STAREQUAL", "/=": "SLASHEQUAL", "%=": "PERCENTEQUAL", "&=": "AMPEREQUAL",
    "|=": "VBAREQUAL", "^=": "CIRCUMFLEXEQUAL", "<<=": "LEFTSHIFTEQUAL", ">>=": "RIGHTSHIFTEQUAL",
    "**=": "DOUBLESTAREQUAL", "//": "DOUBLESLASH", "//=": "DOUBLESLASHEQUAL", "@": "AT", "@=": "ATEQUAL",
    "->": "RARROW", "...": "ELLIPSIS", ":=": "COLONEQUAL", "!": "EXCLAMATION",
}


class TokenizeError(Exception):
    def __init__(self, msg, lineno, column):
        super().__init__(msg)
        self.msg = msg
        self.lineno = lineno
        self.column = column


def detect_encoding_name(data):
    """The name tokenize.detect_encoding reports (only the cases the CLI prints)."""
    import re
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    for raw in data.split(b"\n", 2)[:2]:
        m = re.match(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", raw)
        if m:
            name = m.group(1).decode("ascii", "replace")
            enc = name[:12].lower().replace("_", "-")
            if enc == "utf-8" or enc.startswith("utf-8-"):
                name = "utf-8"
            elif enc in ("latin-1", "iso-8859-1", "iso-latin-1") or enc.startswith(
                    ("latin-1-", "iso-8859-1-", "iso-latin-1-")):
                name = "iso-8859-1"
            return name
        if not re.match(rb"^[ \t\f]*(?:[#\r\n]|$)", raw):
            break
    return "utf-8"


def _split_middle(tok, src, raw=False):
    """Split one raw FSTRING_MIDDLE the way the 3.12 tokenize module reports it.

    The C tokenizer ends a middle after the first brace of a doubled pair
    (skipping the second) and, in non-raw f-strings, right after a \\N{...}
    escape.
    """
    text = tok.string
    if "{{" not in text and "}}" not in text and (raw or "\\N{" not in text):
        return [tok]
    out = []
    line, col = tok.lineno, tok.col
    piece_start = (line, col)
    buf = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and not raw and text.startswith("N{", i + 1) and "}" in text[i:]:
            close = text.index("}", i)
            buf.append(text[i:close + 1])
            col += close + 1 - i
            i = close + 1
            out.append(Token("FSTRING_MIDDLE", "".join(buf), piece_start[0], piece_start[1], line, col,
                             0, 0, tok.line))
            buf = []
            piece_start = (line, col)
            continue
        if ch == "\\" and i + 1 < n and text[i + 1] not in "{}":
            buf.append(text[i:i + 2])
            if text[i + 1] == "\n":
                line += 1
                col = 0
            else:
                col += 2
            i += 2
            continue
        if ch in "{}" and i + 1 < n and text[i + 1] == ch:
            buf.append(ch)
            col += 1
            out.append(Token("FSTRING_MIDDLE", "".join(buf), piece_start[0], piece_start[1], line, col,
                             0, 0, tok.line))
            buf = []
            col += 1   # the second brace of the pair is skipped
            i += 2
            piece_start = (line, col)
            continue
        buf.append(ch)
        if ch == "\n":
            line += 1
            col = 0
        else:
            col += 1
        i += 1
    if buf:
        out.append(Token("FSTRING_MIDDLE", "".join(buf), piece_start[0], piece_start[1], line, col,
                         0, 0, tok.line))
    return out


def generate_tokens(source):
    """Tokens as the 3.12 tokenize module yields them (without ENCODING); raises TokenizeError."""
    tk = Tokenizer(source, extra_tokens=True)
    try:
        toks = tk.tokenize()
    except IndentationError as err:
        raise TokenizeError(err.args[0], err.lineno, err.offset) from None
    except SyntaxError as err:
        msg = err.msg
        if "unterminated triple-quoted string literal" in msg:
            msg = "EOF in multi-line string"
        raise TokenizeError(msg, err.lineno, err.offset) from None
    if tk.unclosed is not None:
        raise TokenizeError("unexpected EOF in multi-line statement", len(tk.lines), 0)
    out = []
    raw_stack = []
    prev = None
    for t in toks:
        ty = t.type
        if ty == "FSTRING_START":
            raw_stack.append("r" in t.string.lower())
        elif ty == "FSTRING_END" and raw_stack:
            raw_stack.pop()
        if ty == "FSTRING_MIDDLE":
            out.extend(_split_middle(t, tk.src, raw_stack[-1] if raw_stack else False))
        else:
            if (ty == "OP" and t.string == "}" and prev is not None and prev.type == "OP"
                    and prev.string == ":" and raw_stack):
                # an empty format spec still yields an (empty) FSTRING_MIDDLE
                out.append(Token("FSTRING_MIDDLE", "", t.lineno, t.col, t.lineno, t.col, 0, 0, t.line))
            if t.end_lineno != t.lineno and t.type in ("STRING", "FSTRING_MIDDLE"):
                # 3.12 reports the end column of multi-line tokens in bytes
                t.end_col = t.end_col_offset
            out.append(t)
        prev = t
    if "\r\n" in source:
        _restore_crlf(out, source)
    return out


def _restore_crlf(tokens, source):
    """The tokenizer works on "\n" newlines; the tokenize module shows "\r\n" where the file has it."""
    crlf = set()
    for i, line in enumerate(source.split("\n"), 1):
        if line.endswith("\r"):
            crlf.add(i)
    for t in tokens:
        if t.type in ("NEWLINE", "NL") and t.string == "\n" and t.lineno in crlf:
            t.string = "\r\n"
            t.end_col += 1
        elif t.end_lineno != t.lineno and "\n" in t.string:
            parts = t.string.split("\n")
            t.string = "".join(part + ("\r\n" if t.lineno + k in crlf else "\n")
                               for k, part in enumerate(parts[:-1])) + parts[-1]


def main(argv=None):
    """Entry point: argv like sys.argv[1:]; returns the exit status."""
    import argparse
    parser = argparse.ArgumentParser(prog="python -m tokenize")
    parser.add_argument(dest="filename", nargs="?", metavar="filename.py",
                        help="the file to tokenize; defaults to stdin")
    parser.add_argument("-e", "--exact", dest="exact", action="store_true",
                        help="display token names using the exact type")
    args = parser.parse_args(argv)
    filename = args.filename or "<stdin>"
    try:
        if args.filename:
            with open(args.filename, "rb") as f:
                data = f.read()
            encoding = detect_encoding_name(data)
            try:
                source = decode_source(data, filename)
            except SyntaxError as err:
                msg = err.msg
                if msg.startswith("unknown encoding: "):
                    msg = f"unknown encoding for {filename!r}: {msg[len('unknown encoding: '):]}"
                elif msg.startswith("encoding problem: "):
                    msg = f"encoding problem for {filename!r}: utf-8"
                else:
                    msg = f"invalid or missing encoding declaration for {filename!r}"
                _perror(f"{filename}: error: {msg}")
                return 1
            if source.startswith("\ufeff"):
                source = source[1:]
            tokens = generate_tokens(source)
            print("%-20s%-15s%-15r" % ("0,0-0,0:", "ENCODING", encoding))
        else:
            source = sys.stdin.read()
            tokens = generate_tokens(source)
    except TokenizeError as err:
        _perror("%s:%d:%d: error: %s" % (filename, err.lineno or 0, err.column or 0, err.msg))
        return 1
    except OSError as err:
        _perror(f"error: {err}")
        return 1
    for t in tokens:
        ty = t.type
        if args.exact and ty == "OP":
            ty = EXACT_TYPES.get(t.string, "OP")
        token_range = "%d,%d-%d,%d:" % (t.lineno, t.col, t.end_lineno, t.end_col)
        print("%-20s%-15s%-15r" % (token_range, ty, t.string))
    return 0


def _perror(message):
    print(message, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
