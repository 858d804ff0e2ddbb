def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "liftoff"


print(list(countdown(3)))
g = countdown(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.value)


def echo():
    received = []
    while True:
        value = yield len(received)
        if value is None:
            return received
        received.append(value)


e = echo()
next(e)
e.send("a")
e.send("b")
try:
    e.send(None)
except StopIteration as stop:
    print(stop.value)


def delegator():
    result = yield from countdown(2)
    yield result


print(list(delegator()), sum(x * x for x in range(4)), any(x > 2 for x in [1, 3]))


def closing():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")


c = closing()
print(next(c))
c.close()


def thrower():
    try:
        yield 1
    except ValueError as exc:
        yield f"caught {exc}"


t = thrower()
next(t)
print(t.throw(ValueError("boom")))
print(dict.fromkeys(x for x in "ab"), "".join(str(i) for i in range(3)))
