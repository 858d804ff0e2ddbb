import sys
events = []
def prof(frame, event, arg):
    events.append((event, frame.f_code.co_name, getattr(arg, "__name__", None) if event.startswith("c_") else None))
def g(x):
    return len([x]) + abs(-x)
def f():
    try:
        int("x")
    except ValueError:
        pass
    return g(3)
sys.setprofile(prof)
f()
sys.setprofile(None)
for e in events: print(e)
