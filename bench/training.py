"""Training speed on the book's two workloads, nnlib against its peers.

Workloads
---------
``mlp``
    A 2-16-16-1 network, tanh hidden layers, sigmoid output, binary
    cross-entropy, 200 XOR-like points (50 around each corner of the unit
    square, labels ``x1 XOR x2``), 2000 full-batch gradient-descent steps.
    nnlib: ``nnlib.network.MLP`` trained by ``nnlib.training.train``.
``line``
    Chapter 5's line ``y_hat = m x + b`` on ``nnlib.linear.line_data()``, mean
    squared error, full-batch gradient descent from Chapter 5's starting point.
    nnlib: ``nnlib.descent.gradient_descent`` on ``nnlib.linear.objective``.

Contenders (see :mod:`bench.peers`): the hand-written numpy loop (the
baseline every ratio is taken against), nnlib, scikit-learn and PyTorch when
installed. All start from nnlib's initial parameters; all must end on the same
loss, or the comparison is flagged as unfair.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import peers
from .timing import Timing, measure_interleaved

__all__ = [
    "Workload",
    "Contender",
    "WorkloadResult",
    "mlp_workload",
    "line_workload",
    "run_workload",
]

LOSS_RTOL = 1e-6  # contenders' final losses must agree this closely


@dataclass
class Contender:
    name: str
    train: Callable[[], np.ndarray] | None  # None: not available
    note: str = ""


@dataclass
class Workload:
    name: str
    description: str
    steps: int
    contenders: list[Contender]


@dataclass
class Measured:
    name: str
    timing: Timing | None
    loss: float | None  # the loss after steps - 1 updates (every contender records it)
    note: str


@dataclass
class WorkloadResult:
    workload: Workload
    measured: list[Measured]

    @property
    def baseline(self) -> Measured:
        return self.measured[0]

    def ratio(self, m: Measured, cpu: bool = True) -> float | None:
        """Time of ``m`` over the baseline's (lower is faster), CPU or wall time."""
        if m.timing is None or self.baseline.timing is None:
            return None
        if cpu:
            return m.timing.cpu_median / self.baseline.timing.cpu_median
        return m.timing.median / self.baseline.timing.median

    @property
    def max_loss_gap(self) -> float:
        """Largest relative difference between a contender's loss and the baseline's."""
        ref = self.baseline.loss
        gaps = [
            abs(m.loss - ref) / abs(ref) for m in self.measured if m.loss is not None
        ]
        return max(gaps, default=0.0)

    @property
    def fair(self) -> bool:
        return self.max_loss_gap <= LOSS_RTOL


# -- data --------------------------------------------------------------------------


