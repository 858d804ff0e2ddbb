"""Hot code (translated into superblocks) lets go of values as soon as the
guest's value stack does, as CPython 3.12 does: a temporary memoryview is
gone before the buffer is resized, an object's __del__ runs before the next
statement (a call drops its arguments in order), and a generator abandoned by `break` is closed right away."""


class Noisy:
    log = []

    def __init__(self, name):
        self.name = name

    def __del__(self):
        Noisy.log.append(f"del {self.name}")

    def __add__(self, other):
        return Noisy(self.name + other.name)


def sink(*args):
    return None


def consume(buffer, n):
    data = bytes(memoryview(buffer)[:n])
    del buffer[:n]
    return data


def resumed(buffer, n):
    yield
    data = bytes(memoryview(buffer)[:n])
    del buffer[:n]
    yield data


def temporaries(i):
    Noisy.log.append(f"start {i}")
    (Noisy("a") + Noisy("b")).name
    Noisy.log.append(f"after sum {i}")
    sink(Noisy("arg1"), Noisy("arg2"))
    Noisy.log.append(f"after call {i}")
    value = Noisy("x")
    value = Noisy("y")
    Noisy.log.append(f"after rebinding {i}")
    return len(Noisy.log)


def numbers():
    try:
        for i in range(10):
            yield i
    finally:
        Noisy.log.append("numbers closed")


def first_over(limit):
    for value in numbers():
        if value > limit:
            break
    Noisy.log.append("after loop")
    return value


buffer = bytearray(b"x" * 5000)
for i in range(400):
    consume(buffer, 1)
    it = resumed(buffer, 1)
    next(it)
    next(it)
    Noisy.log.clear()
    temporaries(i)
    first_over(3)
print(len(buffer))
print(Noisy.log)
