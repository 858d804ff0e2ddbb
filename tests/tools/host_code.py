"""Turn CPython 3.12 code objects into innerpy `Code` objects, for testing `innerpy.dis`.

innerpy's compiler is not needed to test the disassembler: CPython 3.12
already produces the bytecode innerpy must read. On a 3.12 host
`from_host(code)` converts a host code object directly, through `Code`'s
CodeType-style constructor. On any host, `encode` (run inside a CPython 3.12
subprocess) writes a code object as JSON and `decode` rebuilds it here, so
the comparison with 3.12's own `dis` runs on 3.11 and 3.13 hosts too.

This module must import under a bare CPython 3.12 (the reference
subprocess has no pytest and no innerpy on its path), so innerpy is only
imported inside `decode`/`from_host`.
"""

import re

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def normalize(text):
    """Hide object addresses (`<code object f at 0x7f...>`), which differ between processes."""
    return _ADDRESS.sub(" at 0x?", text)


_FROZENSET = re.compile(r"frozenset\(\{([^{}()]*)\}\)")


def canonical_sets(text):
    """Sort the items of simple `frozenset({...})` reprs.

    A set of strings prints in hash order, and string hashes differ per
    process, so two processes compiling the same constant print it
    differently. Only for comparing output of two different processes.
    """
    return _FROZENSET.sub(lambda m: "frozenset({" + ", ".join(sorted(m.group(1).split(", "))) + "})",
                          text)


# -- host 3.12 -> JSON (runs in the reference interpreter) ---------------------

def encode(code):
    """A JSON-able description of a host code object, nested code included."""
    return {
        "argcount": code.co_argcount, "posonlyargcount": code.co_posonlyargcount,
        "kwonlyargcount": code.co_kwonlyargcount, "nlocals": code.co_nlocals,
        "stacksize": code.co_stacksize, "flags": code.co_flags,
        "code": code.co_code.hex(), "consts": [encode_const(c) for c in code.co_consts],
        "names": list(code.co_names), "varnames": list(code.co_varnames),
        "filename": code.co_filename, "name": code.co_name, "qualname": code.co_qualname,
        "firstlineno": code.co_firstlineno, "linetable": code.co_linetable.hex(),
        "exceptiontable": code.co_exceptiontable.hex(),
        "freevars": list(code.co_freevars), "cellvars": list(code.co_cellvars),
    }


def encode_const(value):
    if value is None:
        return ["None"]
    if value is Ellipsis:
        return ["Ellipsis"]
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, int):
        return ["int", str(value)]
    if isinstance(value, float):
        return ["float", value.hex()]
    if isinstance(value, complex):
        return ["complex", value.real.hex(), value.imag.hex()]
    if isinstance(value, str):
        return ["str", value]
    if isinstance(value, bytes):
        return ["bytes", value.hex()]
    if isinstance(value, tuple):
        return ["tuple", [encode_const(v) for v in value]]
    if isinstance(value, frozenset):
        # The repr is kept: string hashes (and so set order) differ per process.
        return ["frozenset", [encode_const(v) for v in value], repr(value)]
    if hasattr(value, "co_code"):
        return ["code", encode(value)]
    raise TypeError(f"cannot encode constant of type {type(value).__name__}")


# -- JSON -> innerpy Code (runs on any host) ---------------------------------

class _FrozensetWithHostRepr(frozenset):
    """A frozenset constant that prints as it did in the reference process.

    Iteration order of a set of strings depends on the per-process hash seed;
    keeping the reference's repr makes dis output comparable byte for byte.
    """

    def __new__(cls, items, text):
        self = super().__new__(cls, items)
        self._text = text
        return self

    def __repr__(self):
        return self._text


def decode(data):
    from innerpy.objects.code import Code
    return Code(data["argcount"], data["posonlyargcount"], data["kwonlyargcount"],
                data["nlocals"], data["stacksize"], data["flags"],
                bytes.fromhex(data["code"]), tuple(decode_const(c) for c in data["consts"]),
                tuple(data["names"]), tuple(data["varnames"]), data["filename"], data["name"],
                data["qualname"], data["firstlineno"], bytes.fromhex(data["linetable"]),
                bytes.fromhex(data["exceptiontable"]), tuple(data["freevars"]),
                tuple(data["cellvars"]))


def decode_const(item):
    kind = item[0]
    if kind == "None":
        return None
    if kind == "Ellipsis":
        return Ellipsis
    if kind == "bool":
        return item[1]
    if kind == "int":
        return int(item[1])
    if kind == "float":
        return float.fromhex(item[1])
    if kind == "complex":
        return complex(float.fromhex(item[1]), float.fromhex(item[2]))
    if kind == "str":
        return item[1]
    if kind == "bytes":
        return bytes.fromhex(item[1])
    if kind == "tuple":
        return tuple(decode_const(v) for v in item[1])
    if kind == "frozenset":
        return _FrozensetWithHostRepr([decode_const(v) for v in item[1]], item[2])
    if kind == "code":
        return decode(item[1])
    raise ValueError(f"unknown constant kind {kind!r}")


def from_host(code):
    """Convert a host 3.12 code object (recursively) into an innerpy Code."""
    from innerpy.objects.code import Code
    consts = tuple(from_host(c) if hasattr(c, "co_code") else c for c in code.co_consts)
    return Code(code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount,
                code.co_nlocals, code.co_stacksize, code.co_flags, code.co_code, consts,
                code.co_names, code.co_varnames, code.co_filename, code.co_name,
                code.co_qualname, code.co_firstlineno, code.co_linetable,
                code.co_exceptiontable, code.co_freevars, code.co_cellvars)
