"""The guest's gc view of innerpy's own containers during a call."""

import sys

import pytest

from tests.support.differential import assert_same

KEYWORD_CALL = """
import gc
def keyword_call():
    gc.collect()
    plain = len(gc.get_objects())
    keywords = len(gc.get_objects(generation=None))
    return plain - keywords
print(keyword_call(), keyword_call())
"""


@pytest.mark.skipif(sys.version_info < (3, 12), reason="a 3.11 host's own call machinery "
                    "builds a tracked kwnames tuple for a **kwargs call, which gc.get_objects() lists")
def test_a_keyword_call_keeps_no_list_of_ours_alive():
    """CALL_KW of a host callable passes its positional arguments as a tuple
    (empty: the shared ()), so gc.get_objects(generation=None) counts what
    gc.get_objects() does (test_gc test_get_objects_arguments)."""
    assert assert_same(KEYWORD_CALL).stdout == "0 0\n"
