"""Locals of a guest frame that raised are freed as soon as host code drops the
exception (hasattr, dict lookups), not at the next garbage collection."""

import gc

gc.disable()


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("freed", self.name)


class Lazy:
    def __getattr__(self, name):
        holder = Noisy(name)
        raise AttributeError(name)


class BadKey:
    def __hash__(self):
        return 1

    def __eq__(self, other):
        holder = Noisy("eq")
        raise LookupError("no")


print(hasattr(Lazy(), "missing"))
print("after hasattr")
try:
    {BadKey(): 1}[BadKey()]
except LookupError as exc:
    print("caught", exc)
print("after lookup")
print(getattr(Lazy(), "other", "default"))
print("done")
