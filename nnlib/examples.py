r"""The book's worked examples, computed (Chapters 3-4).

- the hand-worked 2-2-1 sigmoid network of Chapter 4 (:func:`tiny_network`,
  its sample :data:`TINY_X`, :data:`TINY_Y`) and :func:`trace`, which keeps
  every number of one forward and backward pass;
- the XOR network of Chapter 3 with its hand-set weights (:func:`xor_network`);
- the training of Chapter 4: one step seen in stages (:func:`training_step`),
  the tiny network's first iterations (:func:`iterate_tiny`) and a short
  training run recorded for an animation (:func:`learning_history`).

The figures of :mod:`nnlib.plots` draw what these return; they never train.
:func:`plot_backprop_stages` and :func:`animate_learning` compute an example
and hand it to the figure, for the notebooks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from ._checks import (
    as_float_array,
    as_int_between,
    as_nonnegative_float,
    as_positive_float,
    as_positive_int,
)
from .layers import Dense
from .losses import Loss, get_loss, mse
from .network import MLP
from .plots.animation import Animation
from .sgd import update
from .training import check_data

__all__ = [
    "TINY_X",
    "TINY_Y",
    "tiny_network",
    "Trace",
    "trace",
    "XOR_HIDDEN_W",
    "XOR_HIDDEN_B",
    "XOR_OUTPUT_W",
    "XOR_OUTPUT_B",
    "xor_network",
    "TrainingStep",
    "training_step",
    "MAX_ITERATIONS",
    "iterate_tiny",
    "LearningHistory",
    "learning_history",
    "plot_backprop_stages",
    "animate_learning",
]

# -- Chapter 4's hand-worked network ------------------------------------------

TINY_X = np.array([[1.0, 0.5]])
"""The one sample of the hand-worked example, shape (1, 2)."""
TINY_Y = np.array([[1.0]])
"""Its target, shape (1, 1)."""


def tiny_network() -> MLP:
    r"""The hand-worked 2-2-1 sigmoid network of Chapter 4.

    $W_1 = \begin{pmatrix} 0.4 & -0.6 \\ 0.3 & 0.8 \end{pmatrix}$,
    $b_1 = (0.1, -0.1)$, $W_2 = (0.7, -0.5)^\top$, $b_2 = 0.2$; sigmoid in
    both layers. A fresh copy on every call.
    """
    return MLP.from_layers(
        [
            Dense.from_weights([[0.4, -0.6], [0.3, 0.8]], [0.1, -0.1], "sigmoid"),
            Dense.from_weights([[0.7], [-0.5]], [0.2], "sigmoid"),
        ]
    )


@dataclass(frozen=True)
class Trace:
    r"""Every number of one forward and backward pass on one sample.

    Attributes
    ----------
    x : numpy.ndarray, shape (n_inputs,)
    z, a : list of numpy.ndarray
        Pre-activations and outputs of each layer.
    loss : float
        $E$.
    d_out : numpy.ndarray
        $\partial E / \partial \hat y$.
    delta : list of numpy.ndarray
        The error signal $\delta_l = \partial E / \partial z_l$ of each layer.
    dW, db : list of numpy.ndarray
        The gradients of each layer's weights and biases.
    """

    x: np.ndarray
    z: list[np.ndarray]
    a: list[np.ndarray]
    loss: float
    d_out: np.ndarray
    delta: list[np.ndarray]
    dW: list[np.ndarray]
    db: list[np.ndarray]


def trace(net: MLP, x: np.ndarray, y: np.ndarray, loss: str | Loss = "mse") -> Trace:
    r"""Run ``net`` forward and backward on one sample and keep every number.

    With one sample, $\partial E/\partial b_l = \delta_l$, so the error signal
    of each layer is read from its bias gradient.

    Parameters
    ----------
    net : MLP
    x : numpy.ndarray, shape (1, n_inputs)
    y : numpy.ndarray, shape (1, n_outputs)
    loss : str or Loss, default "mse"
    """
    x = as_float_array(x, "x", ndim=2)
    if x.shape[0] != 1:
        raise ValueError(
            f"x must be one sample of shape (1, n_inputs); got shape {x.shape}"
        )
    L = get_loss(loss)
    y_hat = net.forward(x)
    d_out = L.gradient(y_hat, y)
    net.backward(d_out)
    return Trace(
        x=x[0].copy(),
        z=[layer.Z[0].copy() for layer in net.layers],
        a=[layer.A[0].copy() for layer in net.layers],
        loss=L.value(y_hat, y),
        d_out=d_out[0].copy(),
        delta=[layer.db.copy() for layer in net.layers],
        dW=[layer.dW.copy() for layer in net.layers],
        db=[layer.db.copy() for layer in net.layers],
    )


# -- Chapter 3's XOR network ---------------------------------------------------

XOR_HIDDEN_W = np.array([[10.0, 10.0], [10.0, 10.0]])
"""Hand-set hidden weights: column 0 is unit $h_1$ ("OR"), column 1 is $h_2$ ("AND")."""
XOR_HIDDEN_B = np.array([-5.0, -15.0])
"""$h_1$ fires when $x_1 + x_2 > 0.5$, $h_2$ when $x_1 + x_2 > 1.5$."""
XOR_OUTPUT_W = np.array([[10.0], [-10.0]])
"""The output neuron: $h_1$ counts for, $h_2$ against."""
XOR_OUTPUT_B = np.array([-5.0])
"""Fires when $h_1 - h_2 > 0.5$: OR but not AND, which is XOR."""


def xor_network(
    hidden_W: object = XOR_HIDDEN_W, hidden_b: object = XOR_HIDDEN_B
) -> MLP:
    r"""The 2-2-1 sigmoid network with the given hidden layer and the fixed output.

    Parameters
    ----------
    hidden_W : array_like, shape (2, 2)
    hidden_b : array_like, shape (2,)

    Returns
    -------
    MLP
        $\hat y = \sigma(\sigma(X W + b) W_2 + b_2)$ with the hand-set output layer.
    """
    # Checked here so that errors name these arguments, not Dense's W and b.
    hidden_W = as_float_array(hidden_W, "hidden_W", shape=(2, 2))
    hidden_b = as_float_array(hidden_b, "hidden_b", shape=(2,))
    return MLP.from_layers(
        [
            Dense.from_weights(hidden_W, hidden_b, "sigmoid"),
            Dense.from_weights(XOR_OUTPUT_W, XOR_OUTPUT_B, "sigmoid"),
        ]
    )


# -- training, Chapter 4 ----------------------------------------------------------


@dataclass(frozen=True)
class TrainingStep:
    """One training iteration on one sample, seen in stages.

    Attributes
    ----------
    trace : Trace
        The forward and backward pass, before the update.
    before, after : list of numpy.ndarray
        Each layer's weights ``W`` before and after the update.
    target : float
        The sample's target.
    """

    trace: Trace
    before: list[np.ndarray]
    after: list[np.ndarray]
    target: float


def training_step(
    net: MLP, x: np.ndarray, y: np.ndarray, lr: float = 1.0, loss: str | Loss = "mse"
) -> TrainingStep:
    r"""One iteration of training on one sample, $W \leftarrow W - \eta\, \partial E/\partial W$.

    ``net`` is updated in place (no copy is made).
    """
    lr = as_positive_float(lr, "lr")
    before = [layer.W.copy() for layer in net.layers]
    t = trace(net, x, y, loss)
    update(list(net.parameters().values()), list(net.gradients().values()), lr)
    after = [layer.W.copy() for layer in net.layers]
    return TrainingStep(t, before, after, float(np.ravel(y)[0]))


MAX_ITERATIONS = 30


def iterate_tiny(iterations: int, lr: float):
    """Train the hand-worked network on its one sample; return the trace at the end
    and the error before each of ``MAX_ITERATIONS`` + 1 iterations.

    Parameters
    ----------
    iterations : int
        Which iteration to return, 0 to ``MAX_ITERATIONS``.
    lr : float
        The learning rate, 0 or more.

    Returns
    -------
    (Trace, list of numpy.ndarray, numpy.ndarray)
        The trace of iteration ``iterations`` (before its update), the weights
        then, and the errors, shape (MAX_ITERATIONS + 1,).
    """
    iterations = as_int_between(iterations, "iterations", 0, MAX_ITERATIONS)
    lr = as_nonnegative_float(lr, "lr")
    net = tiny_network()
    params, grads = list(net.parameters().values()), list(net.gradients().values())
    errors = np.empty(MAX_ITERATIONS + 1)
    kept = None
    # A huge lr makes the weights overflow: checked once, after the loop.
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(MAX_ITERATIONS + 1):
            t = trace(net, TINY_X, TINY_Y, mse)
            errors[k] = t.loss
            if k == iterations:
                kept = (t, [layer.W.copy() for layer in net.layers])
            update(params, grads, lr)
    if not np.isfinite(errors).all():
        raise ValueError(
            "lr is too large: training diverged to non-finite errors with "
            f"lr = {lr:.3g}; use a smaller learning rate"
        )
    return kept[0], kept[1], errors


@dataclass(frozen=True)
class LearningHistory:
    """A short full-batch training run, recorded for an animation.

    Attributes
    ----------
    weights : list of list of numpy.ndarray
        Each layer's ``W`` at every recorded iteration.
    marks : list of int
        The iteration of each recording.
    errors : numpy.ndarray, shape (iterations + 1,)
        The error before each iteration and after the last.
    layer_sizes : list of int
    """

    weights: list[list[np.ndarray]]
    marks: list[int]
    errors: np.ndarray
    layer_sizes: list[int]


def learning_history(
    net: MLP,
    X: np.ndarray,
    y: np.ndarray,
    *,
    lr: float = 2.0,
    iterations: int = 30,
    every: int = 1,
    loss: str | Loss = "mse",
) -> LearningHistory:
    """Train ``net`` in place for ``iterations`` full-batch steps, recording the
    error at every step and the weights every ``every`` steps (at most 40 times)."""
    lr = as_positive_float(lr, "lr")
    iterations = as_positive_int(iterations, "iterations")
    every = as_positive_int(every, "every")
    if iterations // every > 40:
        raise ValueError(
            f"iterations / every must be at most 40 frames; got {iterations // every}"
        )
    X, y = check_data(net, X, y)
    L = get_loss(loss)
    params, grads = list(net.parameters().values()), list(net.gradients().values())
    weights, errors, marks = [], [], []
    for k in range(iterations):
        y_hat = net.forward(X)  # forward
        errors.append(L.forward(y_hat, y))  # loss
        if k % every == 0:
            weights.append([layer.W.copy() for layer in net.layers])
            marks.append(k)
        net.backward_loss(L, y)  # backward
        update(params, grads, lr)  # update
    errors.append(L.forward(net.predict(X), y))
    weights.append([layer.W.copy() for layer in net.layers])
    marks.append(iterations)
    return LearningHistory(weights, marks, np.array(errors), net.layer_sizes)


# -- the figures of these examples, for the notebooks ---------------------------


def plot_backprop_stages(
    net: MLP, x: np.ndarray, y: np.ndarray, lr: float = 1.0, *, loss: str | Loss = "mse"
) -> Figure:
    """Five small diagrams of one training iteration (:func:`training_step`), left to right.

    ``net`` is updated by one step of size ``lr`` (a copy is not made).
    """
    from .plots.backprop import draw_backprop_stages

    return draw_backprop_stages(training_step(net, x, y, lr, loss))


def animate_learning(
    net: MLP,
    X: np.ndarray,
    y: np.ndarray,
    *,
    lr: float = 2.0,
    iterations: int = 30,
    every: int = 1,
    loss: str | Loss = "mse",
    dpi: int = 90,
) -> tuple[Figure, Animation, np.ndarray]:
    """Train ``net`` (:func:`learning_history`) and animate its weights beside the falling error.

    Returns
    -------
    fig, anim, errors
        Show with ``HTML(anim.to_jshtml())``; ``errors`` (shape (iterations + 1,))
        is the error before each iteration and after the last.
    """
    from .plots.backprop import animate_history

    history = learning_history(
        net, X, y, lr=lr, iterations=iterations, every=every, loss=loss
    )
    fig, anim = animate_history(history, dpi=dpi)
    return fig, anim, history.errors
