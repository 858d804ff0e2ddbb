import os
import os.path as osp
from collections import Counter, namedtuple
from functools import reduce
import json
import math
print(osp.basename("/a/b.txt"), Counter("abca").most_common(1))
Point = namedtuple("Point", "x y")
print(Point(1, 2), reduce(lambda a, b: a * b, range(1, 6)))
print(json.dumps({"a": [1, 2]}, sort_keys=True), math.sqrt(16), os.sep)
import string
print(string.ascii_lowercase[:5])
