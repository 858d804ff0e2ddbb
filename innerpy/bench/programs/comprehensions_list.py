"""List comprehensions in functions: many small ones, where PEP 709 inlining pays most.

Each call runs a few short comprehensions, so the cost of creating and
calling a function object per comprehension (what 3.12's inlining removes)
is a large part of the work. Run with `-X no_inline_comprehensions` under
innerpy to measure that.
"""

import sys
import time


def row_stats(row):
    squares = [x * x for x in row]
    odd = [x for x in row if x & 1]
    pairs = [(x, y) for x in row[:3] for y in odd[:3]]
    return sum(squares) + len(odd) + len(pairs)


def transform(rows):
    return [row_stats(row) for row in rows]


def main(size):
    rows = [[(i * 31 + j) % 97 for j in range(8)] for i in range(64)]
    total = 0
    for _ in range(size):
        total += sum(transform(rows))
    return total


SIZES = {"normal": 150, "quick": 15}

if __name__ == "__main__":
    size = SIZES[sys.argv[1] if len(sys.argv) > 1 else "normal"]
    start = time.perf_counter()
    checksum = main(size)
    elapsed = time.perf_counter() - start
    print(f"BENCH {elapsed:.6f} {checksum}")
