"""The conformance runner on a tiny fake test package, under the host Python.

The fake package covers every way a module can end: passes, failures,
errors, skips, subtests, a failing setUpClass, an import error, a module
skipped at import, a crash half-way and a hang. Running it under the host
interpreter keeps these tests fast and independent of innerpy's VM.
"""

import io
import json
import os
import sys
import textwrap

import pytest

from innerpy.conformance import driver, runner

FAKE = {
    "__init__.py": "",
    "test_good.py": """
        import unittest
        class Good(unittest.TestCase):
            def test_one(self):
                self.assertEqual(1 + 1, 2)
            def test_two(self):
                pass
            @unittest.skip("not today")
            def test_skipped(self):
                pass
            @unittest.expectedFailure
            def test_xfail(self):
                self.assertEqual(1, 2)
        """,
    "test_bad.py": """
        import unittest
        class Bad(unittest.TestCase):
            def test_fail(self):
                self.assertEqual(1, 2)
            def test_error(self):
                raise KeyError("boom")
            def test_sub(self):
                for i in range(3):
                    with self.subTest(i=i):
                        self.assertLess(i, 2)
            def test_ok(self):
                pass
        """,
    "test_fixture.py": """
        import unittest
        class Fixture(unittest.TestCase):
            @classmethod
            def setUpClass(cls):
                raise RuntimeError("no fixture")
            def test_never(self):
                pass
        """,
    "test_noimport.py": """
        import module_that_does_not_exist_anywhere
        """,
    "test_skipmod.py": """
        import unittest
        raise unittest.SkipTest("feature missing")
        """,
    "test_crash.py": """
        import os, unittest
        class Crash(unittest.TestCase):
            def test_a_first(self):
                pass
            def test_b_dies(self):
                os._exit(3)
            def test_c_never(self):
                pass
        """,
    "test_hang.py": """
        import time, unittest
        class Hang(unittest.TestCase):
            def test_a_first(self):
                pass
            def test_b_sleeps(self):
                time.sleep(60)
        """,
    "test_pkg/__init__.py": """
        import unittest
        from .inner import *
        """,
    "test_pkg/inner.py": """
        import unittest
        class Inner(unittest.TestCase):
            def test_inside(self):
                pass
        """,
    "helper_not_a_test.py": "",
}


@pytest.fixture(scope="module")
def testdir(tmp_path_factory):
    root = tmp_path_factory.mktemp("fake") / "faketests"
    for name, text in FAKE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return str(root)


def run_main(argv):
    out = io.StringIO()
    code = runner.main(argv, out=out)
    return code, out.getvalue()


HOST = ["--interpreter", sys.executable]


@pytest.fixture(scope="module")
def full_run(testdir, tmp_path_factory):
    """Every fake module once, in parallel, with a short timeout for the hang."""
    json_path = str(tmp_path_factory.mktemp("out") / "results.json")
    expectations = str(tmp_path_factory.mktemp("exp") / "none.json")
    code, out = run_main([*HOST, "--testdir", testdir, "--timeout", "3", "-j", "8",
                          "--expectations", expectations, "--json", json_path])
    with open(json_path) as f:
        data = json.load(f)
    results = {}
    for module in data["modules"].values():
        results.update({k: (v["outcome"], v["reason"]) for k, v in module["results"].items()})
    return code, out, results, data


def test_discovers_modules_and_packages(testdir):
    assert runner.discover_modules(testdir) == [
        "test_bad", "test_crash", "test_fixture", "test_good", "test_hang", "test_noimport",
        "test_pkg", "test_skipmod"]


def test_outcomes_of_ordinary_tests(full_run):
    code, out, results, _ = full_run
    assert code == 0  # nothing was expected to pass
    assert results["test_good.Good.test_one"] == ("pass", "")
    assert results["test_good.Good.test_skipped"] == ("skip", "not today")
    assert results["test_good.Good.test_xfail"] == ("pass", "expected failure")
    assert results["test_bad.Bad.test_fail"][0] == "fail"
    assert "AssertionError: 1 != 2" in results["test_bad.Bad.test_fail"][1]
    assert results["test_bad.Bad.test_error"] == ("error", "KeyError: 'boom'")
    outcome, reason = results["test_bad.Bad.test_sub"]
    assert outcome == "fail" and "(i=2)" in reason
    assert results["test_pkg.inner.Inner.test_inside"] == ("pass", "")


