r"""What every run of gradient descent shares (Chapters 5-6).

- :func:`step`, the update $\theta \leftarrow \theta - \eta\, \partial E/\partial \theta$,
  written once for a point (:mod:`nnlib.descent`) and for a network's
  weights (:func:`update`, used by :mod:`nnlib.training` and the figures);
- :class:`Batches`, the samples each step uses: all of them, or a few at a
  time in a fresh random order every epoch;
- :data:`GROWTH_LIMIT`, the rule that calls a run diverged;
- :class:`RunResult`, the record both kinds of run return;
- :class:`Objective`, what :func:`nnlib.descent.gradient_descent` descends.

These are parts of the loops in :mod:`nnlib.descent` and :mod:`nnlib.training`,
which check their arguments once, before the loop; the parts themselves are
unchecked (except :class:`Batches`' batch size).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._checks import as_positive_int

__all__ = [
    "step",
    "update",
    "Batches",
    "GROWTH_LIMIT",
    "growth_limit",
    "RunResult",
    "Objective",
]

GROWTH_LIMIT = 1e8
"""A run is called diverged once its loss exceeds this many times its first
value (or 1, if that is larger): from there it only grows, geometrically."""


def growth_limit(first_loss: float) -> float:
    """The loss above which a run that started at ``first_loss`` has diverged."""
    return GROWTH_LIMIT * max(first_loss, 1.0)


def step(
    theta: np.ndarray, grad: np.ndarray, lr: float, out: np.ndarray | None = None
) -> np.ndarray:
    r"""One step of gradient descent, $\theta - \eta\, \nabla E(\theta)$.

    Parameters
    ----------
    theta, grad : numpy.ndarray, same shape
        The parameters and the gradient of the loss at them.
    lr : float
        The learning rate $\eta$.
    out : numpy.ndarray, optional
        Where to write the result; ``out=theta`` updates in place.
    """
    return np.subtract(theta, lr * grad, out=out)


def update(params: list[np.ndarray], grads: list[np.ndarray], lr: float) -> None:
    r"""$W \leftarrow W - \eta\, \partial E/\partial W$ for every weight and bias, in place.

    Parameters
    ----------
    params, grads : list of numpy.ndarray
        A network's live parameter arrays and its gradients from the last
        backward pass, in the same order (``net.parameters().values()`` and
        ``net.gradients().values()``).
    lr : float
        The learning rate $\eta$.
    """
    for param, grad in zip(params, grads, strict=True):
        step(param, grad, lr, out=param)


def _check_batch_size(batch_size: int | None, n_samples: int) -> int | None:
    if batch_size is None:
        return None
    batch_size = as_positive_int(batch_size, "batch_size")
    if batch_size > n_samples:
        raise ValueError(
            f"batch_size must be at most the number of samples, {n_samples}; "
            f"got {batch_size}"
        )
    return batch_size


class Batches:
    """The rows of the data each step uses.

    Full batch (``batch_size`` None): every row, every step (:meth:`next`
    returns None). Otherwise ``batch_size`` rows a step, taken in a random
    order drawn afresh at the start of every epoch (one pass through the
    data); an epoch's leftover rows, fewer than a batch, are skipped.

    Parameters
    ----------
    n_samples : int
    batch_size : int or None
        1 for stochastic gradient descent, at most ``n_samples``; checked,
        naming ``batch_size``.
    rng : numpy.random.Generator
        The source of the orders.
    """

    def __init__(
        self, n_samples: int, batch_size: int | None, rng: np.random.Generator
    ) -> None:
        self.n_samples = n_samples
        self.batch_size = _check_batch_size(batch_size, n_samples)
        self.rng = rng
        self._order = np.empty(0, dtype=np.intp)
        self._cursor = 0

    @property
    def full(self) -> bool:
        """Whether every step uses all the samples."""
        return self.batch_size is None

    def next(self) -> np.ndarray | None:
        """The row indices of the next step (None: all rows)."""
        if self.batch_size is None:
            return None
        if self._cursor + self.batch_size > self._order.size:  # a new epoch
            self._order, self._cursor = self.rng.permutation(self.n_samples), 0
        rows = self._order[self._cursor : self._cursor + self.batch_size]
        self._cursor += self.batch_size
        return rows

    def kind(self) -> str:
        """``"full-batch"``, ``"stochastic"`` or ``"mini-batch (k)"``."""
        if self.batch_size is None:
            return "full-batch"
        return (
            "stochastic" if self.batch_size == 1 else f"mini-batch ({self.batch_size})"
        )


@dataclass(frozen=True)
class RunResult:
    r"""What a run of gradient descent did.

    Attributes
    ----------
    losses : numpy.ndarray
        The loss recorded at each step; every entry finite.
    lr : float
        The learning rate $\eta$.
    batch_size : int or None
        Samples per step (None: all of them).
    stop_reason : str
        Why it stopped: ``"threshold"``, ``"max_steps"``, ``"diverged"`` (and
        for :func:`nnlib.descent.gradient_descent`, ``"flat"``).
    diverged_at : int or None
        The step at which the loss ran away (counting from 1).
    message : str
        One sentence for the reader; for a divergence it names the step, the
        learning rate and what to try instead.
    """

    losses: np.ndarray
    lr: float
    batch_size: int | None
    stop_reason: str
    diverged_at: int | None
    message: str

    @property
    def diverged(self) -> bool:
        """Whether the loss ran away."""
        return self.stop_reason == "diverged"

    @property
    def final_loss(self) -> float:
        """The last loss recorded."""
        return float(self.losses[-1])


@dataclass(frozen=True)
class Objective:
    r"""A loss to descend: its value and gradient at a point, and its sizes.

    Calling it, ``objective(theta, rows)``, returns ``(E, gradient)`` at
    ``theta`` (shape ``(n_params,)``) over all samples (``rows`` None) or the
    given rows (an index array), for mini-batches.

    Attributes
    ----------
    value_and_gradient : callable
        ``(theta, rows) -> (float, numpy.ndarray of theta's shape)``.
    n_params : int or None
        How many numbers ``theta`` holds, when known (``start`` is checked
        against it).
    n_samples : int or None
        How many samples the loss averages over, when known (needed for
        mini-batches).
    """

    value_and_gradient: Callable[
        [np.ndarray, np.ndarray | None], tuple[float, np.ndarray]
    ]
    n_params: int | None = None
    n_samples: int | None = None

    def __call__(
        self, theta: np.ndarray, rows: np.ndarray | None = None
    ) -> tuple[float, np.ndarray]:
        return self.value_and_gradient(theta, rows)
