"""CPython 3.12's tokenizer (Parser/tokenizer.c), in Python.

The whole source is tokenized up front into a list of `Token`s; the parser
then works with indices into that list, which makes backtracking cheap.

Why the details look the way they do:

* Positions are kept twice.  `start`/`end` are (line, column-in-characters)
  like the `tokenize` module prints; `lineno/col_offset/end_lineno/
  end_col_offset` use UTF-8 byte columns, which is what the AST records.
  Byte columns are computed only for lines that are not pure ASCII.
* f-strings follow PEP 701: FSTRING_START, FSTRING_MIDDLE (raw source text
  of the literal part) and FSTRING_END, with ordinary tokens for the
  replacement fields in between.  A stack of modes tells which scanner runs
  next: ordinary tokens, f-string literal text, or format-spec text.
* Errors are raised as SyntaxError / IndentationError / TabError with the
  same message and location CPython 3.12 reports.
"""

import re
import unicodedata

__all__ = ["Token", "Tokenizer", "tokenize_source", "decode_source", "check_file_encoding"]

ENDMARKER = "ENDMARKER"
NAME = "NAME"
NUMBER = "NUMBER"
STRING = "STRING"
NEWLINE = "NEWLINE"
INDENT = "INDENT"
DEDENT = "DEDENT"
OP = "OP"
COMMENT = "COMMENT"
NL = "NL"
FSTRING_START = "FSTRING_START"
FSTRING_MIDDLE = "FSTRING_MIDDLE"
FSTRING_END = "FSTRING_END"
TYPE_COMMENT = "TYPE_COMMENT"


_STATUS_ERRORS = frozenset([
    "unindent does not match any outer indentation level",
    "inconsistent use of tabs and spaces in indentation",
    "too many levels of indentation",
    "unexpected character after line continuation character",
    "unexpected EOF while parsing",
])


class Token:
    """One token.  `spos`/`epos` are absolute character offsets in the source."""

    __slots__ = ("type", "string", "lineno", "col", "end_lineno", "end_col",
                 "col_offset", "end_col_offset", "spos", "epos", "line")

    def __init__(self, type, string, lineno, col, end_lineno, end_col, spos, epos, line):
        self.type = type
        self.string = string
        self.lineno = lineno
        self.col = col
        self.end_lineno = end_lineno
        self.end_col = end_col
        self.col_offset = col
        self.end_col_offset = end_col
        self.spos = spos
        self.epos = epos
        self.line = line

    @property
    def start(self):
        return (self.lineno, self.col)

    @property
    def end(self):
        return (self.end_lineno, self.end_col)

    def __repr__(self):
        return f"Token({self.type}, {self.string!r}, {self.start}, {self.end})"


_NAME_RE = re.compile(r"[^\W\d]\w*")
_TYPE_COMMENT_RE = re.compile(r"#[ \t]*type:[ \t]*")
_WS_RE = re.compile(r"[ \t\f]*")
_NUMBER_RE = re.compile(r"""
    0[xX](?:_?[0-9a-fA-F])+
  | 0[bB](?:_?[01])+
  | 0[oO](?:_?[0-7])+
  | (?: (?:[0-9](?:_?[0-9])*\.(?:[0-9](?:_?[0-9])*)? | \.[0-9](?:_?[0-9])*)
        (?:[eE][-+]?[0-9](?:_?[0-9])*)?
      | [0-9](?:_?[0-9])*[eE][-+]?[0-9](?:_?[0-9])*
    ) [jJ]?
  | [0-9](?:_?[0-9])*[jJ]?
""", re.VERBOSE)
_OPERATORS = {
    3: {"**=", "//=", ">>=", "<<=", "..."},
    2: {"!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=", ":=", "<<",
        "<=", "==", ">=", ">>", "@=", "^=", "|="},
    1: set("%&()*+,-./:;<=>@[]^{|}~!"),
}
_STRING_PREFIXES = {"", "r", "u", "b", "br", "rb", "f", "fr", "rf"}
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_COOKIE_RE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK_RE = re.compile(rb"^[ \t\f]*(?:[#\r\n]|$)")


def _syntax_error(cls, msg, filename, lineno, offset, text, end_lineno=None, end_offset=None):
    err = cls(msg, (filename, lineno, offset, text, end_lineno, end_offset))
    return err


