r"""A multi-layer perceptron: dense layers applied one after another (Chapter 3).

$$\hat y = f_L(\cdots f_2(f_1(X W_1 + b_1) W_2 + b_2) \cdots W_L + b_L)$$

Build it from a list of layer sizes, ``MLP([2, 16, 16, 1])``: 2 inputs, two
hidden layers of 16 neurons, 1 output. The input data is checked once here,
at the boundary; the layers underneath run unchecked for speed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._checks import (
    _describe,
    as_float_array,
    as_positive_int,
    check_layer_sizes,
    check_range,
    make_rng,
)
from .activations import Activation, get_activation
from .layers import Dense
from .losses import Loss, get_loss

__all__ = ["MLP", "collapse_linear", "fit_output_layer", "spread_units"]


_MAX_TARGET = 1e100
"""Largest target size fit_output_layer accepts (its squares stay finite)."""


class MLP:
    r"""A feedforward network of :class:`~nnlib.layers.Dense` layers (Chapter 3).

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_inputs, n_hidden_1, ..., n_outputs]``, at least two entries.
    activation : str, Activation or sequence of them, default "tanh"
        The hidden layers' activation; a sequence gives one per hidden layer.
    output_activation : str or Activation, default "identity"
        The last layer's activation (``"sigmoid"`` for a probability).
    seed : int or numpy.random.Generator or None, default 0
        Seed for the random starting weights (same seed, same network).

    Examples
    --------
    >>> net = MLP([2, 16, 16, 1], activation="tanh",
    ...           output_activation="sigmoid", seed=0)
    >>> net.forward(np.zeros((5, 2))).shape
    (5, 1)
    >>> sorted(net.parameters())
    ['W1', 'W2', 'W3', 'b1', 'b2', 'b3']
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activation: str | Activation | Sequence[str | Activation] = "tanh",
        output_activation: str | Activation = "identity",
        *,
        seed: int | np.random.Generator | None = 0,
    ) -> None:
        sizes = check_layer_sizes(layer_sizes)
        n_hidden = len(sizes) - 2
        if isinstance(activation, (str, Activation)):
            hidden = [activation] * n_hidden
        elif isinstance(activation, Sequence) and len(activation) == n_hidden:
            hidden = list(activation)
        else:
            raise ValueError(
                "activation must be one activation name or a sequence with one per "
                f"hidden layer ({n_hidden}); got {_describe(activation)}"
            )
        try:
            out_act = get_activation(output_activation)
        except (TypeError, ValueError) as exc:
            # Same message, naming the argument the learner actually passed.
            raise type(exc)(f"output_{exc}") from None
        acts = [get_activation(a) for a in hidden] + [out_act]
        rng = make_rng(seed)
        self.layers: list[Dense] = [
            Dense(n_in, n_out, act, seed=rng)
            for n_in, n_out, act in zip(sizes[:-1], sizes[1:], acts, strict=True)
        ]

    @classmethod
    def from_layers(cls, layers: Sequence[Dense]) -> MLP:
        """An MLP made of given layers (e.g. built with :meth:`Dense.from_weights`).

        Consecutive layers must fit: each layer's ``n_inputs`` equals the
        previous layer's ``n_outputs``.
        """
        layers = list(layers)
        if not layers or not all(isinstance(layer, Dense) for layer in layers):
            raise TypeError(
                f"layers must be a non-empty list of Dense layers; got {layers!r}"
            )
        for i, (a, b) in enumerate(zip(layers[:-1], layers[1:], strict=True), start=1):
            if a.n_outputs != b.n_inputs:
                raise ValueError(
                    f"layers do not fit: layer {i} has {a.n_outputs} outputs but layer "
                    f"{i + 1} expects {b.n_inputs} inputs"
                )
        net = cls.__new__(cls)
        net.layers = layers
        return net

    # -- shape ------------------------------------------------------------------

    @property
    def layer_sizes(self) -> list[int]:
        """``[n_inputs, n_hidden_1, ..., n_outputs]``."""
        return [self.layers[0].n_inputs] + [layer.n_outputs for layer in self.layers]

    @property
    def n_inputs(self) -> int:
        """Number of input features."""
        return self.layers[0].n_inputs

    @property
    def n_outputs(self) -> int:
        """Number of outputs."""
        return self.layers[-1].n_outputs

    @property
    def n_parameters(self) -> int:
        """How many numbers the network learns (all weights and biases)."""
        return sum(layer.W.size + layer.b.size for layer in self.layers)

    # -- the passes -------------------------------------------------------------

    def _check_X(self, X: object) -> np.ndarray:
        # Fast path: a float64 matrix of the right width only needs its
        # numbers scanned for NaN/inf, so a training loop pays little here.
        if (
            type(X) is np.ndarray
            and X.dtype == np.float64
            and X.ndim == 2
            and X.shape[1] == self.layers[0].W.shape[0]
            and np.isfinite(X).all()
        ):
            return X
        arr = as_float_array(X, "X", ndim=2)
        n_in = self.layers[0].W.shape[0]
        if arr.shape[1] != n_in:
            raise ValueError(
                f"X must have shape (n_samples, {n_in}): one row per sample, "
                f"{n_in} input(s) per row; got shape {arr.shape}"
            )
        return arr

    def forward(self, X: object) -> np.ndarray:
        r"""Forward pass $\hat y = f_L(\cdots f_1(X W_1 + b_1) \cdots)$, keeping caches.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_inputs)
            Checked (shape, real numbers, no NaN or infinity); a float64
            numpy array that passes is used as it is, without a copy.

        Returns
        -------
        numpy.ndarray, shape (n_samples, n_outputs)
            ``y_hat``; each layer keeps its input and pre-activation for
            :meth:`backward`.
        """
        A = self._check_X(X)
        for layer in self.layers:
            A = layer.forward(A)
        self._out_shape = A.shape
        return A

    def backward(self, dY_hat: object) -> np.ndarray:
        r"""Backpropagation: $\partial E/\partial \hat y$ to every layer's gradients.

        Parameters
        ----------
        dY_hat : array_like, shape (n_samples, n_outputs)
            $\partial E/\partial \hat y$ for the last :meth:`forward` (e.g. a
            loss's ``gradient(y_hat, y)``).

        Returns
        -------
        numpy.ndarray, shape (n_samples, n_inputs)
            $\partial E/\partial X$. Each layer's ``dW``, ``db`` are overwritten;
            read them all with :meth:`gradients`.
        """
        shape = self._cached_shape()
        if not (
            type(dY_hat) is np.ndarray
            and dY_hat.dtype == np.float64
            and dY_hat.shape == shape
            and np.isfinite(dY_hat).all()
        ):
            dY_hat = as_float_array(dY_hat, "dY_hat", shape=shape)
        grad = dY_hat
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad

    def backward_loss(self, loss: str | Loss, y: object) -> np.ndarray:
        r"""Backpropagate a loss of the last :meth:`forward` against targets ``y``.

        The same as ``backward(loss.gradient(y_hat, y))``, except that the
        output layer starts from $\delta = \partial E/\partial z$ as
        :meth:`nnlib.losses.Loss.output_delta` gives it: for a sigmoid output
        with the cross-entropy, $(\hat y - y)/N$, where the sigmoid's
        derivative cancels (Chapter 4), exact even when $\hat y$ has rounded
        to 0 or 1.

        Parameters
        ----------
        loss : str or Loss
        y : array_like, shape (n_samples, n_outputs)

        Returns
        -------
        numpy.ndarray, shape (n_samples, n_inputs)
            $\partial E/\partial X$; read the weights' gradients with :meth:`gradients`.
        """
        shape = self._cached_shape()
        if not (type(y) is np.ndarray and y.dtype == np.float64 and y.shape == shape):
            y = as_float_array(y, "y", shape=shape)
        last = self.layers[-1]
        delta = get_loss(loss).output_delta(last.A, y, last.activation, last.Z)
        grad = last.backward_delta(delta)
        for layer in reversed(self.layers[:-1]):
            grad = layer.backward(grad)
        return grad

    def _cached_shape(self) -> tuple[int, int]:
        shape = getattr(self, "_out_shape", None)
        if shape is None:
            raise RuntimeError("backward() needs a forward() first: no pass is cached")
        return shape

    def predict(self, X: object) -> np.ndarray:
        """The forward pass without keeping caches (for plots and evaluation).

        Parameters
        ----------
        X : array_like, shape (n_samples, n_inputs)

        Returns
        -------
        numpy.ndarray, shape (n_samples, n_outputs)
        """
        A = self._check_X(X)
        for layer in self.layers:
            A = layer.predict(A)
        return A

    __call__ = predict

    # -- parameters by name -----------------------------------------------------

    def parameters(self) -> dict[str, np.ndarray]:
        """Weights and biases by name, ``{"W1": ..., "b1": ..., "W2": ...}``.

        The values are the live arrays: changing them in place
        (``params["W1"] -= lr * grads["W1"]``) changes the network.
        """
        out: dict[str, np.ndarray] = {}
        for i, layer in enumerate(self.layers, start=1):
            out[f"W{i}"] = layer.W
            out[f"b{i}"] = layer.b
        return out

    def gradients(self) -> dict[str, np.ndarray]:
        """$\\partial E/\\partial W_i$ and $\\partial E/\\partial b_i$ from the last
        :meth:`backward`, keyed like :meth:`parameters` (live arrays)."""
        out: dict[str, np.ndarray] = {}
        for i, layer in enumerate(self.layers, start=1):
            out[f"W{i}"] = layer.dW
            out[f"b{i}"] = layer.db
        return out

    def __repr__(self) -> str:
        acts = [layer.activation.name for layer in self.layers]
        return f"MLP({self.layer_sizes}, activations={acts})"


