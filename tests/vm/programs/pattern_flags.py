# match decides sequence/mapping by the type's flags alone, as CPython does.
import collections
import collections.abc


def classify(x):
    match x:
        case [*_]:
            return "seq"
        case {}:
            return "map"
    return "neither"


class C:
    pass


class S1(collections.UserList, collections.abc.Mapping):
    pass


class M1(collections.UserDict, collections.abc.Sequence):
    pass


class Registered:
    def __len__(self):
        return 0

    def __getitem__(self, i):
        raise IndexError


collections.abc.Sequence.register(Registered)


class Duck:
    """Has the methods but neither the flag nor a registration."""
    def __len__(self):
        return 0

    def __getitem__(self, i):
        raise IndexError

    def keys(self):
        return []


for value in (S1(), M1(), Registered(), Duck(), [1], (1,), {}, "str", b"b", bytearray(), range(2),
              memoryview(b"ab"), collections.deque(), collections.OrderedDict(), C()):
    print(type(value).__name__, classify(value))
