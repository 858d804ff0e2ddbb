"""Run one test module and stream its outcomes, one JSON line per test.

This file is *guest* code: the conformance runner starts it as
`python -m innerpy driver.py ...` so that innerpy itself imports the test
module and runs unittest, or directly under another interpreter
(`--interpreter`) to measure a baseline. It therefore uses only ordinary
Python and the standard library, and nothing from innerpy.

    driver.py MODULE RESULT_FILE [TESTDIR]

TESTDIR is the directory of the test package (CPython's Lib/test by
default); MODULE is a module or package in it. Every line is flushed as
soon as it is known: {"start": id} before a test, {"id", "outcome",
"reason", "time"} after it, and {"done": ...} at the very end, so a crash
or a kill leaves everything that happened before it, and the runner can
tell which test was running.
"""

import os
import sys
import time

# unittest and traceback are imported only once the test package is set up
# (see run): the fewer modules the interpreter must import before the first
# result line, the more a young interpreter can report.

_REASON_LIMIT = 300
_FAILED_TEST = "unittest.loader._FailedTest."


_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _json_string(text):
    """A JSON string literal, ASCII only (what json.dumps writes by default)."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char == '"' or char == "\\":
            out.append("\\" + char)
        elif char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code > 0xFFFF:
            code -= 0x10000
            out.append("\\u%04x\\u%04x" % (0xD800 | (code >> 10), 0xDC00 | (code & 0x3FF)))
        else:
            out.append("\\u%04x" % code)
    out.append('"')
    return "".join(out)


def _json_line(record):
    """One record as a JSON object on one line.

    Written by hand rather than with the json module: json imports re and
    enum, and a module's outcomes should not depend on whether the
    interpreter under test can import those first.
    """
    items = []
    for key, value in record.items():
        if value is None:
            text = "null"
        elif value is True or value is False:
            text = "true" if value else "false"
        elif isinstance(value, (int, float)):
            text = repr(value)
        else:
            text = _json_string(str(value))
        items.append(_json_string(key) + ": " + text)
    return "{" + ", ".join(items) + "}"


class _Sink:
    """The result file, appended and flushed line by line."""

    def __init__(self, path):
        self._file = open(path, "a", encoding="utf-8")

    def write(self, record):
        self._file.write(_json_line(record) + "\n")
        self._file.flush()

    def close(self):
        self._file.close()


def _short(text):
    text = " ".join(str(text).split())
    return text if len(text) <= _REASON_LIMIT else text[:_REASON_LIMIT - 3] + "..."


def _error_reason(err):
    """The exception line of a failure ('AssertionError: 1 != 2'), not the whole traceback."""
    exc_type, exc_value = err[0], err[1]
    try:
        import traceback
        lines = traceback.format_exception_only(exc_type, exc_value)
        return _short(lines[-1] if lines else exc_type.__name__)
    except Exception:  # a broken __str__ must not lose the outcome
        return _short(getattr(exc_type, "__name__", "exception"))


def _where(exc):
    """' (at file.py:123)' for the innermost frame of an exception, or ''.

    An import failure deep inside the library says little without it.
    """
    try:
        import traceback
        frames = traceback.extract_tb(exc.__traceback__)
        if not frames:
            return ""
        last = frames[-1]
        return f" (at {os.path.basename(last.filename)}:{last.lineno})"
    except Exception:
        return ""


def streaming_result_class():
    """The TestResult class, built on whichever unittest the test package's path provides."""
    import unittest

    class StreamingResult(unittest.TestResult):
        """A TestResult that writes each test's outcome the moment it is known.

        Subtests fold into their test: one failing subtest makes the test fail.
        Expected failures count as passes and unexpected successes as failures,
        which is how unittest itself judges a run. Outcomes are kept per test
        id because unittest's call order varies: 3.12 reports a skipped test
        with addSkip and stopTest but no startTest, and fixture errors
        (setUpClass, setUpModule) arrive outside any test.
        """

        def __init__(self, sink, strip_prefix):
            super().__init__()
            self._sink = sink
            self._prefix = strip_prefix
            self._running = {}  # id -> [outcome, reason, start time]

        def _id(self, test):
            try:
                test_id = test.id()
            except Exception:
                # Some tests shadow id() with an attribute (test__xxsubinterpreters does).
                test_id = unittest.TestCase.id(test) if isinstance(test, unittest.TestCase) \
                    else repr(test)
            test_id = str(test_id)
            if test_id.startswith(_FAILED_TEST):
                # unittest's stand-in for a test or module that failed to load.
                return self._id_text(test_id[len(_FAILED_TEST):]) + " (loading failed)"
            return self._id_text(test_id)

        def _id_text(self, test_id):
            if test_id.startswith(self._prefix):
                return test_id[len(self._prefix):]
            # Class and module fixtures: "setUpClass (test.test_x.Case)".
            return test_id.replace("(" + self._prefix, "(")

        def startTest(self, test):
            super().startTest(test)
            test_id = self._id(test)
            self._running[test_id] = ["pass", "", time.perf_counter()]
            self._sink.write({"start": test_id})

        def stopTest(self, test):
            super().stopTest(test)
            test_id = self._id(test)
            state = self._running.pop(test_id, None)
            if state is not None:
                self._sink.write({"id": test_id, "outcome": state[0], "reason": state[1],
                                  "time": round(time.perf_counter() - state[2], 4)})

        def _record(self, test, outcome, reason, override=False):
            """Note an outcome: on the running test, or as a record of its own."""
            test_id = self._id(test)
            state = self._running.get(test_id)
            if state is None:
                self._sink.write({"id": test_id, "outcome": outcome, "reason": reason, "time": 0.0})
            elif override or state[0] == "pass":
                # The first bad outcome of a test (or of its subtests) is the one kept.
                state[0], state[1] = outcome, reason

        def addError(self, test, err):
            super().addError(test, err)
            self._record(test, "error", _error_reason(err))

        def addFailure(self, test, err):
            super().addFailure(test, err)
            self._record(test, "fail", _error_reason(err))

        def addSkip(self, test, reason):
            super().addSkip(test, reason)
            self._record(test, "skip", _short(reason), override=True)

        def addExpectedFailure(self, test, err):
            super().addExpectedFailure(test, err)
            self._record(test, "pass", "expected failure", override=True)

        def addUnexpectedSuccess(self, test):
            super().addUnexpectedSuccess(test)
            self._record(test, "fail", "unexpected success")

        def addSubTest(self, test, subtest, err):
            super().addSubTest(test, subtest, err)
            if err is not None:
                kind = "fail" if issubclass(err[0], test.failureException) else "error"
                self._record(test, kind, _short(subtest._subDescription() + ": " + _error_reason(err)))

    return StreamingResult


