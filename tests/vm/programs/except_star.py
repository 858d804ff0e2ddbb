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
