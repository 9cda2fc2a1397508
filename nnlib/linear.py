r"""The straight-line model $Y = m x + b$ and its mean squared error (Chapters 4-5).

The smallest model that can learn: one weight $m$, one bias $b$, one input.
Its loss over $N$ training pairs $(x_i, y_i)$ is

$$E(m, b) = \frac{1}{N} \sum_{i=1}^{N} \bigl(y_i - (m x_i + b)\bigr)^2,$$

with partial derivatives (derived step by step in Chapter 4)

$$\frac{\partial E}{\partial m} = -\frac{2}{N} \sum_i x_i \bigl(y_i - (m x_i + b)\bigr),
\qquad
\frac{\partial E}{\partial b} = -\frac{2}{N} \sum_i \bigl(y_i - (m x_i + b)\bigr).$$

$E$ is a quadratic bowl in $(m, b)$, so everything about it has a closed form:
the minimum (least squares), the Hessian, and the largest learning rate with
which gradient descent still converges (Chapter 5).

Data are 1-D arrays ``x`` and ``y`` of shape ``(n_samples,)``; parameters are
packed as ``theta = [m, b]`` for :mod:`nnlib.descent`.
"""

from __future__ import annotations

import numpy as np

from ._checks import (
    as_finite_float,
    as_float_array,
    as_nonnegative_float,
    as_positive_int,
    make_rng,
    overflow_error,
)
from .sgd import Objective

# Huge but finite inputs can overflow float64 below: each function computes
# inside _QUIET, checks np.isfinite of its result and raises overflow_error,
# so a learner sees a ValueError naming the argument, not a warning or inf.
_QUIET = {"over": "ignore", "invalid": "ignore"}

__all__ = [
    "line_data",
    "predict",
    "mse_loss",
    "mse_gradient",
    "loss_grid",
    "least_squares",
    "hessian",
    "max_stable_lr",
    "objective",
]


