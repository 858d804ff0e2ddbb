"""innerpy's bytecode cache: reused when fresh, rebuilt when stale or corrupt, never fatal."""

import os

import pytest

from innerpy.runtime import bytecode_cache
from innerpy.runtime.importer import SourceLoader


class _Interp:
    class sys:
        dont_write_bytecode = False


def _loader(path, counter):
    loader = SourceLoader("mod", str(path), _Interp())
    original = loader.source_to_code

    def counting(data, source_path, **kw):
        counter.append(source_path)
        return original(data, source_path, **kw)

    loader.source_to_code = counting
    return loader


def test_second_load_compiles_nothing(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("def f():\n    return [x for x in range(3)]\n", encoding="utf-8")
    compiled = []
    first = _loader(source, compiled).get_code("mod")
    assert os.path.exists(bytecode_cache.cache_path(str(source)))
    second = _loader(source, compiled).get_code("mod")
    assert len(compiled) == 1
    assert second == first and second.co_consts == first.co_consts


def test_stale_and_corrupt_entries_are_recompiled(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("VALUE = 1\n", encoding="utf-8")
    compiled = []
    _loader(source, compiled).get_code("mod")
    source.write_text("VALUE = 22\n", encoding="utf-8")
    code = _loader(source, compiled).get_code("mod")
    assert 22 in code.co_consts and len(compiled) == 2
    with open(bytecode_cache.cache_path(str(source)), "r+b") as f:
        f.seek(-5, os.SEEK_END)
        f.write(b"\x00garb")
    code = _loader(source, compiled).get_code("mod")
    assert 22 in code.co_consts and len(compiled) == 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only directories")
def test_unwritable_directory_still_loads(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("VALUE = 3\n", encoding="utf-8")
    tmp_path.chmod(0o555)
    try:
        code = _loader(source, []).get_code("mod")
        assert 3 in code.co_consts
    finally:
        tmp_path.chmod(0o755)


def test_guest_code_cannot_pickle_code_objects(tmp_path):
    import pickle
    from innerpy.compiler import compile
    with pytest.raises(TypeError, match="cannot pickle code objects"):
        pickle.dumps(compile("x = 1", "<s>", "exec"))
