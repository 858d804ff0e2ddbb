"""Guest calls of `generator.send(value)` and `next(generator)` run the
generator's frame in the eval loop (no host recursion), in the plain loop,
in superblocks once hot, and under a trace function: values, StopIteration
with the return value raised at the call, exceptions and tracebacks through
both frames, the just-started and already-executing errors, and the trace
events, all as in CPython 3.12."""
import sys, traceback
def acc():
    total = 0
    while True:
        v = yield total
        if v is None:
            return total
        if v == "boom":
            raise ValueError("boom")
        total += v
a = acc()
print(next(a), a.send(1), a.send(2))
try:
    a.send(None)
except StopIteration as e:
    print("stop", e.value, repr(e))
try:
    a.send(3)
except StopIteration as e:
    print("again", repr(e))
b = acc(); next(b)
try:
    b.send("boom")
except ValueError as error:
    print([(s.name, s.lineno, s.colno, s.end_colno) for s in traceback.extract_tb(error.__traceback__)])
c = acc()
try:
    c.send(5)
except TypeError as e:
    print(e)
def g():
    yield 1
    yield 2
it = g()
print(next(it), next(it), next(it, "default"))
try:
    next(it)
except StopIteration as e:
    print("done", repr(e))
def self_send():
    x = yield 1
    yield me.send(x)
me = self_send(); next(me)
try:
    me.send(3)
except ValueError as e:
    print(e)
def gen_frames():
    yield sys._getframe().f_back.f_code.co_name
def caller():
    return next(gen_frames())
print(caller())
def f():
    gr = g()
    return [next(gr), gr.gi_running, gr.send(None)]
print(f())
def raising():
    yield 1
    raise StopIteration("inside")
r = raising(); next(r)
try:
    next(r)
except RuntimeError as e:
    print(type(e).__name__, e, repr(e.__cause__))
def running_check():
    yield gen.gi_running
gen = running_check()
print(next(gen))
for i in range(300):
    h = acc(); next(h); h.send(i); 
    try: h.send(None)
    except StopIteration as e: assert e.value == i
print("hot ok")
def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1
def drive(n):
    g = numbers(n)
    total = 0
    while True:
        try:
            total += next(g)
        except StopIteration:
            return total
for k in range(400):
    drive(20)
print(drive(1000))
def bad():
    yield 1
    1/0
def drive_bad():
    g = bad()
    for _ in range(2):
        x = next(g)
    return x
for k in range(300):
    try: drive_bad()
    except ZeroDivisionError as e:
        tb = e.__traceback__
        names = []
        while tb: names.append((tb.tb_frame.f_code.co_name, tb.tb_lineno)); tb = tb.tb_next
print(names)


# Trace events of the same calls.
events = []
def tracer(frame, event, arg):
    if frame.f_code.co_name in ("acc", "g", "run"):
        events.append((frame.f_code.co_name, event, frame.f_lineno, arg if event in ("return", "call") else None))
    return tracer
def run():
    a = acc()
    next(a)
    a.send(4)
    try:
        a.send(None)
    except StopIteration as e:
        pass
    it = g()
    next(it)
    next(it)
    next(it, None)      # exhausted: no close of a suspended generator to trace
sys.settrace(tracer)
run()
sys.settrace(None)
for e in events: print(e)
