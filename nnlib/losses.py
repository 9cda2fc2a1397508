r"""Loss functions, each with its gradient right beside it (Chapters 4-6).

A loss turns the network's predictions ``y_hat`` and the true answers ``y``
into one number, the error $E$: zero for perfect predictions, larger for
worse ones. Training needs its gradient $\partial E / \partial \hat y$ too,
the first link of the chain rule in backpropagation (Chapter 4).

Both arguments are batch-first, shape ``(n_samples, n_outputs)`` (a 1-D
array is read as one output per sample). Values are **means over samples**,
so a loss does not grow just because the data set does.

Each loss is a :class:`Loss` with checked methods ``value`` and ``gradient``
and unchecked kernels ``forward`` / ``backward`` for training loops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._checks import as_float_array, lookup

__all__ = [
    "Loss",
    "LOSSES",
    "get_loss",
    "mse",
    "binary_cross_entropy",
    "EPSILON",
]

EPSILON = 1e-12
"""How far from 0 and 1 predictions are clipped inside the cross-entropy's logs."""


# -- the formulas, unchecked: the kernels a training loop calls ---------------


def _mse(y_hat: np.ndarray, y: np.ndarray) -> float:
    diff = y_hat - y
    return float(np.vdot(diff, diff)) / diff.shape[0]


def _mse_gradient(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (2.0 / y.shape[0]) * (y_hat - y)


def _bce(y_hat: np.ndarray, y: np.ndarray) -> float:
    # A saturated sigmoid can return exactly 0.0 or 1.0, and log(0) is -inf:
    # clipping keeps every log finite (the loss is then at most -log(1e-12) ~ 27.6).
    p = np.clip(y_hat, EPSILON, 1.0 - EPSILON)
    total = np.vdot(y, np.log(p)) + np.vdot(1.0 - y, np.log1p(-p))
    return -float(total) / y.shape[0]


def _bce_gradient(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    # The same clipping keeps the denominators p (1 - p) away from zero.
    p = np.clip(y_hat, EPSILON, 1.0 - EPSILON)
    return (p - y) / (p * (1.0 - p) * y.shape[0])


@dataclass(frozen=True)
class Loss:
    r"""A loss $E(\hat y, y)$ bundled with its gradient $\partial E/\partial \hat y$.

    Attributes
    ----------
    name : str
        The name it is looked up by (``"mse"``).
    forward : callable
        Unchecked kernel ``E(y_hat, y) -> float`` on float arrays of equal shape.
    backward : callable
        Unchecked kernel ``dE/dy_hat(y_hat, y) -> array`` (same shape as ``y_hat``).
    formula : str
        LaTeX of the formula, for figure titles.
    """

    name: str
    forward: Callable[[np.ndarray, np.ndarray], float]
    backward: Callable[[np.ndarray, np.ndarray], np.ndarray]
    formula: str

    def _check(self, y_hat: object, y: object) -> tuple[np.ndarray, np.ndarray]:
        y_hat_arr = as_float_array(y_hat, "y_hat", ndim=(1, 2))
        y_arr = as_float_array(y, "y", ndim=(1, 2))
        if y_hat_arr.ndim == 1:
            y_hat_arr = y_hat_arr[:, None]
        if y_arr.ndim == 1:
            y_arr = y_arr[:, None]
        if y_hat_arr.shape != y_arr.shape:
            raise ValueError(
                f"y_hat and y must have the same shape (n_samples, n_outputs); "
                f"got y_hat {y_hat_arr.shape} and y {y_arr.shape}"
            )
        if y_arr.shape[0] == 0:
            raise ValueError("y must hold at least one sample; got an empty array")
        if self.name == "binary_cross_entropy":
            if ((y_hat_arr < 0) | (y_hat_arr > 1)).any():
                raise ValueError(
                    "y_hat must hold probabilities in [0, 1] for the cross-entropy "
                    "(use a sigmoid output); got values outside"
                )
            if ((y_arr < 0) | (y_arr > 1)).any():
                raise ValueError(
                    "y must hold labels in [0, 1] for the cross-entropy; got values outside"
                )
        return y_hat_arr, y_arr

    def value(self, y_hat: object, y: object) -> float:
        """The loss, a mean over samples (checked).

        Parameters
        ----------
        y_hat, y : array_like, shape (n_samples,) or (n_samples, n_outputs)
            Predictions and true values.
        """
        return self.forward(*self._check(y_hat, y))

    def gradient(self, y_hat: object, y: object) -> np.ndarray:
        """$\\partial E / \\partial \\hat y$ (checked), shape ``(n_samples, n_outputs)``."""
        return self.backward(*self._check(y_hat, y))

    def __call__(self, y_hat: object, y: object) -> float:
        """Same as :meth:`value`."""
        return self.value(y_hat, y)


mse = Loss(
    "mse",
    _mse,
    _mse_gradient,
    r"$E = \frac{1}{N}\sum_i (\hat y_i - y_i)^2$",
)
r"""Mean squared error, $E = \frac{1}{N}\sum_{i=1}^{N} \lVert \hat y_i - y_i \rVert^2$,
with gradient $\partial E / \partial \hat y_i = \frac{2}{N}(\hat y_i - y_i)$.
The loss of the linear model in Chapter 4."""

binary_cross_entropy = Loss(
    "binary_cross_entropy",
    _bce,
    _bce_gradient,
    r"$E = -\frac{1}{N}\sum_i [y_i \log \hat y_i + (1-y_i)\log(1-\hat y_i)]$",
)
r"""Binary cross-entropy,
$E = -\frac{1}{N}\sum_{i} [y_i \log \hat y_i + (1 - y_i) \log(1 - \hat y_i)]$.

Gradient: $\partial E / \partial \hat y_i = \frac{\hat y_i - y_i}{N\,\hat y_i (1 - \hat y_i)}$.
For 0/1 labels and a sigmoid output; predictions are clipped to
$[10^{-12}, 1 - 10^{-12}]$ so saturated outputs give finite numbers (Chapter 5)."""

LOSSES: dict[str, Loss] = {"mse": mse, "binary_cross_entropy": binary_cross_entropy}
"""The losses nnlib knows, keyed by name (``"bce"`` is accepted as a short name)."""

_ALIASES = {"bce": "binary_cross_entropy", "cross_entropy": "binary_cross_entropy"}


def get_loss(loss: str | Loss) -> Loss:
    """Look up a loss by name (``"mse"``, ``"binary_cross_entropy"`` or ``"bce"``).

    Raises
    ------
    ValueError
        For an unknown name; the message lists the known ones.
    TypeError
        For anything that is neither a string nor a :class:`Loss`.
    """
    return lookup(loss, LOSSES, "loss", Loss, aliases=_ALIASES)
