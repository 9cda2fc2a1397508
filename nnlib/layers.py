r"""A dense (fully connected) layer, $Y = f(XW + b)$ (Chapter 3).

Forward and backward sit side by side in :class:`Dense`.

Batch-first: ``X`` has shape ``(n_samples, n_inputs)``, one sample per row.
The layer keeps what the backward pass needs (its input ``X`` and the
pre-activation ``Z``) when :meth:`Dense.forward` runs; :meth:`Dense.backward`
then turns $\partial E / \partial Y$ into the gradients of ``W`` and ``b`` and
into $\partial E / \partial X$ for the layer below (Chapter 4).

The methods here are the hot loop of training, so they do not re-check their
inputs: :class:`nnlib.network.MLP` checks the data once, at its boundary.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._checks import as_float_array, as_positive_int
from .activations import ACTIVATIONS, Activation, get_activation

__all__ = ["Dense", "init_weights", "make_rng"]

# For sigmoid and tanh the derivative is a function of the output itself,
# sigma' = sigma (1 - sigma) and tanh' = 1 - tanh^2. The layer already holds
# the output from the forward pass, so backward reuses it instead of computing
# f(Z) a second time; tests check these equal Activation.backward(Z).
_DERIVATIVE_FROM_OUTPUT = {
    "sigmoid": lambda A: A * (1.0 - A),
    "tanh": lambda A: 1.0 - A * A,
}


def make_rng(seed: object, name: str = "seed") -> np.random.Generator:
    """A numpy random generator from a seed: a whole number >= 0, a Generator, or None.

    The same seed always gives the same generator, so the same weights or data.
    ``None`` draws fresh entropy (different on every run).
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"{name} must be a whole number (int), a numpy Generator or None; "
            f"got {seed!r} ({type(seed).__name__})"
        )
    if seed < 0:
        raise ValueError(f"{name} must be 0 or more; got {seed}")
    return np.random.default_rng(int(seed))


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


