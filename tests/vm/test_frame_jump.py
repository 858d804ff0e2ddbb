"""Assigning frame.f_lineno from a trace function (debugger jumps) does what CPython 3.12 does.

Each program runs under innerpy and under the reference CPython 3.12 and
must print the same: where the jumps land, what the jumped-over code did
not append, the refusals' messages, the RuntimeWarning about unbound locals.
Warnings are printed by message only: innerpy's fast loop does not keep a
caller's line current while host code runs, so a warning's location can
differ.
"""

import textwrap

from tests.support.differential import assert_same, run_innerpy
from tests.vm.test_debugging import _expected

HARNESS = textwrap.dedent('''\
    import sys, warnings

    def jump(func, frm, to, event="line", arg=None):
        """Run func(out) with a tracer that sets f_lineno once, at `event` on line `frm` (relative)."""
        code = func.__code__
        first = code.co_firstlineno
        done = []
        def tracer(frame, ev, _):
            frame.f_trace_opcodes = event == "opcode"
            if not done and frame.f_code is code and ev == event and frame.f_lineno == first + frm:
                done.append(True)
                try:
                    frame.f_lineno = first + to if arg is None else arg
                except (ValueError, AttributeError) as e:
                    print("  refused:", type(e).__name__, e)
                else:
                    print("  now at", frame.f_lineno - first, "lasti", frame.f_lasti)
            return tracer
        out = []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            sys.settrace(tracer)
            try:
                result = func(out)
            except Exception as e:
                result = f"{type(e).__name__}: {e}"
            finally:
                sys.settrace(None)
        print(func.__name__, frm, to, out, result, [str(w.message) for w in caught])
''')


def _program(body):
    return HARNESS + textwrap.dedent(body)


def test_forward_backward_and_codeless_lines():
    assert_same(_program('''
        def simple(out):
            out.append(1)
            out.append(2)
            # a comment: no code here
            out.append(4)
            return out[-1]

        jump(simple, 1, 2)
        jump(simple, 1, 4)
        jump(simple, 4, 1)
        jump(simple, 2, 2)
        jump(simple, 2, 3)     # the comment: on to the next line with code
        jump(simple, 2, 0)     # the def line: back to the start
        jump(simple, 1, 6)     # past the end of the function
        jump(simple, 1, -1)    # before it
    '''))


def test_jumps_out_of_loops_and_with_blocks():
    """Leaving a for loop pops its iterator; leaving a with block skips __exit__."""
    assert_same(_program('''
        class Ctx:
            def __init__(self, out): self.out = out
            def __enter__(self): self.out.append("enter"); return self
            def __exit__(self, *exc): self.out.append("exit")

        def loop(out):
            for i in range(3):
                out.append(i)
                for j in "ab":
                    out.append(j)
            out.append("after")
            return len(out)

        def while_loop(out):
            i = 0
            while i < 3:
                i += 1
                out.append(i)
            out.append("after")

        def with_block(out):
            with Ctx(out):
                out.append(2)
                out.append(3)
            out.append(4)

        jump(loop, 2, 5)       # out of the outer loop, from its body
        jump(loop, 4, 5)       # out of both loops
        jump(loop, 4, 2)       # from the inner loop back to the outer body
        jump(loop, 5, 1)       # back before the loop, from after it
        jump(while_loop, 4, 5)
        jump(while_loop, 4, 1)
        jump(with_block, 2, 4)
        jump(with_block, 3, 1)
    '''))


def test_jumps_out_of_exception_handlers_restore_the_handled_exception():
    assert_same(_program('''
        def except_block(out):
            try:
                1 / 0
            except ZeroDivisionError:
                out.append(repr(sys.exception()))
                out.append("in handler")
            out.append(repr(sys.exception()))

        def finally_block(out):
            try:
                out.append(2)
            finally:
                out.append(4)
                out.append(5)
            out.append(6)

        def nested(out):
            try:
                raise KeyError(1)
            except KeyError:
                try:
                    raise ValueError(2)
                except ValueError:
                    out.append(repr(sys.exception()))
                    out.append(8)
                out.append(repr(sys.exception()))
            out.append(repr(sys.exception()))

        jump(except_block, 5, 6)
        jump(except_block, 5, 1)
        jump(finally_block, 4, 6)
        jump(finally_block, 2, 5)
        jump(nested, 8, 9)
        jump(nested, 8, 10)
    '''))