def test_module_level_problems_are_one_entry(full_run):
    _, _, results, _ = full_run
    outcome, reason = results["test_noimport"]
    assert outcome == "error"
    assert "import failed" in reason and "module_that_does_not_exist_anywhere" in reason
    assert reason.endswith("(at test_noimport.py:2)")
    assert results["test_skipmod"] == ("skip", "feature missing")
    outcome, reason = results["setUpClass (test_fixture.Fixture)"]
    assert outcome == "error" and "no fixture" in reason


def test_crash_keeps_partial_results(full_run):
    _, out, results, data = full_run
    assert results["test_crash.Crash.test_a_first"] == ("pass", "")
    outcome, reason = results["test_crash.Crash.test_b_dies"]
    assert outcome == "error" and "exit code 3" in reason
    assert "test_crash.Crash.test_c_never" not in results
    assert "exit code 3" in data["modules"]["test_crash"]["note"]


def test_hang_is_killed_and_recorded(full_run):
    _, out, results, data = full_run
    assert results["test_hang.Hang.test_a_first"] == ("pass", "")
    outcome, reason = results["test_hang.Hang.test_b_sleeps"]
    assert outcome == "error" and "timed out after 3s" in reason
    assert data["modules"]["test_hang"]["seconds"] < 20


def test_progress_and_summary(full_run):
    _, out, _, _ = full_run
    lines = out.splitlines()
    progress = [line for line in lines if line.startswith("[")]
    assert len(progress) == 8
    assert any("test_good" in line and "3 passed" in line and "1 skipped" in line
               for line in progress)
    header = next(line for line in lines if line.startswith("module"))
    for column in runner.COLUMNS:
        assert column in header
    total = next(line for line in lines if line.startswith("TOTAL"))
    assert total.split()[1:] == ["7", "2", "5", "2", "0", "0", "7"]
    assert "Modules that did not finish (2):" in out
    assert "Unexpected passes (7)" in out


def test_regressions_exit_nonzero_and_update_moves_forward(testdir, tmp_path):
    exp = str(tmp_path / "exp.json")
    runner.save_expectations(exp, {"test_bad": {
        "test_bad.Bad.test_ok": "pass",
        "test_bad.Bad.test_fail": "pass",                       # now fails: regression
        "test_bad.Bad.test_gone": "pass",                       # no longer runs: regression
        "test_bad.Bad.test_error": {"expect": "fail", "reason": "known"},
    }})
    code, out = run_main([*HOST, "--testdir", testdir, "--expectations", exp, "test_bad"])
    assert code == 1
    assert "REGRESSIONS (2)" in out
    assert "test_bad.Bad.test_fail: fail" in out
    assert "test_bad.Bad.test_gone: missing" in out

    # --update records what passes, keeps recorded passes, and still reports regressions.
    code, out = run_main([*HOST, "--testdir", testdir, "--expectations", exp, "--update",
                          "test_bad", "test_good"])
    assert code == 1
    with open(exp) as f:
        saved = json.load(f)["modules"]
    assert saved["test_bad"]["test_bad.Bad.test_fail"] == "pass"
    assert saved["test_bad"]["test_bad.Bad.test_gone"] == "pass"
    assert saved["test_bad"]["test_bad.Bad.test_sub"]["expect"] == "fail"
    assert saved["test_good"]["test_good.Good.test_one"] == "pass"
    assert saved["test_good"]["test_good.Good.test_skipped"] == {"expect": "skip",
                                                                 "reason": "not today"}

    # --force accepts the current state, and then a rerun is clean.
    code, out = run_main([*HOST, "--testdir", testdir, "--expectations", exp, "--update",
                          "--force", "test_bad"])
    assert code == 0
    code, out = run_main([*HOST, "--testdir", testdir, "--expectations", exp,
                          "test_bad", "test_good"])
    assert code == 0
    assert "REGRESSIONS" not in out and "Unexpected passes" not in out


def test_update_refuses_to_write_a_baseline_into_innerpys_file(testdir):
    with pytest.raises(SystemExit) as info:
        run_main([*HOST, "--testdir", testdir, "--update", "test_good"])
    assert info.value.code == 2


