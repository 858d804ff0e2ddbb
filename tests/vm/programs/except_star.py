def f():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), KeyError(3)])
    except* ValueError as e:
        print("caught", repr(e))
    except* TypeError:
        raise
try:
    f()
except ExceptionGroup as e:
    print(repr(e), e.exceptions)
try:
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise RuntimeError("new")
except BaseExceptionGroup as e:
    print(repr(e), [repr(x) for x in e.exceptions])
try:
    raise ValueError("naked")
except* ValueError as e:
    print(repr(e))


# split() and subgroup() parts carry the tracebacks of the groups they come from.
def raise_group():
    def inner():
        raise ExceptionGroup("inner", [ValueError(1), TypeError(2)])
    try:
        inner()
    except ExceptionGroup as e:
        raise ExceptionGroup("outer", [e, KeyError(3)])
try:
    raise_group()
except ExceptionGroup as group:
    match, rest = group.split(ValueError)
    for part in (match, rest, group.subgroup(lambda e: isinstance(e, (ValueError, KeyError)))):
        print(part.__traceback__ is group.__traceback__, part.exceptions[0].__traceback__ is group.exceptions[0].__traceback__)
    print(group.split(Exception)[0] is group, ExceptionGroup("eg", [ValueError()]).split(ValueError)[0].__traceback__)
