r"""Activation functions, each with its derivative right beside it (Chapters 1-2).

Convention: every derivative takes the **pre-activation** ``z`` (the weighted
sum plus bias), not the activation's output. So the backward rule of a layer
reads ``delta = dE/da * f.derivative(z)``. For sigmoid, tanh and ReLU the
derivative is also a function of the output $a = f(z)$, which a layer already
holds after its forward pass: :attr:`Activation.slope` gives it from there
(each derivative is written once, as that function of the output).

Each function accepts a number or an array and works element by element.
Look one up by name with :func:`get_activation`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._checks import as_float_array, lookup

__all__ = [
    "Activation",
    "ACTIVATIONS",
    "get_activation",
    "identity",
    "identity_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
    "relu",
    "relu_derivative",
]

ArrayFn = Callable[[np.ndarray], np.ndarray]


# -- the formulas, unchecked: the fast kernels that layers call -------------


def _identity(z: np.ndarray) -> np.ndarray:
    return z


def _identity_derivative(z: np.ndarray) -> np.ndarray:
    return np.ones_like(z)


def _identity_slope(a: np.ndarray) -> np.ndarray:
    return np.ones_like(a)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # Stable form: exp(-|z|) never overflows, and both branches divide by a
    # number in [1, 2], so sigmoid(+-1000) gives 1 and 0 with no warning.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _sigmoid_slope(s: np.ndarray) -> np.ndarray:
    # sigma' = sigma (1 - sigma), from the output s = sigma(z).
    return s * (1.0 - s)


def _sigmoid_derivative(z: np.ndarray) -> np.ndarray:
    # sigma' is even, sigma'(z) = sigma'(-z): read it where sigma(-|z|) <= 1/2,
    # so 1 - sigma never rounds to 0 and sigma'(z) = sigma'(-z) for every z
    # (it equals e / (1 + e)^2 with e = exp(-|z|)).
    return _sigmoid_slope(_sigmoid(-np.abs(z)))


def _tanh(z: np.ndarray) -> np.ndarray:
    return np.tanh(z)


def _tanh_slope(t: np.ndarray) -> np.ndarray:
    # tanh' = 1 - tanh^2, from the output t = tanh(z).
    return 1.0 - t * t


def _tanh_derivative(z: np.ndarray) -> np.ndarray:
    return _tanh_slope(np.tanh(z))


def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def _relu_slope(a: np.ndarray) -> np.ndarray:
    # ReLU has no derivative at exactly 0; we use 0 there, as most libraries do.
    # The output a = max(0, z) is positive exactly where z is.
    return (a > 0).astype(np.float64)


def _relu_derivative(z: np.ndarray) -> np.ndarray:
    return _relu_slope(z)


# -- the public, checked functions --------------------------------------------


def _checked(z: object) -> np.ndarray:
    return as_float_array(z, "z")


def _out(result: np.ndarray) -> np.ndarray | float:
    return float(result) if result.ndim == 0 else result


def identity(z: object) -> np.ndarray | float:
    r"""Identity, $f(z) = z$: a purely linear neuron (the meal-cost neuron of Chapter 1).

    Parameters
    ----------
    z : float or array_like of any shape
        Pre-activation values.

    Returns
    -------
    float or numpy.ndarray
        Same shape as ``z``.
    """
    return _out(_identity(_checked(z)))


def identity_derivative(z: object) -> np.ndarray | float:
    r"""Derivative of the identity, $f'(z) = 1$."""
    return _out(_identity_derivative(_checked(z)))


def sigmoid(z: object) -> np.ndarray | float:
    r"""Sigmoid, $\sigma(z) = 1 / (1 + e^{-z})$, squashing any number into (0, 1).

    Computed without overflow for any finite ``z`` (see Chapter 2).

    Parameters
    ----------
    z : float or array_like of any shape
        Pre-activation values.

    Returns
    -------
    float or numpy.ndarray
        Same shape as ``z``, every value in [0, 1] (exactly 0 or 1 only where
        the true value rounds to it in float64).
    """
    return _out(_sigmoid(_checked(z)))


def sigmoid_derivative(z: object) -> np.ndarray | float:
    r"""Derivative of the sigmoid, $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$; largest (1/4) at 0.

    Computed as $\sigma(-|z|)\,(1 - \sigma(-|z|))$, so that
    $\sigma'(z) = \sigma'(-z)$ holds exactly and neither side rounds to 0
    before the true value does (near $|z| = 745$).
    """
    return _out(_sigmoid_derivative(_checked(z)))


