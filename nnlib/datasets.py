r"""Small toy data sets, seeded and made with numpy alone (Chapters 2-3).

Every function returns ``(X, y)`` batch-first: ``X`` has shape
``(n_samples, n_features)`` and ``y`` has shape ``(n_samples, 1)``, the same
shape as a one-output network's ``y_hat``, so ``y_hat - y`` never broadcasts
by accident. Class labels are the floats 0.0 and 1.0.
"""

from __future__ import annotations

import numpy as np

from ._checks import (
    as_finite_float,
    as_float_array,
    as_nonnegative_float,
    as_positive_int,
    check_range,
    make_rng,
)

__all__ = [
    "xor",
    "two_moons",
    "circles",
    "noisy_curve",
    "smooth_curve",
    "delayed_bits",
    "check_range",
]


def _noise(value: float, name: str = "noise") -> float:
    return as_nonnegative_float(value, name)


def xor() -> tuple[np.ndarray, np.ndarray]:
    r"""The four XOR points, $y = x_1 \oplus x_2$ (Chapter 3).

    Returns
    -------
    X : numpy.ndarray, shape (4, 2)
        ``[[0, 0], [0, 1], [1, 0], [1, 1]]``.
    y : numpy.ndarray, shape (4, 1)
        ``[[0], [1], [1], [0]]``: 1 when exactly one input is 1.
    """
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    return X, y


def two_moons(
    n: int = 200, noise: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    r"""Two interleaved half circles, one per class (Chapter 3).

    Class 0 lies on $(\cos t, \sin t)$ and class 1 on
    $(1 - \cos t, 0.5 - \sin t)$ for $t \in [0, \pi]$, plus Gaussian noise.

    Parameters
    ----------
    n : int, default 200
        Number of points (class 0 gets ``n // 2``, class 1 the rest).
    noise : float, default 0.1
        Standard deviation of the noise added to each coordinate.
    seed : int, default 0

    Returns
    -------
    X : numpy.ndarray, shape (n, 2)
    y : numpy.ndarray, shape (n, 1)
    """
    n = as_positive_int(n, "n")
    sd = _noise(noise)
    rng = make_rng(seed)
    n0 = n // 2
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n - n0)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower]) + rng.normal(0.0, sd, size=(n, 2))
    y = np.concatenate([np.zeros(n0), np.ones(n - n0)])[:, None]
    return X, y


def circles(
    n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    r"""A small circle (class 1) inside a large one (class 0).

    Points lie on radius 1 (class 0) or radius ``factor`` (class 1), plus noise.

    Parameters
    ----------
    n : int, default 200
    noise : float, default 0.05
    factor : float, default 0.5
        Radius of the inner circle, strictly between 0 and 1.
    seed : int, default 0

    Returns
    -------
    X : numpy.ndarray, shape (n, 2)
    y : numpy.ndarray, shape (n, 1)
    """
    n = as_positive_int(n, "n")
    sd = _noise(noise)
    factor = as_finite_float(factor, "factor")
    if not 0.0 < factor < 1.0:
        raise ValueError(f"factor must be between 0 and 1 (exclusive); got {factor}")
    rng = make_rng(seed)
    n0 = n // 2
    t0 = np.linspace(0.0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2 * np.pi, n - n0, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = factor * np.column_stack([np.cos(t1), np.sin(t1)])
    X = np.vstack([outer, inner]) + rng.normal(0.0, sd, size=(n, 2))
    y = np.concatenate([np.zeros(n0), np.ones(n - n0)])[:, None]
    return X, y


def smooth_curve(x: object) -> np.ndarray:
    r"""The curve behind :func:`noisy_curve`, $g(x) = \sin(2x) + 0.3x$ (Chapter 2).

    Parameters
    ----------
    x : array_like of any shape
        Finite numbers.

    Returns
    -------
    numpy.ndarray
        Same shape as ``x``.
    """
    x_arr = as_float_array(x, "x")
    return np.sin(2.0 * x_arr) + 0.3 * x_arr


def noisy_curve(
    n: int = 40,
    noise: float = 0.1,
    seed: int = 0,
    x_range: tuple[float, float] = (-3.0, 3.0),
) -> tuple[np.ndarray, np.ndarray]:
    r"""Noisy samples of a wavy curve, $y = \sin(2x) + 0.3x + \varepsilon$ (Chapter 2).

    No straight line fits these points; a sum of a few non-linear units does.

    Parameters
    ----------
    n : int, default 40
    noise : float, default 0.1
        Standard deviation of $\varepsilon$.
    seed : int, default 0
    x_range : (float, float), default (-3, 3)
        Where the ``x`` values are drawn (uniformly), returned sorted.

    Returns
    -------
    X : numpy.ndarray, shape (n, 1)
    y : numpy.ndarray, shape (n, 1)
    """
    n = as_positive_int(n, "n")
    sd = _noise(noise)
    lo, hi = check_range(x_range, "x_range")
    rng = make_rng(seed)
    x = np.sort(rng.uniform(lo, hi, size=n))
    y = smooth_curve(x) + rng.normal(0.0, sd, size=n)
    return x[:, None], y[:, None]


def delayed_bits(
    n_sequences: int = 100, n_steps: int = 8, delay: int = 2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    r"""Random bit sequences whose target is the bit ``delay`` steps back (Chapter 3).

    $y_t = x_{t - \text{delay}}$, and $y_t = 0$ for the first ``delay`` steps.
    The answer is not in the current input at all: a network needs memory.

    Parameters
    ----------
    n_sequences : int, default 100
    n_steps : int, default 8
    delay : int, default 2
    seed : int, default 0

    Returns
    -------
    X : numpy.ndarray, shape (n_sequences, n_steps, 1)
        Bits 0.0 / 1.0, batch-first, then time.
    y : numpy.ndarray, shape (n_sequences, n_steps, 1)
    """
    n_sequences = as_positive_int(n_sequences, "n_sequences")
    n_steps = as_positive_int(n_steps, "n_steps")
    delay = as_positive_int(delay, "delay")
    rng = make_rng(seed)
    X = rng.integers(0, 2, size=(n_sequences, n_steps, 1)).astype(np.float64)
    y = np.zeros_like(X)
    if delay < n_steps:
        y[:, delay:] = X[:, :-delay]
    return X, y