def decode_source(source, filename="<unknown>", lenient=False):
    """bytes -> str following PEP 263 (cookie in the first two lines) and a UTF-8 BOM.

    lenient: for UTF-8 input, undecodable bytes become surrogate escapes
    instead of an error; CPython only complains about them where they occur
    (in a name or a string literal, not in a comment), see Tokenizer.
    """
    if isinstance(source, str):
        return source
    if isinstance(source, (bytearray, memoryview)):
        source = bytes(source)
    bom = source.startswith(b"\xef\xbb\xbf")
    if bom:
        source = source[3:]
    encoding = None
    lines = source.split(b"\n", 2)
    for i, raw in enumerate(lines[:2]):
        m = _COOKIE_RE.match(raw)
        if m:
            encoding = m.group(1).decode("ascii", "replace")
            break
        if not _BLANK_RE.match(raw):
            break
    if encoding is None:
        encoding = "utf-8"
    else:
        norm = encoding.lower().replace("_", "-")
        if norm == "utf-8" or norm.startswith("utf-8-"):
            encoding = "utf-8"
        elif norm in ("latin-1", "iso-8859-1", "iso-latin-1") or norm.startswith(("latin-1-", "iso-8859-1-", "iso-latin-1-")):
            encoding = "iso-8859-1"
        if bom and encoding != "utf-8":
            raise _syntax_error(SyntaxError, f"encoding problem: {encoding} with BOM",
                                filename, 0, -1, None)
        import codecs
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise _syntax_error(SyntaxError, f"unknown encoding: {encoding}",
                                filename, 0, -1, None) from None
    try:
        return source.decode(encoding)
    except UnicodeDecodeError as exc:
        if lenient and encoding == "utf-8":
            return source.decode("utf-8", "surrogateescape")
        # CPython reports the line containing the bad byte
        lineno = source[:exc.start].count(b"\n") + 1
        line_start = source.rfind(b"\n", 0, exc.start) + 1
        line_end = source.find(b"\n", exc.start)
        line = source[line_start:(line_end + 1 if line_end >= 0 else len(source))]
        col = exc.start - line_start
        raise _syntax_error(SyntaxError,
                            f"(unicode error) '{encoding}' codec can't decode byte "
                            f"0x{source[exc.start]:02x} in position {col}: {exc.reason}",
                            filename, lineno, col + 1, line.decode(encoding, "replace"),
                            lineno, -1) from None


def check_file_encoding(source, filename):
    """What CPython's file tokenizer (a script run by path) checks beyond
    `decode_source` (`ensure_utf8`): without an encoding declaration every
    line must be UTF-8, comments included; the SyntaxError names the file
    and line and carries no location of its own. A UTF-8 BOM declares the
    encoding too."""
    if source.startswith(b"\xef\xbb\xbf"):
        return
    for raw in source.split(b"\n", 2)[:2]:
        if _COOKIE_RE.match(raw):
            return
        if not _BLANK_RE.match(raw):
            break
    try:
        source.decode("utf-8")
    except UnicodeDecodeError as exc:
        lineno = source[:exc.start].count(b"\n") + 1
        raise SyntaxError(f"Non-UTF-8 code starting with '\\x{source[exc.start]:02x}' in file "
                          f"{filename} on line {lineno}, but no encoding declared; "
                          f"see https://peps.python.org/pep-0263/ for details") from None


_MAX_FSTRING_NESTING = 149


class _FString:
    """Mode entry for an f-string whose literal text is being scanned."""
    __slots__ = ("quote", "triple", "raw", "start_tok")

    def __init__(self, quote, triple, raw, start_tok):
        self.quote = quote
        self.triple = triple
        self.raw = raw
        self.start_tok = start_tok


class _Field:
    """Mode entry for a replacement field `{...}` inside an f-string."""
    __slots__ = ("fstring", "spec", "tok")

    def __init__(self, fstring, tok):
        self.fstring = fstring
        self.spec = False
        self.tok = tok


