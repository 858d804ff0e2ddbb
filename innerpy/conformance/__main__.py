"""`python -m innerpy.conformance`: see innerpy/conformance/runner.py."""

import sys

from innerpy.conformance.runner import main

sys.exit(main())