def test_refused_jumps_and_their_messages():
    assert_same(_program('''
        def into_loop(out):
            out.append(1)
            for i in range(2):
                out.append(i)
            out.append(4)

        def into_except(out):
            try:
                out.append(2)
            except ValueError:
                out.append(4)
            out.append(5)

        def into_with(out):
            out.append(1)
            with open(__file__) as f:
                out.append(3)
            out.append(4)

        def null_on_stack(out):
            a = 1
            print(
                out.append(3)
            )
            out.append(5)
            (
                (  # 7: an operand already on the stack
                    a
                    +
                    10
                )
                +
                13
            )
            out.append(15)

        jump(into_loop, 1, 3)
        jump(into_loop, 4, 3)
        jump(into_except, 2, 4)
        jump(into_with, 1, 3)
        jump(null_on_stack, 3, 5)      # out of a call: NULL and the callable popped
        jump(null_on_stack, 3, 7)
        jump(null_on_stack, 3, 9)
        jump(into_loop, 1, 0, arg="3")
        jump(into_loop, 1, 0, arg=True)
        jump(into_loop, 1, 0, arg=2**40)
    '''))


def test_events_that_allow_no_jump():
    """'call' of a new frame, 'return', 'exception' and 'opcode' events refuse; so does code outside a tracer."""
    assert_same(_program('''
        def target(out):
            out.append(1)
            out.append(2)
            1 / 0

        # 3.12 emits 'opcode' events only once some frame asked for them
        # before sys.settrace: ask here, for the 'opcode' case below.
        sys._getframe().f_trace_opcodes = True
        jump(target, 0, 2, event="call")
        jump(target, 2, 1, event="opcode")
        jump(target, 3, 1, event="exception")

        def returns(out):
            out.append(1)
            return 2

        jump(returns, 2, 1, event="return")

        def outside():
            frame = sys._getframe()
            for value in (frame.f_lineno, "x"):
                try:
                    frame.f_lineno = value
                except ValueError as e:
                    print("refused:", e)
            try:
                del frame.f_lineno
            except AttributeError as e:
                print("refused:", e)

        outside()
    '''))


def test_a_trace_function_raising_on_a_line_is_caught_where_the_line_is():
    assert_same(_program('''
        def guarded(out):
            try:
                out.append(2)
            except ValueError as e:
                out.append(str(e))
            return "done"

        jump(guarded, 2, 0, arg="not a line")
    '''))


def test_generator_jumps_from_yield_and_resume():
    """A yield's 'return' event and a resumed generator's 'call' event allow jumps.

    From a yield, 3.12 resumes one instruction past the target's first,
    with the value sent in on the stack: innerpy does the same."""
    assert_same(_program('''
        def gen_user(out):
            def gen():
                out.append(2)
                x = yield 3
                out.append(("x", x))
                out.append(5)
                yield 6
                out.append(7)
            g = gen()
            out.append(next(g))
            out.append(next(g, "exhausted"))
            out.append(next(g, "exhausted"))

        first = gen_user.__code__.co_firstlineno
        for event, frm, to in [("return", 3, 2), ("return", 3, 6), ("return", 6, 4),
                               ("call", 3, 5), ("call", 3, 2),
                               ("call", 3, 7), ("call", 6, 3), ("call", 1, 3)]:
            done = []
            def tracer(frame, ev, arg):
                if frame.f_code.co_name == "gen" and not done:
                    if ev == event and frame.f_lineno == first + frm:
                        done.append(True)
                        try:
                            frame.f_lineno = first + to
                        except ValueError as e:
                            print("  refused:", e)
                        else:
                            print("  now at", frame.f_lineno - first)
                return tracer
            out = []
            with warnings.catch_warnings(record=True):
                warnings.simplefilter("always")
                sys.settrace(tracer)
                try:
                    gen_user(out)
                except Exception as e:
                    out.append(f"{type(e).__name__}: {e}")
                finally:
                    sys.settrace(None)
            print(event, frm, to, out)
    '''))


PDB_PROGRAM = textwrap.dedent("""\
    def f(n):
        total = 0
        breakpoint()
        total += n
        total += 10 * n
        for i in range(2):
            total += 100
        return total
    print(f(1))
""")


def test_pdb_jump_matches_cpython():
    """pdb's `jump`: forward over a line, refused into a loop and past the end, then backward."""
    commands = "j 5\np total\nj 7\nj 99\nn\nn\nj 4\nn\np total\nc\n"
    expected = _expected(PDB_PROGRAM, commands)
    actual = run_innerpy(PDB_PROGRAM, stdin=commands)
    assert actual.stdout == expected.stdout
    assert actual.returncode == expected.returncode == 0
    assert "Jump failed" in actual.stdout
