"""Tiny comprehensions, the case PEP 709 measured as "up to 2x faster".

Each comprehension runs over two or three items, so building and calling a
function object per comprehension -- what 3.12's inlining removes -- is most
of the work. comprehensions_list and comprehensions_dict_set show the effect
on more ordinary code.
"""

import sys
import time


def pairs(a, b):
    return [(x, x + b) for x in (a, b)]


def flags(items):
    return {k: True for k in items}


def main(size):
    total = 0
    triple = ("a", "b", "c")
    for i in range(size):
        total += len(pairs(i, 1)) + len(flags(triple)) + sum([n for n in (i, 2)])
    return total


SIZES = {"normal": 60000, "quick": 6000}

if __name__ == "__main__":
    size = SIZES[sys.argv[1] if len(sys.argv) > 1 else "normal"]
    start = time.perf_counter()
    checksum = main(size)
    elapsed = time.perf_counter() - start
    print(f"BENCH {elapsed:.6f} {checksum}")
