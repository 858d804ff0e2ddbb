"""Guest-side Python source that innerpy ships: modules the *guest* imports.

Nothing here is imported by the host. `interpreters` (PEP 734) is found by
the guest importer through `innerpy.modules.registry` and compiled and run
by innerpy like any other guest module. This file only makes the directory a
package so that setuptools ships it with innerpy.
"""
