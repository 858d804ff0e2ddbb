"""Reading the line of a running frame (a trace function's frame.f_lineno, a
property looking at its caller's line) does not keep that frame alive after
it returns: its locals go at once, so a suspended generator is closed (and
its close traced) and __del__ runs right where CPython 3.12 runs it."""
import sys


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


class Probe:
    @property
    def line(self):
        return sys._getframe(1).f_lineno


def g():
    yield 1
    yield 2


def tracer(frame, event, arg):
    if frame.f_code.co_name in ("g", "run"):
        print(frame.f_code.co_name, event, frame.f_lineno)
    return tracer


def run(use_next):
    it = g()
    if use_next:
        next(it)


sys.settrace(tracer)
run(True)
print("after run")
sys.settrace(None)


def looks_at_its_line():
    keep = Noisy("local")
    print("line", Probe().line)


looks_at_its_line()
print("after looks_at_its_line")
for _ in range(200):            # also once the function is hot
    looks_at_its_line()
print("done")
