"""Running code adds no objects to the guest's gc.get_objects() that CPython
3.12 would not list: innerpy's decoded instruction tables, warm-up counters
and translated superblocks stay out of sight, so a leak check that counts
objects around a loop (test_descr's lookup-leak check) sees no change, in
cold code and in hot code."""
import gc


class G:
    def __eq__(self, other):
        return False


def measure(times):
    g = G()
    gc.collect()
    before = len(gc.get_objects())
    for i in range(times):
        g == g
    after = len(gc.get_objects())
    return after - before


print(measure(10), measure(10))
measure(500)            # hot: its loop is translated (which adds the block's names tuple)
print(measure(500), measure(500))

