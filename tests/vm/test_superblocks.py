"""Superblocks (vm/superblocks.py): hot code translated into host functions.

The differential program programs/hot_paths.py checks that translated code
behaves and fails exactly as CPython 3.12; these tests check the machinery
itself: when translation happens, that the fast list runs the blocks, and
that a fault inside a block is attributed to the instruction that raised.
"""

import pytest

from innerpy.vm import superblocks
from tests.support.differential import run_innerpy

SOURCE = """
def hot(items, key):
    total = 0
    for item in items:
        total += item * 2
    return total + items[key]
"""


@pytest.fixture(scope="module")
def interp():
    from innerpy.runtime.pythonrun import initialize
    return initialize(argv=[""])


def run(interp, source, filename):
    from innerpy.runtime.pythonrun import run_source
    namespace = {"__name__": "__test__"}
    run_source(interp, source, filename, namespace)
    return namespace


def test_cold_code_is_not_translated(interp):
    ns = run(interp, SOURCE, "<cold>")
    assert ns["hot"]([1, 2], 0) == 7
    decoded = ns["hot"].__code__._decoded
    assert decoded.blocks is None
    assert decoded.warmth < superblocks.CODE_WARMUP


def test_hot_code_runs_blocks(interp):
    ns = run(interp, SOURCE, "<hot>")
    hot = ns["hot"]
    rounds = superblocks.CODE_WARMUP + superblocks.BLOCK_WARMUP + 5
    results = {hot([1, 2, 3], 1) for _ in range(rounds)}
    assert results == {14}
    decoded = hot.__code__._decoded
    assert decoded.blocks, "a hot function gets blocks"
    for start, block in decoded.blocks.items():
        assert decoded.instrs[start] == (block, None)
        assert start in (0,) or block.lines[-1] >= start


def test_fault_in_block_names_the_raising_instruction(interp):
    ns = run(interp, SOURCE, "<fault>")
    hot = ns["hot"]
    for _ in range(superblocks.CODE_WARMUP + superblocks.BLOCK_WARMUP + 5):
        hot([1, 2], 0)
    assert hot.__code__._decoded.blocks
    with pytest.raises(IndexError) as info:
        hot([1, 2], 7)
    from innerpy.objects.traceback import get_traceback
    tb = get_traceback(info.value)      # the guest's traceback
    while tb.tb_next is not None:
        tb = tb.tb_next
    assert tb.tb_lineno == 6
    # The instruction is the BINARY_SUBSCR of items[key], as without blocks.
    from innerpy.dis import get_instructions
    faulting = [i for i in get_instructions(hot.__code__) if i.offset == tb.tb_lasti]
    assert [i.opname for i in faulting] == ["BINARY_SUBSCR"]


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
