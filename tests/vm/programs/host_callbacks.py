import functools
import json
import threading


class Temperature:
    def __init__(self, degrees):
        self.degrees = degrees

    def __repr__(self):
        return f"Temperature({self.degrees})"

    def __eq__(self, other):
        return isinstance(other, Temperature) and self.degrees == other.degrees

    def __hash__(self):
        return hash(self.degrees)

    def __lt__(self, other):
        return self.degrees < other.degrees

    def __format__(self, spec):
        return f"{self.degrees:{spec}}C"

    def __del__(self):
        print("deleted", self.degrees)


temps = [Temperature(30), Temperature(10), Temperature(20)]
print(sorted(temps), max(temps), min(temps, key=lambda t: -t.degrees))
print(list(map(repr, temps)), {Temperature(1), Temperature(1)}, f"{temps[0]:>5}")
print(functools.reduce(lambda a, b: a + b.degrees, temps, 0))
print(json.dumps({"t": temps[0]}, default=lambda o: o.degrees))

results = []


def worker(n):
    results.append(sum(range(n)))


threads = [threading.Thread(target=worker, args=(i * 100,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results))


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(60), fib.cache_info().hits)
partial = functools.partial(pow, 2)
print(partial(10))
t = Temperature(99)
del t
print("end")
