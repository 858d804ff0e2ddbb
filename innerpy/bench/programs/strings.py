"""String work: formatting, f-strings, slicing, split/join, replace, methods."""

import sys
import time

WORDS = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta")


def main(size):
    total = 0
    for i in range(size):
        word = WORDS[i % len(WORDS)]
        line = f"{i:05d}:{word.upper()}:{word[::-1]}:{len(word)!r}"
        parts = line.split(":")
        joined = "-".join(parts[1:]).replace("A", "a")
        if joined.startswith(word[0].upper()) or word in joined:
            total += len(joined)
        total += joined.count("e") + ("%s/%d" % (word, i)).find("/")
        total += len(word.center(12, "*").strip("*")) + int(parts[0][-2:])
    return total


SIZES = {"normal": 30000, "quick": 3000}

if __name__ == "__main__":
    size = SIZES[sys.argv[1] if len(sys.argv) > 1 else "normal"]
    start = time.perf_counter()
    checksum = main(size)
    elapsed = time.perf_counter() - start
    print(f"BENCH {elapsed:.6f} {checksum}")
