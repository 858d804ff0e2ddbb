"""Dict and set comprehensions in functions, nested and with conditions.

Like comprehensions_list, small inputs make the per-comprehension call
overhead visible; run under innerpy with and without inlining.
"""

import sys
import time


def index_words(words):
    by_first = {w[0]: w for w in words}
    lengths = {w: len(w) for w in words if len(w) > 3}
    letters = {c for w in words for c in w}
    grid = {(i, j): i * j for i in range(4) for j in range(4) if i != j}
    return len(by_first) + sum(lengths.values()) + len(letters) + sum(grid.values())


def main(size):
    words = ["w%dx%s" % (i, "abcdefgh"[: i % 8]) for i in range(24)]
    total = 0
    for i in range(size):
        total += index_words(words[i % 5:])
    return total


SIZES = {"normal": 6000, "quick": 600}

if __name__ == "__main__":
    size = SIZES[sys.argv[1] if len(sys.argv) > 1 else "normal"]
    start = time.perf_counter()
    checksum = main(size)
    elapsed = time.perf_counter() - start
    print(f"BENCH {elapsed:.6f} {checksum}")
