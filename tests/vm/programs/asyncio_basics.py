import asyncio
async def worker(name, n):
    total = 0
    for i in range(n):
        await asyncio.sleep(0)
        total += i
    return name, total
async def main():
    results = await asyncio.gather(*(worker(f"w{i}", 50) for i in range(3)))
    print(results)
    q = asyncio.Queue()
    async def prod():
        for i in range(5):
            await q.put(i)
        await q.put(None)
    async def cons():
        out = []
        while (item := await q.get()) is not None:
            out.append(item)
        return out
    print(await asyncio.gather(prod(), cons()))
    async def agen():
        for i in range(3):
            yield i
            await asyncio.sleep(0)
    print([x async for x in agen()])
    try:
        await asyncio.wait_for(asyncio.sleep(10), 0.01)
    except asyncio.TimeoutError:
        print("timeout")
asyncio.run(main())
def inner():
    x = yield 1
    y = yield x
    return y * 2
def outer():
    r = yield from inner()
    yield r
g = outer()
print(next(g), g.send(10), g.send(20))
