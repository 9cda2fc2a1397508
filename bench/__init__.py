"""Benchmarks of nnlib and the book: training speed against peers, slider
latency, and the time the build and the notebook tests take.

Run them with ``make bench`` (or ``python -m bench.run``); see bench/README.md.

Every figure is a ratio against a baseline measured in the same run, so the
numbers travel between machines. Timings are warm (imports and one first run
are left out), in-process, float64 and on ONE thread: the thread limits below
are set here, before anything imports numpy, because BLAS libraries read them
only once, when they load.
"""

import os

for _var in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
):
    os.environ[_var] = "1"
