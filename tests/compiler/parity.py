"""Compare innerpy code objects with CPython 3.12's, field by field.

`describe(code)` turns a code object (host or innerpy) into plain data;
`diff(expected, actual)` lists the fields that differ, recursing into nested
code objects. On a 3.12 host the reference is the host's `compile`; elsewhere
`reference_descriptions` runs a 3.12 subprocess and brings the descriptions
back as JSON, together with 3.12's AST (rebuilt here as simple node objects),
so innerpy's compiler can be checked on any host without innerpy's parser.
"""

import json

FIELDS = ("co_name", "co_qualname", "co_argcount", "co_posonlyargcount", "co_kwonlyargcount",
          "co_flags", "co_stacksize", "co_firstlineno", "co_code", "co_names", "co_varnames",
          "co_cellvars", "co_freevars", "co_linetable", "co_exceptiontable", "co_consts")


def _const(value):
    if hasattr(value, "co_code"):
        return {"code": describe(value)}
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": value.hex()}
    if isinstance(value, tuple):
        return {"tuple": [_const(v) for v in value]}
    if isinstance(value, frozenset):
        return {"frozenset": sorted((_const(v) for v in value), key=repr)}
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, complex):
        return {"complex": repr(value)}
    if value is Ellipsis:
        return {"ellipsis": True}
    if isinstance(value, bool) or value is None:
        return {type(value).__name__: value}
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, str):
        return {"str": value}
    return {"other": repr(value)}


def describe(code):
    out = {}
    for field in FIELDS:
        value = getattr(code, field)
        if isinstance(value, bytes):
            value = value.hex()
        elif field == "co_consts":
            value = [_const(c) for c in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[field] = value
    return out


def diff(expected, actual, path="<top>"):
    """Field-level differences, as readable strings."""
    out = []
    for field in FIELDS:
        e, a = expected[field], actual[field]
        if field == "co_consts":
            if len(e) != len(a):
                out.append(f"{path}.co_consts: {len(e)} vs {len(a)}: {_short(e)} != {_short(a)}")
                continue
            for i, (ce, ca) in enumerate(zip(e, a)):
                if "code" in ce and "code" in ca:
                    out.extend(diff(ce["code"], ca["code"], f"{path}/{ce['code']['co_name']}"))
                elif ce != ca:
                    out.append(f"{path}.co_consts[{i}]: {ce} != {ca}")
        elif e != a:
            out.append(f"{path}.{field}: expected {e!r} got {a!r}")
    return out


def count(expected, actual):
    """(identical code objects, total) counting nested code objects."""
    same = total = 0
    stack = [(expected, actual)]
    while stack:
        e, a = stack.pop()
        total += 1
        nested_e = [c["code"] for c in e["co_consts"] if "code" in c]
        nested_a = [c["code"] for c in (a["co_consts"] if a else []) if "code" in c]
        if a is not None and not diff_flat(e, a):
            same += 1
        for i, ne in enumerate(nested_e):
            stack.append((ne, nested_a[i] if i < len(nested_a) else None))
    return same, total


def diff_flat(e, a):
    out = []
    for field in FIELDS:
        if field == "co_consts":
            ce = [c if "code" not in c else c["code"]["co_name"] for c in e[field]]
            ca = [c if "code" not in c else c["code"]["co_name"] for c in a[field]]
            if ce != ca:
                out.append(field)
        elif e[field] != a[field]:
            out.append(field)
    return out


def _short(value, n=300):
    text = repr(value)
    return text if len(text) < n else text[:n] + "..."


# -- AST transport (3.12 subprocess -> any host) ------------------------------

AST_TO_JSON = r'''
import ast
def enc(node):
    if isinstance(node, ast.AST):
        d = {"_type": type(node).__name__}
        for f in node._fields + tuple(getattr(node, "_attributes", ())):
            if hasattr(node, f):
                d[f] = enc(getattr(node, f))
        return d
    if isinstance(node, list):
        return [enc(x) for x in node]
    if isinstance(node, (bytes,)):
        return {"_bytes": node.hex()}
    if isinstance(node, complex):
        return {"_complex": repr(node)}
    if isinstance(node, float):
        return {"_float": repr(node)}
    if node is Ellipsis:
        return {"_ellipsis": True}
    if isinstance(node, int) and not isinstance(node, bool) and abs(node) > 2**53:
        return {"_bigint": str(node)}
    return node
'''


class JsonNode:
    _fields = ()
    _attributes = ("lineno", "col_offset", "end_lineno", "end_col_offset")


_classes = {}


def _node_class(name, fields):
    cls = _classes.get(name)
    if cls is None:
        cls = _classes[name] = type(name, (JsonNode,), {"_fields": tuple(fields)})
    return cls


def decode_ast(data):
    if isinstance(data, list):
        return [decode_ast(x) for x in data]
    if isinstance(data, dict):
        if "_type" in data:
            fields = [k for k in data if k not in ("_type",) and k not in JsonNode._attributes]
            cls = _node_class(data["_type"], fields)
            node = object.__new__(cls)
            for k, v in data.items():
                if k != "_type":
                    setattr(node, k, decode_ast(v))
            return node
        if "_bytes" in data:
            return bytes.fromhex(data["_bytes"])
        if "_complex" in data:
            return complex(data["_complex"])
        if "_float" in data:
            return float(data["_float"])
        if "_ellipsis" in data:
            return Ellipsis
        if "_bigint" in data:
            return int(data["_bigint"])
    return data


def mode_flags(mode):
    """Compile flags a test mode suffix asks for: -tla (PyCF_ALLOW_TOP_LEVEL_AWAIT), -ann (annotations)."""
    return {"tla": 0x2000, "ann": 0x1000000}.get(mode.partition("-")[2], 0)


REFERENCE_PROGRAM = AST_TO_JSON + r'''
import json, sys
sys.path.insert(0, %(tests_dir)r)
from parity import describe, mode_flags
sources = json.loads(sys.stdin.read())
out = []
for src, mode in sources:
    entry = {}
    flags = mode_flags(mode)
    werror = mode.endswith("-werror")                # SyntaxWarnings as errors
    mode = mode.split("-")[0]
    import warnings
    try:
        entry["ast"] = enc(compile(src, "<parity>", mode, flags=flags | ast.PyCF_ONLY_AST))
        with warnings.catch_warnings():
            warnings.simplefilter("error" if werror else "ignore")
            entry["code"] = describe(compile(src, "<parity>", mode, flags=flags))
    except SyntaxError as exc:
        entry["error"] = [type(exc).__name__, exc.msg, exc.lineno, exc.offset, exc.end_lineno, exc.end_offset]
    out.append(entry)
print(json.dumps(out))
'''
