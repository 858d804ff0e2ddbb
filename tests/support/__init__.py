"""Shared test helpers: the CPython 3.12 oracle and the differential runner."""
