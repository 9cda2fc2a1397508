r"""Training an MLP by gradient descent: full-batch, stochastic or mini-batch (Chapters 5-6).

Each step is the whole of Chapter 4 in four lines, and :func:`train` shows
them as they are: the forward pass, the loss, the backward pass, and the
update $W \leftarrow W - \eta\, \partial E/\partial W$ for every weight and
bias (:func:`nnlib.sgd.update`). The data are checked once before the loop;
choosing the samples of a step (:class:`nnlib.sgd.Batches`), deciding when to
stop and writing the closing sentence are small helpers below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ._checks import (
    as_finite_float,
    as_float_array,
    as_positive_float,
    as_positive_int,
    make_rng,
)
from .losses import Loss, binary_cross_entropy, get_loss
from .sgd import Batches, RunResult, growth_limit, update

__all__ = ["TrainingResult", "train", "accuracy"]


@dataclass(frozen=True)
class TrainingResult(RunResult):
    r"""What a training run did: a :class:`nnlib.sgd.RunResult` and two more fields.

    ``losses`` holds the loss at each step, measured on the samples used by
    that step (all of them for full-batch training) before its update.

    Attributes
    ----------
    steps : int
        The number of updates made.
    snapshots : dict of int to dict of str to numpy.ndarray
        Copies of the parameters before the listed steps (``snapshot_steps``);
        step 0 is the start.
    """

    steps: int = 0
    snapshots: dict[int, dict[str, np.ndarray]] = field(default_factory=dict)


def check_data(net: object, X: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """``X`` and ``y`` as float arrays that fit ``net``: shapes (n, n_inputs) and (n, n_outputs)."""
    for method in ("forward", "backward_loss", "parameters", "gradients"):
        if not callable(getattr(net, method, None)):
            raise TypeError(
                f"net must be a network with a {method}() method (an nnlib MLP); got {type(net).__name__}"
            )
    X_arr = np.ascontiguousarray(as_float_array(X, "X", ndim=2))
    y_arr = as_float_array(y, "y", ndim=(1, 2))
    if y_arr.ndim == 1:
        y_arr = y_arr[:, None]
    y_arr = np.ascontiguousarray(y_arr)
    n_in, n_out = net.layer_sizes[0], net.layer_sizes[-1]
    if X_arr.shape[1] != n_in:
        raise ValueError(
            f"X must have shape (n_samples, {n_in}) for this network; got {X_arr.shape}"
        )
    if y_arr.shape != (X_arr.shape[0], n_out):
        raise ValueError(
            f"y must have shape ({X_arr.shape[0]}, {n_out}) (one row per sample of X); got {y_arr.shape}"
        )
    if X_arr.shape[0] == 0:
        raise ValueError("X must hold at least one sample; got none")
    return X_arr, y_arr


def _check_snapshot_steps(snapshot_steps: Sequence[int] | None) -> list[int]:
    if snapshot_steps is None:  # no snapshots
        return []
    if isinstance(snapshot_steps, (str, bytes)) or (
        isinstance(snapshot_steps, np.ndarray) and snapshot_steps.ndim != 1
    ):
        raise TypeError(
            "snapshot_steps must be a sequence of whole numbers 0 or more (or None); "
            f"got {snapshot_steps!r}"
        )
    try:
        items = list(snapshot_steps)
    except TypeError:
        raise TypeError(
            "snapshot_steps must be a sequence of whole numbers 0 or more (or None); "
            f"got {snapshot_steps!r} ({type(snapshot_steps).__name__})"
        ) from None
    out = []
    for s in items:
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 0:
            raise ValueError(
                f"snapshot_steps must hold whole numbers 0 or more; got {s!r}"
            )
        out.append(int(s))
    return out


def train(
    net: object,
    X: object,
    y: object,
    *,
    loss: str | Loss = "binary_cross_entropy",
    lr: float = 0.1,
    max_steps: int = 1000,
    batch_size: int | None = None,
    tol: float | None = None,
    seed: int = 0,
    snapshot_steps: Sequence[int] | None = (),
) -> TrainingResult:
    r"""Train ``net`` in place by gradient descent, $\theta \leftarrow \theta - \eta \nabla E$.

    Parameters
    ----------
    net : nnlib.network.MLP
        Trained in place (its weights change).
    X : array_like, shape (n_samples, n_inputs)
    y : array_like, shape (n_samples,) or (n_samples, n_outputs)
    loss : str or Loss, default "binary_cross_entropy"
        See :mod:`nnlib.losses`. The cross-entropy needs outputs in [0, 1]:
        with a network whose output is not (the default ``"identity"``
        output, say), train raises a ValueError naming the two fixes,
        ``output_activation="sigmoid"`` or ``loss="mse"``. It does not pick
        a loss for you.
    lr : float, default 0.1
        The learning rate $\eta > 0$.
    max_steps : int, default 1000
        Number of updates at most.
    batch_size : int, optional
        None for full batch, 1 for stochastic, k for mini-batches of k samples
        (a fresh random order each epoch).
    tol : float, optional
        Stop once a step's loss is at or below this threshold.
    seed : int, default 0
        Seed of the sample order: a whole number 0 or more (or a numpy
        Generator, or None for fresh entropy).
    snapshot_steps : sequence of int, optional
        Steps before which to copy the parameters (0 is the start), for
        pictures of learning in progress. Empty or None: no snapshots.

    Returns
    -------
    TrainingResult
        After it, each layer's ``dW`` and ``db`` hold the last step's gradients.

    Raises
    ------
    ValueError
        For bad arguments (naming them), a loss that does not fit the
        network's output, or a first loss that is not finite (the data or the
        starting weights are too large).
    """
    X_arr, y_arr = check_data(net, X, y)
    L = get_loss(loss)
    _check_output_fits_loss(net, L)
    lr = as_positive_float(lr, "lr")
    max_steps = as_positive_int(max_steps, "max_steps")
    tol = -np.inf if tol is None else as_finite_float(tol, "tol")
    if batch_size is not None and batch_size == X_arr.shape[0]:
        batch_size = None  # a batch of every sample is full-batch descent
    batches = Batches(X_arr.shape[0], batch_size, make_rng(seed))
    snaps = set(_check_snapshot_steps(snapshot_steps))

    params, grads = list(net.parameters().values()), list(net.gradients().values())
    snapshots, losses = {}, np.empty(max_steps)
    limit, stop = np.inf, ""
    # An overflow anywhere raises FloatingPointError: a divergence, not a NaN.
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for k in range(max_steps):
            if k in snaps:
                snapshots[k] = {name: p.copy() for name, p in net.parameters().items()}
            Xb, yb = _batch(X_arr, y_arr, batches.next())
            try:
                y_hat = net.forward(Xb)  # forward
                losses[k] = L.forward(y_hat, yb)  # loss
                limit = limit if k else _first_loss_limit(losses[0], X_arr, y_arr, net)
                stop = _stop_reason(losses[k], limit, tol)
                if stop:
                    break
                net.backward_loss(L, yb)  # backward
                update(params, grads, lr)  # update: W <- W - lr dE/dW, every W and b
            except FloatingPointError:
                if limit == np.inf:  # the very first loss overflowed
                    _first_loss_limit(np.inf, X_arr, y_arr, net)
                stop = "diverged"
                break
        else:
            k, stop = max_steps, "max_steps"
    return _result(losses, k, stop, lr, batches.batch_size, tol, snapshots)


def _batch(X: np.ndarray, y: np.ndarray, rows: np.ndarray | None):
    """The samples of one step: all of them, or the given rows."""
    return (X, y) if rows is None else (X[rows], y[rows])


def _stop_reason(value: float, limit: float, tol: float) -> str:
    """``"diverged"`` past the growth limit (or NaN), ``"threshold"`` at ``tol``, else ``""``."""
    if not value <= limit:
        return "diverged"
    return "threshold" if value <= tol else ""


def _first_loss_limit(first: float, X: np.ndarray, y: np.ndarray, net: object) -> float:
    """The growth limit after the first loss, which must be finite."""
    if not np.isfinite(first):
        weights = max(float(np.abs(p).max()) for p in net.parameters().values())
        raise ValueError(
            "X, y or the starting weights are too large: the loss at the start is "
            f"not finite (largest |x| {float(np.abs(X).max()):.3g}, |y| "
            f"{float(np.abs(y).max()):.3g}, |weight| {weights:.3g}), before any step, "
            "so no learning rate can help; rescale the data, for example to mean 0 "
            "and spread 1, or start from smaller weights"
        )
    return growth_limit(first)


def _check_output_fits_loss(net: object, L: Loss) -> None:
    """The cross-entropy needs outputs in [0, 1]; say how to get them if not."""
    act = net.layers[-1].activation
    lo, hi = act.output_range
    if L is binary_cross_entropy and not (lo >= 0.0 and hi <= 1.0):
        raise ValueError(
            "loss 'binary_cross_entropy' needs outputs in [0, 1], but this network's "
            f"output activation is {act.name!r} (outputs in ({lo:g}, {hi:g})); build "
            'it with output_activation="sigmoid", or train with loss="mse"'
        )


def _result(losses, k, stop, lr, batch_size, tol, snapshots) -> TrainingResult:
    """The record of a run that stopped at step ``k`` (0-based) for ``stop``."""
    diverged_at = k + 1 if stop == "diverged" else None
    if stop == "diverged":  # the run-away loss itself is left out: all finite
        history = losses[:k].copy()
        message = (
            f"Diverged at step {k + 1} with lr = {lr:.3g}: the loss ran away, so "
            "training stopped before any overflow; try a smaller learning rate, "
            f"such as {lr / 10:.3g}."
        )
    elif stop == "threshold":
        history = losses[: k + 1].copy()
        message = (
            f"Reached the loss threshold {tol:.3g} after {k} steps "
            f"(lr = {lr:.3g}); loss {history[0]:.4g} -> {history[-1]:.4g}."
        )
    else:
        history = losses.copy()
        message = (
            f"Stopped at the step limit, {k} steps (lr = {lr:.3g}); "
            f"loss {history[0]:.4g} -> {history[-1]:.4g}."
        )
    return TrainingResult(
        losses=history,
        lr=lr,
        batch_size=batch_size,
        stop_reason=stop,
        diverged_at=diverged_at,
        message=message,
        steps=k,
        snapshots=snapshots,
    )


def accuracy(net: object, X: object, y: object, threshold: float = 0.5) -> float:
    r"""Fraction of samples classified right, $\frac{1}{N}\sum_i [\,(\hat y_i > t) = y_i\,]$.

    Parameters
    ----------
    net : nnlib.network.MLP
        One output, read as the probability of class 1.
    X : array_like, shape (n_samples, n_inputs)
    y : array_like, shape (n_samples,) or (n_samples, 1), labels 0/1
    threshold : float, default 0.5
    """
    X_arr, y_arr = check_data(net, X, y)
    t = as_finite_float(threshold, "threshold")
    return float(np.mean((net.predict(X_arr) > t) == (y_arr > 0.5)))