class Dense:
    r"""A fully connected layer, $Y = f(Z)$ with $Z = XW + b$.

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
        name = self.activation.name
        # The identity's derivative is 1 everywhere: skip multiplying by ones.
        self._linear = name == "identity" and self.activation is ACTIVATIONS[name]
        self._from_output = (
            _DERIVATIVE_FROM_OUTPUT.get(name)
            if self.activation is ACTIVATIONS.get(name)
            else None
        )
        # Which formula train_forward / train_backward use ("other": the
        # activation's own kernels, e.g. for a custom Activation).
        self._kind = name if self.activation is ACTIVATIONS.get(name) else "other"

    @property
    def n_inputs(self) -> int:
        """Number of inputs, ``W.shape[0]``."""
        return self.W.shape[0]

    @property
    def n_outputs(self) -> int:
        """Number of neurons, ``W.shape[1]``."""
        return self.W.shape[1]

    def forward(self, X: np.ndarray) -> np.ndarray:
        r"""$Y = f(XW + b)$, keeping ``X`` and $Z = XW + b$ for :meth:`backward`.

        Parameters
        ----------
        X : numpy.ndarray, shape (n_samples, n_inputs)
            Float array (not re-checked here; :class:`~nnlib.network.MLP` checks).

        Returns
        -------
        numpy.ndarray, shape (n_samples, n_outputs)
        """
        Z = X @ self.W
        Z += self.b  # in place: no second temporary array
        self.X = X
        self.Z = Z
        A = self.activation.forward(Z)
        self.A = A
        return A

    def backward(self, dY: np.ndarray) -> np.ndarray:
        r"""Backpropagate through the layer.

        With $\delta = \partial E/\partial Z = \partial E/\partial Y \odot f'(Z)$:
        $\partial E/\partial W = X^\top \delta$,
        $\partial E/\partial b = \sum_n \delta_n$ and
        $\partial E/\partial X = \delta\, W^\top$ (derived in Chapter 4).

        Parameters
        ----------
        dY : numpy.ndarray, shape (n_samples, n_outputs)
            $\partial E/\partial Y$ for the last forward pass.

        Returns
        -------
        numpy.ndarray, shape (n_samples, n_inputs)
            $\partial E/\partial X$. ``dW`` and ``db`` are overwritten in place.
        """
        if self.Z is None or self.X is None:
            raise RuntimeError("backward() needs a forward() first: no pass is cached")
        if self._linear:
            delta = dY
        elif self._from_output is not None:
            delta = dY * self._from_output(self.A)
        else:
            delta = dY * self.activation.backward(self.Z)
        np.matmul(self.X.T, delta, out=self.dW)
        np.add.reduce(delta, axis=0, out=self.db)
        return delta @ self.W.T

    # -- the same two passes, as one training step runs them --------------------
    # Small layers spend as long creating arrays as computing them, so a
    # training loop allocates every array of a step once (``allocate``) and the
    # passes below fill them with numpy's ``out=``. The formulas are those of
    # forward() and backward() above, and are tested equal to them.

    def allocate(self, n_samples: int, input_gradient: bool = True) -> None:
        r"""Create the arrays :meth:`train_forward` and :meth:`train_backward` fill.

        Parameters
        ----------
        n_samples : int
            Rows per step (the batch size).
        input_gradient : bool, default True
            Whether :meth:`train_backward` returns $\partial E/\partial X$
            (the first layer of a network does not need it).
        """
        n_samples = as_positive_int(n_samples, "n_samples")  # checked once per run
        shape = (n_samples, self.W.shape[1])
        self.Z, self.A = np.empty(shape), np.empty(shape)
        self._fprime = np.empty(shape)  # f'(Z), reused every step
        self._ones = np.ones(n_samples)
        self._dX = np.empty((n_samples, self.W.shape[0])) if input_gradient else None

    def train_forward(self, X: np.ndarray) -> np.ndarray:
        r"""$A = f(XW + b)$ written into the arrays from :meth:`allocate`.

        Parameters
        ----------
        X : numpy.ndarray, shape (n_samples, n_inputs)

        Returns
        -------
        numpy.ndarray, shape (n_samples, n_outputs)
            ``self.A``, overwritten by the next call.
        """
        Z, A = self.Z, self.A
        # X @ W; np.dot is the same product with less overhead per call on small arrays.
        np.dot(X, self.W, out=Z)
        Z += self.b
        self.X = X
        kind = self._kind
        if kind == "tanh":
            np.tanh(Z, out=A)
        elif kind == "sigmoid":
            # sigma(z) = (1 + tanh(z/2)) / 2: no exp to overflow, no branch on the sign.
            np.multiply(Z, 0.5, out=A)
            np.tanh(A, out=A)
            A *= 0.5
            A += 0.5
        elif kind == "relu":
            np.maximum(Z, 0.0, out=A)
        else:
            A[...] = self.activation.forward(Z)
        return A

    def train_backward(
        self, dY: np.ndarray, is_delta: bool = False
    ) -> np.ndarray | None:
        r"""A descent step for the layer: the backward pass, then $W \leftarrow W - dW$.

        As in :meth:`backward`, $\delta = \partial E/\partial Y \odot f'(Z)$,
        $dW = X^\top \delta$, $db = \sum_n \delta_n$, $\partial E/\partial X =
        \delta W^\top$; the caller has already multiplied ``dY`` by the learning
        rate $\eta$, so $dW$ is the whole step and is simply subtracted.

        Parameters
        ----------
        dY : numpy.ndarray, shape (n_samples, n_outputs)
            $\eta\, \partial E/\partial Y$ for the last :meth:`train_forward`;
            overwritten with $\eta\,\delta$.
        is_delta : bool, default False
            True when ``dY`` is already $\eta\,\delta$ (sigmoid output with
            cross-entropy, Chapter 4).

        Returns
        -------
        numpy.ndarray or None
            $\eta\, \partial E/\partial X$, shape (n_samples, n_inputs), or None
            when :meth:`allocate` was told the input gradient is not needed.
        """
        if not is_delta:
            kind, A, fp = self._kind, self.A, self._fprime
            if kind == "tanh":  # tanh' = 1 - tanh^2, from the stored output
                np.multiply(A, A, out=fp)
                np.subtract(1.0, fp, out=fp)
                dY *= fp
            elif kind == "sigmoid":  # sigma' = sigma (1 - sigma), from the output
                np.subtract(1.0, A, out=fp)
                fp *= A
                dY *= fp
            elif kind == "relu":  # relu' = 1 where the output is positive, else 0
                np.greater(A, 0.0, out=fp)
                dY *= fp
            elif kind != "identity":
                dY *= self.activation.backward(self.Z)
        delta = dY
        np.dot(self.X.T, delta, out=self.dW)
        # ones @ delta sums the rows, as delta.sum(axis=0), faster on narrow arrays.
        np.dot(self._ones, delta, out=self.db)
        dX = self._dX
        if dX is not None:
            np.dot(delta, self.W.T, out=dX)  # with W before this step's update
        self.W -= self.dW
        self.b -= self.db
        return dX

    def predict(self, X: np.ndarray) -> np.ndarray:
        """$f(XW + b)$ without keeping anything for backward."""
        Z = X @ self.W
        Z += self.b
        return self.activation.forward(Z)

    def __repr__(self) -> str:
        act = self.activation.name
        return f"Dense({self.n_inputs}, {self.n_outputs}, activation={act!r})"
