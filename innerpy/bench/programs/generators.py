"""Generators: a pipeline of generator functions, yield from, send and a generator expression."""

import sys
import time


def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def evens(source):
    for value in source:
        if value % 2 == 0:
            yield value


def chunks(source, size):
    chunk = []
    for value in source:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def flatten(source):
    for chunk in source:
        yield from chunk


def accumulator():
    total = 0
    while True:
        value = yield total
        total += value


def main(size):
    acc = accumulator()
    next(acc)
    result = 0
    for value in flatten(chunks(evens(numbers(size)), 10)):
        result = acc.send(value)
    return result + sum(x * x for x in numbers(size // 4))


SIZES = {"normal": 150000, "quick": 15000}

if __name__ == "__main__":
    size = SIZES[sys.argv[1] if len(sys.argv) > 1 else "normal"]
    start = time.perf_counter()
    checksum = main(size)
    elapsed = time.perf_counter() - start
    print(f"BENCH {elapsed:.6f} {checksum}")
