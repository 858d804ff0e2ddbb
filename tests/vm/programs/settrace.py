import sys
events = []
def tracer(frame, event, arg):
    events.append((frame.f_code.co_name, event, frame.f_lineno, arg if event == 'return' else None))
    return tracer
def f(n):
    total = 0
    for i in range(n):
        total += i
    return total
def g():
    try:
        raise ValueError("x")
    except ValueError:
        pass
    return f(2)
sys.settrace(tracer)
g()
sys.settrace(None)
for e in events: print(e)
