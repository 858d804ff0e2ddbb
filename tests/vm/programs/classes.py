class Animal:
    kind = "animal"

    def __init__(self, name):
        self.name = name

    def speak(self):
        return f"{self.name} makes a sound"

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"

    @property
    def shout(self):
        return self.name.upper()

    @staticmethod
    def static():
        return "static"

    @classmethod
    def create(cls, name):
        return cls(name)


class Dog(Animal):
    kind = "dog"

    def speak(self):
        return super().speak() + " (woof)"


d = Dog.create("rex")
print(d, d.speak(), d.shout, Dog.static(), d.kind, Animal.kind, isinstance(d, Animal))
print(Dog.__mro__, Dog.__name__, Dog.__qualname__, Dog.__module__)


class Vector:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def __len__(self):
        return 2

    def __iter__(self):
        yield self.x
        yield self.y

    def __lt__(self, other):
        return tuple(self) < tuple(other)

    def __repr__(self):
        return f"Vector({self.x}, {self.y})"


v = Vector(1, 2) + Vector(3, 4)
print(v, v == Vector(4, 6), len(v), list(v), sorted([Vector(2, 0), Vector(1, 5)]), {v: 1}[Vector(4, 6)])


class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        ns["tag"] = name.lower()
        return super().__new__(mcls, name, bases, ns)


class Tagged(metaclass=Meta):
    pass


print(Tagged.tag, type(Tagged).__name__)


class Base:
    def __init_subclass__(cls, flavor="plain", **kw):
        super().__init_subclass__(**kw)
        cls.flavor = flavor


class Child(Base, flavor="spicy"):
    pass


print(Child.flavor)


class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self):
        self.n += 1
        return self.n

    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, *exc):
        print("exit", exc[0])
        return True


c = Counter()
c(); c()
print(c())
with Counter() as cm:
    raise ValueError("suppressed")
print("after with")
