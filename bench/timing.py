"""Warm, repeated timing: the median of several runs after a first run left out.

Contenders of one comparison are timed round-robin (run 1 of each, then run 2
of each, ...), so a change in the machine's load during the measurement
touches all of them alike instead of skewing one ratio. Each run records wall
time (what a reader waits) and the process's CPU time (what a busy machine
cannot inflate by taking the core away).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Timing", "measure", "measure_interleaved", "one_thread", "load_average"]

MIN_REPEATS = 5


@dataclass(frozen=True)
class Timing:
    """Seconds per run: wall and CPU time of every measured run."""

    runs: tuple[float, ...]
    cpu_runs: tuple[float, ...] = ()

    @property
    def median(self) -> float:
        """Median wall time."""
        return statistics.median(self.runs)

    @property
    def cpu_median(self) -> float:
        """Median CPU time of this process (falls back to wall time)."""
        return statistics.median(self.cpu_runs) if self.cpu_runs else self.median

    @property
    def spread(self) -> float:
        """(max - min) / median of the wall times: how much the runs disagree."""
        return (max(self.runs) - min(self.runs)) / self.median

    @property
    def cpu_spread(self) -> float:
        """(max - min) / median of the CPU times."""
        runs = self.cpu_runs or self.runs
        return (max(runs) - min(runs)) / self.cpu_median


def _timed(run: Callable[[], Any]) -> tuple[float, float]:
    cpu0, wall0 = time.process_time(), time.perf_counter()
    run()
    return time.perf_counter() - wall0, time.process_time() - cpu0


def measure_interleaved(
    runs: Mapping[str, Callable[[], Any]], *, repeats: int = 5, warmup: int = 1
) -> dict[str, Timing]:
    """Time each of ``runs`` ``repeats`` times, round-robin, after ``warmup`` untimed rounds."""
    if repeats < MIN_REPEATS:
        raise ValueError(f"repeats must be at least {MIN_REPEATS}; got {repeats}")
    for _ in range(warmup):
        for run in runs.values():
            run()
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            w, c = _timed(run)
            wall[name].append(w)
            cpu[name].append(c)
    return {name: Timing(tuple(wall[name]), tuple(cpu[name])) for name in runs}


def measure(run: Callable[[], Any], *, repeats: int = 5, warmup: int = 1) -> Timing:
    """Time ``run()`` ``repeats`` times after ``warmup`` untimed runs."""
    return measure_interleaved({"run": run}, repeats=repeats, warmup=warmup)["run"]


def one_thread() -> str:
    """Limit every BLAS/OpenMP pool loaded so far to one thread; describe them.

    Call it after importing numpy (and scikit-learn, PyTorch): only loaded
    libraries are seen. The environment variables set in ``bench/__init__.py``
    already hold for libraries loaded later.
    """
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:
        return "threadpoolctl not installed; thread limits from environment variables"
    threadpool_limits(limits=1)
    pools = sorted(
        {f"{p['internal_api']} x{p['num_threads']}" for p in threadpool_info()}
    )
    return ", ".join(pools) or "no thread pools loaded"


def load_average() -> float | None:
    """The machine's 1-minute load average (other work competing for the cores)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None