def collapse_linear(net: MLP) -> tuple[np.ndarray, np.ndarray]:
    r"""The one linear map equal to a stack of linear layers (Chapter 2).

    With identity activations, $(XW_1 + b_1)W_2 + b_2 = X(W_1W_2) + (b_1W_2 + b_2)$,
    and so on for more layers: $W = W_1 W_2 \cdots W_L$ and
    $b = (\cdots(b_1 W_2 + b_2) W_3 \cdots) W_L + b_L$.

    Parameters
    ----------
    net : MLP
        A network whose every layer uses the identity activation.

    Returns
    -------
    W : numpy.ndarray, shape (n_inputs, n_outputs)
    b : numpy.ndarray, shape (n_outputs,)
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP; got {_describe(net)}")
    for i, layer in enumerate(net.layers, start=1):
        if layer.activation.name != "identity":
            raise ValueError(
                "collapse_linear needs identity activations in every layer; "
                f"layer {i} uses {layer.activation.name!r}"
            )
    W = net.layers[0].W.copy()
    b = net.layers[0].b.copy()
    for layer in net.layers[1:]:
        W = W @ layer.W
        b = b @ layer.W + layer.b
    return W, b


def fit_output_layer(net: MLP, X: object, y: object) -> float:
    r"""Set the last layer's weights by least squares; return the mean squared error.

    With the hidden layers fixed, a linear output layer $\hat y = H w + c$ is a
    linear regression on the hidden outputs $H$, solved exactly by
    ``numpy.linalg.lstsq`` (Chapter 2: a weighted sum of non-linear units).

    Parameters
    ----------
    net : MLP
        Its last layer must use the identity activation.
    X : array_like, shape (n_samples, n_inputs)
    y : array_like, shape (n_samples, n_outputs)

    Returns
    -------
    float
        The mean squared error of the fitted network on ``(X, y)``.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP; got {_describe(net)}")
    last = net.layers[-1]
    if last.activation.name != "identity":
        raise ValueError(
            "fit_output_layer needs an identity output layer; "
            f"got {last.activation.name!r}"
        )
    X_arr = net._check_X(X)
    y_arr = as_float_array(y, "y", shape=(X_arr.shape[0], net.n_outputs))
    if np.abs(y_arr).max() > _MAX_TARGET:
        raise ValueError(
            f"y must hold values of size at most {_MAX_TARGET:g}; "
            f"got {np.abs(y_arr).max():g}"
        )
    H = X_arr
    for layer in net.layers[:-1]:
        H = layer.predict(H)
    design = np.hstack([H, np.ones((H.shape[0], 1))])
    coef, *_ = np.linalg.lstsq(design, y_arr, rcond=None)
    last.W[...] = coef[:-1]
    last.b[...] = coef[-1]
    residual = net.predict(X_arr) - y_arr
    return float(np.mean(residual**2))