def xor_points(
    n: int = 200, noise: float = 0.15, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points around the four XOR corners (n/4 each), label ``x1 XOR x2``."""
    rng = np.random.default_rng(seed)
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    labels = np.array([0.0, 1.0, 1.0, 0.0])
    idx = np.arange(n) % 4
    X = corners[idx] + rng.normal(0.0, noise, size=(n, 2))
    return X, labels[idx][:, None]


# -- the workloads ------------------------------------------------------------------


def _optional(
    name: str,
    available: bool,
    build: Callable[[], Callable[[], np.ndarray]],
    missing: str,
) -> Contender:
    if not available:
        return Contender(name, None, missing)
    return Contender(name, build())


def _nnlib_mlp(X, y, lr, steps) -> tuple[Contender, dict[str, np.ndarray]]:
    from nnlib.network import MLP
    from nnlib.training import train

    net = MLP([2, 16, 16, 1], activation="tanh", output_activation="sigmoid", seed=0)
    init = {k: v.copy() for k, v in net.parameters().items()}
    params = net.parameters()  # the live arrays

    def run() -> np.ndarray:
        for key, value in init.items():  # back to the start (a few µs)
            params[key][...] = value
        result = train(net, X, y, loss="binary_cross_entropy", lr=lr, max_steps=steps)
        if result.steps != steps:
            raise RuntimeError(f"nnlib stopped early: {result.message}")
        return result.losses

    return Contender("nnlib", run, "MLP + training.train"), init


def mlp_workload(lr: float = 0.5, steps: int = 2000) -> Workload:
    X, y = xor_points()
    nn, init = _nnlib_mlp(X, y, lr, steps)
    return Workload(
        "mlp",
        f"2-16-16-1 tanh MLP, sigmoid + cross-entropy, {len(X)} XOR-like points, "
        f"{steps} full-batch steps, lr {lr}",
        steps,
        [
            Contender(
                "numpy by hand",
                peers.numpy_mlp(X, y, init, lr, steps),
                "baseline: the plain loop, recording the loss each step as nnlib does",
            ),
            nn,
            Contender(
                "numpy tuned",
                peers.numpy_mlp_tuned(X, y, init, lr, steps),
                "preallocated, out=, loss from logits (how fast numpy can go)",
            ),
            _optional(
                "scikit-learn",
                peers.have_sklearn(),
                lambda: peers.sklearn_mlp(X, y, init, lr, steps),
                "not installed (make bench installs bench/requirements.txt)",
            ),
            _optional(
                "PyTorch",
                peers.have_torch(),
                lambda: peers.torch_mlp(X, y, init, lr, steps),
                "not installed (pip install torch==2.13.0 for this row)",
            ),
        ],
    )


def line_workload(lr: float = 0.1, steps: int = 1000) -> Workload:
    from nnlib import linear
    from nnlib.descent import gradient_descent

    x, y = linear.line_data()
    start = _chapter5_start()
    objective = linear.objective(x, y)

    def run() -> np.ndarray:
        result = gradient_descent(objective, list(start), lr, max_steps=steps)
        if result.steps != steps:
            raise RuntimeError(f"nnlib stopped early: {result.message}")
        return result.losses

    m0, b0 = start
    return Workload(
        "line",
        f"line y = m x + b, mean squared error, {len(x)} points (linear.line_data), "
        f"{steps} full-batch steps, lr {lr}",
        steps,
        [
            Contender(
                "numpy by hand", peers.numpy_linear(x, y, m0, b0, lr, steps), "baseline"
            ),
            Contender("nnlib", run, "descent.gradient_descent + linear.objective"),
            _optional(
                "scikit-learn",
                peers.have_sklearn(),
                lambda: peers.sklearn_linear(x, y, m0, b0, lr, steps),
                "not installed",
            ),
            _optional(
                "PyTorch",
                peers.have_torch(),
                lambda: peers.torch_linear(x, y, m0, b0, lr, steps),
                "not installed",
            ),
        ],
    )


def _chapter5_start() -> tuple[float, float]:
    """The starting point Chapter 5's learning-rate panel uses, if it says one."""
    try:
        from nnlib.panels import descent

        default = (
            inspect.signature(descent.learning_rate_panel).parameters["start"].default
        )
        return float(default[0]), float(default[1])
    except (ImportError, AttributeError, KeyError, TypeError, IndexError):
        return (0.0, 0.0)


# -- measuring ----------------------------------------------------------------------


def run_workload(
    workload: Workload, repeats: int = 5, budget: float = 2.0
) -> WorkloadResult:
    """Time every available contender, round-robin; the first round is a warm-up
    whose losses are kept for the fairness check.

    A short workload gets more rounds (up to 50), enough to fill about
    ``budget`` seconds, so its median is not left to a handful of noisy runs.
    """
    at = workload.steps - 1  # the loss after steps - 1 updates, recorded by all
    available = {c.name: c.train for c in workload.contenders if c.train is not None}
    start = time.perf_counter()
    losses = {name: float(train()[at]) for name, train in available.items()}
    one_round = time.perf_counter() - start
    rounds = max(repeats, min(50, int(budget / max(one_round, 1e-9))))
    timings = measure_interleaved(available, repeats=rounds, warmup=0)
    measured = [
        Measured(c.name, timings.get(c.name), losses.get(c.name), c.note)
        for c in workload.contenders
    ]
    return WorkloadResult(workload, measured)
