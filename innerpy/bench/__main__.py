"""`python -m innerpy.bench`: see innerpy/bench/runner.py."""

import sys

from innerpy.bench.runner import main

sys.exit(main())
