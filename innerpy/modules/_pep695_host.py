"""PEP 695 objects made by the host's own intrinsics (hosts 3.12+ only).

CPython's TYPEVAR*, PARAMSPEC, TYPEVARTUPLE and TYPEALIAS intrinsics make
objects that the public constructors cannot: a TypeVar whose bound or
constraints, and an alias whose value, are evaluated on first access (and
retried after an error), with `__infer_variance__` set and no `__module__`
of their own. On hosts that have PEP 695, the host's compiler reaches those
intrinsics from the templates below. innerpy runs a template's code with its
placeholder constants replaced (the parameter's or alias's name, an alias's
type parameters) and the guest's evaluation function in its closure, so the
guest gets the host's own `typing` objects, lazy as in CPython 3.12.

This module uses 3.12 syntax: `typing_support` imports it only on hosts
3.12 and later.
"""

import builtins
import types

_NAME = "_NAME_"


def _typevar_template(evaluate):
    def holder[_NAME_](): ...


def _bound_template(evaluate):
    def holder[_NAME_: evaluate()](): ...


def _constraints_template(evaluate):
    def holder[_NAME_: (*evaluate(),)](): ...


def _paramspec_template(evaluate):
    def holder[**_NAME_](): ...


def _typevartuple_template(evaluate):
    def holder[*_NAME_](): ...


def _alias_template(evaluate):
    type _NAME_ = evaluate()
    return _NAME_


def _type_params_code(template):
    """The `<generic parameters of holder>` code inside a parameter template."""
    for const in template.__code__.co_consts:
        if isinstance(const, types.CodeType) and const.co_name == "<generic parameters of holder>":
            return const
    raise SystemError(f"{template.__name__} has no generic parameters code")


_PARAMETER_CODES = {
    kind: _type_params_code(template)
    for kind, template in (
        ("typevar", _typevar_template),
        ("bound", _bound_template),
        ("constraints", _constraints_template),
        ("paramspec", _paramspec_template),
        ("typevartuple", _typevartuple_template),
    )
}

_HOST_GLOBALS = {"__name__": __name__, "__builtins__": builtins}


def _with_name(code, name):
    return code.replace(co_consts=tuple(name if const == _NAME else const for const in code.co_consts))


def make_parameter(kind, name, evaluate=None):
    """A host TypeVar ("typevar", "bound", "constraints"), ParamSpec or
    TypeVarTuple called `name`; `evaluate` computes a bound or constraints."""
    code = _with_name(_PARAMETER_CODES[kind], name)
    closure = (types.CellType(evaluate),) if code.co_freevars else None
    holder = types.FunctionType(code, _HOST_GLOBALS, closure=closure)()
    return holder.__type_params__[0]


def _alias_code(name, type_params):
    """The alias template's code for `name`: its None constant is the type
    parameters the intrinsic receives (the template returns through a local,
    so that constant has no other use)."""
    code = _alias_template.__code__
    consts = tuple(type_params if const is None else name if const == _NAME else const
                   for const in code.co_consts)
    return code.replace(co_consts=consts)


def make_typealias(name, type_params, evaluate, module):
    """A host TypeAliasType whose value `evaluate` computes on first access;
    `__module__` comes from the evaluation function's module, as in CPython."""
    namespace = {"__builtins__": builtins}
    if module is not None:
        namespace["__name__"] = module
    template = types.FunctionType(_alias_code(name, type_params), namespace)
    return template(evaluate)
