"""Classes and methods: attribute access, bound method calls, properties, super(), dunders."""

import sys
import time


class Vector:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def scaled(self, k):
        return Vector(self.x * k, self.y * k)

    @property
    def norm1(self):
        return abs(self.x) + abs(self.y)


class Shape:
    def __init__(self, origin):
        self.origin = origin
        self.moves = 0

    def move(self, delta):
        self.origin = self.origin + delta
        self.moves += 1
        return self

    def area(self):
        return 0


class Rect(Shape):
    def __init__(self, origin, w, h):
        super().__init__(origin)
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, origin, side):
        super().__init__(origin, side, side)

    def area(self):
        return super().area() + 1


def main(size):
    shapes = [Square(Vector(i, -i), i % 5) if i % 2 else Rect(Vector(0, i), i % 3, 2)
              for i in range(50)]
    step = Vector(1, -1)
    total = 0
    for i in range(size):
        shape = shapes[i % 50]
        shape.move(step.scaled(i % 3))
        total += shape.area() + shape.origin.norm1 % 11
    return total + sum(s.moves for s in shapes)


SIZES = {"normal": 40000, "quick": 4000}

if __name__ == "__main__":
    size = SIZES[sys.argv[1] if len(sys.argv) > 1 else "normal"]
    start = time.perf_counter()
    checksum = main(size)
    elapsed = time.perf_counter() - start
    print(f"BENCH {elapsed:.6f} {checksum}")
