r"""A dense (fully connected) layer, $A = f(XW + b)$ (Chapter 3).

Forward and backward sit side by side in :class:`Dense`.

Batch-first: ``X`` has shape ``(n_samples, n_inputs)``, one sample per row.
The layer keeps what the backward pass needs (its input ``X`` and the
pre-activation ``Z``) when :meth:`Dense.forward` runs; :meth:`Dense.backward`
then turns $\partial E / \partial A$ into the gradients of ``W`` and ``b`` and
into $\partial E / \partial X$ for the layer below (Chapter 4).

The methods here are the hot loop of training, so they do not re-check their
inputs: :class:`nnlib.network.MLP` checks the data once, at its boundary.
The activation's derivative is read from the output the forward pass kept
(:attr:`nnlib.activations.Activation.slope`, e.g. $\sigma' = \sigma(1 - \sigma)$)
where there is such a form, else from ``Z``.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, as_positive_int, make_rng
from .activations import Activation, get_activation

__all__ = ["Dense", "init_weights"]


def init_weights(
    n_inputs: int,
    n_outputs: int,
    activation: str | Activation,
    rng: np.random.Generator,
) -> np.ndarray:
    r"""Random starting weights scaled so that signals neither blow up nor die out.

    ReLU layers use He initialisation, $W_{ij} \sim \mathcal{N}(0, 2/n_\text{in})$;
    the others use Glorot (Xavier) initialisation,
    $W_{ij} \sim \mathcal{U}(-a, a)$ with $a = \sqrt{6/(n_\text{in} + n_\text{out})}$.

    Parameters
    ----------
    n_inputs, n_outputs : int
        The layer's fan-in and fan-out.
    activation : str or Activation
        The layer's activation (it picks the scale).
    rng : numpy.random.Generator
        The source of randomness (seeded by the caller).

    Returns
    -------
    numpy.ndarray, shape (n_inputs, n_outputs)
    """
    n_in = as_positive_int(n_inputs, "n_inputs")
    n_out = as_positive_int(n_outputs, "n_outputs")
    if get_activation(activation).name == "relu":
        return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def _sum_over_samples(delta: np.ndarray, out: np.ndarray) -> np.ndarray:
    r"""$\sum_n \delta_n$, the column sums of ``delta``, written into ``out``.

    Computed as the product ``ones @ delta``, which on the narrow arrays of the
    book's networks takes about half the time of ``delta.sum(axis=0)``: the one
    speed trick of the training path, kept here.
    """
    return np.dot(np.ones(delta.shape[0]), delta, out=out)


class Dense:
    r"""A fully connected layer, $A = f(Z)$ with $Z = XW + b$.

    Every one of the ``n_outputs`` neurons sees every input; column ``j`` of
    ``W`` holds neuron ``j``'s weights (Chapter 3).

    Parameters
    ----------
    n_inputs : int
        Number of inputs (features) per sample.
    n_outputs : int
        Number of neurons in the layer.
    activation : str or Activation, default "tanh"
        The function $f$ applied to each neuron's pre-activation.
    seed : int or numpy.random.Generator or None, default 0
        Seed (or generator) for the random starting weights.

    Attributes
    ----------
    W : numpy.ndarray, shape (n_inputs, n_outputs)
        Weights; ``W[i, j]`` connects input ``i`` to neuron ``j``.
    b : numpy.ndarray, shape (n_outputs,)
        Biases, one per neuron (start at 0).
    dW, db : numpy.ndarray
        $\partial E/\partial W$ and $\partial E/\partial b$, same shapes as
        ``W`` and ``b``, overwritten by each :meth:`backward`.
    X, Z, A : numpy.ndarray or None
        The last forward pass's input ``(n_samples, n_inputs)``,
        pre-activation and output ``(n_samples, n_outputs)``, kept for
        :meth:`backward`.
    """

    def __init__(
        self,
        n_inputs: int,
        n_outputs: int,
        activation: str | Activation = "tanh",
        *,
        seed: int | np.random.Generator | None = 0,
    ) -> None:
        self.activation = get_activation(activation)
        rng = make_rng(seed)
        self.W = init_weights(n_inputs, n_outputs, self.activation, rng)
        self.b = np.zeros(self.W.shape[1])
        self._reset_state()

    @classmethod
    def from_weights(
        cls, W: object, b: object, activation: str | Activation = "tanh"
    ) -> Dense:
        r"""A layer with given weights, e.g. hand-set ones (Chapter 3's XOR network).

        Parameters
        ----------
        W : array_like, shape (n_inputs, n_outputs)
        b : array_like, shape (n_outputs,)
        activation : str or Activation, default "tanh"
        """
        W_arr = as_float_array(W, "W", ndim=2)
        if W_arr.size == 0:
            raise ValueError(
                f"W must hold at least one weight; got shape {W_arr.shape}"
            )
        b_arr = as_float_array(b, "b", shape=(W_arr.shape[1],))
        layer = cls.__new__(cls)
        layer.activation = get_activation(activation)
        layer.W = W_arr.copy()
        layer.b = b_arr.copy()
        layer._reset_state()
        return layer

    def _reset_state(self) -> None:
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)
        self.X: np.ndarray | None = None
        self.Z: np.ndarray | None = None
        self.A: np.ndarray | None = None

    @property
    def n_inputs(self) -> int:
        """Number of inputs, ``W.shape[0]``."""
        return self.W.shape[0]

    @property
    def n_outputs(self) -> int:
        """Number of neurons, ``W.shape[1]``."""
        return self.W.shape[1]

    def forward(self, X: np.ndarray) -> np.ndarray:
        r"""$A = f(XW + b)$, keeping ``X`` and $Z = XW + b$ for :meth:`backward`.

        Parameters
        ----------
        X : numpy.ndarray, shape (n_samples, n_inputs)
            Float array (not re-checked here; :class:`~nnlib.network.MLP` checks).

        Returns
        -------
        numpy.ndarray, shape (n_samples, n_outputs)
        """
        Z = np.dot(X, self.W)  # X W; np.dot has less overhead than @ on small arrays
        Z += self.b  # in place: no second temporary array
        self.X = X
        self.Z = Z
        A = self.activation.forward(Z)
        self.A = A
        return A

    def backward(self, dA: np.ndarray) -> np.ndarray:
        r"""Backpropagate through the layer.

        With $\delta = \partial E/\partial Z = \partial E/\partial A \odot f'(Z)$:
        $\partial E/\partial W = X^\top \delta$,
        $\partial E/\partial b = \sum_n \delta_n$ and
        $\partial E/\partial X = \delta\, W^\top$ (derived in Chapter 4).

        Parameters
        ----------
        dA : numpy.ndarray, shape (n_samples, n_outputs)
            $\partial E/\partial A$ for the last forward pass.

        Returns
        -------
        numpy.ndarray, shape (n_samples, n_inputs)
            $\partial E/\partial X$. ``dW`` and ``db`` are overwritten in place.
        """
        if self.Z is None or self.X is None:
            raise RuntimeError("backward() needs a forward() first: no pass is cached")
        return self.backward_delta(dA * self._derivative())

    def backward_delta(self, delta: np.ndarray) -> np.ndarray:
        r"""The rest of :meth:`backward`, from $\delta = \partial E/\partial Z$ itself.

        For an output layer whose $\delta$ comes straight from the loss
        (:meth:`nnlib.losses.Loss.output_delta`).
        """
        np.dot(self.X.T, delta, out=self.dW)
        _sum_over_samples(delta, out=self.db)
        return np.dot(delta, self.W.T)

    def _derivative(self) -> np.ndarray:
        """$f'(Z)$ for the last forward pass, from the kept output when the activation allows."""
        slope = self.activation.slope
        return self.activation.backward(self.Z) if slope is None else slope(self.A)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """$f(XW + b)$ without keeping anything for backward."""
        Z = X @ self.W
        Z += self.b
        return self.activation.forward(Z)

    def __repr__(self) -> str:
        act = self.activation.name
        return f"Dense({self.n_inputs}, {self.n_outputs}, activation={act!r})"