def _xy(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    x_arr = as_float_array(x, "x", ndim=1)
    y_arr = as_float_array(y, "y", ndim=1)
    if x_arr.size == 0:
        raise ValueError("x must hold at least one sample; got an empty array")
    if x_arr.shape != y_arr.shape:
        raise ValueError(
            f"x and y must have the same shape (n_samples,); got {x_arr.shape} and {y_arr.shape}"
        )
    return x_arr, y_arr


def line_data(
    n: int = 30,
    slope: float = 2.0,
    intercept: float = 1.0,
    noise: float = 0.3,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Noisy points around a line, $y_i = \text{slope}\cdot x_i + \text{intercept} + \varepsilon_i$.

    ``x`` is spread uniformly over $[0, 2]$, $\varepsilon_i \sim \mathcal N(0, \text{noise}^2)$.

    Returns
    -------
    x, y : numpy.ndarray, shape (n,)
    """
    n = as_positive_int(n, "n")
    slope = as_finite_float(slope, "slope")
    intercept = as_finite_float(intercept, "intercept")
    noise = as_nonnegative_float(noise, "noise")
    rng = make_rng(seed)
    x = rng.uniform(0.0, 2.0, n)
    with np.errstate(**_QUIET):
        y = slope * x + intercept + noise * rng.standard_normal(n)
    if not np.isfinite(y).all():
        raise overflow_error("y", slope=slope, intercept=intercept, noise=noise)
    return x, y


def predict(m: float, b: float, x: object) -> np.ndarray:
    r"""The model's output, $\hat y_i = m x_i + b$, shape ``(n_samples,)``."""
    m = as_finite_float(m, "m")
    b = as_finite_float(b, "b")
    x_arr = as_float_array(x, "x", ndim=1)
    with np.errstate(**_QUIET):
        y_hat = m * x_arr + b
    if not np.isfinite(y_hat).all():
        raise overflow_error("the prediction m x + b", m=m, b=b, x=x_arr)
    return y_hat


def mse_loss(m: float, b: float, x: object, y: object) -> float:
    r"""$E(m, b) = \frac{1}{N} \sum_i (y_i - (m x_i + b))^2$ (Chapter 4)."""
    m = as_finite_float(m, "m")
    b = as_finite_float(b, "b")
    x_arr, y_arr = _xy(x, y)
    with np.errstate(**_QUIET):
        r = y_arr - (m * x_arr + b)
        loss = float(r @ r) / r.size
    if not np.isfinite(loss):
        raise overflow_error("the loss", m=m, b=b, x=x_arr, y=y_arr)
    return loss


def mse_gradient(m: float, b: float, x: object, y: object) -> tuple[float, float]:
    r"""$\bigl(\partial E/\partial m,\ \partial E/\partial b\bigr) = \bigl(-\frac{2}{N}\sum_i x_i r_i,\ -\frac{2}{N}\sum_i r_i\bigr)$,
    with residuals $r_i = y_i - (m x_i + b)$ (Chapter 4).

    Returns
    -------
    (float, float)
        The two partial derivatives.
    """
    m = as_finite_float(m, "m")
    b = as_finite_float(b, "b")
    x_arr, y_arr = _xy(x, y)
    with np.errstate(**_QUIET):
        r = y_arr - (m * x_arr + b)
        n = r.size
        dm, db = -2.0 * float(x_arr @ r) / n, -2.0 * float(r.sum()) / n
    if not (np.isfinite(dm) and np.isfinite(db)):
        raise overflow_error("the gradient", m=m, b=b, x=x_arr, y=y_arr)
    return dm, db


def loss_grid(x: object, y: object, ms: object, bs: object) -> np.ndarray:
    r"""$E(m, b)$ on a grid, for contour plots of the loss surface (Chapter 5).

    Uses the expansion $E = \overline{y^2} - 2m\,\overline{xy} - 2b\,\bar y
    + m^2\,\overline{x^2} + 2mb\,\bar x + b^2$ (bars are means over samples),
    so the cost does not depend on the number of samples.

    Parameters
    ----------
    x, y : array_like, shape (n_samples,)
    ms : array_like, shape (n_m,)
        Slopes (columns of the grid).
    bs : array_like, shape (n_b,)
        Intercepts (rows of the grid).

    Returns
    -------
    numpy.ndarray, shape (n_b, n_m)
        ``E[i, j] = E(ms[j], bs[i])``, never below 0.
    """
    x_arr, y_arr = _xy(x, y)
    m = as_float_array(ms, "ms", ndim=1)[None, :]
    b = as_float_array(bs, "bs", ndim=1)[:, None]
    with np.errstate(**_QUIET):
        e = (
            np.mean(y_arr**2)
            - 2 * m * np.mean(x_arr * y_arr)
            - 2 * b * y_arr.mean()
            + m**2 * np.mean(x_arr**2)
            + 2 * m * b * x_arr.mean()
            + b**2
        )
    if not np.isfinite(e).all():
        raise overflow_error("the loss grid", x=x_arr, y=y_arr, ms=m, bs=b)
    # The expansion can dip a hair below 0 by rounding near a perfect fit.
    return np.maximum(e, 0.0)


def least_squares(x: object, y: object) -> tuple[float, float]:
    r"""The minimum of $E$, where both partial derivatives vanish:
    $m^* = \operatorname{cov}(x, y) / \operatorname{var}(x)$, $b^* = \bar y - m^* \bar x$.

    Raises
    ------
    ValueError
        If every ``x`` is the same (then no single best line exists).
    """
    x_arr, y_arr = _xy(x, y)
    with np.errstate(**_QUIET):
        dx = x_arr - x_arr.mean()
        var = float(dx @ dx)
        if var == 0.0:
            raise ValueError(
                "x must hold at least two different values for a unique best "
                "line; all are equal"
            )
        m = float(dx @ (y_arr - y_arr.mean())) / var
        b = float(y_arr.mean() - m * x_arr.mean())
    if not (np.isfinite(var) and np.isfinite(m) and np.isfinite(b)):
        raise overflow_error("the least-squares line", x=x_arr, y=y_arr)
    return m, b


def hessian(x: object) -> np.ndarray:
    r"""Second derivatives of $E$, $H = \frac{2}{N}\begin{pmatrix}\sum x_i^2 & \sum x_i\\ \sum x_i & N\end{pmatrix}$.

    The same everywhere, because $E$ is quadratic in $(m, b)$; it does not
    depend on ``y``.

    Returns
    -------
    numpy.ndarray, shape (2, 2)
    """
    x_arr = as_float_array(x, "x", ndim=1)
    if x_arr.size == 0:
        raise ValueError("x must hold at least one sample; got an empty array")
    with np.errstate(**_QUIET):
        H = 2.0 * np.array([[np.mean(x_arr**2), x_arr.mean()], [x_arr.mean(), 1.0]])
    if not np.isfinite(H).all():
        raise overflow_error("the Hessian", x=x_arr)
    return H


def max_stable_lr(x: object) -> float:
    r"""The learning rate above which gradient descent on $E$ diverges, $2 / \lambda_{\max}(H)$.

    Along the Hessian's steepest direction each step multiplies the distance
    to the minimum by $1 - \eta \lambda_{\max}$; that factor has size below 1
    only when $\eta < 2/\lambda_{\max}$ (Chapter 5).
    """
    H = hessian(x)
    with np.errstate(**_QUIET):
        lam = float(np.linalg.eigvalsh(H)[-1])
    if not np.isfinite(lam):
        raise overflow_error("the Hessian's largest eigenvalue", x=x)
    return 2.0 / lam


def objective(x: object, y: object) -> Objective:
    r"""The loss and gradient of the line model as one function, for :mod:`nnlib.descent`.

    Parameters
    ----------
    x, y : array_like, shape (n_samples,)

    Returns
    -------
    nnlib.sgd.Objective
        ``f(theta, rows) -> (E, grad)`` with ``theta = [m, b]``; ``rows`` is
        ``None`` for the whole data set or an index array for a mini-batch.
        ``grad`` has shape (2,). Its ``n_samples`` and ``n_params`` (2) let
        :func:`nnlib.descent.gradient_descent` check ``batch_size`` and ``start``.
    """
    x_arr, y_arr = _xy(x, y)
    x_arr, y_arr = x_arr.copy(), y_arr.copy()
    n_all = x_arr.size
    # The rows x and 1 turn both sums of the model into one product each:
    # design.T @ [m, b] = m x + b, and design @ r = (sum x r, sum r).
    design = np.vstack([x_arr, np.ones(n_all)])
    design_T = np.ascontiguousarray(design.T)
    r_all = np.empty(n_all)  # the residuals of the whole set, overwritten per call
    # (np.dot below is the product @, with less overhead per call on small arrays.)

    def f(
        theta: np.ndarray, rows: np.ndarray | None = None
    ) -> tuple[float, np.ndarray]:
        if rows is None:
            D, ys, n = design, y_arr, n_all
            r = np.dot(design_T, theta, out=r_all)
        else:
            D, ys, n = design[:, rows], y_arr[rows], rows.size
            r = D.T @ theta
        np.subtract(ys, r, out=r)  # residuals r = y - (m x + b)
        return float(np.dot(r, r)) / n, (-2.0 / n) * np.dot(D, r)

    return Objective(f, n_params=2, n_samples=n_all)  # theta = [m, b]
