"""What the guest's gc shows of frames: no list holding a running frame's
locals (test_audit's test_not_in_gc), no referrer for a local of a running
frame, and the frame itself as the referrer once a traceback keeps a
finished frame alive, as in CPython 3.12."""
import gc
import sys


def running():
    hook = lambda *args: None
    print(any(isinstance(o, list) and any(item is hook for item in o) for o in gc.get_objects()))
    referrers = gc.get_referrers(hook)
    print([type(r).__name__ for r in referrers], any(r is sys._getframe() for r in referrers))


running()


def finished():
    marker = object()
    try:
        1 / 0
    except ZeroDivisionError as error:
        return marker, error.__traceback__


marker, tb = finished()
print(sorted(type(r).__name__ for r in gc.get_referrers(marker)))
print(gc.get_objects.__name__, gc.isenabled(), gc.collect() >= 0)
