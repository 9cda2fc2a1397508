r"""Training an MLP by gradient descent: full-batch, stochastic or mini-batch (Chapters 5-6).

Each step is the whole of Chapter 4 in four lines: a forward pass, the loss,
the backward pass, and the update $W \leftarrow W - \eta\, \partial E/\partial W$
for every weight and bias.

The loop is written for speed, because it is the one place the book runs
thousands of times: the data are checked once before it starts, every array a
step fills is allocated once (:meth:`nnlib.layers.Dense.allocate`) and
overwritten in place, the learning rate is folded into the output's error
signal so that each update is a single subtraction, and the history is one
preallocated array.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ._checks import as_finite_float, as_float_array, as_positive_float, as_positive_int
from .activations import ACTIVATIONS
from .layers import make_rng
from .losses import EPSILON, Loss, binary_cross_entropy, get_loss

__all__ = ["TrainingResult", "train", "accuracy", "GROWTH_LIMIT"]

GROWTH_LIMIT = 1e8
"""Training is called diverged once the loss exceeds this many times its first value."""


@dataclass(frozen=True)
class TrainingResult:
    r"""What a training run did.

    Attributes
    ----------
    losses : numpy.ndarray
        The loss at each step, measured on the samples used by that step
        (all of them for full-batch training) before its update. All finite.
    steps : int
        The number of updates made.
    lr : float
    batch_size : int or None
        None for full batch.
    stop_reason : str
        ``"threshold"``, ``"max_steps"`` or ``"diverged"``.
    diverged_at : int or None
        The step at which the loss ran away (counting from 1).
    message : str
        One sentence for the reader.
    snapshots : dict of int to dict of str to numpy.ndarray
        Copies of the parameters before the listed steps (``snapshot_steps``);
        step 0 is the start.
    """

    losses: np.ndarray
    steps: int
    lr: float
    batch_size: int | None
    stop_reason: str
    diverged_at: int | None
    message: str
    snapshots: dict[int, dict[str, np.ndarray]] = field(default_factory=dict)

    @property
    def diverged(self) -> bool:
        """Whether the loss ran away."""
        return self.stop_reason == "diverged"

    @property
    def final_loss(self) -> float:
        """The last loss recorded."""
        return float(self.losses[-1])


def _check_data(net: object, X: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    for method in ("forward", "backward", "parameters", "gradients"):
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
        See :mod:`nnlib.losses`. With a sigmoid output and the cross-entropy,
        the output layer's error signal is computed as $(\hat y - y)/N$ directly
        (the two derivatives cancel, Chapter 4), which is both faster and exact.
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
    """
    X_arr, y_arr = _check_data(net, X, y)
    L = get_loss(loss)
    lr = as_positive_float(lr, "lr")
    max_steps = as_positive_int(max_steps, "max_steps")
    tol = -np.inf if tol is None else as_finite_float(tol, "tol")
    n = X_arr.shape[0]
    if batch_size is not None:
        batch_size = as_positive_int(batch_size, "batch_size")
        if batch_size > n:
            raise ValueError(
                f"batch_size must be at most the number of samples, {n}; got {batch_size}"
            )
        if batch_size == n:
            batch_size = None
    snaps = sorted(set(_check_snapshot_steps(snapshot_steps)))
    rng = make_rng(seed)
    snapshots: dict[int, dict[str, np.ndarray]] = {}

    layers = net.layers
    last = layers[-1]
    m = n if batch_size is None else batch_size  # rows per step
    for i, layer in enumerate(layers):
        layer.allocate(m, input_gradient=i > 0)
    backwards = layers[::-1]
    # sigmoid + cross-entropy: dE/dZ_out = (y_hat - y) / N, no division by y_hat (1 - y_hat).
    fused = L is binary_cross_entropy and last.activation is ACTIVATIONS["sigmoid"]
    # The learning rate rides on the output's error signal, so every layer's
    # gradient comes out already multiplied by lr and each update is W -= dW.
    step_scale = lr / m
    delta = np.empty_like(last.A)
    if fused:  # the clipped cross-entropy's arrays, allocated once
        clipped, log_p = np.empty_like(delta), np.empty_like(delta)
    L_forward, L_backward = L.forward, L.backward

    losses = np.empty(max_steps)
    order = rng.permutation(n) if batch_size is not None else None
    cursor = 0
    Xb, yb = X_arr, y_arr
    yb_1 = 1.0 - yb
    snap_iter = iter(snaps)
    next_snap = next(snap_iter, -1)
    stop, diverged_at, limit = "max_steps", None, np.inf
    k, stepped = 0, False
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        try:
            for k in range(max_steps):
                if k == next_snap:
                    snapshots[k] = {
                        name: p.copy() for name, p in net.parameters().items()
                    }
                    next_snap = next(snap_iter, -1)
                if order is not None:
                    if cursor + batch_size > n:
                        order, cursor = rng.permutation(n), 0
                    rows = order[cursor : cursor + batch_size]
                    cursor += batch_size
                    Xb, yb = X_arr[rows], y_arr[rows]
                    yb_1 = 1.0 - yb
                # forward
                y_hat = Xb
                for layer in layers:
                    y_hat = layer.train_forward(y_hat)
                # loss
                if fused:  # the cross-entropy of nnlib.losses, on preallocated arrays
                    np.clip(y_hat, EPSILON, 1.0 - EPSILON, out=clipped)
                    np.log(clipped, out=log_p)
                    total = np.vdot(yb, log_p)
                    np.negative(clipped, out=clipped)
                    np.log1p(clipped, out=clipped)  # log(1 - p)
                    value = -float(total + np.vdot(yb_1, clipped)) / m
                else:
                    value = L_forward(y_hat, yb)
                losses[k] = value
                if not value <= limit:  # also catches NaN
                    stop, diverged_at = "diverged", k + 1
                    break
                if k == 0:
                    limit = GROWTH_LIMIT * max(value, 1.0)
                if value <= tol:
                    stop = "threshold"
                    break
                # backward and update, layer by layer from the output down
                stepped = True
                if fused:
                    np.subtract(y_hat, yb, out=delta)
                    delta *= step_scale
                else:
                    np.multiply(L_backward(y_hat, yb), lr, out=delta)
                grad = last.train_backward(delta, is_delta=fused)
                for layer in backwards[1:]:
                    grad = layer.train_backward(grad)
        except FloatingPointError:
            stop, diverged_at = "diverged", k + 1
            losses[k] = np.inf
    # Leave dW and db holding the last step's gradients, as after net.backward().
    with np.errstate(all="ignore"):
        for layer in layers if stepped else ():
            layer.dW /= lr
            layer.db /= lr
    if stop == "diverged":
        history = losses[:k].copy()  # the run-away loss itself is left out: all finite
        steps = k
        message = (
            f"Diverged at step {diverged_at} with lr = {lr:.3g}: the loss ran away, "
            f"so training stopped before any overflow; try a smaller learning rate, "
            f"such as {lr / 10:.3g}."
        )
    elif stop == "threshold":
        history = losses[: k + 1].copy()
        steps = k
        message = (
            f"Reached the loss threshold {tol:.3g} after {steps} steps "
            f"(lr = {lr:.3g}); loss {history[0]:.4g} -> {history[-1]:.4g}."
        )
    else:
        history = losses.copy()
        steps = max_steps
        message = (
            f"Stopped at the step limit, {max_steps} steps (lr = {lr:.3g}); "
            f"loss {history[0]:.4g} -> {history[-1]:.4g}."
        )
    return TrainingResult(
        history, steps, lr, batch_size, stop, diverged_at, message, snapshots
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
    X_arr, y_arr = _check_data(net, X, y)
    t = as_finite_float(threshold, "threshold")
    return float(np.mean((net.predict(X_arr) > t) == (y_arr > 0.5)))