class Tokenizer:
    """Turns a whole (already decoded) source string into a list of Tokens."""

    def __init__(self, source, filename="<unknown>", *, extra_tokens=False, type_comments=False,
                 exec_input=True):
        if "\0" in source:
            raise SyntaxError("source code string cannot contain null bytes")
        if "\r" in source:
            source = source.replace("\r\n", "\n").replace("\r", "\n")
        self.src = source
        self.filename = filename
        # split on "\n" only: str.splitlines would also split on \f, \v, \x1c...
        lines = source.split("\n")
        if lines[-1] == "":
            lines.pop()
            self.lines = [ln + "\n" for ln in lines] or [""]
        else:
            self.lines = [ln + "\n" for ln in lines[:-1]] + [lines[-1]]
        # absolute offset of each line start (1-based line index)
        starts = [0, 0]
        pos = 0
        for ln in self.lines:
            pos += len(ln)
            starts.append(pos)
        self.line_starts = starts
        self.tokens = []
        # CPython's string tokenizer gives only "exec" input an implicit final newline
        self.exec_input = exec_input
        self.spec_colons = set()   # where a ':' starts an f-string format spec (its spos)
        self.nlines = len(self.lines)
        self.ascii = [ln.isascii() for ln in self.lines]
        self.extra = extra_tokens
        self.type_comments = type_comments
        self.type_ignores = []      # (lineno, tag) of "# type: ignore" comments
        self.unclosed = None

    # -- helpers ---------------------------------------------------------

    def line_text(self, lineno):
        if 1 <= lineno <= len(self.lines):
            return self.lines[lineno - 1]
        return ""

    def error(self, msg, lineno, col, end_lineno=None, end_col=None, cls=SyntaxError, text_nl=None):
        """Raise a SyntaxError at (lineno, col) with CPython's 1-based character offsets.

        text_nl: True to report the line newline-terminated (errors CPython
        raises from the parser side), False to strip the newline (string
        literal errors), None to keep the source line as it is.
        """
        text = self.line_text(lineno)
        if text_nl is True and not text.endswith("\n"):
            text += "\n"
        elif text_nl is False:
            text = text.rstrip("\n")
        offset = col + 1
        # the C tokenizer reports a zero-width range unless told otherwise
        end_offset = offset if end_col is None else end_col + 1
        raise _syntax_error(cls, msg, self.filename, lineno, offset, text,
                            end_lineno if end_lineno is not None else lineno, end_offset)

    def add(self, type, string, lineno, col, end_lineno, end_col, spos, epos):
        if lineno <= self.nlines:
            line = self.lines[lineno - 1]
            ascii_line = self.ascii[lineno - 1]
        else:
            line = ""
            ascii_line = True
        tok = Token(type, string, lineno, col, end_lineno, end_col, spos, epos, line)
        self.tokens.append(tok)
        if ascii_line and end_lineno == lineno:
            return tok
        if not ascii_line:
            tok.col_offset = len(line[:col].encode("utf-8", "surrogatepass"))
            if end_lineno == lineno:
                tok.end_col_offset = len(line[:end_col].encode("utf-8", "surrogatepass"))
        if end_lineno != lineno:
            eline = self.lines[end_lineno - 1] if end_lineno <= len(self.lines) else ""
            if not eline.isascii():
                tok.end_col_offset = len(eline[:end_col].encode("utf-8", "surrogatepass"))
        return tok

    # -- main loop -------------------------------------------------------

    def tokenize(self):
        """Tokenize everything; see _tokenize.

        CPython tokenizes lazily, so which error wins depends on how far the
        parser got.  A tokenizer error therefore becomes an ERRORTOKEN at the
        end of the tokens read so far (`token_error` keeps the exception) and
        the parser decides (see Parser.parse).  `error_in_fstring` records
        whether the tokenizer was inside an f-string at that point.
        """
        self.modes = []
        self.token_error = None
        self.error_is_status = False
        self.error_in_fstring = False
        try:
            return self._tokenize()
        except SyntaxError as exc:
            if self.extra:
                raise
            self.token_error = exc
            # errors the C tokenizer reports through a status code (not an
            # exception) only surface if the parser reaches them
            self.error_is_status = exc.msg in _STATUS_ERRORS or isinstance(exc, TabError)
            self.error_in_fstring = any(m.__class__ is not str for m in self.modes)
            n = len(self.src)
            ln = len(self.lines)
            self.tokens.append(Token("ERRORTOKEN", "", ln, 0, ln, 0, n, n, ""))
            self.tokens.append(Token(ENDMARKER, "", ln, 0, ln, 0, n, n, ""))
            return self.tokens

    def _tokenize(self):
        src = self.src
        n = len(src)
        lines = self.lines
        line_starts = self.line_starts
        add = self.add
        modes = self.modes  # bracket chars, _FString and _Field entries
        indents = [0]
        alt_indents = [0]
        pos = 0
        lineno = 1
        line_start = 0
        at_bol = True
        last_logical = False   # whether the current logical line has a token
        name_match = _NAME_RE.match
        number_match = _NUMBER_RE.match
        ops3 = _OPERATORS[3]
        ops2 = _OPERATORS[2]
        ops1 = _OPERATORS[1]
        while True:
            top = modes[-1] if modes else None
            # ---------------- f-string literal / format-spec text ----------
            if top is not None and top.__class__ is not str:
                if top.__class__ is _FString or top.spec:
                    pos, lineno, line_start = self._scan_fstring_text(top, pos, lineno, line_start, modes)
                    continue
            # ---------------- beginning of a line: indentation ------------
            if at_bol and not modes:
                at_bol = False
                col = 0
                alt = 0
                p = pos
                while p < n:
                    c = src[p]
                    if c == " ":
                        col += 1
                        alt += 1
                    elif c == "\t":
                        col = (col // 8 + 1) * 8
                        alt += 1
                    elif c == "\f":
                        col = alt = 0
                    else:
                        break
                    p += 1
                if p >= n:
                    pos = p
                    break
                c = src[p]
                if c == "#" or c == "\n":
                    # blank or comment-only line: no indentation processing
                    nl_type = NL
                    if c == "#":
                        e = src.find("\n", p)
                        if e < 0:
                            e = n
                        kind = self._comment_kind(src[p:e], lineno, True) if self.type_comments else COMMENT
                        if kind == COMMENT:
                            add(kind, src[p:e], lineno, p - line_start, lineno, e - line_start, p, e)
                        else:
                            # the token starts after the "# type:" prefix, as in CPython
                            add(kind, self._tc_text, lineno, p + self._tc_off - line_start,
                                lineno, e - line_start, p + self._tc_off, e)
                        if kind == TYPE_COMMENT:
                            # the grammar expects NEWLINE after a type comment on its own line
                            nl_type = NEWLINE
                        p = e
                    if p < n:
                        add(nl_type, "\n", lineno, p - line_start, lineno, p - line_start + 1, p, p + 1)
                        p += 1
                        lineno += 1
                        line_start = p
                    else:
                        add(NL, "", lineno, p - line_start, lineno, p - line_start + 1, p, p)
                    pos = p
                    at_bol = True
                    continue
                if col > indents[-1]:
                    if len(indents) >= 100:
                        self.error("too many levels of indentation", lineno, 0, lineno, -1,
                                   cls=IndentationError)
                    if alt <= alt_indents[-1]:
                        self.error("inconsistent use of tabs and spaces in indentation",
                                   lineno, 0, lineno, -1, cls=TabError, text_nl=True)
                    indents.append(col)
                    alt_indents.append(alt)
                    add(INDENT, src[line_start:p], lineno, 0, lineno, p - line_start, line_start, p)
                elif col < indents[-1]:
                    while col < indents[-1]:
                        indents.pop()
                        alt_indents.pop()
                        add(DEDENT, "", lineno, p - line_start, lineno, p - line_start, p, p)
                    if col != indents[-1]:
                        err = IndentationError("unindent does not match any outer indentation level",
                                               (self.filename, lineno, len(lines[lineno - 1].rstrip("\n")) + 1,
                                                lines[lineno - 1] if lines[lineno - 1].endswith("\n") else lines[lineno - 1] + "\n",
                                                lineno, -1))
                        raise err
                    if alt != alt_indents[-1]:
                        self.error("inconsistent use of tabs and spaces in indentation",
                                   lineno, 0, lineno, -1, cls=TabError, text_nl=True)
                elif alt != alt_indents[-1]:
                    self.error("inconsistent use of tabs and spaces in indentation",
                               lineno, 0, lineno, -1, cls=TabError, text_nl=True)
                pos = p
            if pos >= n:
                break
            c = src[pos]
            # ---------------- whitespace ----------------------------------
            if c == " " or c == "\t" or c == "\f":
                pos = _WS_RE.match(src, pos).end()
                if pos >= n:
                    break
                c = src[pos]
            col = pos - line_start
            # ---------------- newline -------------------------------------
            if c == "\n":
                if modes or not last_logical:
                    add(NL, "\n", lineno, col, lineno, col + 1, pos, pos + 1)
                else:
                    add(NEWLINE, "\n", lineno, col, lineno, col + 1, pos, pos + 1)
                    last_logical = False
                    at_bol = True
                pos += 1
                lineno += 1
                line_start = pos
                if not modes:
                    at_bol = True
                continue
            if c == "#":
                e = src.find("\n", pos)
                if e < 0:
                    e = n
                if self.type_comments:
                    kind = self._comment_kind(src[pos:e], lineno, False)
                    if kind == COMMENT:
                        add(kind, src[pos:e], lineno, col, lineno, e - line_start, pos, e)
                    else:
                        add(kind, self._tc_text, lineno, col + self._tc_off, lineno, e - line_start,
                            pos + self._tc_off, e)
                else:
                    add(COMMENT, src[pos:e], lineno, col, lineno, e - line_start, pos, e)
                pos = e
                continue
            if c == "\\":
                if pos + 1 < n and src[pos + 1] == "\n":
                    pos += 2
                    lineno += 1
                    line_start = pos
                    if pos >= n:
                        self.error("unexpected EOF while parsing", lineno - 1, col + 1, lineno - 1, -2, text_nl=True)
                    continue
                if pos + 1 >= n:
                    if not self.exec_input:
                        # no newline follows the backslash at all (E_LINECONT)
                        self.error("unexpected character after line continuation character",
                                   lineno, col, lineno, -1)
                    self.error("unexpected EOF while parsing", lineno, col + 1, lineno, -2, text_nl=True)
                self.error("unexpected character after line continuation character", lineno, col + 1,
                           lineno, -1)
            last_logical = True
            # ---------------- names and strings ---------------------------
            if c.isalpha() or c == "_" or (c >= "\x80" and not c.isdigit()):
                m = name_match(src, pos)
                if self.extra:
                    # tokenize-module mode: any run of identifier-ish or
                    # non-ASCII characters is a NAME, unvalidated, unnormalised
                    e = pos
                    while e < n and (src[e].isalnum() or src[e] == "_" or (src[e] > "\x7f" and not src[e].isspace())):
                        e += 1
                    if e < n and (src[e] == '"' or src[e] == "'") and src[pos:e].lower() in _STRING_PREFIXES:
                        pos, lineno, line_start = self._string(src[pos:e].lower(), pos, e, lineno, line_start, modes)
                        continue
                    add(NAME, src[pos:e], lineno, col, lineno, e - line_start, pos, e)
                    pos = e
                    continue
                if m is None:
                    self._bad_char(c, lineno, col)
                e = m.end()
                while e < n and src[e] > "\x7f" and ("a" + src[e]).isidentifier():
                    e = _NAME_RE.match(src, e + 1).end() if _NAME_RE.match(src, e + 1) else e + 1
                word = src[pos:e]
                if e < n and (src[e] == '"' or src[e] == "'") and word.lower() in _STRING_PREFIXES:
                    pos, lineno, line_start = self._string(word.lower(), pos, e, lineno, line_start, modes)
                    continue
                if e < n and src[e] > "\x7f":
                    # a name may continue with characters \w does not cover
                    # (CPython checks XID_Continue after NFKC); the common
                    # case is an invalid character right after a name.
                    ch = src[e]
                    if not (ch.isidentifier() or ("a" + ch).isidentifier()):
                        add(NAME, word, lineno, col, lineno, e - line_start, pos, e)
                        pos = e
                        self._bad_char(ch, lineno, e - line_start, col)
                if not word.isascii():
                    if not word.isidentifier():
                        for ch in word:
                            if not ("a" + ch).isidentifier():
                                self._bad_char(ch, lineno, col + word.index(ch))
                    word = unicodedata.normalize("NFKC", word)
                add(NAME, word, lineno, col, lineno, e - line_start, pos, e)
                pos = e
                continue
            if c == '"' or c == "'":
                pos, lineno, line_start = self._string("", pos, pos, lineno, line_start, modes)
                continue
            # ---------------- numbers -------------------------------------
            if "0" <= c <= "9" or (c == "." and pos + 1 < n and "0" <= src[pos + 1] <= "9"):
                m = number_match(src, pos)
                e = m.end()
                self._check_number(m.group(), pos, e, lineno, line_start)
                add(NUMBER, m.group(), lineno, col, lineno, e - line_start, pos, e)
                pos = e
                continue
            # ---------------- operators -----------------------------------
            s3 = src[pos:pos + 3]
            if s3 in ops3:
                op = s3
            elif s3[:2] in ops2 or (self.extra and s3[:2] == "<>"):
                op = s3[:2]
            elif c in ops1:
                op = c
            elif c in "$?`":
                op = c
            else:
                self._bad_char(c, lineno, col)
            top = modes[-1] if modes else None
            if top is not None and top.__class__ is _Field:
                # inside a replacement field at bracket depth 0
                if op == "}":
                    add(OP, "}", lineno, col, lineno, col + 1, pos, pos + 1)
                    modes.pop()
                    pos += 1
                    continue
                if op[0] == ":":
                    add(OP, ":", lineno, col, lineno, col + 1, pos, pos + 1)
                    self.spec_colons.add(pos)
                    top.spec = True
                    pos += 1
                    continue
            if op in ("(", "[", "{"):
                if len(getattr(self, "_open_tok", ())) >= 200:
                    self.error("too many nested parentheses", lineno, col)
                modes.append(op)
                tok = add(OP, op, lineno, col, lineno, col + 1, pos, pos + 1)
                self._open_tok = getattr(self, "_open_tok", [])
                self._open_tok.append(tok)
                pos += 1
                continue
            if op in (")", "]", "}"):
                if not modes or modes[-1].__class__ is not str:
                    if op == "}" and top is not None and top.__class__ is _FString:
                        self.error("f-string: single '}' is not allowed", lineno, col)
                    if top is not None and top.__class__ is _Field:
                        self.error(f"f-string: unmatched '{op}'", lineno, col)
                    self.error(f"unmatched '{op}'", lineno, col)
                opener = modes.pop()
                otok = self._open_tok.pop()
                if _CLOSERS[op] != opener:
                    if otok.lineno != lineno:
                        self.error(f"closing parenthesis '{op}' does not match opening "
                                   f"parenthesis '{opener}' on line {otok.lineno}", lineno, col)
                    self.error(f"closing parenthesis '{op}' does not match opening "
                               f"parenthesis '{opener}'", lineno, col)
                add(OP, op, lineno, col, lineno, col + 1, pos, pos + 1)
                pos += 1
                continue
            add(OP, op, lineno, col, lineno, col + len(op), pos, pos + len(op))
            pos += len(op)
        # ---------------- end of input -------------------------------------
        if modes:
            top = modes[-1]
            if top.__class__ is str:
                # CPython lets the parser fail first; the parser turns this
                # token into "'(' was never closed" (see Parser.parse).
                otok = self._open_tok[-1]
                self.unclosed = SyntaxError(f"'{top}' was never closed",
                                            (self.filename, otok.lineno, otok.col + 1,
                                             otok.line.rstrip("\n") if otok.line.endswith("\n") else otok.line + "\n",
                                             otok.lineno, 0))
                self.tokens.append(Token("ERRORTOKEN", "", lineno, pos - line_start, lineno,
                                         pos - line_start, n, n, ""))
                self.tokens.append(Token(ENDMARKER, "", lineno, 0, lineno, 0, n, n, ""))
                return self.tokens
            if top.__class__ is _Field and not top.spec:
                otok = top.tok
                self.unclosed = SyntaxError("'{' was never closed",
                                            (self.filename, otok.lineno, otok.col + 1,
                                             otok.line if otok.line.endswith("\n") else otok.line + "\n",
                                             otok.lineno, 0))
                self.tokens.append(Token("ERRORTOKEN", "", lineno, pos - line_start, lineno,
                                         pos - line_start, n, n, ""))
                self.tokens.append(Token(ENDMARKER, "", lineno, 0, lineno, 0, n, n, ""))
                return self.tokens
            fs = top if top.__class__ is _FString else top.fstring
            st = fs.start_tok
            kind = "triple-quoted " if fs.triple else ""
            self.error(f"unterminated {kind}f-string literal (detected at line {len(self.lines)})",
                       st.lineno, st.col, st.lineno, st.col, text_nl=False)
        last_line = len(lines)
        if self.tokens and last_logical:
            # CPython adds an implicit NEWLINE when the last line has no '\n'
            add(NEWLINE, "", lineno, n - line_start, lineno, n - line_start + 1, n, n)
        eline = lineno
        if src and not src.endswith("\n"):
            eline = lineno + 1
        for _ in indents[1:]:
            self.tokens.append(Token(DEDENT, "", eline, 0, eline, 0, n, n, ""))
        self.tokens.append(Token(ENDMARKER, "", eline, 0, eline, 0, n, n, ""))
        return self.tokens

    def _comment_kind(self, text, lineno, blank_line):
        """COMMENT, TYPE_COMMENT (text in self._tc_text) or TYPE_IGNORE (recorded, then COMMENT).

        The prefix is "# type: " where each space stands for any run of
        spaces and tabs, as in CPython's tokenizer.
        """
        m = _TYPE_COMMENT_RE.match(text)
        if m is None:
            return COMMENT
        rest = text[m.end():]
        if rest.startswith("ignore") and not (len(rest) > 6 and (rest[6] >= "\x80" or rest[6].isalnum())):
            # a type: ignore on its own line swallows its newline into the tag
            self.type_ignores.append((lineno, rest[6:] + ("\n" if blank_line and
                                                          self.line_text(lineno).endswith("\n") else "")))
            return COMMENT
        self._tc_text = rest
        self._tc_off = m.end()
        return TYPE_COMMENT

    def bad_utf8(self, lineno, text, offset, end_offset=None, end_lineno=None):
        """CPython's "(unicode error) 'utf-8' codec can't decode ..." for surrogate-escaped bytes."""
        raw = text.encode("utf-8", "surrogateescape")
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            msg = (f"(unicode error) 'utf-8' codec can't decode byte 0x{raw[exc.start]:02x} "
                   f"in position {exc.start}: {exc.reason}")
        else:
            msg = "invalid syntax"
        line = self.line_text(lineno).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if not line.endswith("\n"):
            line += "\n"
        return SyntaxError(msg, (self.filename, lineno, offset, line, end_lineno or lineno,
                                 -1 if end_offset is None else end_offset))

    def _bad_char(self, c, lineno, col, token_col=None):
        if "\udc80" <= c <= "\udcff":
            # undecodable source byte in a name: CPython reports its position
            # within the name's bytes, located at the offending character
            line = self.line_text(lineno)
            start = col if token_col is None else token_col
            word = line[start:].split()
            raise self.bad_utf8(lineno, word[0] if word else c, col + 1)
        if c in "$?`":
            self.error("invalid syntax", lineno, col, lineno, col + 1, text_nl=True)
        if c.isprintable():
            self.error(f"invalid character '{c}' (U+{ord(c):04X})", lineno, col)
        self.error(f"invalid non-printable character U+{ord(c):04X}", lineno, col)

    def _check_number(self, text, pos, e, lineno, line_start):
        src = self.src
        col = pos - line_start
        nxt = src[e] if e < len(src) else ""
        low = text.lower()
        if text == "0" and nxt in "xXoObB" and nxt:
            kind = {"x": "hexadecimal", "o": "octal", "b": "binary"}[nxt.lower()]
            digit = src[e + 1] if e + 1 < len(src) else ""
            if kind != "hexadecimal" and digit.isdigit():
                self.error(f"invalid digit '{digit}' in {kind} literal", lineno, e + 1 - line_start, text_nl=False)
            self.error(f"invalid {kind} literal", lineno, e - line_start, text_nl=False)
        if self.extra:
            # the tokenize module (C tokenizer in extra-tokens mode) is lenient
            # about literal suffixes and leading zeros, but not about bad digits
            if low.startswith("0o") and nxt.isdigit():
                self.error(f"invalid digit '{nxt}' in octal literal", lineno, e - line_start, text_nl=False)
            if low.startswith("0b") and nxt.isdigit():
                self.error(f"invalid digit '{nxt}' in binary literal", lineno, e - line_start, text_nl=False)
            return
        if (len(text) > 1 and text[0] == "0" and (text[1].isdigit() or text[1] == "_") and not
                any(ch in low for ch in ".ej") and text.replace("_", "").strip("0")):
            # 0777 is an error, 00 is fine
            j = 1
            while j < len(text) and text[j] in "0_":
                j += 1
            self.error("leading zeros in decimal integer literals are not permitted; "
                       "use an 0o prefix for octal integers", lineno, col, lineno, col + j, text_nl=False)
        if nxt == "_" or (nxt and (nxt.isalnum() or nxt >= "\x80" and nxt.isidentifier())):
            if low.startswith("0x"):
                kind = "hexadecimal"
            elif low.startswith("0o") or low.startswith("0b"):
                kind = "octal" if low[1] == "o" else "binary"
                # a digit out of range, perhaps after an underscore
                at = e + 1 if nxt == "_" else e
                digit = src[at:at + 1]
                if digit.isdigit():
                    self.error(f"invalid digit '{digit}' in {kind} literal", lineno, at - line_start, text_nl=False)
            elif low.endswith("j"):
                kind = "imaginary"
            elif "." in low or "e" in low:
                kind = "decimal"
            else:
                kind = "decimal"
            # keywords glued to numbers (1if x else y) are accepted with a warning
            for kw in ("and", "else", "for", "if", "in", "is", "not", "or"):
                if src.startswith(kw, e):
                    after = src[e + len(kw):e + len(kw) + 1]
                    if not (after.isalnum() or after == "_"):
                        import warnings
                        try:
                            warnings.warn_explicit(f"invalid {kind} literal", SyntaxWarning,
                                                   self.filename, lineno)
                        except SyntaxWarning:
                            # turned into an error: a SyntaxError here (parser_warn)
                            self.error(f"invalid {kind} literal", lineno, e - line_start - 1, text_nl=False)
                        return
            if nxt == "_":
                self.error(f"invalid {kind} literal", lineno, e - line_start, text_nl=False)
            if kind == "imaginary":
                self.error(f"invalid {kind} literal", lineno, e - line_start - 1, text_nl=False)
            if nxt in "eE" and kind == "decimal":
                # an exponent without digits: CPython backs up one character
                if src[e + 1:e + 2] in ("+", "-") and src[e + 1:e + 2]:
                    self.error("invalid decimal literal", lineno, e + 1 - line_start, text_nl=False)
                self.error("invalid decimal literal", lineno, e - line_start - 1, text_nl=False)
            # verify_end_of_number backs up to the offending character
            self.error(f"invalid {kind} literal", lineno, e - line_start - 1, text_nl=False)
        if low.endswith(("e", "e+", "e-")) and not low.startswith("0x"):
            self.error("invalid decimal literal", lineno, col, text_nl=False)

    # -- strings ---------------------------------------------------------

    def _string(self, prefix, pos, qpos, lineno, line_start, modes):
        """Scan a string literal (or push f-string mode) starting at `pos`."""
        src = self.src
        n = len(src)
        q = src[qpos]
        triple = src.startswith(q * 3, qpos)
        col = pos - line_start
        if "f" in prefix:
            # MAXFSTRINGLEVEL: the C tokenizer's mode stack holds 150 modes, the
            # first for ordinary code, so 149 f-strings can nest.
            if sum(1 for mode in modes if mode.__class__ is _FString) >= _MAX_FSTRING_NESTING:
                self.error("too many nested f-strings", lineno, qpos - line_start, text_nl=False)
            qlen = 3 if triple else 1
            e = qpos + qlen
            tok = self.add(FSTRING_START, src[pos:e], lineno, col, lineno, e - line_start, pos, e)
            modes.append(_FString(q * qlen, triple, "r" in prefix, tok))
            return e, lineno, line_start
        start_line = lineno
        if triple:
            quote = q * 3
            p = qpos + 3
            while True:
                i = src.find(quote, p)
                bs = src.find("\\", p)
                if i < 0:
                    last = len(self.lines)
                    self.error(f"unterminated triple-quoted string literal (detected at line {last})",
                               start_line, col, start_line, col, text_nl=False)
                if 0 <= bs < i:
                    p = bs + 2
                    continue
                e = i + 3
                break
        else:
            p = qpos + 1
            while True:
                if p >= n:
                    self._unterminated_in_field(q, start_line, col, modes)
                    self.error(f"unterminated string literal (detected at line {lineno})",
                               start_line, col, start_line, col, text_nl=False)
                ch = src[p]
                if ch == q:
                    e = p + 1
                    break
                if ch == "\\":
                    if p + 1 < n and src[p + 1] == "\n":
                        lineno += 1
                        line_start = p + 2
                    p += 2
                    continue
                if ch == "\n":
                    self._unterminated_in_field(q, start_line, col, modes)
                    self.error(f"unterminated string literal (detected at line {lineno})",
                               start_line, col, start_line, col, text_nl=False)
                p += 1
        text = src[pos:e]
        nl = text.count("\n")
        if nl:
            lineno = start_line + nl
            line_start = self.line_starts[lineno]
        self.add(STRING, text, start_line, col, lineno, e - line_start, pos, e)
        return e, lineno, line_start

    def _unterminated_in_field(self, q, lineno, col, modes):
        for m in reversed(modes):
            if m.__class__ is _Field:
                if m.fstring.quote == q:
                    self.error("f-string: expecting '}'", lineno, col)
                return

    def _scan_fstring_text(self, top, pos, lineno, line_start, modes):
        """Scan literal text of an f-string (or of a format spec) up to the next field/end."""
        src = self.src
        n = len(src)
        fs = top if top.__class__ is _FString else top.fstring
        quote = fs.quote
        in_spec = top.__class__ is _Field
        start = pos
        start_line = lineno
        start_ls = line_start
        p = pos
        while True:
            if p >= n:
                st = fs.start_tok
                kind = "triple-quoted " if fs.triple else ""
                self.error(f"unterminated {kind}f-string literal (detected at line {len(self.lines)})",
                           st.lineno, st.col, st.lineno, st.col, text_nl=False)
            ch = src[p]
            if ch == quote[0] and src.startswith(quote, p):
                if in_spec:
                    # the string ends inside a format spec: CPython's parser
                    # reports "expecting '}', or format specs" at FSTRING_END
                    self._emit_middle(start, p, start_line, start_ls, lineno, line_start)
                    e = p + len(quote)
                    self.add(FSTRING_END, quote, lineno, p - line_start, lineno, e - line_start, p, e)
                    while modes and modes.pop() is not fs:
                        pass
                    return e, lineno, line_start
                self._emit_middle(start, p, start_line, start_ls, lineno, line_start)
                e = p + len(quote)
                self.add(FSTRING_END, quote, lineno, p - line_start, lineno, e - line_start, p, e)
                modes.pop()
                return e, lineno, line_start
            if ch == "\n":
                if not fs.triple:
                    st = fs.start_tok
                    if in_spec:
                        # 3.12.1 ends the format spec at the newline and goes
                        # back to expression mode (the newline is an NL)
                        self._emit_middle(start, p, start_line, start_ls, lineno, line_start, True)
                        top.spec = False
                        return p, lineno, line_start
                    self.error(f"unterminated f-string literal (detected at line {lineno})",
                               st.lineno, st.col, st.lineno, st.col, text_nl=False)
                p += 1
                lineno += 1
                line_start = p
                continue
            if ch == "\\":
                nxt = src[p + 1] if p + 1 < n else ""
                if nxt == "\n":
                    lineno += 1
                    line_start = p + 2
                    p += 2
                    continue
                if nxt == "{" or nxt == "}" or nxt == "":
                    if nxt and not fs.raw:
                        self._warn_invalid_escape(nxt, lineno, p + 1 - line_start)
                    p += 1
                    continue
                if not fs.raw and src.startswith("N{", p + 1):
                    # \N{...} is an escape, not a replacement field
                    close = src.find("}", p + 3)
                    if close > 0:
                        p = close + 1
                        continue
                p += 2
                continue
            if ch == "{":
                if src.startswith("{{", p) and not in_spec:
                    p += 2
                    continue
                if in_spec and src.startswith("{{", p) and p == start:
                    # 3.12 emits an empty middle before a doubled brace in a spec
                    self.add(FSTRING_MIDDLE, "", lineno, p - line_start, lineno, p - line_start, p, p)
                else:
                    self._emit_middle(start, p, start_line, start_ls, lineno, line_start)
                col = p - line_start
                tok = self.add(OP, "{", lineno, col, lineno, col + 1, p, p + 1)
                modes.append(_Field(fs, tok))
                return p + 1, lineno, line_start
            if ch == "}":
                if src.startswith("}}", p) and not in_spec:
                    p += 2
                    continue
                if not in_spec:
                    self.error("f-string: single '}' is not allowed", lineno, p - line_start)
                self._emit_middle(start, p, start_line, start_ls, lineno, line_start, True)
                col = p - line_start
                self.add(OP, "}", lineno, col, lineno, col + 1, p, p + 1)
                modes.pop()
                return p + 1, lineno, line_start
            p += 1

    def _warn_invalid_escape(self, char, lineno, col):
        """`warn_invalid_escape_sequence` of the tokenizer: a backslash before
        an f-string's brace; a warning turned into an error is a SyntaxError."""
        import warnings
        msg = f"invalid escape sequence '\\{char}'"
        try:
            warnings.warn_explicit(msg, SyntaxWarning, self.filename, lineno)
        except SyntaxWarning:
            self.error(msg, lineno, col)

    def _emit_middle(self, start, end, start_line, start_ls, lineno, line_start, always=False):
        # CPython 3.12 emits an empty FSTRING_MIDDLE when a format spec ends
        # right after a nested replacement field (it shows up as Constant('')).
        if end > start or (always and self.tokens[-1].string == "}" and self.tokens[-1].type == OP):
            self.add(FSTRING_MIDDLE, self.src[start:end], start_line, start - start_ls,
                     lineno, end - line_start, start, end)


def tokenize_source(source, filename="<unknown>"):
    """Tokenize `source` (str or bytes) into a list of Token objects."""
    if not isinstance(source, str):
        source = decode_source(source, filename)
    return Tokenizer(source, filename).tokenize()
