r"""Numerical gradients by central differences, and gradient checks (Chapter 4).

A derivative worked out by hand (or a backward pass written in code) can be
wrong in ways that still let training limp along. The cure is cheap: nudge
each parameter a little both ways and watch the loss,

$$\frac{\partial E}{\partial \theta_j} \approx
  \frac{E(\theta + h e_j) - E(\theta - h e_j)}{2h},$$

then compare with the analytic gradient through the relative error
$\lVert g_a - g_n \rVert / (\lVert g_a \rVert + \lVert g_n \rVert)$.
Below about $10^{-6}$ the two agree; around $10^{-2}$ or more, one is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._checks import as_float_array, as_positive_float, overflow_error
from .losses import Loss, get_loss

__all__ = [
    "numerical_gradient",
    "relative_error",
    "check_gradient",
    "network_numerical_gradients",
    "check_network_gradients",
]

# Huge but finite inputs can overflow float64 (a loss of inf, then inf - inf =
# NaN): the differences are computed inside _QUIET and their result checked
# with np.isfinite, raising a ValueError that names the input to blame.
_QUIET = {"over": "ignore", "invalid": "ignore"}


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: object, h: float = 1e-6
) -> np.ndarray:
    r"""Central-difference gradient, $g_j = [f(x + h e_j) - f(x - h e_j)] / 2h$.

    The error of a central difference shrinks like $h^2$; ``h = 1e-6`` balances
    that against the rounding error of float64 (about $10^{-16}/h$).

    Parameters
    ----------
    f : callable
        ``f(x) -> float``, the function to differentiate. It receives an array
        of the same shape as ``x``.
    x : array_like of any shape
        The point at which to differentiate.
    h : float, default 1e-6
        The step, greater than 0.

    Returns
    -------
    numpy.ndarray
        Same shape as ``x``: $\partial f / \partial x_j$ for each entry.

    Examples
    --------
    >>> g = numerical_gradient(lambda v: float((v ** 2).sum()), [1.0, -2.0])
    >>> np.round(g, 6).tolist()
    [2.0, -4.0]
    """
    if not callable(f):
        raise TypeError(
            f"f must be a function of one array returning a number; got {type(f).__name__}"
        )
    h = as_positive_float(h, "h")
    point = as_float_array(x, "x").copy()
    x_in = point.copy()
    grad = np.empty_like(point)
    flat, gflat = point.reshape(-1), grad.reshape(-1)
    with np.errstate(**_QUIET):
        for j in range(flat.size):
            keep = flat[j]
            flat[j] = keep + h
            up = float(f(point))
            flat[j] = keep - h
            down = float(f(point))
            flat[j] = keep
            gflat[j] = (up - down) / (2.0 * h)
    if not np.isfinite(grad).all():
        raise overflow_error("f near x (or its central difference)", x=x_in, h=h)
    return grad


def relative_error(analytic: object, numeric: object) -> float:
    r"""$\lVert a - n \rVert / (\lVert a \rVert + \lVert n \rVert)$, 0 when both are zero.

    Parameters
    ----------
    analytic, numeric : array_like, same shape
        Two gradients of the same parameters.
    """
    a = as_float_array(analytic, "analytic")
    n = as_float_array(numeric, "numeric")
    if a.shape != n.shape:
        raise ValueError(
            f"analytic and numeric must have the same shape; got {a.shape} and {n.shape}"
        )
    # Divide by the largest entry first, so the norms of huge gradients
    # cannot overflow (the ratio does not change).
    size = max(float(np.abs(a).max(initial=0.0)), float(np.abs(n).max(initial=0.0)))
    if size == 0.0:
        return 0.0
    a, n = a / size, n / size
    return float(np.linalg.norm(a - n)) / float(np.linalg.norm(a) + np.linalg.norm(n))


def check_gradient(
    f: Callable[[np.ndarray], float],
    gradient: Callable[[np.ndarray], Any],
    x: object,
    h: float = 1e-6,
) -> float:
    """Relative error between ``gradient(x)`` and the central-difference gradient of ``f``.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    gradient : callable
        ``gradient(x) -> array`` of the same shape as ``x``: the derivative to test.
    x : array_like
        Where to compare.
    h : float, default 1e-6

    Returns
    -------
    float
        See :func:`relative_error`.
    """
    point = as_float_array(x, "x")
    numeric = numerical_gradient(f, point, h)
    if not callable(gradient):
        raise TypeError(
            "gradient must be a function of one array returning an array; "
            f"got {type(gradient).__name__}"
        )
    with np.errstate(**_QUIET):
        analytic = gradient(point.copy())
    analytic = as_float_array(analytic, "gradient(x)", finite=False)
    if not np.isfinite(analytic).all():
        raise overflow_error("gradient(x)", x=point)
    return relative_error(analytic, numeric)


def _network_arrays(net: Any, X: object, y: object, loss: str | Loss):
    for method in ("forward", "backward_loss", "parameters", "gradients"):
        if not callable(getattr(net, method, None)):
            raise TypeError(
                f"net must be a network with a {method}() method (an nnlib MLP); got {type(net).__name__}"
            )
    X_arr = as_float_array(X, "X", ndim=2)
    y_arr = as_float_array(y, "y", ndim=(1, 2))
    if y_arr.ndim == 1:
        y_arr = y_arr[:, None]
    if y_arr.shape[0] != X_arr.shape[0]:
        raise ValueError(
            f"X and y must hold the same number of samples; got {X_arr.shape[0]} and {y_arr.shape[0]}"
        )
    return X_arr, y_arr, get_loss(loss)


def network_numerical_gradients(
    net: Any, X: object, y: object, loss: str | Loss = "mse", h: float = 1e-6
) -> dict[str, np.ndarray]:
    r"""Central-difference gradients of the loss for every parameter of a network.

    Each parameter array from ``net.parameters()`` is nudged in place and put
    back, so the network is unchanged afterwards. The loss differentiated is
    the one its gradient belongs to: for the cross-entropy, the unclipped one
    (see :data:`nnlib.losses.binary_cross_entropy`).

    Parameters
    ----------
    net : nnlib.network.MLP
    X : array_like, shape (n_samples, n_inputs)
    y : array_like, shape (n_samples,) or (n_samples, n_outputs)
    loss : str or Loss, default "mse"
    h : float, default 1e-6

    Returns
    -------
    dict of str to numpy.ndarray
        Same keys and shapes as ``net.parameters()``.
    """
    X_arr, y_arr, L = _network_arrays(net, X, y, loss)
    h = as_positive_float(h, "h")
    value = L.unclipped or L.forward  # the loss the gradient belongs to
    out = {}
    with np.errstate(**_QUIET):
        for name, param in net.parameters().items():
            grad = np.empty_like(param)
            flat, gflat = param.reshape(-1), grad.reshape(-1)
            for j in range(flat.size):
                keep = flat[j]
                flat[j] = keep + h
                up = value(net.forward(X_arr), y_arr)
                flat[j] = keep - h
                down = value(net.forward(X_arr), y_arr)
                flat[j] = keep
                gflat[j] = (up - down) / (2.0 * h)
            out[name] = grad
    if not all(np.isfinite(g).all() for g in out.values()):
        raise overflow_error(
            "the loss (or its central difference)", X=X_arr, y=y_arr, h=h
        )
    return out


def check_network_gradients(
    net: Any, X: object, y: object, loss: str | Loss = "mse", h: float = 1e-6
) -> dict[str, float]:
    """Compare a network's backward pass with central differences, per parameter.

    Runs ``net.forward`` and ``net.backward_loss`` once for the analytic
    gradients (as :func:`nnlib.training.train` does), then
    :func:`network_numerical_gradients`.

    Returns
    -------
    dict of str to float
        The :func:`relative_error` for each parameter name (``"W1"``, ``"b1"``, ...).
    """
    X_arr, y_arr, L = _network_arrays(net, X, y, loss)
    # First the numerical gradients: they check h and that the loss is finite.
    numeric = network_numerical_gradients(net, X_arr, y_arr, L, h)
    with np.errstate(**_QUIET):
        net.forward(X_arr)
        net.backward_loss(L, y_arr)
    analytic = {k: np.array(v, dtype=float) for k, v in net.gradients().items()}
    if not all(np.isfinite(g).all() for g in analytic.values()):
        raise overflow_error("the backward pass", X=X_arr, y=y_arr)
    return {k: relative_error(analytic[k], numeric[k]) for k in analytic}
