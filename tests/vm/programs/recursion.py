import sys

def down(n):
    return 0 if n == 0 else 1 + down(n - 1)

print(down(900))

def forever(n):
    return forever(n + 1)

try:
    forever(0)
except RecursionError as e:
    print("RecursionError:", e)

sys.setrecursionlimit(5000)
print(down(4500))

class Node:
    def __init__(self, depth):
        self.child = Node(depth - 1) if depth else None

def depth(node):
    return 0 if node is None else 1 + depth(node.child)

print(depth(Node(300)))