def spread_units(
    n_units: int,
    activation: str | Activation = "sigmoid",
    x_range: tuple[float, float] = (-3.0, 3.0),
) -> MLP:
    r"""A 1-input network whose hidden units switch on one after another (Chapter 2).

    Hidden unit $j$ computes $f(k(x - c_j))$ with its centre $c_j$ spread
    evenly over ``x_range``: a sigmoid steps up near $c_j$, a ReLU bends
    there. The steepness is $k = 4 / \Delta$ for sigmoid and tanh ($\Delta$ the
    gap between centres) and $k = 1$ for ReLU. The output layer is linear
    and starts at zero; set it with :func:`fit_output_layer`.

    Parameters
    ----------
    n_units : int
        Number of hidden units $N$.
    activation : str or Activation, default "sigmoid"
    x_range : (float, float), default (-3, 3)

    Returns
    -------
    MLP
        Layer sizes ``[1, n_units, 1]``.
    """
    n = as_positive_int(n_units, "n_units")
    lo, hi = check_range(x_range, "x_range")
    act = get_activation(activation)
    gap = (hi - lo) / n
    centres = lo + gap * (np.arange(n) + 0.5)
    k = 1.0 if act.name == "relu" else 4.0 / gap
    if act.name == "relu":
        centres = centres - gap / 2  # hinges start at the left edge
    hidden = Dense.from_weights(np.full((1, n), k), -k * centres, act)
    out = Dense.from_weights(np.zeros((n, 1)), [0.0], "identity")
    return MLP.from_layers([hidden, out])
