# builtin anext: with a default it returns innerpy's anext_awaitable, which awaits
# coroutines, types.coroutine generators and other awaitables afresh at each step
# and turns their StopAsyncIteration into StopIteration(default).
class A:
    def __aiter__(self): return self
    async def __anext__(self): raise StopAsyncIteration
try: anext(1)
except TypeError as e: print(e)
print(type(a), type(a).__module__)
print(a.__await__() is a, iter(a) is a)
try: a.send(None)
except StopIteration as e: print('stop', e.value, e.__context__, e.__cause__, e.__suppress_context__)
b = anext(A(), 5)
try: b.throw(ValueError)
except ValueError as e: print('val', repr(e))
print(b.close())
import pickle
try: pickle.dumps(b)
except Exception as e: print(type(e).__name__, e)
print(anext.__doc__, anext.__name__, anext, type(anext))
def g(): yield
try: next(anext(A(), g()))
except StopIteration as e: print(type(e.value).__name__)
import types
@types.coroutine
def tc():
    yield "x"
    raise StopAsyncIteration
class B:
    def __aiter__(self): return self
    def __anext__(self): return tc()
x = anext(B(), "dflt")
print(x.send(None))
try: x.send(None)
except StopIteration as e: print("stop", e.value)
try: anext(B(), 1).send(None); anext(object(), 1)
except TypeError as e: print(e)
class C:
    def __anext__(self): return 5
try: anext(C(), 1).send(None)
except TypeError as e: print(e)
