"""Loop and integer arithmetic: nested for/while loops, augmented assignment, comparisons."""

import sys
import time


def main(size):
    total = 0
    for i in range(size):
        j = 0
        while j < size:
            if (i ^ j) & 1:
                total += i * j % 7
            else:
                total -= (i + j) // 3
            j += 1
    return total


SIZES = {"normal": 500, "quick": 120}

if __name__ == "__main__":
    size = SIZES[sys.argv[1] if len(sys.argv) > 1 else "normal"]
    start = time.perf_counter()
    checksum = main(size)
    elapsed = time.perf_counter() - start
    print(f"BENCH {elapsed:.6f} {checksum}")
