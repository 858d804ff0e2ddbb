lst = [3, 1, 2]
lst.append(4); lst.extend([5]); lst.insert(0, 0)
print(lst, sorted(lst), lst[1:3], lst[-2:], len(lst))
lst[0] = 9; del lst[1]; lst[1:2] = ["x", "y"]
print(lst)
t = (1, "two", 3.0)
a, b, c = t
print(t, a, b, c, t[1], t + (4,), t * 2, () == tuple())
first, *rest = [1, 2, 3, 4]
*init, last = "abcd"
print(first, rest, init, last)
d = {"a": 1, "b": 2}
d["c"] = 3
del d["a"]
print(d, list(d), list(d.values()), d.get("zz", "default"), {**d, "e": 5}, "b" in d)
s = {3, 1, 2}
s.add(4)
print(sorted(s), {1, 2} | {3}, {1, 2} & {2}, {x % 3 for x in range(10)})
print([x * y for x in range(3) for y in range(3) if x != y])
print({k: v for k, v in zip("abc", range(3))}, dict(a=1), list(range(5, 0, -2)))
print([*range(3), *"ab"], (*[1], 2), {**{"k": 1}})
matrix = [[1, 2], [3, 4]]
print([[row[i] for row in matrix] for i in range(2)])
nested = {"k": [1, {"deep": (2, 3)}]}
print(nested["k"][1]["deep"][0])
x = y = [0]
x.append(1)
print(y, x is y)
print(list(enumerate("ab", 1)), list(zip([1, 2], "xy")), list(reversed([1, 2, 3])))
