r"""Gradient descent that keeps its path and notices when it blows up (Chapter 5).

One step moves the parameters against the gradient, scaled by the learning
rate $\eta$:

$$\theta_{k+1} = \theta_k - \eta\, \nabla E(\theta_k).$$

:func:`gradient_descent` repeats this until the loss falls below a threshold,
the slope is flat, or a step limit is reached, recording every point and its
loss. The gradient may come from all samples (full batch), one sample
(stochastic) or a few (mini-batch). If the loss grows without bound, descent
stops *before* any overflow and says so in the result, with the step, the
learning rate and a suggestion, never with NaNs or warnings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._checks import as_finite_float, as_float_array, as_positive_float, as_positive_int
from .layers import make_rng

__all__ = [
    "Objective",
    "DescentResult",
    "DivergenceError",
    "gradient_descent",
    "curve_objective",
    "CURVES",
]

Objective = Callable[[np.ndarray, "np.ndarray | None"], tuple[float, np.ndarray]]
"""``f(theta, rows) -> (loss, gradient)``; ``rows`` is None (all samples) or an index array."""

GROWTH_LIMIT = 1e8
"""Descent is called diverged once the loss exceeds this many times its starting value."""


class DivergenceError(RuntimeError):
    """Raised by :meth:`DescentResult.raise_if_diverged` when descent blew up."""


@dataclass(frozen=True)
class DescentResult:
    r"""What a run of gradient descent did.

    Attributes
    ----------
    path : numpy.ndarray, shape (steps + 1, n_params)
        $\theta_0, \theta_1, \dots$: the start and the point after every step.
        Every entry is finite.
    losses : numpy.ndarray, shape (steps + 1,)
        The loss on all samples at each point of ``path``.
    lr : float
        The learning rate $\eta$.
    batch_size : int or None
        Samples per step (None: all of them).
    stop_reason : str
        ``"threshold"`` (loss below ``tol``), ``"flat"`` (gradient norm below
        ``grad_tol``), ``"max_steps"`` or ``"diverged"``.
    diverged_at : int or None
        The step at which the loss ran away.
    message : str
        One sentence for the reader; for a divergence it names the step, the
        learning rate and what to try instead.
    """

    path: np.ndarray
    losses: np.ndarray
    lr: float
    batch_size: int | None
    stop_reason: str
    diverged_at: int | None
    message: str

    @property
    def steps(self) -> int:
        """The number of updates made (``len(path) - 1``)."""
        return self.path.shape[0] - 1

    @property
    def diverged(self) -> bool:
        """Whether the loss ran away."""
        return self.stop_reason == "diverged"

    @property
    def converged(self) -> bool:
        """Whether descent stopped at the threshold or on a flat slope."""
        return self.stop_reason in ("threshold", "flat")

    @property
    def final(self) -> np.ndarray:
        """The last point reached, shape (n_params,)."""
        return self.path[-1]

    @property
    def final_loss(self) -> float:
        """The loss at :attr:`final`."""
        return float(self.losses[-1])

    def raise_if_diverged(self) -> DescentResult:
        """Raise :class:`DivergenceError` with :attr:`message` if descent diverged; else return self."""
        if self.diverged:
            raise DivergenceError(self.message)
        return self


def gradient_descent(
    objective: Objective,
    start: object,
    lr: float,
    *,
    max_steps: int = 100,
    tol: float | None = None,
    grad_tol: float | None = None,
    n_samples: int | None = None,
    batch_size: int | None = None,
    seed: int = 0,
    stable_lr: float | None = None,
) -> DescentResult:
    r"""Run $\theta_{k+1} = \theta_k - \eta \nabla E(\theta_k)$ and record the path.

    Parameters
    ----------
    objective : callable
        ``objective(theta, rows) -> (loss, gradient)`` with ``theta`` of shape
        (n_params,) and a gradient of the same shape; ``rows=None`` means all
        samples (see :func:`nnlib.linear.objective`). An ``n_params``
        attribute, when present, is checked against ``start``.
    start : array_like, shape (n_params,)
        $\theta_0$.
    lr : float
        The learning rate $\eta > 0$.
    max_steps : int, default 100
        The step limit.
    tol : float, optional
        Stop once the loss is at or below this error threshold.
    grad_tol : float, optional
        Stop once the full gradient's norm is below this (the slope is flat).
        Checked only for full-batch descent.
    n_samples : int, optional
        The number of samples, needed when ``batch_size`` is given; read from
        ``objective.n_samples`` when absent.
    batch_size : int, optional
        None for full-batch descent, 1 for stochastic, k for mini-batches of k.
        Each epoch visits the samples in a fresh random order.
    seed : int, default 0
        Seed of the sample order: a whole number 0 or more (or a numpy
        Generator, or None for fresh entropy).
    stable_lr : float, optional
        The largest stable learning rate if known (for the line model,
        :func:`nnlib.linear.max_stable_lr`); quoted in the divergence message.

    Returns
    -------
    DescentResult

    Raises
    ------
    ValueError, TypeError
        For a non-positive or non-finite ``lr``, a bad ``start``, step limit or
        batch size (the message names the argument).
    """
    if not callable(objective):
        raise TypeError(
            f"objective must be a function (theta, rows) -> (loss, gradient); got {type(objective).__name__}"
        )
    theta = as_float_array(start, "start", ndim=1).copy()
    if theta.size == 0:
        raise ValueError("start must hold at least one parameter; got an empty array")
    lr = as_positive_float(lr, "lr")
    max_steps = as_positive_int(max_steps, "max_steps")
    tol = None if tol is None else as_finite_float(tol, "tol")
    grad_tol = None if grad_tol is None else as_positive_float(grad_tol, "grad_tol")
    stable_lr = None if stable_lr is None else as_positive_float(stable_lr, "stable_lr")
    rng = make_rng(seed)
    n_params = getattr(objective, "n_params", None)  # declared by nnlib's objectives
    if n_params is not None and theta.size != n_params:
        raise ValueError(
            f"start must hold one value per parameter of the objective, "
            f"shape ({n_params},); got shape {theta.shape}"
        )
    order: np.ndarray | None = None
    if batch_size is not None:
        batch_size = as_positive_int(batch_size, "batch_size")
        if n_samples is None:
            n_samples = getattr(objective, "n_samples", None)
            if n_samples is None:
                raise ValueError(
                    "n_samples must be given with batch_size (the objective does not say)"
                )
        n_samples = as_positive_int(n_samples, "n_samples")
        if batch_size > n_samples:
            raise ValueError(
                f"batch_size must be at most n_samples = {n_samples}; got {batch_size}"
            )
        order = rng.permutation(n_samples)
        cursor = 0

    path = np.empty((max_steps + 1, theta.size))
    losses = np.empty(max_steps + 1)
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            loss, grad = objective(theta, None)
    except (FloatingPointError, OverflowError) as exc:
        raise ValueError(
            f"start must be a point where the loss is finite; computing it failed: {exc}"
        ) from exc
    except (ValueError, TypeError, IndexError) as exc:
        # Most often a start of the wrong length for the objective.
        raise ValueError(
            f"start (shape {theta.shape}) does not fit the objective, which failed "
            f"on it with {type(exc).__name__}; give start one value per parameter"
        ) from exc
    grad = np.asarray(grad, dtype=float)
    if not (np.isfinite(loss) and np.isfinite(grad).all()):
        raise ValueError(
            "start must be a point where the loss and its gradient are finite"
        )
    if grad.shape != theta.shape:
        raise ValueError(
            f"objective must return a gradient of shape {theta.shape}; got {grad.shape}"
        )
    loss = float(loss)
    path[0], losses[0] = theta, loss
    # Stop while the numbers are still finite: a loss this far above where it
    # started only grows (geometrically) from here on.
    limit = GROWTH_LIMIT * max(loss, 1.0)
    tol_value = -np.inf if tol is None else tol
    check_flat = grad_tol is not None and order is None
    isfinite = np.isfinite
    stop, diverged_at, k = "max_steps", None, 0

    # One errstate for the whole loop: an overflow or 0/0 anywhere (objective or
    # update) raises FloatingPointError, which becomes a reported divergence
    # instead of a RuntimeWarning and NaNs.
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for k in range(1, max_steps + 1):
            if loss <= tol_value:
                stop, k = "threshold", k - 1
                break
            if check_flat and float(np.sqrt(grad @ grad)) < grad_tol:
                stop, k = "flat", k - 1
                break
            try:
                if order is not None:
                    if cursor + batch_size > n_samples:
                        order, cursor = rng.permutation(n_samples), 0
                    rows = order[cursor : cursor + batch_size]
                    cursor += batch_size
                    grad = objective(theta, rows)[1]
                new_theta = theta - lr * grad
                new_loss, new_grad = objective(new_theta, None)
                ok = new_loss <= limit  # False for NaN too
            except (FloatingPointError, OverflowError):
                ok = False
            if not ok:
                stop, diverged_at, k = "diverged", k, k - 1
                break
            theta, loss, grad = new_theta, new_loss, new_grad
            path[k] = theta
            losses[k] = loss

    n = k + 1
    # An objective whose loss stays finite while a parameter does not would
    # slip past the loss test; cut the path at the first such point.
    bad = ~isfinite(path[:n]).all(axis=1)
    if bad.any():
        first = int(np.argmax(bad))
        stop, diverged_at, n = "diverged", first, first
    message = _message(stop, n - 1, lr, batch_size, losses[:n], diverged_at, stable_lr)
    return DescentResult(
        path[:n].copy(), losses[:n].copy(), lr, batch_size, stop, diverged_at, message
    )


def _finite(loss: float, grad: object) -> bool:
    return bool(np.isfinite(loss)) and bool(np.isfinite(grad).all())


def _message(stop, steps, lr, batch_size, losses, diverged_at, stable_lr) -> str:
    kind = (
        "full-batch"
        if batch_size is None
        else "stochastic"
        if batch_size == 1
        else f"mini-batch ({batch_size})"
    )
    if stop == "diverged":
        hint = (
            f"use a learning rate below {stable_lr:.3g}, the largest stable one here (2/λ_max of the Hessian)"
            if stable_lr is not None
            else f"try a smaller learning rate, such as {lr / 10:.3g}"
        )
        return (
            f"Diverged at step {diverged_at} with lr = {lr:.3g} ({kind}): the loss grew from "
            f"{losses[0]:.4g} to over {GROWTH_LIMIT:.0e} times that, so descent stopped; {hint}."
        )
    reason = {
        "threshold": "the loss reached the threshold",
        "flat": "the slope became flat",
        "max_steps": "the step limit was reached",
    }[stop]
    text = (
        f"Stopped after {steps} steps ({kind}, lr = {lr:.3g}) because {reason}; "
        f"loss {losses[0]:.4g} -> {losses[-1]:.4g}."
    )
    if losses[-1] > losses[0]:
        hint = f" (at most {stable_lr:.3g} is stable)" if stable_lr is not None else ""
        text += f" The loss went up: this learning rate is too large{hint}."
    return text


def curve_objective(
    f: Callable[[float], float], df: Callable[[float], float]
) -> Objective:
    """Wrap a function of one number and its derivative as an :data:`Objective`.

    For the one-parameter loss curves of Chapter 5: ``theta`` has shape (1,).
    """
    if not callable(f) or not callable(df):
        raise TypeError("f and df must both be functions of one number")

    def objective(
        theta: np.ndarray, rows: np.ndarray | None = None
    ) -> tuple[float, np.ndarray]:
        w = float(theta[0])
        return float(f(w)), np.array([float(df(w))])

    objective.n_params = 1  # type: ignore[attr-defined]  # theta = [w]
    return objective


def _bowl(w: float) -> float:
    return (w - 1.0) ** 2 + 0.5


def _bowl_slope(w: float) -> float:
    return 2.0 * (w - 1.0)


def _bumpy(w: float) -> float:
    return 0.5 * (w**4 - 3.0 * w**2 + w) + 2.5


def _bumpy_slope(w: float) -> float:
    return 0.5 * (4.0 * w**3 - 6.0 * w + 1.0)


CURVES: dict[str, tuple[Callable[[float], float], Callable[[float], float]]] = {
    "bowl": (_bowl, _bowl_slope),
    "bumpy": (_bumpy, _bumpy_slope),
}
r"""Two one-parameter loss curves with their slopes (Chapter 5):
``"bowl"`` $E(w) = (w - 1)^2 + 0.5$, one minimum at $w = 1$;
``"bumpy"`` $E(w) = \tfrac12(w^4 - 3w^2 + w) + 2.5$, a global minimum near
$w = -1.30$ and a local one near $w = 1.13$."""