def _make_package_importable(testdir):
    """Make the test package in `testdir` importable under its own name.

    Nothing is done when it already is (CPython 3.12, and innerpy on a 3.12
    host, see that very Lib/test). When the name is unknown, the parent
    directory goes on sys.path. When the name resolves elsewhere (innerpy
    on a 3.11 or 3.13 host uses that host's library, as does a baseline
    interpreter of another version), only the package itself is loaded from
    `testdir`: putting all of 3.12's Lib first would pair its pure-Python
    modules with the host's native ones (`re` with another `_sre`), which
    fails before any test runs.
    """
    testdir = os.path.abspath(testdir)
    parent, package = os.path.split(testdir)
    import importlib.util
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        sys.path.insert(0, parent)
        importlib.invalidate_caches()
        return package
    locations = list(spec.submodule_search_locations or [])
    if any(os.path.abspath(p) == testdir for p in locations):
        return package
    spec = importlib.util.spec_from_file_location(
        package, os.path.join(testdir, "__init__.py"), submodule_search_locations=[testdir])
    module = importlib.util.module_from_spec(spec)
    sys.modules[package] = module
    spec.loader.exec_module(module)
    # A test package's load_tests (test.support's load_package_tests) runs
    # unittest discovery with 3.12's Lib as the top-level directory, which
    # discovery puts first on sys.path unless it is there already. Last on
    # the path, it leaves the host's library in front.
    sys.path.append(parent)
    return package


def _quiet_support(package):
    """Put CPython's test.support in regrtest's default state: quiet, no optional resources.

    Outside regrtest, test.support enables every resource (network, cpu,
    ...) and runs verbose; the runner wants what a plain `-m test` run does.
    """
    if package != "test":
        return
    try:
        from test import support
    except BaseException:  # the module's own import will report the problem
        return
    support.verbose = 0
    support.use_resources = []


def run(module_name, result_path, testdir):
    """Import and run one module; return the exit status (0 unless the driver itself broke)."""
    sink = _Sink(result_path)
    started = time.perf_counter()
    tests_run = 0
    try:
        package = _make_package_importable(testdir)
        import unittest
        _quiet_support(package)
        try:
            module = __import__(package + "." + module_name, fromlist=["*"])
        except unittest.SkipTest as exc:
            sink.write({"id": module_name, "outcome": "skip", "reason": _short(exc), "time": 0.0})
            module = None
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            sink.write({"id": module_name, "outcome": "error",
                        "reason": _short("import failed: " + _error_reason(sys.exc_info())
                                         + _where(exc)),
                        "time": 0.0})
            module = None
        if module is not None:
            loader = unittest.TestLoader()
            suite = loader.loadTestsFromModule(module)
            # Tests that failed to load are in the suite as _FailedTest
            # cases, which report their error when run (see _id).
            result = streaming_result_class()(sink, package + ".")
            suite.run(result)
            tests_run = result.testsRun
        # Only a driver that got here finished normally; anything else is a crash.
        sink.write({"done": True, "tests_run": tests_run,
                    "time": round(time.perf_counter() - started, 3)})
        return 0
    finally:
        sink.close()


def _clean_process_state():
    """Undo what being started as `driver.py` by a runner does to the process.

    Running a script puts its directory first on sys.path, and this
    directory holds the runner's own `__main__.py`, which runpy's tests
    would then find. A runner started in the background may also have
    SIGINT ignored, which the child inherits; tests of KeyboardInterrupt
    need Python's usual handler.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and sys.path[0] and os.path.abspath(sys.path[0]) == here:
        del sys.path[0]
    try:
        import signal
        if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    except Exception:  # no signal support in this interpreter: nothing to restore
        pass


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) not in (2, 3):
        print("usage: driver.py MODULE RESULT_FILE [TESTDIR]", file=sys.stderr)
        return 2
    module_name, result_path = argv[0], argv[1]
    if len(argv) == 3:
        testdir = argv[2]
    else:
        import sysconfig
        testdir = os.path.join(sysconfig.get_paths()["stdlib"], "test")
    return run(module_name, result_path, testdir)


if __name__ == "__main__":
    _clean_process_state()
    sys.exit(main())
