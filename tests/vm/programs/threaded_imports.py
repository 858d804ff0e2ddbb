"""Imports from several threads: a module another thread is still executing
is waited for, never seen half-initialised; two threads importing a cycle of
modules from opposite ends do not deadlock; meta path finders are called
under the global import lock."""

import _imp
import os
import shutil
import sys
import tempfile
import threading

root = tempfile.mkdtemp()
sources = {
    "slow": "import time\ntime.sleep(0.3)\nVALUE = 'complete'\n",
    "A": "import time\ntime.sleep(0.3)\nx = 'a'\nimport C\n",
    "B": "import time\ntime.sleep(0.3)\nx = 'b'\nimport D\n",
    "C": "import B\n",
    "D": "import A\n",
}
for name, source in sources.items():
    with open(os.path.join(root, name + ".py"), "w") as f:
        f.write(source)
sys.path.insert(0, root)


class Finder:
    held = []

    def find_spec(self, name, path=None, target=None):
        self.held.append(_imp.lock_held())


sys.meta_path.insert(0, Finder())
results = []


def import_slow():
    try:
        import slow
        results.append(slow.VALUE)
    except Exception as error:
        results.append(repr(error))


threads = [threading.Thread(target=import_slow) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(results)


def import_a():
    import A
    results.append(getattr(A, "x", None))


def import_b():
    import B
    results.append(getattr(B, "x", None))


results = []
threads = [threading.Thread(target=import_a), threading.Thread(target=import_b)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(sorted(results))
print(all(Finder.held), len(Finder.held) > 0)
shutil.rmtree(root)
