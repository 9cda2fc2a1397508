r"""Slopes measured by nudging: the numeric side of "The maths you need".

The book's maths chapter (``book/00_maths.ipynb``) measures every derivative
the way this module does: nudge the input a little, see how much the output
moves, divide. The formulas it then teaches (the rules, the chain rule, the
gradient) are checked against these numbers.

- :func:`forward_difference` and :func:`central_difference`: the slope of a
  function of one number at a point.
- :func:`tangent_line`: the straight line that touches a curve at a point.
- :func:`partial_derivatives`: one slope per input of a function of several
  numbers, which together form its gradient.
- :func:`sigmoid_neuron_error` and :func:`chain_rule_links`: the squared error
  of a neuron with one weight, and the three rates that the chain rule
  multiplies to get its slope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._checks import as_finite_float, as_float_array, as_function, as_positive_float

__all__ = [
    "forward_difference",
    "central_difference",
    "tangent_line",
    "partial_derivatives",
    "sigmoid_neuron_error",
    "chain_rule_links",
]


def _points(x: Any, name: str = "x") -> np.ndarray | float:
    """One finite number as a float, or an array of them as a float array."""
    if isinstance(x, (bool, int, float, np.integer, np.floating, np.bool_)):
        return as_finite_float(x, name)
    return as_float_array(x, name)


def _measured(compute: Callable[[], Any], **inputs: Any) -> Any:
    """Run ``compute`` with numpy's overflow turned into a clear ValueError."""
    shown = ", ".join(
        f"{k} = {np.array2string(np.asarray(v), threshold=4)}"
        for k, v in inputs.items()
    )
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            result = compute()
    except (FloatingPointError, OverflowError) as err:
        raise ValueError(
            f"the numbers grew too large to measure ({err}) at {shown}; "
            "use smaller values"
        ) from None
    values = list(result.values()) if isinstance(result, dict) else result
    if not np.all(np.isfinite(values)):
        raise ValueError(
            f"the result is not a finite number at {shown}; use smaller values"
        )
    return result


def forward_difference(f: Callable[[Any], Any], x: Any, h: float = 1e-5) -> Any:
    r"""$\dfrac{f(x + h) - f(x)}{h}$: the slope of $f$ over one nudge to the right.

    Parameters
    ----------
    f : callable
        A function of one number (it may also accept an array of them).
    x : float or array_like
        Where to measure.
    h : float, default 1e-5
        The nudge, greater than 0.

    Returns
    -------
    float or numpy.ndarray
        The slope of the straight line through $(x, f(x))$ and
        $(x + h, f(x + h))$; its error shrinks in proportion to $h$.
    """
    as_function(f, "f")
    h = as_positive_float(h, "h (the nudge)")
    x = _points(x)
    return _measured(lambda: (f(x + h) - f(x)) / h, x=x, h=h)


def central_difference(f: Callable[[Any], Any], x: Any, h: float = 1e-5) -> Any:
    r"""$f'(x) \approx \dfrac{f(x + h) - f(x - h)}{2h}$: the slope over a nudge either way.

    Parameters
    ----------
    f : callable
        A function of one number (it may also accept an array of them).
    x : float or array_like
        Where to measure.
    h : float, default 1e-5
        The nudge, greater than 0.

    Returns
    -------
    float or numpy.ndarray
        The slope of the straight line through $(x - h, f(x - h))$ and
        $(x + h, f(x + h))$. Its error shrinks in proportion to $h^2$, so it
        is the better of the two estimates (exact for any parabola).
    """
    as_function(f, "f")
    h = as_positive_float(h, "h (the nudge)")
    x = _points(x)
    return _measured(lambda: (f(x + h) - f(x - h)) / (2 * h), x=x, h=h)


def tangent_line(
    f: Callable[[Any], Any], x0: float, xs: Any, h: float = 1e-5
) -> np.ndarray:
    r"""$t(x) = f(x_0) + f'(x_0)\,(x - x_0)$: the line touching $f$ at $x_0$.

    The slope $f'(x_0)$ is measured with :func:`central_difference`.

    Parameters
    ----------
    f : callable
        A function of one number.
    x0 : float
        The point of contact.
    xs : array_like
        Where to evaluate the line.
    h : float, default 1e-5
        The nudge used to measure the slope.

    Returns
    -------
    numpy.ndarray
        The line's heights at ``xs`` (same shape as ``xs``).
    """
    as_function(f, "f")
    x0 = as_finite_float(x0, "x0")
    xs = np.asarray(_points(xs, "xs"), dtype=float)
    h = as_positive_float(h, "h (the nudge)")

    def line() -> np.ndarray:
        slope = (f(x0 + h) - f(x0 - h)) / (2 * h)
        return f(x0) + slope * (xs - x0)

    return _measured(line, x0=x0, xs=xs, h=h)


