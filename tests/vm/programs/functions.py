def add(a, b=10, *args, key="k", **kwargs):
    return a + b + sum(args), key, sorted(kwargs.items())

print(add(1))
print(add(1, 2, 3, 4, key="z", x=1, y=2))
print(add(b=5, a=1))
print(add(*[1, 2], **{"key": "unpacked"}))

def posonly(a, b, /, c, *, d):
    return a, b, c, d

print(posonly(1, 2, 3, d=4), posonly(1, 2, c=3, d=4))

def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)

print(fact(20))

def counter():
    count = 0
    def bump(step=1):
        nonlocal count
        count += step
        return count
    return bump

c = counter()
c(); c(5)
print(c(), c.__name__, c.__qualname__)

def deco(fn):
    def wrapper(*a, **k):
        return ("wrapped", fn(*a, **k))
    return wrapper

@deco
def hello(name):
    "Say hello."
    return f"hello {name}"

print(hello("world"), hello.__name__, add.__defaults__, add.__kwdefaults__)
print(hello.__doc__, (lambda: 0).__name__)
g = 1
def use_global():
    global g
    g += 1
    return g
print(use_global(), g)
print(sorted(["bb", "a", "ccc"], key=len), list(map(lambda v: v * 2, [1, 2])))
print(list(filter(None, [0, 1, 2])), max(["x", "yyy"], key=len))
def annotated(a: int, b: "str" = "x") -> list:
    return [a, b]
print(annotated.__annotations__)
for bad in (lambda: add(), lambda: add(1, 2, key=1, key2=2) and posonly(1, 2, 3, 4), lambda: posonly(a=1, b=2, c=3, d=4)):
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
