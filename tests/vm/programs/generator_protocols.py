# Corners of generator, coroutine and async generator protocols.
import asyncio
import sys
import warnings


def inner():
    print("inner frames:", sys._getframe().f_back.f_code.co_name)
    try:
        yield
    except RuntimeError:
        print("inner caught, called from", sys._getframe().f_back.f_code.co_name)


def outer():
    try:
        raise KeyError("handled by outer")
    except KeyError:
        yield from inner()


gen = outer()
next(gen)
try:
    gen.throw(RuntimeError)
except StopIteration:
    print("outer finished")

gen = outer()
next(gen)
try:
    gen.throw(ValueError)
except ValueError as exc:
    print("context:", repr(exc.__context__))


def simple():
    yield 1


for args in [(ValueError, "foo", 23), (), (ValueError, None, None, None), (ValueError(), 1), (1,)]:
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            g = simple()
            next(g)
            g.throw(*args)
    except Exception as exc:
        print(type(exc).__name__, exc, [str(w.message) for w in caught])
print(simple().__next__.__doc__, simple().__iter__.__doc__)


class Unawaitable:
    def __aiter__(self):
        return self

    def __anext__(self):
        return self

    def __await__(self):
        1 / 0


async def loop_over():
    async for _ in Unawaitable():
        pass

try:
    loop_over().send(None)
except TypeError as exc:
    print(exc, "| cause:", repr(exc.__cause__))


async def agen():
    try:
        yield 1
    finally:
        print("finally: awaiting")
        await asyncio.sleep(0)
        print("finally: awaited again")
        await asyncio.sleep(0)


async def ignores_exit():
    try:
        yield 1
    finally:
        await asyncio.sleep(0)
        yield 2


async def main():
    it = agen()
    print(await it.__anext__())
    await it.aclose()
    print("closed; aclose again:", await it.aclose())

asyncio.run(main())


async def close_ignoring_generator():
    """Driven by hand: the generator stays out of an event loop's shutdown."""
    it = ignores_exit()
    await it.__anext__()
    try:
        await it.aclose()
    except RuntimeError as exc:
        print("RuntimeError:", exc)
    for method in (it.aclose, lambda: it.athrow(ValueError)):
        try:
            await method()
        except StopAsyncIteration:
            print("StopAsyncIteration")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        awaitable = it.athrow(ValueError, ValueError(), None)
    print([str(w.message) for w in caught if "signature" in str(w.message)])
    awaitable.close()

driver = close_ignoring_generator()
try:
    while True:
        driver.send(None)
except StopIteration:
    pass


async def corofn():
    pass


def make():
    return corofn()


sys.set_coroutine_origin_tracking_depth(2)
coro = make()
print([(name, function) for _, name, function in
       [(f, l, n) for f, l, n in coro.cr_origin]][:1], len(coro.cr_origin))
coro.close()
sys.set_coroutine_origin_tracking_depth(0)
print(corofn().cr_origin)
