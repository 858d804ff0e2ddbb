"""Dict and list operations: building, subscripting, get/setdefault, sorting, slicing."""

import sys
import time


def main(size):
    counts = {}
    index = {}
    items = []
    for i in range(size):
        key = (i * 7919) % 1013
        counts[key] = counts.get(key, 0) + 1
        index.setdefault(key % 17, []).append(i)
        items.append(key)
        if len(items) > 64:
            del items[:32]
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    total = sum(k * v for k, v in ordered[:50])
    for bucket in index.values():
        bucket.reverse()
        total += bucket[0] - bucket[-1] + len(bucket)
    stack = list(range(200))
    while stack:
        value = stack.pop()
        if value in counts:
            total += counts[value]
    return total + sum(items)


SIZES = {"normal": 60000, "quick": 6000}

if __name__ == "__main__":
    size = SIZES[sys.argv[1] if len(sys.argv) > 1 else "normal"]
    start = time.perf_counter()
    checksum = main(size)
    elapsed = time.perf_counter() - start
    print(f"BENCH {elapsed:.6f} {checksum}")
