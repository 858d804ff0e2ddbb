"""Benchmarks: small programs timed under CPython 3.12 and under innerpy.

`python -m innerpy.bench` (see runner.py). The programs in programs/ are
self-contained and time themselves, so the numbers leave out startup.
"""