def partial_derivatives(
    f: Callable[[np.ndarray], Any], point: Any, h: float = 1e-5
) -> np.ndarray:
    r"""$\nabla f = \left(\dfrac{\partial f}{\partial p_0}, \dots, \dfrac{\partial f}{\partial p_{n-1}}\right)$, each by a central difference.

    The slope along input $i$ is measured with every other input held still:
    $\dfrac{\partial f}{\partial p_i} \approx
    \dfrac{f(\mathbf{p} + h\,\mathbf{e}_i) - f(\mathbf{p} - h\,\mathbf{e}_i)}{2h}$,
    where $\mathbf{e}_i$ is 1 in place $i$ and 0 elsewhere.

    Parameters
    ----------
    f : callable
        A function of a vector, shape ``(n,)``, returning one number.
    point : array_like, shape (n,)
        Where to measure.
    h : float, default 1e-5
        The nudge, greater than 0.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The gradient: one slope per input.
    """
    as_function(f, "f", "a vector")
    h = as_positive_float(h, "h (the nudge)")
    p = np.asarray(_points(point, "point"), dtype=float)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"point must be a vector of shape (n,); got shape {p.shape}")

    def slopes() -> np.ndarray:
        grad = np.empty_like(p)
        for i in range(p.size):
            step = np.zeros_like(p)
            step[i] = h
            grad[i] = (float(f(p + step)) - float(f(p - step))) / (2 * h)
        return grad

    return _measured(slopes, point=p, h=h)


def _sigmoid(z: Any) -> Any:
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def sigmoid_neuron_error(w: Any, x: float, y: float) -> Any:
    r"""$E(w) = (\hat y - y)^2$ with $\hat y = \sigma(w x)$: one weight, one example.

    Parameters
    ----------
    w : float or array_like
        The weight (an array gives one error per weight).
    x : float
        The input.
    y : float
        The target.

    Returns
    -------
    float or numpy.ndarray
        The squared error, same shape as ``w``.
    """
    x = as_finite_float(x, "x")
    y = as_finite_float(y, "y")
    w = _points(w, "w")
    out = _measured(lambda: (_sigmoid(np.multiply(w, x)) - y) ** 2, w=w, x=x, y=y)
    return float(out) if np.ndim(out) == 0 else out


def chain_rule_links(w: float, x: float, y: float) -> dict[str, float]:
    r"""$\dfrac{dE}{dw} = \dfrac{dE}{d\hat y} \cdot \dfrac{d\hat y}{dz} \cdot \dfrac{dz}{dw} = 2(\hat y - y) \cdot \hat y (1 - \hat y) \cdot x$.

    The three rates of the chain $w \to z = w x \to \hat y = \sigma(z) \to
    E = (\hat y - y)^2$, each from its own rule, and their product.

    Parameters
    ----------
    w, x, y : float
        The weight, the input and the target.

    Returns
    -------
    dict
        ``z``, ``y_hat``, ``E``, the rates ``dE_dyhat``, ``dyhat_dz``,
        ``dz_dw``, and ``dE_dw``, their product.
    """
    w = as_finite_float(w, "w")
    x = as_finite_float(x, "x")
    y = as_finite_float(y, "y")
    return _measured(lambda: _links(w, x, y), w=w, x=x, y=y)


def _links(w: float, x: float, y: float) -> dict[str, float]:
    z = w * x
    y_hat = float(_sigmoid(z))
    links = {
        "z": z,
        "y_hat": y_hat,
        "E": (y_hat - y) ** 2,
        "dE_dyhat": 2.0 * (y_hat - y),
        "dyhat_dz": y_hat * (1.0 - y_hat),
        "dz_dw": x,
    }
    links["dE_dw"] = links["dE_dyhat"] * links["dyhat_dz"] * links["dz_dw"]
    return links
