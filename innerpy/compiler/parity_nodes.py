"""Minimal AST node objects, for building trees by hand (tests, tools).

The compiler reads nodes by class name and attributes only; these classes
carry just that.
"""

_classes = {}


def node_class(name):
    cls = _classes.get(name)
    if cls is None:
        cls = _classes[name] = type(name, (), {"_fields": (), "__init__": _init})
    return cls


def _init(self, **fields):
    self.__dict__.update(fields)


def build(_kind, **fields):
    """An instance of a class named `_kind` with the given attributes."""
    return node_class(_kind)(**fields)
