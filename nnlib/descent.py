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

from ._checks import (
    as_finite_float,
    as_float_array,
    as_positive_float,
    as_positive_int,
    make_rng,
)
from .sgd import GROWTH_LIMIT, Batches, Objective, RunResult, growth_limit, step

__all__ = [
    "Objective",
    "DescentResult",
    "DivergenceError",
    "gradient_descent",
    "curve_objective",
    "CURVES",
]


class DivergenceError(RuntimeError):
    """Raised by :meth:`DescentResult.raise_if_diverged` when descent blew up."""


@dataclass(frozen=True)
class DescentResult(RunResult):
    r"""What a run of gradient descent did: a :class:`nnlib.sgd.RunResult` and its path.

    ``losses`` (shape ``(steps + 1,)``) holds the loss on all samples at each
    point of ``path``; ``stop_reason`` may also be ``"flat"`` (gradient norm
    below ``grad_tol``).

    Attributes
    ----------
    path : numpy.ndarray, shape (steps + 1, n_params)
        $\theta_0, \theta_1, \dots$: the start and the point after every step.
        Every entry is finite.
    """

    path: np.ndarray = None  # type: ignore[assignment]  # always given

    @property
    def steps(self) -> int:
        """The number of updates made (``len(path) - 1``)."""
        return self.path.shape[0] - 1

    @property
    def converged(self) -> bool:
        """Whether descent stopped at the threshold or on a flat slope."""
        return self.stop_reason in ("threshold", "flat")

    @property
    def final(self) -> np.ndarray:
        """The last point reached, shape (n_params,)."""
        return self.path[-1]

    def raise_if_diverged(self) -> DescentResult:
        """Raise :class:`DivergenceError` with :attr:`message` if descent diverged; else return self."""
        if self.diverged:
            raise DivergenceError(self.message)
        return self


def gradient_descent(
    objective: Objective | Callable,
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
    objective : Objective or callable
        ``objective(theta, rows) -> (loss, gradient)`` with ``theta`` of shape
        (n_params,) and a gradient of the same shape; ``rows=None`` means all
        samples (see :func:`nnlib.linear.objective`). An :class:`Objective`'s
        ``n_params``, when known, is checked against ``start``.
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
        batch size (the message names the argument), or a start where the
        loss is not finite.
    """
    objective = _as_objective(objective)
    theta = _check_start(start, objective)
    lr = as_positive_float(lr, "lr")
    max_steps = as_positive_int(max_steps, "max_steps")
    tol = -np.inf if tol is None else as_finite_float(tol, "tol")
    grad_tol = None if grad_tol is None else as_positive_float(grad_tol, "grad_tol")
    stable_lr = None if stable_lr is None else as_positive_float(stable_lr, "stable_lr")
    batches = _batches(objective, n_samples, batch_size, make_rng(seed))
    loss, grad = _evaluate_start(objective, theta)

    path, losses = np.empty((max_steps + 1, theta.size)), np.empty(max_steps + 1)
    path[0], losses[0] = theta, loss
    limit = growth_limit(loss)
    flat_tol = grad_tol if batches.full else None
    # One errstate for the whole loop: an overflow or 0/0 anywhere (objective or
    # update) raises FloatingPointError, a reported divergence, not NaNs.
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for k in range(max_steps):  # k steps made so far
            stop = _stop_reason(loss, grad, tol, flat_tol)
            if stop:
                break
            try:
                rows = batches.next()
                if rows is not None:  # a mini-batch's gradient
                    grad = objective(theta, rows)[1]
                theta = step(theta, grad, lr)
                loss, grad = objective(theta, None)
            except (FloatingPointError, OverflowError):
                loss = np.inf
            if not loss <= limit:  # False for NaN too
                stop = "diverged"
                break
            path[k + 1], losses[k + 1] = theta, loss
        else:
            k, stop = max_steps, "max_steps"
    return _result(path[: k + 1], losses[: k + 1], stop, lr, batches, stable_lr)


def _as_objective(objective: object) -> Objective:
    if isinstance(objective, Objective):
        return objective
    if not callable(objective):
        raise TypeError(
            "objective must be a function (theta, rows) -> (loss, gradient); "
            f"got {type(objective).__name__}"
        )
    return Objective(objective)


def _check_start(start: object, objective: Objective) -> np.ndarray:
    theta = as_float_array(start, "start", ndim=1).copy()
    if theta.size == 0:
        raise ValueError("start must hold at least one parameter; got an empty array")
    n_params = objective.n_params
    if n_params is not None and theta.size != n_params:
        raise ValueError(
            f"start must hold one value per parameter of the objective, "
            f"shape ({n_params},); got shape {theta.shape}"
        )
    return theta


def _batches(
    objective: Objective, n_samples: int | None, batch_size: int | None, rng
) -> Batches:
    if batch_size is None:
        return Batches(1, None, rng)
    as_positive_int(batch_size, "batch_size")
    if n_samples is None:
        n_samples = objective.n_samples
        if n_samples is None:
            raise ValueError(
                "n_samples must be given with batch_size (the objective does not say)"
            )
    return Batches(as_positive_int(n_samples, "n_samples"), batch_size, rng)


def _evaluate_start(
    objective: Objective, theta: np.ndarray
) -> tuple[float, np.ndarray]:
    """The loss and gradient at the start, which must be finite and fit ``theta``."""
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
    return float(loss), grad


def _stop_reason(
    loss: float, grad: np.ndarray, tol: float, flat_tol: float | None
) -> str:
    """``"threshold"`` at ``tol``, ``"flat"`` below ``flat_tol``, else ``""`` (go on)."""
    if loss <= tol:
        return "threshold"
    if flat_tol is not None and float(np.sqrt(grad @ grad)) < flat_tol:
        return "flat"
    return ""


def _result(path, losses, stop, lr, batches, stable_lr) -> DescentResult:
    diverged_at = path.shape[0] if stop == "diverged" else None
    # An objective whose loss stays finite while a parameter does not would
    # slip past the loss test; cut the path at the first such point.
    bad = ~np.isfinite(path).all(axis=1)
    if bad.any():
        first = int(np.argmax(bad))
        stop, diverged_at, path, losses = (
            "diverged",
            first,
            path[:first],
            losses[:first],
        )
    message = _message(
        stop, path.shape[0] - 1, lr, batches, losses, diverged_at, stable_lr
    )
    return DescentResult(
        losses=losses.copy(),
        lr=lr,
        batch_size=batches.batch_size,
        stop_reason=stop,
        diverged_at=diverged_at,
        message=message,
        path=path.copy(),
    )


def _message(stop, steps, lr, batches, losses, diverged_at, stable_lr) -> str:
    kind = batches.kind()
    if stop == "diverged":
        hint = (
            f"use a learning rate below {stable_lr:.3g}, the largest stable one here"
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
    """Wrap a function of one number and its derivative as an :class:`Objective`.

    For the one-parameter loss curves of Chapter 5: ``theta`` has shape (1,).
    """
    if not callable(f) or not callable(df):
        raise TypeError("f and df must both be functions of one number")

    def objective(
        theta: np.ndarray, rows: np.ndarray | None = None
    ) -> tuple[float, np.ndarray]:
        w = float(theta[0])
        return float(f(w)), np.array([float(df(w))])

    return Objective(objective, n_params=1)  # theta = [w]


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
