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

from ._checks import as_float_array, lookup, overflow_error
from .activations import ACTIVATIONS, Activation

__all__ = [
    "Loss",
    "LOSSES",
    "get_loss",
    "mse",
    "binary_cross_entropy",
    "EPSILON",
]

EPSILON = 1e-12
r"""How far from 0 and 1 predictions are clipped inside the cross-entropy's
logs when its value is reported (at most $-\log 10^{-12} \approx 27.6$ per sample)."""

ROUNDED = 2.0**-53
"""The gap between 1 and the float64 number below it (about 1.1e-16): a
sigmoid output this close to 0 or 1 has rounded ($|z| > 36.7$)."""

# Huge but finite inputs can overflow float64: checked methods compute inside
# _QUIET and raise overflow_error (a ValueError naming the input) on a non-finite result.
_QUIET = {"over": "ignore", "invalid": "ignore"}


# -- the formulas, unchecked: the kernels a training loop calls ---------------


def _mse(y_hat: np.ndarray, y: np.ndarray) -> float:
    diff = y_hat - y
    return float(np.vdot(diff, diff)) / diff.shape[0]


def _mse_gradient(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (2.0 / y.shape[0]) * (y_hat - y)


def _bce(y_hat: np.ndarray, y: np.ndarray, eps: float = EPSILON) -> float:
    # A saturated sigmoid can return exactly 0.0 or 1.0, and log(0) is -inf:
    # clipping keeps every log finite (the loss is then at most -log(eps)).
    p = np.clip(y_hat, eps, 1.0 - eps)
    total = np.vdot(y, np.log(p)) + np.vdot(1.0 - y, np.log1p(-p))
    return -float(total) / y.shape[0]


def _bce_unclipped(y_hat: np.ndarray, y: np.ndarray) -> float:
    # The cross-entropy itself: clipped only where the output has rounded to 0 or 1.
    return _bce(y_hat, y, ROUNDED)


def _bce_gradient(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    # The slope of the unclipped loss; an output rounded to 0 or 1 is read
    # ROUNDED inside, so p (1 - p) > 0.
    p = np.clip(y_hat, ROUNDED, 1.0 - ROUNDED)
    return (p - y) / (p * (1.0 - p) * y.shape[0])


def _bce_sigmoid_delta(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    # Behind a sigmoid, dE/dz = dE/dy_hat * sigma'(z)
    #   = (y_hat - y) / (N y_hat (1 - y_hat)) * y_hat (1 - y_hat) = (y_hat - y) / N.
    return (y_hat - y) / y.shape[0]


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
    unclipped : callable or None
        Unchecked kernel of the loss whose gradient ``backward`` is, when
        ``forward`` clips its value (the cross-entropy); None when they agree.
    matched : tuple of (str, callable) or None
        ``(activation name, kernel)``: behind that output activation,
        ``kernel(y_hat, y)`` is $\partial E/\partial z$ with the activation's
        derivative already cancelled (see :meth:`output_delta`).
    """

    name: str
    forward: Callable[[np.ndarray, np.ndarray], float]
    backward: Callable[[np.ndarray, np.ndarray], np.ndarray]
    formula: str
    unclipped: Callable[[np.ndarray, np.ndarray], float] | None = None
    matched: tuple[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] | None = None

    def output_delta(
        self, y_hat: np.ndarray, y: np.ndarray, activation: Activation, Z: np.ndarray
    ) -> np.ndarray:
        r"""$\delta = \partial E/\partial z$ for an output layer $\hat y = f(z)$ (unchecked).

        In general $\partial E/\partial \hat y \odot f'(z)$. Behind its
        matched activation (the sigmoid, for the cross-entropy) the two
        factors cancel and $\delta = (\hat y - y)/N$ exactly, even for an
        output that has rounded to 0 or 1, where $\hat y$ alone no longer
        says how wrong it is (Chapter 4). Used by :meth:`nnlib.network.MLP.backward_loss`.
        """
        if self.matched is not None and activation is ACTIVATIONS.get(self.matched[0]):
            return self.matched[1](y_hat, y)
        slope = activation.slope
        return self.backward(y_hat, y) * (
            activation.backward(Z) if slope is None else slope(y_hat)
        )

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

        Raises
        ------
        ValueError
            For inputs so large that the loss overflows float64 (naming the larger).
        """
        y_hat_arr, y_arr = self._check(y_hat, y)
        with np.errstate(**_QUIET):
            value = self.forward(y_hat_arr, y_arr)
        if not np.isfinite(value):
            raise overflow_error("the loss", y_hat=y_hat_arr, y=y_arr)
        return value

    def gradient(self, y_hat: object, y: object) -> np.ndarray:
        """$\\partial E / \\partial \\hat y$ (checked), shape ``(n_samples, n_outputs)``."""
        y_hat_arr, y_arr = self._check(y_hat, y)
        with np.errstate(**_QUIET):
            grad = self.backward(y_hat_arr, y_arr)
        if not np.isfinite(grad).all():
            raise overflow_error("the gradient", y_hat=y_hat_arr, y=y_arr)
        return grad

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
    unclipped=_bce_unclipped,
    matched=("sigmoid", _bce_sigmoid_delta),
)
r"""Binary cross-entropy,
$E = -\frac{1}{N}\sum_{i} [y_i \log \hat y_i + (1 - y_i) \log(1 - \hat y_i)]$.

Gradient: $\partial E / \partial \hat y_i = \frac{\hat y_i - y_i}{N\,\hat y_i (1 - \hat y_i)}$.
For 0/1 labels and a sigmoid output.

**The sigmoid and the cross-entropy cancel.** Behind a sigmoid output,
$\hat y = \sigma(z)$, the chain rule multiplies this gradient by
$\sigma'(z) = \hat y (1 - \hat y)$, its denominator, so the output layer's
error signal is simply $\partial E / \partial z_i = (\hat y_i - y_i) / N$
(Chapter 4). nnlib writes that once, as this loss's ``matched`` kernel, and
:meth:`Loss.output_delta` uses it: :meth:`nnlib.network.MLP.backward_loss`,
:func:`nnlib.training.train` and :func:`nnlib.gradcheck.check_network_gradients`
all start backpropagation from it. :meth:`nnlib.network.MLP.backward` fed
with this gradient gets the same to rounding, unless the output has rounded
to exactly 0 or 1 ($|z| > 36.7$), where only the cancelled form still knows.

**Which loss the gradient belongs to.** A saturated sigmoid can return
exactly 0.0 or 1.0, and $\log 0 = -\infty$, so the *value* is clipped to
$[10^{-12}, 1 - 10^{-12}]$ inside the logs (:data:`EPSILON`; at most 27.6 per
sample). The *gradient* is that of the unclipped cross-entropy (the
``unclipped`` kernel, clipped only where the output has rounded to 0 or 1):
a confidently wrong output, $\sigma(-30) \approx 10^{-13}$ for a label 1,
still gets $\partial E/\partial z = \hat y - y \approx -1$ (over $N$), not
the zero slope of the clip. The gradient check differentiates that same
unclipped loss, so it agrees."""

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
