"""``python -m constdiff`` and the ``constdiff`` console script: a short-lived process.

The cyclic garbage collector is off from the first import: constdiff makes no reference
cycles worth collecting, and collections while the modules load cost ~30 ms of every run.
"""

import gc

gc.disable()

from constdiff.cli import run  # noqa: E402

if __name__ == "__main__":
    run()
