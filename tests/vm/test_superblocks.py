"""Superblocks (vm/superblocks.py): hot code translated into host functions.

The differential program programs/hot_paths.py checks that translated code
behaves and fails exactly as CPython 3.12; these tests check the machinery
itself: when translation happens, that the fast list runs the blocks, and
that a fault inside a block is attributed to the instruction that raised.
They look inside innerpy from a separate host process, so that the guest
interpreter they start (which takes over host warnings) leaves this one alone.
"""

import functools
import json
import subprocess
import sys
import textwrap

from tests.support.differential import run_innerpy

PROBE = textwrap.dedent('''
    import json
    from innerpy.dis import get_instructions
    from innerpy.objects.traceback import get_traceback
    from innerpy.runtime.pythonrun import initialize, run_source
    from innerpy.vm import superblocks

    SOURCE = """
    def hot(items, key):
        total = 0
        for item in items:
            total += item * 2
        return total + items[key]
    """
    interp = initialize(argv=[""])
    report = {}

    def fresh(filename):
        namespace = {"__name__": "__probe__"}
        run_source(interp, SOURCE, filename, namespace)
        return namespace["hot"]

    cold = fresh("<cold>")
    report["cold_result"] = cold([1, 2], 0)
    report["cold_blocks"] = cold.__code__._decoded.blocks

    hot = fresh("<hot>")
    rounds = superblocks.CODE_WARMUP + superblocks.BLOCK_WARMUP + 5
    report["hot_results"] = sorted({hot([1, 2, 3], 1) for _ in range(rounds)})
    decoded = hot.__code__._decoded
    report["hot_blocks"] = sorted(decoded.blocks)
    report["installed"] = all(decoded.instrs[start] == (block, None)
                              for start, block in decoded.blocks.items())
    try:
        hot([1, 2], 7)
    except IndexError as exc:
        tb = get_traceback(exc)
        while tb.tb_next is not None:
            tb = tb.tb_next
        report["fault_line"] = tb.tb_lineno
        report["fault_op"] = [i.opname for i in get_instructions(hot.__code__)
                              if i.offset == tb.tb_lasti]
    print(json.dumps(report))
''')


@functools.cache
def report():
    """What the probe saw (run once for all the tests here)."""
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


def test_cold_code_is_not_translated():
    assert report()["cold_result"] == 7
    assert report()["cold_blocks"] is None


def test_hot_code_runs_blocks():
    assert report()["hot_results"] == [14]
    assert report()["hot_blocks"], "a hot function gets blocks"
    assert report()["installed"]


def test_fault_in_block_names_the_raising_instruction():
    # items[key] on line 6 raised: the BINARY_SUBSCR, as without blocks.
    assert report()["fault_line"] == 6
    assert report()["fault_op"] == ["BINARY_SUBSCR"]


def test_translation_can_be_switched_off():
    program = (
        "def f(n):\n"
        "    return n + 1\n"
        "print(sum(f(i) for i in range(2000)))\n"
    )
    on = run_innerpy(program)
    off = run_innerpy(program, options=["-X", "no_superblocks"])
    assert on.stdout == off.stdout == "2001000\n"
    assert off.returncode == 0
