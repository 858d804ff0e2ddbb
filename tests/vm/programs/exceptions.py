def risky(kind):
    if kind == "value":
        raise ValueError("bad value")
    if kind == "key":
        return {}["missing"]
    if kind == "zero":
        return 1 / 0
    return "fine"

for kind in ("value", "key", "zero", "none"):
    try:
        result = risky(kind)
    except ValueError as e:
        print("ValueError", e)
    except (KeyError, ZeroDivisionError) as e:
        print(type(e).__name__, e)
    else:
        print("no error", result)
    finally:
        print("finally", kind)

def with_finally():
    try:
        return "from try"
    finally:
        print("finally runs before return")

print(with_finally())

try:
    try:
        raise KeyError("inner")
    except KeyError as e:
        raise RuntimeError("outer") from e
except RuntimeError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("during")
except ValueError as e:
    print(repr(e.__context__))

class MyError(Exception):
    def __init__(self, code):
        super().__init__(f"code {code}")
        self.code = code

try:
    raise MyError(42)
except Exception as e:
    print(type(e).__name__, e, e.code, isinstance(e, MyError))

try:
    assert 1 == 2, "assertion message"
except AssertionError as e:
    print("AssertionError", e)

try:
    undefined_name
except NameError as e:
    print(e)

def reraise():
    try:
        raise TypeError("again")
    except TypeError:
        raise

try:
    reraise()
except TypeError as e:
    print("reraised", e)

import sys
try:
    raise IndexError("exc_info")
except IndexError:
    print(sys.exc_info()[0].__name__, sys.exception())
print(sys.exception())
