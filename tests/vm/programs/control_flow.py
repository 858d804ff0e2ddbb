total = 0
for i in range(10):
    if i == 2:
        continue
    if i == 7:
        break
    total += i
else:
    print("not reached")
print(total)
n = 0
while n < 5:
    n += 1
else:
    print("while-else", n)
for i in []:
    pass
else:
    print("for-else on empty")
x = 15
if x < 10:
    print("small")
elif x < 20:
    print("medium")
else:
    print("large")
nested = []
for i in range(3):
    for j in range(3):
        if j > i:
            break
        nested.append((i, j))
print(nested)
count = 0
while True:
    count += 1
    if count >= 3:
        break
print(count)
