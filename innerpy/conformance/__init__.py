"""Conformance: CPython 3.12's own Lib/test, run under innerpy.

`python -m innerpy.conformance` (see runner.py) runs test modules each in a
subprocess through driver.py, which executes as guest code under innerpy,
and compares every test's outcome with expectations.json.
"""