def test_innerpy_that_cannot_run_gives_a_clear_entry(testdir, tmp_path):
    broken = [sys.executable, "-c", "import sys; print('innerpy exploded'); sys.exit(7)"]
    run = runner.run_module("test_good", command=broken, testdir=testdir,
                            workdir=str(tmp_path), timeout=30, innerpy=True)
    assert run.results == {"test_good": (
        "error", "innerpy could not run the module (exit code 7): innerpy exploded")}
    comparison = runner.compare(run, {"test_good.Good.test_one": "pass"})
    assert [r[0] for r in comparison.regressions] == ["test_good.Good.test_one"]


def test_missing_interpreter_is_an_entry_not_a_crash(testdir, tmp_path):
    run = runner.run_module("test_good", command=[str(tmp_path / "no-such-python")],
                            testdir=testdir, workdir=str(tmp_path), timeout=30, innerpy=False)
    outcome, reason = run.results["test_good"]
    assert outcome == "error" and "could not start" in reason


def test_driver_in_process(testdir, tmp_path):
    """The driver is plain Python; run it here on one module."""
    result = tmp_path / "r.jsonl"
    saved_path = list(sys.path)
    saved_modules = set(sys.modules)
    try:
        assert driver.main(["test_good", str(result), testdir]) == 0
    finally:
        sys.path[:] = saved_path
        for name in set(sys.modules) - saved_modules:
            if name.split(".")[0] == "faketests":
                del sys.modules[name]
    results, unfinished, done = runner.read_results(str(result))
    assert done and not unfinished
    assert results["test_good.Good.test_two"] == ("pass", "")


def test_read_results_tolerates_a_cut_line(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"start": "a"}\n{"id": "a", "outcome": "pass", "reason": ""}\n'
                    '{"start": "b"}\n{"id": "b", "outc')
    results, unfinished, done = runner.read_results(str(path))
    assert results == {"a": ("pass", "")}
    assert unfinished == ["b"] and not done


def test_format_table_aligns_columns():
    text = runner.format_table([("test_a", 1, 22, 0, 0, 1, 0, 0), ("TOTAL", 1, 22, 0, 0, 1, 0, 0)])
    lines = text.splitlines()
    assert lines[0].split() [:2] == ["module", "passed"]
    assert set(lines[1]) <= {"-", " "}
    assert len({len(line) for line in lines}) == 1
    assert lines[2].startswith("test_a ")


def test_quick_list_is_real_modules():
    testdir = runner.reference_testdir()
    if testdir is None:
        pytest.skip("no CPython 3.12 Lib/test found (set INNERPY_REFERENCE_PYTHON)")
    available = set(runner.discover_modules(testdir))
    assert set(runner.QUICK_MODULES) <= available


def test_driver_json_matches_the_json_module():
    record = {"id": 'a"b\\c\n\t\x00é€😀\ud800', "outcome": "pass", "n": 3, "t": 0.25,
              "done": True, "no": False, "none": None}
    assert json.loads(driver._json_line(record)) == record
    assert driver._json_line(record) == json.dumps(record)


def test_load_tests_failure_is_one_named_entry(tmp_path):
    package = tmp_path / "loadfail"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "test_lt.py").write_text(textwrap.dedent("""
        import unittest
        class T(unittest.TestCase):
            def test_x(self):
                pass
        def load_tests(loader, tests, pattern):
            raise ValueError("cannot load")
        """))
    run = runner.run_module("test_lt", command=[sys.executable], testdir=str(package),
                            workdir=str(tmp_path), timeout=30, innerpy=False)
    assert list(run.results) == ["test_lt (loading failed)"]
    outcome, reason = run.results["test_lt (loading failed)"]
    assert outcome == "error" and "ValueError: cannot load" in reason


def test_many_missing_tests_collapse_into_one_line():
    regressions = [(f"test_m.C.t{i}", "pass", "missing", "innerpy could not run the module")
                   for i in range(5)] + [("test_m.C.real", "pass", "fail", "AssertionError")]
    lines = runner.regression_lines("test_m", regressions)
    assert lines == ["test_m.C.real: fail: AssertionError",
                     "test_m: 5 expected passes did not run: innerpy could not run the module"]
    assert len(runner.regression_lines("test_m", regressions, everything=True)) == 6


def test_missing_tests_blame_the_module_entry():
    run = runner.ModuleRun("test_m", {"test_m": ("error", "import failed: ImportError: x")}, 0.1)
    comparison = runner.compare(run, {"test_m.C.t": "pass"})
    assert comparison.regressions == [("test_m.C.t", "pass", "missing",
                                       "import failed: ImportError: x")]
