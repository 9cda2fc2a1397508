r"""A minimal recurrent cell: a hidden state carries memory across steps (Chapter 3).

$$h_t = f(x_t W_x + h_{t-1} W_h + b)$$

A feedforward network maps each input to an output and forgets it. The
recurrent cell also feeds its own previous state $h_{t-1}$ back in, so what
it saw earlier can shape what it computes now. Sequences are batch-first:
``X`` has shape ``(n_sequences, n_steps, n_inputs)``.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, as_positive_int, make_rng
from .activations import Activation, get_activation
from .layers import init_weights

__all__ = ["RecurrentCell"]


class RecurrentCell:
    r"""A recurrent cell, $h_t = f(x_t W_x + h_{t-1} W_h + b)$ (Chapter 3).

    Parameters
    ----------
    n_inputs : int
        Features per time step.
    n_hidden : int
        Size of the hidden state (the cell's memory).
    activation : str or Activation, default "tanh"
    seed : int or numpy.random.Generator or None, default 0

    Attributes
    ----------
    W_x : numpy.ndarray, shape (n_inputs, n_hidden)
        Input-to-state weights.
    W_h : numpy.ndarray, shape (n_hidden, n_hidden)
        State-to-state weights: the loop.
    b : numpy.ndarray, shape (n_hidden,)
    """

    def __init__(
        self,
        n_inputs: int,
        n_hidden: int,
        activation: str | Activation = "tanh",
        *,
        seed: int | np.random.Generator | None = 0,
    ) -> None:
        n_inputs = as_positive_int(n_inputs, "n_inputs")
        n_hidden = as_positive_int(n_hidden, "n_hidden")
        self.activation = get_activation(activation)
        rng = make_rng(seed)
        self.W_x = init_weights(n_inputs, n_hidden, self.activation, rng)
        self.W_h = init_weights(n_hidden, n_hidden, self.activation, rng)
        self.b = np.zeros(self.W_x.shape[1])

    @classmethod
    def from_weights(
        cls, W_x: object, W_h: object, b: object, activation: str | Activation = "tanh"
    ) -> RecurrentCell:
        """A cell with given (e.g. hand-set) weights; shapes as in the class doc."""
        W_x_arr = as_float_array(W_x, "W_x", ndim=2)
        n_hidden = W_x_arr.shape[1]
        if W_x_arr.size == 0:
            raise ValueError(
                f"W_x must hold at least one weight; got shape {W_x_arr.shape}"
            )
        cell = cls.__new__(cls)
        cell.activation = get_activation(activation)
        cell.W_x = W_x_arr.copy()
        cell.W_h = as_float_array(W_h, "W_h", shape=(n_hidden, n_hidden)).copy()
        cell.b = as_float_array(b, "b", shape=(n_hidden,)).copy()
        return cell

    @property
    def n_inputs(self) -> int:
        """Features per step, ``W_x.shape[0]``."""
        return self.W_x.shape[0]

    @property
    def n_hidden(self) -> int:
        """Size of the hidden state, ``W_h.shape[0]``."""
        return self.W_h.shape[0]

    def step(self, x_t: np.ndarray, h_prev: np.ndarray) -> np.ndarray:
        r"""One step, $h_t = f(x_t W_x + h_{t-1} W_h + b)$ (unchecked, for loops).

        Parameters
        ----------
        x_t : numpy.ndarray, shape (n_sequences, n_inputs)
        h_prev : numpy.ndarray, shape (n_sequences, n_hidden)

        Returns
        -------
        numpy.ndarray, shape (n_sequences, n_hidden)
        """
        z = x_t @ self.W_x + h_prev @ self.W_h + self.b
        return self.activation.forward(z)

    def forward(self, X: object, h0: object | None = None) -> np.ndarray:
        r"""Run the cell over whole sequences and return every hidden state.

        Parameters
        ----------
        X : array_like, shape (n_sequences, n_steps, n_inputs)
        h0 : array_like, shape (n_sequences, n_hidden) or (n_hidden,), optional
            The state before the first step; zeros by default.

        Returns
        -------
        numpy.ndarray, shape (n_sequences, n_steps, n_hidden)
            ``H[:, t]`` is $h_t$, the state after reading step ``t``.
        """
        X_arr = as_float_array(X, "X", ndim=3)
        n_seq, n_steps, n_in = X_arr.shape
        if n_in != self.n_inputs:
            raise ValueError(
                f"X must have shape (n_sequences, n_steps, {self.n_inputs}); "
                f"got shape {X_arr.shape}"
            )
        if h0 is None:
            h = np.zeros((n_seq, self.n_hidden))
        else:
            h_arr = as_float_array(h0, "h0", ndim=(1, 2))
            if h_arr.shape[-1] != self.n_hidden or (
                h_arr.ndim == 2 and h_arr.shape[0] != n_seq
            ):
                raise ValueError(
                    f"h0 must have shape ({n_seq}, {self.n_hidden}) or "
                    f"({self.n_hidden},); "
                    f"got shape {h_arr.shape}"
                )
            h = np.broadcast_to(h_arr, (n_seq, self.n_hidden))
        H = np.empty((n_seq, n_steps, self.n_hidden))
        for t in range(n_steps):
            h = self.step(X_arr[:, t], h)
            H[:, t] = h
        return H

    def __repr__(self) -> str:
        act = self.activation.name
        return f"RecurrentCell({self.n_inputs}, {self.n_hidden}, activation={act!r})"