def tanh(z: object) -> np.ndarray | float:
    r"""Hyperbolic tangent, $\tanh(z) = 2\sigma(2z) - 1$, squashing into (-1, 1).

    Parameters
    ----------
    z : float or array_like of any shape
        Pre-activation values.

    Returns
    -------
    float or numpy.ndarray
        Same shape as ``z``.
    """
    return _out(_tanh(_checked(z)))


def tanh_derivative(z: object) -> np.ndarray | float:
    r"""Derivative of tanh, $\tanh'(z) = 1 - \tanh^2(z)$; largest (1) at 0."""
    return _out(_tanh_derivative(_checked(z)))


def relu(z: object) -> np.ndarray | float:
    r"""Rectified linear unit, $\mathrm{ReLU}(z) = \max(0, z)$.

    Parameters
    ----------
    z : float or array_like of any shape
        Pre-activation values.

    Returns
    -------
    float or numpy.ndarray
        Same shape as ``z``: negative entries replaced by 0.
    """
    return _out(_relu(_checked(z)))


def relu_derivative(z: object) -> np.ndarray | float:
    r"""Derivative of ReLU, $1$ for $z > 0$ and $0$ for $z \le 0$.

    ReLU has no derivative at exactly $z = 0$; nnlib uses 0 there.
    """
    return _out(_relu_derivative(_checked(z)))


@dataclass(frozen=True)
class Activation:
    r"""An activation function $f$ bundled with its derivative $f'$.

    Attributes
    ----------
    name : str
        The name it is looked up by (``"sigmoid"``).
    forward : callable
        Unchecked kernel ``f(z)`` on float arrays (used inside layers).
    backward : callable
        Unchecked kernel ``f'(z)`` on float arrays, taking the pre-activation.
    formula : str
        LaTeX of the formula, for figure titles.
    output_range : tuple of float
        The two ends of the range of outputs. No output lies beyond them;
        ReLU reaches its lower end (``relu(z) == 0`` for every $z \le 0$),
        the other activations never reach either end.
    slope : callable or None
        Unchecked kernel ``f'`` as a function of the output ``a = f(z)``
        (``backward(z) == slope(forward(z))``), which a layer holds after its
        forward pass; None when $f'$ is not a function of $f$ alone.
    """

    name: str
    forward: ArrayFn
    backward: ArrayFn
    formula: str
    output_range: tuple[float, float]
    slope: ArrayFn | None = None

    def __call__(self, z: object) -> np.ndarray | float:
        """Apply $f$ to ``z`` (checked)."""
        return _out(self.forward(_checked(z)))

    def derivative(self, z: object) -> np.ndarray | float:
        """Apply $f'$ to the pre-activation ``z`` (checked)."""
        return _out(self.backward(_checked(z)))


ACTIVATIONS: dict[str, Activation] = {
    "identity": Activation(
        "identity",
        _identity,
        _identity_derivative,
        r"$f(z) = z$",
        (-np.inf, np.inf),
        _identity_slope,
    ),
    "sigmoid": Activation(
        "sigmoid",
        _sigmoid,
        _sigmoid_derivative,
        r"$\sigma(z) = 1/(1+e^{-z})$",
        (0.0, 1.0),
        _sigmoid_slope,
    ),
    "tanh": Activation(
        "tanh", _tanh, _tanh_derivative, r"$\tanh(z)$", (-1.0, 1.0), _tanh_slope
    ),
    "relu": Activation(
        "relu", _relu, _relu_derivative, r"$\max(0, z)$", (0.0, np.inf), _relu_slope
    ),
}
"""The activations nnlib knows, keyed by name."""


def get_activation(activation: str | Activation) -> Activation:
    """Look up an activation by name (``"identity"``, ``"sigmoid"``, ``"tanh"``, ``"relu"``).

    Parameters
    ----------
    activation : str or Activation
        A name (case-insensitive) or an :class:`Activation`, returned as is.

    Raises
    ------
    ValueError
        For an unknown name; the message lists the known ones.
    TypeError
        For anything that is neither a string nor an :class:`Activation`.
    """
    return lookup(activation, ACTIVATIONS, "activation", Activation)
